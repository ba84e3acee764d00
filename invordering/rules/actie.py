""" "Wat moet ik nu doen?": the single most urgent thing for a person, from all candidates.

A stressed person should see one message, one action, one deadline (DOMAIN.md section 6).
Candidates that ask for an action come before ones that only inform; among them the
earliest deadline wins, and on the same day the heavier step. Candidates of the same kind
and deadline are combined, so two termijnen due the same day become one action with the
total amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from invordering.rules.geld import som

# Kinds that ask the person to do something, heaviest first.
ACTIE_NODIG = (
    "beslag",
    "dwangbevel",
    "aanmaning",
    "termijn_gemist",
    "info_gevraagd",
    "herinnering",
    "betaaltermijn",
    "termijn",
)
# Kinds that only tell the person where they stand.
INFORMATIEF = ("signaal", "verzoek", "pauze", "verrekening")
URGENTIE = {soort: i for i, soort in enumerate(ACTIE_NODIG + INFORMATIEF)}


@dataclass(frozen=True)
class Kandidaat:
    """Something that may need doing. ``onderwerpen`` are the kenmerken it is about."""

    soort: str
    uiterlijk: date | None = None
    bedrag: Decimal | None = None
    onderwerpen: tuple[str, ...] = ()
    details: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.soort not in URGENTIE and self.soort != "niets":
            raise ValueError(f"unknown kind of action {self.soort!r}")


NIETS = Kandidaat("niets")


def combineer(kandidaten: Iterable[Kandidaat]) -> list[Kandidaat]:
    """Merge candidates of the same kind and deadline; amounts add up, subjects join.

    Example: termijn 46.50 and termijn 20.72, both due 22 November -> one termijn of 67.22.
    """
    groepen: dict[tuple, list[Kandidaat]] = {}
    for kandidaat in kandidaten:
        groepen.setdefault((kandidaat.soort, kandidaat.uiterlijk), []).append(kandidaat)
    result = []
    for (soort, uiterlijk), groep in groepen.items():
        bedragen = [k.bedrag for k in groep if k.bedrag is not None]
        result.append(
            Kandidaat(
                soort=soort,
                uiterlijk=uiterlijk,
                bedrag=som(bedragen) if bedragen else None,
                onderwerpen=tuple(o for k in groep for o in k.onderwerpen),
                details={**groep[0].details, "aantal": len(groep)},
            )
        )
    return result


def kies_actie(kandidaten: Iterable[Kandidaat]) -> Kandidaat:
    """The one thing to show first; ``NIETS`` when there is nothing at all."""
    groepen = combineer(kandidaten)
    nodig = [k for k in groepen if k.soort in ACTIE_NODIG]
    pool = nodig or [k for k in groepen if k.soort in INFORMATIEF]
    if not pool:
        return NIETS
    return min(pool, key=lambda k: (k.uiterlijk or date.max, URGENTIE[k.soort]))
