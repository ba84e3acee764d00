"""Which voorschotten are paid in a month (the base of verrekening)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from invordering.models import BeschikkingSoort, Toeslag
from invordering.rules.voorschot import VoorschotVersie, maandbedragen


def maandvoorschot(toeslag: Toeslag, maand: int) -> Decimal:
    """The voorschot of ``toeslag`` for ``maand`` (1..12); uses prefetched beschikkingen."""
    versies = [
        VoorschotVersie(versie=b.versie, ingangsmaand=b.ingangsmaand, maandbedrag=b.maandbedrag)
        for b in toeslag.beschikkingen.all()
        if b.soort == BeschikkingSoort.VOORSCHOT
    ]
    return maandbedragen(versies)[maand - 1] if versies else Decimal("0.00")


def lopende_voorschotten(burger, dag: date, *, soorten=None) -> list[tuple[Toeslag, Decimal]]:
    """[(toeslag, maandbedrag)] of the burger's voorschotten paid in ``dag``'s month."""
    toeslagen = burger.toeslagen.filter(jaar=dag.year).prefetch_related("beschikkingen")
    if soorten is not None:
        toeslagen = toeslagen.filter(soort__in=soorten)
    result = []
    for toeslag in toeslagen:
        bedrag = maandvoorschot(toeslag, dag.month)
        if bedrag > 0:
            result.append((toeslag, bedrag))
    return result
