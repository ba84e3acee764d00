"""Termijnen of a betalingsregeling: the standard regeling, the PBT proposal, and what
happens when a termijn is missed.

The rounding of a split always rests on the last termijn, so every termijn before it is
the same round amount and the parts add up to the debt to the cent.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from invordering.rules.geld import NUL, cent, floor_cent
from invordering.rules.kalender import plus_maanden

PbtSoort = Literal["standaard", "verlaagd", "geen_capaciteit", "eerst_vermogen"]


def _eis_centen(naam: str, bedrag: Decimal, *, positief: bool = False) -> None:
    # A sub-cent or negative input would break the sum(parts) == total guarantee.
    if not isinstance(bedrag, Decimal):
        raise TypeError(f"{naam} must be a Decimal, not {type(bedrag).__name__}")
    if bedrag != cent(bedrag):
        raise ValueError(f"{naam} must be whole cents: {bedrag}")
    if bedrag < 0 or (positief and bedrag == 0):
        raise ValueError(f"{naam} must be {'> 0' if positief else '>= 0'}: {bedrag}")


def standaard_termijnen(
    bedrag: Decimal, *, max_termijnen: int, minimum_termijn: Decimal
) -> list[Decimal]:
    """Split ``bedrag`` into the termijnen of the standard regeling.

    Preconditions: ``bedrag > 0`` in whole cents, ``max_termijnen >= 1``,
    ``minimum_termijn > 0`` in whole cents.
    n = min(max_termijnen, max(1, floor(bedrag / minimum_termijn))); every termijn is
    floor_cent(bedrag / n) and the last one takes the remainder.
    Example: 1000.00 with 24 termijnen of at least 20.00: 1000.00 / 24 = 41.666..., so
    23 x 41.66 = 958.18 and the last termijn is 1000.00 - 958.18 = 41.82.
    Below the minimum (e.g. 15.00) there is one termijn of 15.00.
    """
    _eis_centen("bedrag", bedrag, positief=True)
    _eis_centen("minimum_termijn", minimum_termijn, positief=True)
    if max_termijnen < 1:
        raise ValueError(f"max_termijnen must be >= 1, not {max_termijnen}")
    aantal = min(max_termijnen, max(1, int(bedrag // minimum_termijn)))
    basis = floor_cent(bedrag / aantal)
    return [basis] * (aantal - 1) + [bedrag - basis * (aantal - 1)]


def termijn_vervaldata(eerste: date, aantal: int) -> list[date]:
    """Return ``aantal`` monthly due dates starting at ``eerste``.

    Each date is computed from ``eerste`` (not from the previous one), so a regeling
    that starts on the 31st returns to the 31st after a short month.
    Example: 2025-01-31, 3 -> 2025-01-31, 2025-02-28, 2025-03-31.
    """
    if aantal < 0:
        raise ValueError(f"aantal must be >= 0, not {aantal}")
    return [plus_maanden(eerste, i) for i in range(aantal)]


@dataclass(frozen=True)
class PbtVoorstel:
    """A proposed persoonlijke betalingsregeling.

    Invariant: sum(termijnen) + voorwaardelijke_restschuld + vermogen_in_te_zetten
    equals the openstaand amount the proposal was made for.
    """

    soort: PbtSoort
    termijnen: tuple[Decimal, ...]
    termijnbedrag: Decimal
    looptijd: int
    voorwaardelijke_restschuld: Decimal
    vermogen_in_te_zetten: Decimal
    heroverweging_na_maanden: int | None


def _verlaagde_termijnen(
    rest: Decimal, capaciteit: Decimal, looptijd_maanden: int
) -> tuple[list[Decimal], Decimal]:
    # Termijnen of exactly the capacity; what the looptijd cannot cover is the restschuld.
    volle, over = divmod(rest, capaciteit)
    benodigd = int(volle) + (1 if over else 0)
    if benodigd <= looptijd_maanden:
        return [capaciteit] * (benodigd - 1) + [rest - capaciteit * (benodigd - 1)], NUL
    return [capaciteit] * looptijd_maanden, rest - capaciteit * looptijd_maanden


def pbt_voorstel(
    *,
    openstaand: Decimal,
    capaciteit: Decimal,
    vermogen: Decimal,
    vrijgesteld_vermogen: Decimal,
    max_termijnen_standaard: int,
    minimum_termijn: Decimal,
    pbt_looptijd_maanden: int,
    heroverweging_maanden: int,
) -> PbtVoorstel:
    """Propose a PBT from the betalingscapaciteit and vermogen (DOMAIN.md section 4.1).

    Preconditions: ``openstaand > 0``; all amounts >= 0 in whole cents; the month counts
    are >= 1. Vermogen above the vrijgesteld vermogen is used first ("eerst_vermogen");
    the rest is then split by capacity:

    - capaciteit >= the standard termijn: the standard regeling ("standaard");
    - 0 < capaciteit < standard termijn: termijnen of the capacity for at most the PBT
      looptijd ("verlaagd"); what they do not cover is the voorwaardelijke restschuld,
      waived after full compliance;
    - capaciteit == 0: no termijnen and a review after ``heroverweging_maanden``
      ("geen_capaciteit"); the whole rest is then held as voorwaardelijke restschuld
      so the invariant holds, pending that review.

    Example: openstaand 5000.00, capaciteit 100.00, no vermogen, standard 24 x >= 20.00,
    looptijd 36: the standard termijn is 208.33 > 100.00, so "verlaagd": 36 x 100.00 =
    3600.00 and a voorwaardelijke restschuld of 5000.00 - 3600.00 = 1400.00.
    """
    _eis_centen("openstaand", openstaand, positief=True)
    for naam, waarde in (
        ("capaciteit", capaciteit),
        ("vermogen", vermogen),
        ("vrijgesteld_vermogen", vrijgesteld_vermogen),
    ):
        _eis_centen(naam, waarde)
    if pbt_looptijd_maanden < 1 or heroverweging_maanden < 1:
        raise ValueError("pbt_looptijd_maanden and heroverweging_maanden must be >= 1")

    in_te_zetten = min(openstaand, max(NUL, vermogen - vrijgesteld_vermogen))
    rest = openstaand - in_te_zetten
    termijnen: list[Decimal] = []
    restschuld = NUL
    heroverweging = None
    soort: PbtSoort
    if rest == 0:
        soort = "standaard"
    elif capaciteit == 0:
        soort, restschuld, heroverweging = "geen_capaciteit", rest, heroverweging_maanden
    else:
        termijnen = standaard_termijnen(
            rest, max_termijnen=max_termijnen_standaard, minimum_termijn=minimum_termijn
        )
        soort = "standaard"
        if capaciteit < termijnen[0]:
            soort = "verlaagd"
            termijnen, restschuld = _verlaagde_termijnen(rest, capaciteit, pbt_looptijd_maanden)
    if in_te_zetten > 0:
        soort = "eerst_vermogen"
    return PbtVoorstel(
        soort=soort,
        termijnen=tuple(termijnen),
        termijnbedrag=termijnen[0] if termijnen else NUL,
        looptijd=len(termijnen),
        voorwaardelijke_restschuld=restschuld,
        vermogen_in_te_zetten=in_te_zetten,
        heroverweging_na_maanden=heroverweging,
    )


def gemiste_termijn_actie(*, verschuivingen_tot_nu: int, max_verschuivingen: int) -> str:
    """Decide what a missed termijn leads to once its herinnering term has passed.

    Precondition: both counts >= 0. The regeling shifts one month (no double payment
    next month) until ``max_verschuivingen`` shifts are used up; then it is withdrawn.
    Example: with max 2, shifts so far 0 or 1 -> "verschuiven"; 2 -> "intrekken".
    """
    if verschuivingen_tot_nu < 0 or max_verschuivingen < 0:
        raise ValueError("verschuivingen_tot_nu and max_verschuivingen must be >= 0")
    return "verschuiven" if verschuivingen_tot_nu < max_verschuivingen else "intrekken"


def verschoven_vervaldata(vervaldata: list[date], vanaf_index: int) -> list[date]:
    """Move every due date from ``vanaf_index`` on one month later; earlier ones stay.

    Precondition: ``0 <= vanaf_index <= len(vervaldata)``.
    Example: [2025-01-31, 2025-02-28, 2025-03-31] from index 1 ->
    [2025-01-31, 2025-03-28, 2025-04-30].
    """
    if not 0 <= vanaf_index <= len(vervaldata):
        raise ValueError(f"vanaf_index {vanaf_index} outside 0..{len(vervaldata)}")
    return [d if i < vanaf_index else plus_maanden(d, 1) for i, d in enumerate(vervaldata)]
