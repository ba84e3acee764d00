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
    BezwaarStatus,
    BoekingSoort,
    EventSoort,
    Fase,
    RegelingStatus,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    SignaalUitkomst,
    Vordering,
)
from invordering.rules.escalatie import Feiten, Stap, bepaal_stap
from invordering.rules.kalender import werkdagen_later
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.fasen import rond_af, wijzig_fase
from invordering.services.ledger import boek_kosten

EVENT_VOOR_FASE = {
    Fase.HERINNERING: EventSoort.HERINNERING,
    Fase.SIGNAAL: EventSoort.CONTACTVERZOEK,
    Fase.VERREKENING: EventSoort.VERREKENING_AANGEKONDIGD,
    Fase.AANMANING: EventSoort.AANMANING,
    Fase.DWANGBEVEL: EventSoort.DWANGBEVEL,
    Fase.BESLAG: EventSoort.BESLAG,
}


def voorschot_loopt(vordering: Vordering, dag: date, beleid: Beleid) -> bool:
    """Is a voorschot paid this month that this vordering may be offset against?"""
    from invordering.services.voorschotten import lopende_voorschotten

    soorten = None if beleid.verrekening_alle_toeslagen else {vordering.toeslag.soort}
    return bool(lopende_voorschotten(vordering.burger, dag, soorten=soorten))


def feiten_voor(vordering: Vordering, dag: date, beleid: Beleid) -> Feiten:
    """The facts the rule needs, read for one vordering (the engine batches this)."""
    signalen = vordering.signalen.all()
    return Feiten(
        vandaag=dag,
        fase=vordering.fase,
        fase_sinds=vordering.fase_sinds,
        vervaldatum=vordering.vervaldatum,
        saldo=vordering.saldo,
        regeling_lopend=vordering.regelingen.filter(status=RegelingStatus.LOPEND).exists(),
        verzoek_in_behandeling=vordering.verzoeken.filter(status__in=OPEN_STATUSSEN).exists(),
        pauze_actief=any(p.is_actief_op(dag) for p in vordering.pauzes.all()),
        bezwaar_met_uitstel=vordering.bezwaren.filter(
            status=BezwaarStatus.IN_BEHANDELING, uitstel_van_betaling=True
        ).exists(),
        open_maatwerk_signaal=signalen.filter(
            soort=SignaalSoort.MAATWERK,
            status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING],
        ).exists(),
        op_definitieve_berekening=vordering.op_definitieve_berekening,
        opzet_of_grove_schuld=vordering.opzet_of_grove_schuld,
        voorschot_loopt=voorschot_loopt(vordering, dag, beleid),
        # Only a decision taken in the current fase counts, not one from an earlier round.
        signaal_afgehandeld=signalen.filter(
            soort=SignaalSoort.STILGEVALLEN,
            uitkomst=SignaalUitkomst.DOORGAAN,
            afgehandeld_op__date__gte=vordering.fase_sinds,
        ).exists(),
        beslag_besloten=signalen.filter(
            soort=SignaalSoort.BESLAG_BESLUIT, uitkomst=SignaalUitkomst.BESLAG
        ).exists(),
    )


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
        maak_brief(
            burger=vordering.burger,
            soort=stap.brief,
            dag=dag,
            vordering=vordering,
            event=event,
            data=data,
        )
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
