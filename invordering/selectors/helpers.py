"""Reads for helpers."""

from __future__ import annotations

from invordering.models import Machtiging


def machtigingen_van_helper(helper) -> list[Machtiging]:
    return list(
        Machtiging.objects.filter(gemachtigde=helper)
        .select_related("vertegenwoordigde")
        .order_by("vertegenwoordigde__achternaam", "-geldig_tot")
    )
