"""The escalation rule: the next automatic step of one vordering, and its projection.

``bepaal_stap`` looks at the facts of one vordering on one day and says either "wait"
(with the reason and the earliest day something could change) or "move to fase X" (with
the costs and the letter). Services apply a move as a compare-and-set update plus an
event; ``projectie`` runs the same rule forward for the "als u niets doet" timeline.

Terms are inclusive: a term of N days that starts on day D leaves D + N as the last day
to act, so the next step comes on D + N + 1 at the earliest. The same holds for the
vervaldatum (the last day to pay) and the signaal hold (the last working day of it).

Silence is read as a signal, not as consent: when ``stilvallen_als_signaal`` is on, an
unanswered herinnering leads to personal contact before anything costs money. Any guard
(a pending verzoek, a pauze, a regeling in good standing, ...) stops every automatic
step; only a saldo of zero still closes the vordering.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from invordering.rules.escalatie.feiten import (
    EscalatieBeleid,
    Feiten,
    Stap,
    dwangbevelkosten,
    guards,
)
from invordering.rules.escalatie.tabel import EINDFASE
from invordering.rules.geld import NUL
from invordering.rules.kalender import werkdagen_later

_DAG = timedelta(days=1)


@lru_cache(maxsize=1024)
def _wacht(reden: str, volgende_datum: date | None = None) -> Stap:
    # A Stap cannot change, and on one day nearly every vordering waits for one of a few
    # reasons: the daily pass shares one per (reden, datum) instead of making a million.
    return Stap("wacht", None, reden, NUL, None, volgende_datum, ())


def _overgang(
    naar: str, reden: str, *, brief: str, volgende_datum: date | None, kosten: Decimal = NUL
) -> Stap:
    return Stap("overgang", naar, reden, kosten, brief, volgende_datum, ())


def _na_termijn(begin: date, dagen: int) -> date:
    return begin + timedelta(days=dagen) + _DAG


def _signaal_einde(begin: date, beleid: EscalatieBeleid) -> date:
    return werkdagen_later(begin, beleid.signaal_wachttijd_werkdagen)


def _verrekenen_mogelijk(feiten: Feiten, beleid: EscalatieBeleid) -> bool:
    return beleid.verrekening_zonder_kosten and feiten.voorschot_loopt


def _dwang_blokkade(feiten: Feiten, beleid: EscalatieBeleid) -> str | None:
    # Forced collection (from the aanmaning on) is off in some regimes, and in others
    # only allowed on a definitieve berekening unless there was opzet or grove schuld.
    if not beleid.dwanginvordering_actief:
        return "dwanginvordering_uit"
    definitief = feiten.op_definitieve_berekening or feiten.opzet_of_grove_schuld
    if beleid.alleen_definitief_dwang and not definitief:
        return "geen_definitieve_berekening"
    return None


def _incassopad(
    feiten: Feiten, beleid: EscalatieBeleid, *, reden: str, met_verrekening: bool = True
) -> Stap:
    if met_verrekening and _verrekenen_mogelijk(feiten, beleid):
        return _overgang(
            "verrekening", "voorschot_loopt", brief="verrekening_aangekondigd", volgende_datum=None
        )
    blokkade = _dwang_blokkade(feiten, beleid)
    if blokkade:
        return _wacht(blokkade)
    return _overgang(
        "aanmaning",
        reden,
        kosten=beleid.aanmaningskosten,
        brief="aanmaning",
        volgende_datum=_na_termijn(feiten.vandaag, beleid.aanmaning_termijn_dagen),
    )


def _open(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    if feiten.vandaag <= feiten.vervaldatum:
        return _wacht("binnen_betaaltermijn", feiten.vervaldatum + _DAG)
    return _overgang(
        "herinnering",
        "vervaldatum_verstreken",
        brief="herinnering",
        volgende_datum=_na_termijn(feiten.vandaag, beleid.herinnering_termijn_dagen),
    )


def _herinnering(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    einde = feiten.fase_sinds + timedelta(days=beleid.herinnering_termijn_dagen)
    if feiten.vandaag <= einde:
        return _wacht("herinnering_loopt", einde + _DAG)
    if beleid.stilvallen_als_signaal:
        return _overgang(
            "signaal",
            "stilgevallen",
            brief="contactverzoek",
            volgende_datum=_signaal_einde(feiten.vandaag, beleid) + _DAG,
        )
    return _incassopad(feiten, beleid, reden="herinnering_verstreken")


def _signaal(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    einde = _signaal_einde(feiten.fase_sinds, beleid)
    if not feiten.signaal_afgehandeld and feiten.vandaag <= einde:
        return _wacht("wacht_op_contact", einde + _DAG)
    reden = "signaal_afgehandeld" if feiten.signaal_afgehandeld else "wachttijd_verstreken"
    return _incassopad(feiten, beleid, reden=reden)


def _verrekening(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    if _verrekenen_mogelijk(feiten, beleid):
        return _wacht("verrekening_loopt")
    return _incassopad(feiten, beleid, reden="verrekening_gestopt", met_verrekening=False)


def _aanmaning(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    einde = feiten.fase_sinds + timedelta(days=beleid.aanmaning_termijn_dagen)
    if feiten.vandaag <= einde:
        return _wacht("aanmaning_loopt", einde + _DAG)
    blokkade = _dwang_blokkade(feiten, beleid)
    if blokkade:
        return _wacht(blokkade)
    return _overgang(
        "dwangbevel",
        "aanmaning_verstreken",
        kosten=dwangbevelkosten(feiten.saldo, beleid),
        brief="dwangbevel",
        volgende_datum=_na_termijn(feiten.vandaag, beleid.dwangbevel_termijn_dagen),
    )


def _dwangbevel(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    einde = feiten.fase_sinds + timedelta(days=beleid.dwangbevel_termijn_dagen)
    if feiten.vandaag <= einde:
        return _wacht("dwangbevel_loopt", einde + _DAG)
    blokkade = _dwang_blokkade(feiten, beleid)
    if blokkade:
        return _wacht(blokkade)
    # Beslag is never automatic: a staff member must have decided it.
    if not feiten.beslag_besloten:
        return _wacht("wacht_op_besluit_beslag")
    return _overgang("beslag", "beslag_besloten", brief="beslag", volgende_datum=None)


def _regeling(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    # Reached only when regeling_lopend is false: the regeling was withdrawn.
    return _overgang(
        "herinnering",
        "regeling_beeindigd",
        brief="regeling_ingetrokken",
        volgende_datum=_na_termijn(feiten.vandaag, beleid.herinnering_termijn_dagen),
    )


_PER_FASE: dict[str, Callable[[Feiten, EscalatieBeleid], Stap]] = {
    "open": _open,
    "herinnering": _herinnering,
    "signaal": _signaal,
    "verrekening": _verrekening,
    "aanmaning": _aanmaning,
    "dwangbevel": _dwangbevel,
    "beslag": lambda feiten, beleid: _wacht("beslag_loopt"),
    "regeling": _regeling,
}


def bepaal_stap(feiten: Feiten, beleid: EscalatieBeleid) -> Stap:
    """Decide the next automatic step for one vordering on ``feiten.vandaag``.

    Order: a saldo <= 0 closes the vordering; a closed vordering waits for good; any
    guard makes it wait (reden = the first guard); otherwise the rule of its fase.
    Example: fase "aanmaning" since 2025-03-03 with a 14-day term and saldo 640.00 on
    2025-03-17 waits (the 17th is the last day to act, volgende_datum 2025-03-18); on
    2025-03-18, with forced collection on, it moves to "dwangbevel" with the scale's
    kosten for 640.00.
    """
    actief = guards(feiten, beleid)
    if feiten.saldo <= 0 and feiten.fase != EINDFASE:
        stap = _overgang(EINDFASE, "betaald", brief="afgerond", volgende_datum=None)
    elif feiten.fase == EINDFASE:
        stap = _wacht("afgerond")
    elif actief:
        stap = _wacht(actief[0])
    else:
        stap = _PER_FASE[feiten.fase](feiten, beleid)
    # Copy only when a guard holds: most vorderingen have none, and stap has () already.
    return replace(stap, guards=actief) if actief != stap.guards else stap


def projectie(
    feiten: Feiten, beleid: EscalatieBeleid, *, tot: date, max_stappen: int = 10
) -> tuple[tuple[date, Stap], ...]:
    """Project "als u niets doet": the overgangen that would follow, with their dates.

    Assumes the person does nothing: no payments, a signaal hold simply expires and no
    one decides on beslag. The staff facts ``signaal_afgehandeld`` and
    ``beslag_besloten`` count for the current fase only and are reset at every move.
    Stops at a wait that only a person can end, after ``tot``, or after ``max_stappen``
    overgangen. Example: fase "open", vervaldatum 2025-03-03, herinnering term 14 days,
    no signaal, forced collection on: herinnering on 2025-03-04, aanmaning on 2025-03-19
    (the day after the term that ends on 2025-03-18).
    """
    huidig = feiten
    dag = feiten.vandaag
    overgangen: list[tuple[date, Stap]] = []
    while dag <= tot and len(overgangen) < max_stappen:
        stap = bepaal_stap(replace(huidig, vandaag=dag), beleid)
        if stap.soort == "overgang":
            overgangen.append((dag, stap))
            huidig = replace(
                huidig,
                fase=stap.naar,
                fase_sinds=dag,
                saldo=huidig.saldo + stap.kosten,
                signaal_afgehandeld=False,
                beslag_besloten=False,
            )
        elif stap.volgende_datum is None:
            break
        else:
            dag = stap.volgende_datum
    return tuple(overgangen)
