"""Regelingen: starting one, paying its termijnen, a missed termijn, completion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import (
    ActorRol,
    DocumentSoort,
    EventSoort,
    Fase,
    Regeling,
    RegelingSoort,
    RegelingStatus,
    RegelingVordering,
    SignaalUitkomst,
    Termijn,
    TermijnStatus,
    Vordering,
)
from invordering.rules.geld import NUL, cent, som
from invordering.rules.kalender import plus_maanden
from invordering.rules.termijnen import (
    gemiste_termijn_actie,
    standaard_termijnen,
    termijn_vervaldata,
)
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.fasen import wijzig_fase
from invordering.services.kenmerken import kenmerk
from invordering.services.ledger import kwijtschelden
from invordering.services.meldingen import meld_nieuw_bericht
from invordering.services.signalen import sluit_stilgevallen_signalen

PREFIX = {
    RegelingSoort.STANDAARD: "BR-S",
    RegelingSoort.PBT: "BR-P",
    RegelingSoort.GEBUNDELD: "BR-G",
}


def lopende_regeling(vordering: Vordering) -> Regeling | None:
    return vordering.regelingen.filter(status=RegelingStatus.LOPEND).first()


@transaction.atomic
def start_regeling(
    *,
    burger,
    soort: str,
    vorderingen: Sequence[Vordering],
    termijnbedragen: Sequence[Decimal],
    eerste_vervaldatum: date,
    dag: date,
    verzoek=None,
    capaciteit: Decimal | None = None,
    restschuld: Decimal = NUL,
    actor=None,
    actor_rol: str = ActorRol.BURGER,
    machtiging=None,
) -> Regeling:
    """Start a regeling; a running regeling of the same vorderingen is replaced (vervangen).

    Precondition: the termijnen plus the voorwaardelijke restschuld equal what is open.
    """
    vorderingen = sorted(vorderingen, key=lambda v: (v.dagtekening, v.pk))
    open_ = som(v.saldo for v in vorderingen)
    if som(termijnbedragen) + cent(restschuld) != open_:
        raise ValueError("Termijnen and restschuld must add up to the open amount.")
    for oude in Regeling.objects.filter(
        vorderingen__in=vorderingen, status=RegelingStatus.LOPEND
    ).distinct():
        _beeindig(oude, status=RegelingStatus.VERVANGEN, dag=dag)
    regeling = Regeling.objects.create(
        burger=burger,
        soort=soort,
        kenmerk=kenmerk(PREFIX[soort], dag.year),
        startdatum=dag,
        termijnbedrag=termijnbedragen[0],
        aantal_termijnen=len(termijnbedragen),
        voorwaardelijke_restschuld=cent(restschuld),
        betalingscapaciteit=capaciteit,
        verzoek=verzoek,
    )
    RegelingVordering.objects.bulk_create(
        RegelingVordering(regeling=regeling, vordering=v, volgorde=i)
        for i, v in enumerate(vorderingen, start=1)
    )
    data = termijn_vervaldata(eerste_vervaldatum, len(termijnbedragen))
    Termijn.objects.bulk_create(
        Termijn(regeling=regeling, nummer=i, vervaldatum=d, bedrag=b)
        for i, (d, b) in enumerate(zip(data, termijnbedragen, strict=True), start=1)
    )
    for vordering in vorderingen:
        if vordering.fase != Fase.REGELING:
            wijzig_fase(vordering, naar=Fase.REGELING, dag=dag)
    sluit_stilgevallen_signalen(vorderingen, uitkomst=SignaalUitkomst.REGELING, dag=dag)
    event = registreer_event(
        burger=burger,
        soort=EventSoort.REGELING_GESTART,
        tijdstip=clock.op_dag(dag, 11),
        regeling=regeling,
        verzoek=verzoek,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
        data={
            "kenmerk": regeling.kenmerk,
            "soort": soort,
            "vorderingen": [v.kenmerk for v in vorderingen],
            "termijnbedrag": regeling.termijnbedrag,
            "aantal": regeling.aantal_termijnen,
            "eerste": data[0],
            "laatste": data[-1],
            "restschuld": regeling.voorwaardelijke_restschuld,
        },
    )
    maak_brief(
        burger=burger,
        soort=DocumentSoort.REGELING_BEVESTIGING,
        dag=dag,
        event=event,
        data={**event.data, "totaal": open_, "laatste_bedrag": termijnbedragen[-1]},
    )
    return regeling


def start_standaardregeling(
    *, vorderingen: Sequence[Vordering], dag: date, eerste_vervaldatum: date | None = None, **kwargs
) -> Regeling:
    """The standard regeling (24 termijnen, at least the minimum) over what is open."""
    beleid = beleid_op(dag)
    open_ = som(v.saldo for v in vorderingen)
    bedragen = standaard_termijnen(
        open_,
        max_termijnen=beleid.standaard_max_termijnen,
        minimum_termijn=beleid.standaard_minimum_termijn,
    )
    soort = RegelingSoort.GEBUNDELD if len(vorderingen) > 1 else RegelingSoort.STANDAARD
    return start_regeling(
        burger=vorderingen[0].burger,
        soort=kwargs.pop("soort", soort),
        vorderingen=vorderingen,
        termijnbedragen=bedragen,
        eerste_vervaldatum=eerste_vervaldatum or plus_maanden(dag, 1),
        dag=dag,
        **kwargs,
    )


def verwerk_termijnbetaling(regeling: Regeling, *, bedrag: Decimal, dag: date) -> None:
    """Mark termijnen paid, the oldest open one first; then check completion."""
    rest = cent(bedrag)
    for termijn in regeling.termijnen.select_for_update().exclude(
        status__in=[TermijnStatus.BETAALD, TermijnStatus.VERVALLEN]
    ):
        if rest <= NUL:
            break
        deel = min(rest, termijn.open_bedrag)
        termijn.betaald += deel
        rest -= deel
        if termijn.betaald == termijn.bedrag:
            termijn.status = TermijnStatus.BETAALD
            termijn.voldaan_op = dag
        termijn.save(update_fields=["betaald", "status", "voldaan_op"])
    controleer_voltooiing(regeling, dag=dag)


def controleer_voltooiing(regeling: Regeling, *, dag: date) -> bool:
    """Complete the regeling when every termijn is paid or every vordering is at zero.

    A PBT's voorwaardelijke restschuld is waived only here, after full compliance.
    """
    vorderingen = list(regeling.vorderingen.all())
    alles_betaald = not regeling.termijnen.exclude(
        status__in=[TermijnStatus.BETAALD, TermijnStatus.VERVALLEN]
    ).exists()
    schuld_nul = all(v.saldo == NUL for v in vorderingen)
    if regeling.status != RegelingStatus.LOPEND or not (alles_betaald or schuld_nul):
        return False
    if alles_betaald and regeling.voorwaardelijke_restschuld > NUL:
        for vordering in vorderingen:
            if vordering.saldo > NUL:
                kwijtschelden(
                    vordering=vordering,
                    dag=dag,
                    reden="voorwaardelijke_restschuld",
                    sleutel=f"restschuld:{regeling.pk}",
                )
    _beeindig(regeling, status=RegelingStatus.VOLTOOID, dag=dag)
    registreer_event(
        burger=regeling.burger,
        soort=EventSoort.REGELING_VOLTOOID,
        tijdstip=clock.op_dag(dag, 13),
        regeling=regeling,
        regel="regeling.voltooid",
        data={"kenmerk": regeling.kenmerk},
        sleutel=f"regeling_voltooid:{regeling.pk}",
    )
    return True


def _beeindig(regeling: Regeling, *, status: str, dag: date) -> None:
    Regeling.objects.filter(pk=regeling.pk).update(status=status, beeindigd_op=dag)
    regeling.status = status
    regeling.beeindigd_op = dag
    regeling.termijnen.filter(status__in=[TermijnStatus.OPEN, TermijnStatus.GEMIST]).update(
        status=TermijnStatus.VERVALLEN
    )


@transaction.atomic
def markeer_termijn_gemist(termijn: Termijn, *, dag: date) -> None:
    """A termijn passed unpaid: a free reminder with the herinnering term to pay it."""
    beleid = beleid_op(dag)
    gewijzigd = Termijn.objects.filter(pk=termijn.pk, status=TermijnStatus.OPEN).update(
        status=TermijnStatus.GEMIST, gemist_op=dag
    )
    if not gewijzigd:
        return
    regeling = termijn.regeling
    uiterlijk = dag + timedelta(days=beleid.herinnering_termijn_dagen)
    event = registreer_event(
        burger=regeling.burger,
        soort=EventSoort.TERMIJN_GEMIST,
        tijdstip=clock.op_dag(dag),
        regeling=regeling,
        regel="regeling.termijn_gemist",
        data={
            "kenmerk": regeling.kenmerk,
            "nummer": termijn.nummer,
            "bedrag": termijn.open_bedrag,
            "uiterlijk": uiterlijk,
            "verschuivingen": regeling.verschuivingen,
            "max_verschuivingen": beleid.max_verschuivingen,
        },
        sleutel=f"termijn_gemist:{termijn.pk}:{regeling.verschuivingen}",
    )
    brief = maak_brief(
        burger=regeling.burger,
        soort=DocumentSoort.TERMIJN_GEMIST,
        dag=dag,
        event=event,
        data=event.data,
    )
    meld_nieuw_bericht(brief)


@transaction.atomic
def handel_gemiste_termijn_af(termijn: Termijn, *, dag: date) -> str:
    """Still unpaid after the reminder: move the regeling one month, or withdraw it.

    Moving never asks a double payment: the missed termijn and all later ones move one
    month (002). After ``max_verschuivingen`` moves the regeling is withdrawn.
    """
    beleid = beleid_op(dag)
    regeling = Regeling.objects.select_for_update().get(pk=termijn.regeling_id)
    actie = gemiste_termijn_actie(
        verschuivingen_tot_nu=regeling.verschuivingen, max_verschuivingen=beleid.max_verschuivingen
    )
    if actie == "verschuiven":
        _verschuif(regeling, vanaf=termijn, dag=dag)
    else:
        trek_regeling_in(regeling, dag=dag)
    return actie


def _verschuif(regeling: Regeling, *, vanaf: Termijn, dag: date) -> None:
    latere = list(regeling.termijnen.filter(nummer__gte=vanaf.nummer))
    for t in latere:
        t.vervaldatum = plus_maanden(t.vervaldatum, 1)
        if t.status == TermijnStatus.GEMIST:
            t.status = TermijnStatus.OPEN
            t.gemist_op = None
    Termijn.objects.bulk_update(latere, ["vervaldatum", "status", "gemist_op"])
    Regeling.objects.filter(pk=regeling.pk).update(verschuivingen=regeling.verschuivingen + 1)
    regeling.verschuivingen += 1
    registreer_event(
        burger=regeling.burger,
        soort=EventSoort.REGELING_VERSCHOVEN,
        tijdstip=clock.op_dag(dag),
        regeling=regeling,
        regel="regeling.verschuiven",
        data={
            "kenmerk": regeling.kenmerk,
            "nummer": vanaf.nummer,
            "nieuwe_vervaldatum": latere[0].vervaldatum,
            "einddatum": latere[-1].vervaldatum,
            "verschuivingen": regeling.verschuivingen,
        },
        sleutel=f"verschoven:{regeling.pk}:{regeling.verschuivingen}",
    )


@transaction.atomic
def trek_regeling_in(regeling: Regeling, *, dag: date, actor=None) -> None:
    """Withdraw: the rest is due again and collection restarts with a free reminder."""
    _beeindig(regeling, status=RegelingStatus.INGETROKKEN, dag=dag)
    open_vorderingen = [v for v in regeling.vorderingen.all() if v.fase == Fase.REGELING]
    for vordering in open_vorderingen:
        wijzig_fase(vordering, naar=Fase.HERINNERING, dag=dag)
    event = registreer_event(
        burger=regeling.burger,
        soort=EventSoort.REGELING_INGETROKKEN,
        tijdstip=clock.op_dag(dag, 14),
        regeling=regeling,
        actor=actor,
        actor_rol=ActorRol.MEDEWERKER if actor else ActorRol.SYSTEEM,
        regel="" if actor else "regeling.intrekken",
        data={
            "kenmerk": regeling.kenmerk,
            "open": som(v.saldo for v in open_vorderingen),
            "vorderingen": [v.kenmerk for v in open_vorderingen],
        },
        sleutel=f"ingetrokken:{regeling.pk}",
    )
    brief = maak_brief(
        burger=regeling.burger,
        soort=DocumentSoort.REGELING_INGETROKKEN,
        dag=dag,
        event=event,
        data=event.data,
    )
    meld_nieuw_bericht(brief)


def pauzemaanden(van: date, tot: date) -> int:
    """Whole months a pause covers, rounded up: 16 Nov - 15 Feb is 3 months."""
    maanden = (tot.year - van.year) * 12 + tot.month - van.month
    return maanden + (1 if plus_maanden(van, maanden) <= tot else 0)


@transaction.atomic
def schuif_regelingen_op(vorderingen, *, van: date, tot: date, dag: date) -> list[Regeling]:
    """A pause moves every unpaid termijn from its start (and a missed one) by its months.

    Nothing is due during the pause and nothing is paid double after it; this is not a
    "missed termijn" move, so it does not count towards withdrawal.
    """
    maanden = pauzemaanden(van, tot)
    regelingen = list(
        Regeling.objects.filter(
            vorderingen__in=vorderingen, status=RegelingStatus.LOPEND
        ).distinct()
    )
    for regeling in regelingen:
        # Everything still unpaid moves: what falls in the pause, and a missed termijn
        # that was waiting for its reminder deadline.
        termijnen = list(
            regeling.termijnen.filter(
                Q(vervaldatum__gte=van, status=TermijnStatus.OPEN) | Q(status=TermijnStatus.GEMIST)
            )
        )
        for termijn in termijnen:
            termijn.vervaldatum = plus_maanden(termijn.vervaldatum, maanden)
        Termijn.objects.bulk_update(termijnen, ["vervaldatum"])
        if termijnen:
            registreer_event(
                burger=regeling.burger,
                soort=EventSoort.REGELING_VERSCHOVEN,
                tijdstip=clock.op_dag(dag, 12),
                regeling=regeling,
                regel="pauze.regeling_opschuiven",
                data={
                    "kenmerk": regeling.kenmerk,
                    "nummer": termijnen[0].nummer,
                    "nieuwe_vervaldatum": termijnen[0].vervaldatum,
                    "einddatum": max(t.vervaldatum for t in regeling.termijnen.all()),
                    "pauze": True,
                },
            )
    return regelingen
