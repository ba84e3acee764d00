"""Verrekening: how much of a voorschot is withheld for a vordering, at no cost.

Withholding is capped by several limits at once; the outcome names the limit that bit,
so the specification letter can say why this amount and not more.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from invordering.rules.geld import NUL

Begrenzing = Literal[
    "gewenst",
    "openstaand",
    "minimum_uitbetaling",
    "capaciteit",
    "beschermd_inkomen",
    "geen_voorschot",
]


@dataclass(frozen=True)
class Verrekenuitkomst:
    bedrag: Decimal
    uitbetaald: Decimal
    begrensd_door: Begrenzing


def _eis_niet_negatief(**bedragen: Decimal | None) -> None:
    for naam, bedrag in bedragen.items():
        if bedrag is not None and bedrag < 0:
            raise ValueError(f"{naam} must be >= 0, not {bedrag}")


def _kleinste(grenzen: list[tuple[Begrenzing, Decimal]]) -> tuple[Begrenzing, Decimal]:
    # min() returns the first of equal values, so ties go to the earliest listed limit.
    return min(grenzen, key=lambda grens: grens[1])


def verrekenbedrag(
    *,
    voorschot: Decimal,
    gewenst: Decimal,
    openstaand: Decimal,
    minimum_uitbetaling: Decimal,
    capaciteit: Decimal | None = None,
    beschermd_max: Decimal | None = None,
) -> Verrekenuitkomst:
    """Withhold from one voorschot the smallest of all limits, never below zero.

    Preconditions: every amount >= 0. The limits, in tie-break order: ``gewenst`` (the
    termijn to collect), ``openstaand`` (the saldo), ``voorschot - minimum_uitbetaling``
    (what must still be paid out), ``capaciteit`` (PBT capacity, when known) and
    ``beschermd_max`` (what the beslagvrije voet allows, when known). A voorschot of
    zero gives "geen_voorschot".
    Example: voorschot 123.00, gewenst 200.00, openstaand 640.00, minimum 20.00:
    limits 200.00, 640.00 and 123.00 - 20.00 = 103.00, so 103.00 is withheld and
    20.00 paid out, limited by "minimum_uitbetaling".
    """
    _eis_niet_negatief(
        voorschot=voorschot,
        gewenst=gewenst,
        openstaand=openstaand,
        minimum_uitbetaling=minimum_uitbetaling,
        capaciteit=capaciteit,
        beschermd_max=beschermd_max,
    )
    if voorschot == 0:
        return Verrekenuitkomst(bedrag=NUL, uitbetaald=voorschot, begrensd_door="geen_voorschot")
    grenzen: list[tuple[Begrenzing, Decimal]] = [
        ("gewenst", gewenst),
        ("openstaand", openstaand),
        ("minimum_uitbetaling", voorschot - minimum_uitbetaling),
    ]
    if capaciteit is not None:
        grenzen.append(("capaciteit", capaciteit))
    if beschermd_max is not None:
        grenzen.append(("beschermd_inkomen", beschermd_max))
    begrensd_door, grens = _kleinste(grenzen)
    bedrag = max(NUL, grens)
    return Verrekenuitkomst(
        bedrag=bedrag, uitbetaald=voorschot - bedrag, begrensd_door=begrensd_door
    )


def resterend(limiet: Decimal | None, genomen: Decimal) -> Decimal | None:
    return None if limiet is None else limiet - genomen


def verdeel_over_voorschotten(
    *,
    voorschotten: Sequence[tuple[Hashable, Decimal]],
    gewenst: Decimal,
    openstaand: Decimal,
    minimum_uitbetaling: Decimal,
    capaciteit: Decimal | None = None,
    beschermd_max: Decimal | None = None,
) -> tuple[tuple[Hashable, Verrekenuitkomst], ...]:
    """Withhold across several voorschotten (the target regime: any voorschot counts).

    Preconditions: every amount >= 0. The voorschotten are taken in the given order;
    each keeps its own minimum payout, and the total never exceeds any overall limit
    (gewenst, openstaand, capaciteit, beschermd_max): each voorschot is offered only
    what is left of every limit after the ones before it.
    Example: voorschotten ZT 123.00 and HT 300.00, gewenst 150.00, openstaand 640.00,
    minimum 20.00: ZT gives 103.00 (limited by its minimum), HT gives the remaining
    150.00 - 103.00 = 47.00 (limited by gewenst) and pays out 253.00.
    """
    genomen = NUL
    uitkomsten: list[tuple[Hashable, Verrekenuitkomst]] = []
    for sleutel, voorschot in voorschotten:
        uitkomst = verrekenbedrag(
            voorschot=voorschot,
            gewenst=gewenst - genomen,
            openstaand=openstaand - genomen,
            minimum_uitbetaling=minimum_uitbetaling,
            capaciteit=resterend(capaciteit, genomen),
            beschermd_max=resterend(beschermd_max, genomen),
        )
        genomen += uitkomst.bedrag
        uitkomsten.append((sleutel, uitkomst))
    return tuple(uitkomsten)


Wijziging = Literal["start", "gewijzigd", "laatste", "stopt"]


@dataclass(frozen=True)
class Vooruitblik:
    """What next month's withholding will be, told in advance (DOMAIN.md: verrekening)."""

    soort: Wijziging
    was: Decimal
    wordt: Decimal
    resteert: Decimal


def vooruitblik(*, was: Decimal, wordt: Decimal, open_na: Decimal) -> Vooruitblik | None:
    """Whether to tell the person now that next month's withholding differs, and how.

    ``was`` is this month's total, ``wordt`` next month's expected total (the same rule
    applied to next month's voorschotten), ``open_na`` what stays open after this month.
    Nothing to tell when nothing is open any more (the closing letter says it) or when
    the amount stays the same and more months follow. Kinds: "laatste" (next month
    pays off the rest), "stopt" (nothing can be withheld next month), "start" (from
    nothing to an amount) and "gewijzigd" (another amount).
    Example: was 100.00, wordt 40.00, open_na 40.00 gives "laatste", resteert 0.00;
    was 100.00, wordt 0.00, open_na 300.00 gives "stopt", resteert 300.00.
    """
    _eis_niet_negatief(was=was, wordt=wordt, open_na=open_na)
    if open_na == 0:
        return None
    resteert = open_na - wordt
    if wordt == 0:
        soort: Wijziging | None = "stopt" if was > 0 else None
    elif resteert <= 0:
        soort = "laatste"
    elif was == wordt:
        soort = None
    else:
        soort = "start" if was == 0 else "gewijzigd"
    if soort is None:
        return None
    return Vooruitblik(soort=soort, was=was, wordt=wordt, resteert=max(resteert, NUL))
