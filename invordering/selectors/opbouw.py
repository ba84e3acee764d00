"""How each amount is built, read from the ledger in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Sum

from invordering.models import Boeking, BoekingSoort
from invordering.rules.geld import NUL, cent


@dataclass(frozen=True)
class Opbouw:
    """The parts of a debt, all positive numbers; ``open`` follows from them.

    Example: hoofdsom 640.00, kosten 8.00, betaald 100.00, verrekend 48.00 -> open 500.00.
    """

    hoofdsom: Decimal = NUL
    rente: Decimal = NUL
    kosten: Decimal = NUL
    betaald: Decimal = NUL
    verrekend: Decimal = NUL
    kwijtgescholden: Decimal = NUL
    correctie: Decimal = NUL  # net: positive raises, negative lowers

    @property
    def opgelegd(self) -> Decimal:
        return self.hoofdsom + self.rente + self.kosten + self.correctie

    @property
    def afgelost(self) -> Decimal:
        return self.betaald + self.verrekend + self.kwijtgescholden

    @property
    def open(self) -> Decimal:
        return self.opgelegd - self.afgelost

    def __add__(self, other: Opbouw) -> Opbouw:
        return Opbouw(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(Opbouw)}
        )


VELD = {
    BoekingSoort.HOOFDSOM: ("hoofdsom", 1),
    BoekingSoort.RENTE: ("rente", 1),
    BoekingSoort.KOSTEN: ("kosten", 1),
    BoekingSoort.BETALING: ("betaald", -1),
    BoekingSoort.VERREKENING: ("verrekend", -1),
    BoekingSoort.KWIJTSCHELDING: ("kwijtgescholden", -1),
    BoekingSoort.CORRECTIE: ("correctie", 1),
}


def opbouw_per_vordering(vordering_ids: Iterable[int]) -> dict[int, Opbouw]:
    """{vordering_id: Opbouw} for all given ids (one query; absent ids get zeros)."""
    ids = list(vordering_ids)
    delen: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rijen = (
        Boeking.objects.filter(vordering_id__in=ids)
        .values_list("vordering_id", "soort")
        .annotate(totaal=Sum("bedrag"))
        .order_by()
    )
    for vordering_id, soort, totaal in rijen:
        veld, teken = VELD[soort]
        delen[vordering_id][veld] = delen[vordering_id].get(veld, NUL) + teken * cent(totaal)
    return {i: Opbouw(**delen.get(i, {})) for i in ids}


def totaal(opbouwen: Iterable[Opbouw]) -> Opbouw:
    result = Opbouw()
    for opbouw in opbouwen:
        result = result + opbouw
    return result
