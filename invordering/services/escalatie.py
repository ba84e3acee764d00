"""Applying the escalation rule (invordering.rules.escalatie) to one vordering.

``feiten_voor`` gathers the facts from the database, ``bepaal_stap`` (pure) decides,
``voer_stap_uit`` carries the step out: fase change, costs, event, letter, signaal. The
idempotency key of a step is (vordering, the fase it leaves, the day that fase began), so
running the same day twice does nothing the second time.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from invordering import clock
from invordering.beleid import Beleid, beleid_op
from invordering.models import (
    ActorRol,
    BoekingSoort,
    EventSoort,
    Fase,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    Vordering,
)
from invordering.rules.escalatie import Feiten, Stap, bepaal_stap
from invordering.rules.kalender import werkdagen_later
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.fasen import rond_af, wijzig_fase
from invordering.services.ledger import boek_kosten
from invordering.services.meldingen import meld_nieuw_bericht

EVENT_VOOR_FASE = {
    Fase.HERINNERING: EventSoort.HERINNERING,
    Fase.SIGNAAL: EventSoort.CONTACTVERZOEK,
    Fase.VERREKENING: EventSoort.VERREKENING_AANGEKONDIGD,
    Fase.AANMANING: EventSoort.AANMANING,
    Fase.DWANGBEVEL: EventSoort.DWANGBEVEL,
    Fase.BESLAG: EventSoort.BESLAG,
}


def feiten_voor(vordering: Vordering, dag: date, beleid: Beleid) -> Feiten:
    """The facts the rule needs for one vordering (the same reader the pages use)."""
    from invordering.selectors.feiten import feiten_voor_vorderingen

    return feiten_voor_vorderingen([vordering], dag, beleid)[vordering.pk]


@transaction.atomic
def voer_stap_uit(vordering: Vordering, stap: Stap, *, dag: date, beleid: Beleid):
    """Carry out one step; returns the event written, or None when nothing happened."""
    if stap.soort == "wacht":
        if stap.reden == "wacht_op_besluit_beslag":
            _vraag_besluit_beslag(vordering, dag=dag)
        return None
    if stap.naar == Fase.AFGEROND:
        rond_af(vordering, dag=dag)
        return None
    sleutel = f"stap:{vordering.pk}:{vordering.fase}:{vordering.fase_sinds.isoformat()}"
    wijzig_fase(vordering, naar=stap.naar, dag=dag)
    if stap.kosten:
        boek_kosten(
            vordering=vordering,
            soort=BoekingSoort.KOSTEN,
            bedrag=stap.kosten,
            dag=dag,
            sleutel=f"kosten:{sleutel}",
            omschrijving=stap.naar,
        )
    data = {
        "kenmerk": vordering.kenmerk,
        "reden": stap.reden,
        "kosten": stap.kosten,
        "volgende_datum": stap.volgende_datum,
        "saldo": vordering.saldo,
    }
    if stap.naar == Fase.SIGNAAL:
        signaal = _maak_stilgevallen_signaal(vordering, dag=dag, beleid=beleid)
        data["contact_voor"] = signaal.contact_voor
    event = registreer_event(
        burger=vordering.burger,
        soort=EVENT_VOOR_FASE[stap.naar],
        tijdstip=clock.op_dag(dag, 7),
        vordering=vordering,
        actor_rol=ActorRol.SYSTEEM,
        regel=f"escalatie.{stap.reden}",
        data=data,
        sleutel=sleutel,
    )
    if stap.brief:
        brief = maak_brief(
            burger=vordering.burger,
            soort=stap.brief,
            dag=dag,
            vordering=vordering,
            event=event,
            data=data,
        )
        meld_nieuw_bericht(brief)
    return event


def _maak_stilgevallen_signaal(vordering: Vordering, *, dag: date, beleid: Beleid) -> Signaal:
    """One open signal per burger: a second debt that goes quiet joins the same call."""
    signaal = Signaal.objects.filter(
        burger=vordering.burger,
        soort=SignaalSoort.STILGEVALLEN,
        status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING],
    ).first()
    if signaal is None:
        signaal = Signaal.objects.create(
            burger=vordering.burger,
            soort=SignaalSoort.STILGEVALLEN,
            aangemaakt_op=clock.op_dag(dag, 7),
            contact_voor=werkdagen_later(dag, beleid.contact_binnen_werkdagen),
        )
        registreer_event(
            burger=vordering.burger,
            soort=EventSoort.SIGNAAL,
            tijdstip=clock.op_dag(dag, 7),
            vordering=vordering,
            regel="escalatie.stilgevallen",
            data={
                "signaal": signaal.pk,
                "soort": signaal.soort,
                "contact_voor": signaal.contact_voor,
            },
        )
    signaal.vorderingen.add(vordering)
    return signaal


def _vraag_besluit_beslag(vordering: Vordering, *, dag: date) -> None:
    """Seizure is never automatic: staff get a signaal to decide, once per vordering."""
    if vordering.signalen.filter(soort=SignaalSoort.BESLAG_BESLUIT).exists():
        return
    signaal = Signaal.objects.create(
        burger=vordering.burger,
        soort=SignaalSoort.BESLAG_BESLUIT,
        aangemaakt_op=clock.op_dag(dag, 7),
        contact_voor=dag,
    )
    signaal.vorderingen.add(vordering)


def escaleer(vordering: Vordering, *, dag: date, beleid: Beleid | None = None) -> Stap:
    """Decide and carry out today's step for one vordering."""
    beleid = beleid or beleid_op(dag)
    stap = bepaal_stap(feiten_voor(vordering, dag, beleid), beleid.escalatie())
    voer_stap_uit(vordering, stap, dag=dag, beleid=beleid)
    return stap
