"""Reads for pages and PDFs: a fixed number of queries, whatever the amount of data."""

from __future__ import annotations

from invordering.models import Fase, Machtiging
from invordering.rules.geld import som


def kort_overzicht(burger) -> dict:
    """The burger's vorderingen, open and settled, with the total open (two queries)."""
    vorderingen = list(burger.vorderingen.select_related("toeslag").order_by("dagtekening", "pk"))
    open_ = [v for v in vorderingen if v.fase != Fase.AFGEROND]
    return {
        "open_vorderingen": open_,
        "afgeronde_vorderingen": [v for v in vorderingen if v.fase == Fase.AFGEROND],
        "totaal_open": som(v.saldo for v in open_),
    }


def machtigingen_van_helper(helper) -> list[Machtiging]:
    return list(
        Machtiging.objects.filter(gemachtigde=helper)
        .select_related("vertegenwoordigde")
        .order_by("vertegenwoordigde__achternaam", "-geldig_tot")
    )
