"""Allocation of a payment over open vorderingen (bundeling, overpayment, verrekening).

Order, and why:

1. Oldest post first, by its ``datum`` (the dagtekening of the vordering); posts with
   the same date keep the order the caller gave. The burger's oldest vordering closes
   first, which is what the page promises ("uw termijn gaat eerst naar de oudste
   vordering") and what shortens the list of open debts soonest.
2. Within a post: kosten, then rente, then hoofdsom. The Invorderingswet 1990 applies a
   payment to costs and interest before the principal.

A component never receives more than its open amount; whatever is left over is
``rest`` (an overpayment, to be refunded or held for the next vordering).
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

Component = Literal["kosten", "rente", "hoofdsom"]
COMPONENTEN: tuple[Component, ...] = ("kosten", "rente", "hoofdsom")


@dataclass(frozen=True)
class Post:
    """The open amounts of one vordering, per component; all >= 0."""

    sleutel: Hashable
    datum: date
    kosten: Decimal
    rente: Decimal
    hoofdsom: Decimal

    def __post_init__(self) -> None:
        for component in COMPONENTEN:
            if getattr(self, component) < 0:
                raise ValueError(f"{component} of post {self.sleutel!r} must be >= 0")


@dataclass(frozen=True)
class Toewijzing:
    sleutel: Hashable
    component: Component
    bedrag: Decimal


@dataclass(frozen=True)
class Allocatie:
    toewijzingen: tuple[Toewijzing, ...]
    rest: Decimal


def alloceer(bedrag: Decimal, posten: Iterable[Post]) -> Allocatie:
    """Allocate ``bedrag`` over ``posten`` in the order of the module docstring.

    Precondition: ``bedrag >= 0``. Zero-amount toewijzingen are left out.
    Example: 100.00 over A (2023-01-05: kosten 10.00, rente 0.00, hoofdsom 50.00) and
    B (2024-02-01: hoofdsom 80.00): A kosten 10.00, A hoofdsom 50.00, B hoofdsom 40.00
    (100.00 - 10.00 - 50.00), rest 0.00.
    """
    if bedrag < 0:
        raise ValueError(f"bedrag must be >= 0, not {bedrag}")
    over = bedrag
    toewijzingen: list[Toewijzing] = []
    # sorted() is stable, so posts with the same datum keep the caller's order.
    for post in sorted(posten, key=lambda p: p.datum):
        for component in COMPONENTEN:
            deel = min(over, getattr(post, component))
            if deel > 0:
                toewijzingen.append(Toewijzing(post.sleutel, component, deel))
                over -= deel
    return Allocatie(toewijzingen=tuple(toewijzingen), rest=over)


def termijnen_per_schuld(
    termijnen: Sequence[Decimal], schulden: Sequence[tuple[Hashable, Decimal]]
) -> list[tuple[Hashable, int, int]]:
    """Which termijn numbers pay which debt in a bundled plan, oldest debt first.

    ``schulden`` are (key, amount) in allocation order; termijnen sum to their total.
    Example: termijnen 10 x 100.00, debts A 250.00 and B 750.00 ->
    [("A", 1, 3), ("B", 3, 10)]: termijn 3 pays the last 50.00 of A and 50.00 of B.
    """
    result = []
    nummer, over = 0, Decimal("0.00")  # what is left of the current termijn
    for sleutel, bedrag in schulden:
        if bedrag <= 0:
            continue
        eerste = nummer if over > 0 else nummer + 1
        nog = bedrag
        while nog > 0:
            if over <= 0:
                nummer += 1
                over = termijnen[nummer - 1]
            deel = min(nog, over)
            nog -= deel
            over -= deel
        result.append((sleutel, eerste, nummer))
    return result
