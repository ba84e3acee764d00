"""Voorschot of a toeslag year and its afrekening against the definitieve toekenning.

During a year the voorschot can be changed several times; each change is a new versie
taking effect from an ingangsmaand. A later versie may reach back to an earlier month
and then overrides what earlier versies said for that month.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

from invordering.rules.geld import NUL, som

MAANDEN = range(1, 13)


@dataclass(frozen=True)
class VoorschotVersie:
    versie: int
    ingangsmaand: int
    maandbedrag: Decimal

    def __post_init__(self) -> None:
        if self.ingangsmaand not in MAANDEN:
            raise ValueError(f"ingangsmaand must be 1..12, not {self.ingangsmaand}")
        if self.maandbedrag < 0:
            raise ValueError(f"maandbedrag must be >= 0, not {self.maandbedrag}")


class Versie(Protocol):
    """What the month rule reads of a versie: a VoorschotVersie, or a database row with
    these names (the daily engine pass reads one per toeslag and builds nothing more)."""

    versie: int
    ingangsmaand: int
    maandbedrag: Decimal


def _geldende_versie(versies: Iterable[Versie], maand: int) -> Versie | None:
    # A plain loop, not max() with a key: the daily engine pass asks this for a million
    # toeslagen, most with one versie, and the generator and key calls were most of it.
    geldend = None
    for versie in versies:
        if versie.ingangsmaand <= maand and (geldend is None or versie.versie > geldend.versie):
            geldend = versie
    return geldend


def maandbedragen(versies: Iterable[VoorschotVersie]) -> tuple[Decimal, ...]:
    """Return the voorschot of each month, January first (12 values).

    Precondition: versie numbers are unique. For month m the versie with the highest
    number among those with ingangsmaand <= m applies; months before any versie are 0.00.
    Example: v1 from month 1 at 100.00 and v2 from month 7 at 80.00 -> six times 100.00
    then six times 80.00; adding v3 from month 4 at 90.00 makes months 4..12 90.00,
    because v3 is newer than v2.
    """
    lijst = list(versies)
    nummers = [v.versie for v in lijst]
    if len(set(nummers)) != len(nummers):
        raise ValueError(f"versie numbers must be unique: {sorted(nummers)}")
    uitkomst = []
    for maand in MAANDEN:
        versie = _geldende_versie(lijst, maand)
        uitkomst.append(NUL if versie is None else versie.maandbedrag)
    return tuple(uitkomst)


def maandbedrag(versies: Iterable[Versie], maand: int) -> Decimal:
    """The voorschot of one month (1..12): ``maandbedragen(versies)[maand - 1]``, faster.

    Example: v1 from month 1 at 100.00 and v2 from month 7 at 80.00 -> month 6: 100.00.
    """
    versie = _geldende_versie(versies, maand)
    return NUL if versie is None else versie.maandbedrag


def totaal_voorschot(versies: Iterable[VoorschotVersie]) -> Decimal:
    """The voorschot of the whole year. Example: 6 x 100.00 + 6 x 80.00 = 1080.00."""
    return som(maandbedragen(versies))


@dataclass(frozen=True)
class Afrekening:
    """``verschil`` is always >= 0; ``soort`` says in which direction it goes."""

    voorschot_totaal: Decimal
    definitief: Decimal
    verschil: Decimal
    soort: Literal["terugvordering", "nabetaling", "gelijk"]


def afrekening(*, versies: Iterable[VoorschotVersie], definitief: Decimal) -> Afrekening:
    """Compare the year's voorschot with the definitieve toekenning.

    Precondition: ``definitief >= 0``. More voorschot than the award is a
    terugvordering; less is a nabetaling.
    Example: voorschot 1080.00, definitief 900.00 -> terugvordering of 180.00.
    """
    if definitief < 0:
        raise ValueError(f"definitief must be >= 0, not {definitief}")
    totaal = totaal_voorschot(versies)
    if totaal > definitief:
        soort: Literal["terugvordering", "nabetaling", "gelijk"] = "terugvordering"
    elif totaal < definitief:
        soort = "nabetaling"
    else:
        soort = "gelijk"
    return Afrekening(
        voorschot_totaal=totaal,
        definitief=definitief,
        verschil=abs(totaal - definitief),
        soort=soort,
    )
