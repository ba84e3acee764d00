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


def _resterend(limiet: Decimal | None, genomen: Decimal) -> Decimal | None:
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
            capaciteit=_resterend(capaciteit, genomen),
            beschermd_max=_resterend(beschermd_max, genomen),
        )
        genomen += uitkomst.bedrag
        uitkomsten.append((sleutel, uitkomst))
    return tuple(uitkomsten)
