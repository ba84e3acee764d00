"""The inputs and output of the escalation rule, and the guards that stop it.

Each guard is its own function so it can be tested alone; ``guards`` lists the ones
that hold, in a fixed order, and the first one is the reason a vordering waits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from invordering.rules.escalatie.tabel import FASEN
from invordering.rules.geld import NUL


@dataclass(frozen=True, init=False)
class Feiten:
    """What is true of one vordering on ``vandaag``; no field has a default on purpose,
    so a caller cannot forget a guard."""

    vandaag: date
    fase: str
    fase_sinds: date
    vervaldatum: date
    saldo: Decimal
    regeling_lopend: bool
    verzoek_in_behandeling: bool
    pauze_actief: bool
    bezwaar_met_uitstel: bool
    open_maatwerk_signaal: bool
    op_definitieve_berekening: bool
    opzet_of_grove_schuld: bool
    voorschot_loopt: bool
    signaal_afgehandeld: bool
    beslag_besloten: bool

    def __init__(
        self,
        *,
        vandaag: date,
        fase: str,
        fase_sinds: date,
        vervaldatum: date,
        saldo: Decimal,
        regeling_lopend: bool,
        verzoek_in_behandeling: bool,
        pauze_actief: bool,
        bezwaar_met_uitstel: bool,
        open_maatwerk_signaal: bool,
        op_definitieve_berekening: bool,
        opzet_of_grove_schuld: bool,
        voorschot_loopt: bool,
        signaal_afgehandeld: bool,
        beslag_besloten: bool,
    ) -> None:
        # Still frozen after this. The daily pass makes one of these per open vordering, a
        # million a day; the generated frozen __init__ sets each field through
        # object.__setattr__, and setting them in one go took half the time.
        if fase not in FASEN:
            raise ValueError(f"unknown fase {fase!r}")
        feiten = locals()
        del feiten["self"]
        self.__dict__.update(feiten)


@dataclass(frozen=True)
class EscalatieBeleid:
    """The policy parameters of one regime (read from the versioned parameters).

    ``dwangbevel_kosten`` is a scale of (drempel, kosten) pairs in ascending drempel.
    """

    herinnering_termijn_dagen: int
    signaal_wachttijd_werkdagen: int
    aanmaning_termijn_dagen: int
    dwangbevel_termijn_dagen: int
    aanmaningskosten: Decimal
    dwangbevel_kosten: tuple[tuple[Decimal, Decimal], ...]
    stilvallen_als_signaal: bool
    verrekening_zonder_kosten: bool
    dwanginvordering_actief: bool
    bezwaar_schort_op: bool
    alleen_definitief_dwang: bool

    def __post_init__(self) -> None:
        termijnen = (
            self.herinnering_termijn_dagen,
            self.signaal_wachttijd_werkdagen,
            self.aanmaning_termijn_dagen,
            self.dwangbevel_termijn_dagen,
        )
        if min(termijnen) < 0 or self.aanmaningskosten < 0:
            raise ValueError("terms and aanmaningskosten must be >= 0")
        drempels = [drempel for drempel, _ in self.dwangbevel_kosten]
        if drempels != sorted(set(drempels)):
            raise ValueError("dwangbevel_kosten must have strictly ascending drempels")
        if any(kosten < 0 for _, kosten in self.dwangbevel_kosten):
            raise ValueError("dwangbevel_kosten must be >= 0")


def dwangbevelkosten(saldo: Decimal, beleid: EscalatieBeleid) -> Decimal:
    """The kosten of the highest drempel <= saldo; 0.00 below the lowest drempel.

    Example: scale ((0, 15.00), (500.00, 40.00), (5000.00, 90.00)) and saldo 640.00 -> 40.00.
    """
    kosten = NUL
    for drempel, bedrag in beleid.dwangbevel_kosten:
        if drempel > saldo:
            break
        kosten = bedrag
    return kosten


@dataclass(frozen=True)
class Stap:
    """The outcome of ``bepaal_stap``. ``kosten`` are added to the saldo on an overgang;
    ``volgende_datum`` is the earliest day the next automatic step could come (None when
    only a person can move things on); ``guards`` lists every guard that holds."""

    soort: Literal["wacht", "overgang"]
    naar: str | None
    reden: str
    kosten: Decimal
    brief: str | None
    volgende_datum: date | None
    guards: tuple[str, ...]


Guard = Callable[[Feiten, EscalatieBeleid], bool]


def guard_verzoek_in_behandeling(feiten: Feiten, beleid: EscalatieBeleid) -> bool:
    return feiten.verzoek_in_behandeling


def guard_pauze_actief(feiten: Feiten, beleid: EscalatieBeleid) -> bool:
    return feiten.pauze_actief


def guard_bezwaar_met_uitstel(feiten: Feiten, beleid: EscalatieBeleid) -> bool:
    # Uitstel during bezwaar suspends collection only where the regime says so.
    return beleid.bezwaar_schort_op and feiten.bezwaar_met_uitstel


def guard_regeling_lopend(feiten: Feiten, beleid: EscalatieBeleid) -> bool:
    return feiten.regeling_lopend


def guard_open_maatwerk_signaal(feiten: Feiten, beleid: EscalatieBeleid) -> bool:
    return feiten.open_maatwerk_signaal


GUARDS: tuple[tuple[str, Guard], ...] = (
    ("verzoek_in_behandeling", guard_verzoek_in_behandeling),
    ("pauze_actief", guard_pauze_actief),
    ("bezwaar_met_uitstel", guard_bezwaar_met_uitstel),
    ("regeling_lopend", guard_regeling_lopend),
    ("open_maatwerk_signaal", guard_open_maatwerk_signaal),
)


def guards(feiten: Feiten, beleid: EscalatieBeleid) -> tuple[str, ...]:
    """The names of all guards that hold, in the order of ``GUARDS``."""
    # Each guard holds only on its own fact, and most vorderingen have none of them:
    # looking at the facts first spares the daily pass five calls per vordering.
    if not (
        feiten.verzoek_in_behandeling
        or feiten.pauze_actief
        or feiten.bezwaar_met_uitstel
        or feiten.regeling_lopend
        or feiten.open_maatwerk_signaal
    ):
        return ()
    return tuple(naam for naam, geldt in GUARDS if geldt(feiten, beleid))
