"""Tools to build a demo history through the product's own services and rules.

Every vordering, letter, reminder and regeling in the demo world comes about the way it
would in production: the escalation rule decides the steps, the ledger books the money.
The clock is pinned to each historical day while that day's work is done.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import Fase, Regeling, TermijnStatus, Toeslag, User
from invordering.rules.escalatie import bepaal_stap
from invordering.services.betalingen import boek_betaling
from invordering.services.escalatie import feiten_voor, voer_stap_uit
from invordering.services.regelingen import handel_gemiste_termijn_af, markeer_termijn_gemist
from invordering.services.verrekening import verreken_maand
from invordering.services.vorderingen import (
    registreer_definitieve_berekening,
    registreer_herziening,
    registreer_toeslag,
    registreer_voorschot,
)

D = Decimal
DAG = timedelta(days=1)


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def maak_user(username: str, *, naam: str, taal: str = "nl", wachtwoord: str | None = None) -> User:
    voornaam, _sep, achternaam = naam.partition(" ")
    user = User(username=username, first_name=voornaam, last_name=achternaam, taal=taal)
    if wachtwoord:
        user.set_password(wachtwoord)
    else:
        # Burgers log in with DigiD; in the demo the persona button stands in for it.
        user.set_unusable_password()
    user.save()
    return user


def toeslagjaar(
    burger, soort: str, jaar: int, versies: list[tuple[str, int, str]], *, partner=None, alo=False
) -> Toeslag:
    """A toeslag with its voorschot versions: (dagtekening, ingangsmaand, maandbedrag)."""
    toeslag = registreer_toeslag(
        burger=burger, soort=soort, jaar=jaar, toeslagpartner=partner, met_alo_kop=alo
    )
    for dagtekening, maand, bedrag in versies:
        with clock.vast_op(d(dagtekening)):
            registreer_voorschot(
                toeslag=toeslag,
                dagtekening=d(dagtekening),
                ingangsmaand=maand,
                maandbedrag=D(bedrag),
            )
    return toeslag


def definitief(
    toeslag: Toeslag,
    dagtekening: str,
    *,
    terug: str | None = None,
    recht: str | None = None,
    reden: str,
):
    """The definitieve berekening; give ``terug`` (the vordering wanted) or ``recht``."""
    from invordering.rules.voorschot import totaal_voorschot
    from invordering.services.vorderingen import voorschot_versies

    if terug is not None:
        recht_bedrag = totaal_voorschot(voorschot_versies(toeslag)) - D(terug)
    else:
        recht_bedrag = D(recht)
    with clock.vast_op(d(dagtekening)):
        _beschikking, vordering = registreer_definitieve_berekening(
            toeslag=toeslag, dagtekening=d(dagtekening), recht=recht_bedrag, reden=reden
        )
    return vordering


def herziening(toeslag: Toeslag, dagtekening: str, *, recht: str, reden: str):
    with clock.vast_op(d(dagtekening)):
        _beschikking, vordering = registreer_herziening(
            toeslag=toeslag, dagtekening=d(dagtekening), recht=D(recht), reden=reden
        )
    return vordering


def betaal_termijnen(
    regeling: Regeling, *, tot: date, behalve: frozenset[int] = frozenset(), dagen_eerder: int = 2
) -> None:
    """Pay each termijn due up to ``tot`` a few days early, except the numbers in ``behalve``."""
    for termijn in regeling.termijnen.filter(
        vervaldatum__lte=tot, status=TermijnStatus.OPEN
    ).order_by("nummer"):
        if termijn.nummer in behalve:
            continue
        betaald_op = termijn.vervaldatum - timedelta(days=dagen_eerder)
        with clock.vast_op(betaald_op, 15):
            boek_betaling(
                burger=regeling.burger,
                bedrag=termijn.open_bedrag,
                ontvangen_op=betaald_op,
                methode="overboeking",
                referentie=f"DEMO-{regeling.kenmerk}-{termijn.nummer}-{termijn.vervaldatum:%Y%m}",
                regeling=regeling,
            )


def mis_termijn(regeling: Regeling, nummer: int, *, afhandelen: bool = True) -> None:
    """A termijn passes unpaid: a reminder the next day; after the term, move or withdraw."""
    termijn = regeling.termijnen.get(nummer=nummer)
    gemist_op = termijn.vervaldatum + DAG
    with clock.vast_op(gemist_op, 7):
        markeer_termijn_gemist(termijn, dag=gemist_op)
    if afhandelen:
        termijn.refresh_from_db()
        termijn.status = TermijnStatus.GEMIST
        afhandel_op = gemist_op + timedelta(days=beleid_op(gemist_op).herinnering_termijn_dagen + 1)
        with clock.vast_op(afhandel_op, 7):
            handel_gemiste_termijn_af(termijn, dag=afhandel_op)


def _stappen_vandaag(vordering, dag: date, beleid) -> date | None:
    """Take every step due on ``dag`` for one vordering; return when to look again."""
    for _poging in range(5):
        vordering.refresh_from_db()
        stap = bepaal_stap(feiten_voor(vordering, dag, beleid), beleid.escalatie())
        with clock.vast_op(dag, 7):
            voer_stap_uit(vordering, stap, dag=dag, beleid=beleid)
        if stap.soort == "wacht":
            return stap.volgende_datum
    return dag + DAG


def simuleer(burger, *, van: date, tot: date) -> None:
    """Let time pass for a burger from ``van`` to ``tot`` with nobody reacting.

    The escalation rule moves each open vordering; on the verrekendag the month's
    voorschotten are offset. Jumps from one date that matters to the next.
    """
    dag = van
    while dag <= tot:
        beleid = beleid_op(dag)
        volgende: list[date] = []
        for vordering in burger.vorderingen.exclude(fase=Fase.AFGEROND):
            wanneer = _stappen_vandaag(vordering, dag, beleid)
            if wanneer:
                volgende.append(wanneer)
        if burger.vorderingen.filter(fase=Fase.VERREKENING).exists():
            if dag.day == beleid.verrekendag:
                with clock.vast_op(dag, 6):
                    verreken_maand(burger, maand=dag.replace(day=1), dag=dag, beleid=beleid)
            volgende.append(_volgende_verrekendag(dag, beleid.verrekendag))
        kandidaten = [v for v in volgende if v > dag]
        if not kandidaten:
            return
        dag = min(kandidaten)


def _volgende_verrekendag(dag: date, verrekendag: int) -> date:
    if dag.day < verrekendag:
        return dag.replace(day=verrekendag)
    volgende_maand = (dag.replace(day=1) + timedelta(days=32)).replace(day=1)
    return volgende_maand.replace(day=verrekendag)
