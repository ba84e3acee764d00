"""Why a vordering did not move: its periods of waiting, each with the rule's reason."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from invordering.models import Wachtperiode


@dataclass(frozen=True)
class Periode:
    vanaf: date
    tot: date | None  # the last day of it; None while it lasts
    reden: str


def wachtgeschiedenis(vordering_ids) -> dict[int, list[Periode]]:
    """{vordering_id: its periods, newest first}, in one query.

    A period lasts until the day before the next one began.
    Example: "verrekening_loopt" from 2026-10-02 and "verzoek_in_behandeling" from
    2026-11-03 give [verzoek_in_behandeling 2026-11-03..None,
    verrekening_loopt 2026-10-02..2026-11-02].
    """
    rijen = (
        Wachtperiode.objects.filter(vordering_id__in=list(vordering_ids))
        .order_by("vordering_id", "vanaf", "pk")
        .values_list("vordering_id", "vanaf", "reden")
    )
    per_vordering: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for vordering_id, vanaf, reden in rijen:
        per_vordering[vordering_id].append((vanaf, reden))
    result = {}
    for vordering_id, lijst in per_vordering.items():
        einden = [volgende - timedelta(days=1) for volgende, _reden in lijst[1:]] + [None]
        periodes = [
            Periode(vanaf, tot, reden) for (vanaf, reden), tot in zip(lijst, einden, strict=True)
        ]
        result[vordering_id] = periodes[::-1]
    return result
