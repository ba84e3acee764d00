"""Verzoeken (PBT, pauze, bundeling): every status change through the transition table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from invordering import clock
from invordering.beleid import Beleid, beleid_op
from invordering.models import (
    ActorRol,
    DocumentSoort,
    EventSoort,
    Pauze,
    RegelingSoort,
    SignaalUitkomst,
    Verzoek,
    VerzoekSoort,
    Vordering,
)
from invordering.rules.capaciteit import Capaciteitberekening, CapaciteitInvoer, betalingscapaciteit
from invordering.rules.geld import cent, som
from invordering.rules.kalender import plus_maanden
from invordering.rules.termijnen import PbtVoorstel, pbt_voorstel
from invordering.rules.verzoek import volgende_status
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.meldingen import meld_nieuw_bericht
from invordering.services.regelingen import (
    schuif_regelingen_op,
    start_regeling,
    start_standaardregeling,
)
from invordering.services.signalen import maak_maatwerk_signaal, sluit_stilgevallen_signalen


class Weigering(ValueError):
    """A decision the rules do not allow. The message (translated) is for the one deciding."""


BEDRAG_VELDEN = (
    "netto_inkomen",
    "vakantiegeld_per_jaar",
    "overig_inkomen",
    "woonlasten",
    "zorgpremie",
    "andere_regelingen",
    "alimentatie",
)


def _overgang(verzoek: Verzoek, actie: str, **velden) -> None:
    """Compare-and-set on the status, so two staff members cannot decide twice."""
    nieuw = volgende_status(verzoek.status, actie)
    gewijzigd = Verzoek.objects.filter(pk=verzoek.pk, status=verzoek.status).update(
        status=nieuw, **velden
    )
    if gewijzigd != 1:
        raise RuntimeError("This request was changed by someone else; reload the page.")
    verzoek.status = nieuw
    for naam, waarde in velden.items():
        setattr(verzoek, naam, waarde)


def _event(verzoek: Verzoek, soort: str, *, actor, actor_rol, machtiging=None, data=None, uur=10):
    return registreer_event(
        burger=verzoek.burger,
        soort=soort,
        tijdstip=clock.op_dag(clock.today(), uur) if actor_rol == ActorRol.SYSTEEM else clock.now(),
        verzoek=verzoek,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
        data={"soort": verzoek.soort, **(data or {})},
    )


@transaction.atomic
def maak_verzoek(
    *, burger, soort: str, vorderingen: Sequence[Vordering], gegevens: dict, actor=None
) -> Verzoek:
    """A draft (concept): saved as the person goes, not yet seen by staff."""
    verzoek = Verzoek.objects.create(
        burger=burger,
        soort=soort,
        gegevens=gegevens,
        aangemaakt_op=clock.now(),
        ingediend_door=actor,
    )
    verzoek.vorderingen.set(vorderingen)
    return verzoek


@transaction.atomic
def dien_in(verzoek: Verzoek, *, actor=None, actor_rol=ActorRol.BURGER, machtiging=None) -> Verzoek:
    """Submit: the beslistermijn starts and escalation of the covered vorderingen stops."""
    nu = clock.now()
    beleid = beleid_op(nu.date())
    termijn = clock.today() + timedelta(weeks=beleid.beslistermijn_weken)
    _overgang(verzoek, "indienen", ingediend_op=nu, beslistermijn=termijn, ingediend_door=actor)
    uitkomst = {VerzoekSoort.PBT: SignaalUitkomst.PBT, VerzoekSoort.PAUZE: SignaalUitkomst.PAUZE}
    sluit_stilgevallen_signalen(
        list(verzoek.vorderingen.all()),
        uitkomst=uitkomst.get(verzoek.soort, SignaalUitkomst.REGELING),
        dag=clock.today(),
    )
    event = registreer_event(
        burger=verzoek.burger,
        soort=EventSoort.VERZOEK_INGEDIEND,
        tijdstip=nu,
        verzoek=verzoek,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
        data={
            "soort": verzoek.soort,
            "beslistermijn": termijn,
            "vorderingen": [v.kenmerk for v in verzoek.vorderingen.all()],
        },
    )
    maak_brief(
        burger=verzoek.burger,
        soort=DocumentSoort.VERZOEK_ONTVANGEN,
        dag=clock.today(),
        event=event,
        data=event.data,
    )
    if verzoek.gegevens.get("kan_niet_betalen"):
        # "Ik kan dit niet betalen": a person, not the formula, looks at this request.
        maak_maatwerk_signaal(
            burger=verzoek.burger,
            toelichting=verzoek.gegevens.get("reden_niet_betalen", ""),
            vorderingen=list(verzoek.vorderingen.all()),
        )
    return verzoek


@transaction.atomic
def neem_in_behandeling(verzoek: Verzoek, *, medewerker) -> None:
    _overgang(verzoek, "in_behandeling_nemen", behandelaar=medewerker)
    _event(
        verzoek,
        EventSoort.VERZOEK_IN_BEHANDELING,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
    )


@transaction.atomic
def vraag_info(verzoek: Verzoek, *, medewerker, vraag: str) -> None:
    """Ask the person one clear question; they get a letter and an e-mail that it is there."""
    if not vraag.strip():
        raise Weigering(_("Write the question for the person."))
    _overgang(verzoek, "info_vragen", behandelaar=medewerker)
    event = _event(
        verzoek,
        EventSoort.VERZOEK_INFO_GEVRAAGD,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
        data={"vraag": vraag},
    )
    _besluitbrief(verzoek, DocumentSoort.INFO_GEVRAAGD, event, {**event.data})


@transaction.atomic
def vul_info_aan(verzoek: Verzoek, *, antwoord: str, actor, actor_rol, machtiging=None) -> None:
    gegevens = {
        **verzoek.gegevens,
        "aanvullingen": [*verzoek.gegevens.get("aanvullingen", []), antwoord],
    }
    _overgang(verzoek, "info_aanvullen", gegevens=gegevens)
    # The answer itself stays with the request; the event says who sent it, and when.
    _event(
        verzoek,
        EventSoort.VERZOEK_AANGEVULD,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
    )


@transaction.atomic
def trek_in(verzoek: Verzoek, *, actor, actor_rol, machtiging=None) -> None:
    was_concept = verzoek.status == "concept"
    _overgang(verzoek, "intrekken")
    if not was_concept:
        _event(
            verzoek,
            EventSoort.VERZOEK_INGETROKKEN,
            actor=actor,
            actor_rol=actor_rol,
            machtiging=machtiging,
        )


def capaciteit_invoer(gegevens: dict) -> CapaciteitInvoer:
    return CapaciteitInvoer(
        leefsituatie=gegevens["leefsituatie"],
        **{veld: cent(Decimal(str(gegevens.get(veld) or "0"))) for veld in BEDRAG_VELDEN},
    )


def pbt_berekening(
    gegevens: dict, *, openstaand: Decimal, beleid: Beleid
) -> tuple[Capaciteitberekening, PbtVoorstel]:
    """The betalingscapaciteit and the PBT it leads to, both step by step."""
    berekening = betalingscapaciteit(
        capaciteit_invoer(gegevens),
        bijstandsnormen=beleid.bijstandsnormen,
        normpercentage=beleid.normpercentage,
        capaciteitspercentage=beleid.capaciteitspercentage,
    )
    voorstel = pbt_voorstel(
        openstaand=openstaand,
        capaciteit=berekening.capaciteit,
        vermogen=cent(Decimal(str(gegevens.get("vermogen") or "0"))),
        vrijgesteld_vermogen=beleid.vrijgesteld_vermogen,
        max_termijnen_standaard=beleid.standaard_max_termijnen,
        minimum_termijn=beleid.standaard_minimum_termijn,
        pbt_looptijd_maanden=beleid.pbt_looptijd_maanden,
        heroverweging_maanden=beleid.pbt_heroverweging_maanden,
    )
    return berekening, voorstel


@transaction.atomic
def ken_toe(
    verzoek: Verzoek, *, medewerker, toelichting: str = "", dag: date | None = None, **opties
):
    """Grant the request and carry it out (a regeling, a pauze); the burger gets a letter.

    An adjusted PBT amount (``termijnbedrag``) needs a reason in ``toelichting``; a pause
    needs a recorded conversation with the person (DOMAIN.md section 4.2).
    """
    dag = dag or clock.today()
    if opties.get("termijnbedrag") is not None and not toelichting.strip():
        raise Weigering(_("Write why you chose another amount. The person reads this."))
    vorderingen = list(verzoek.vorderingen.order_by("dagtekening", "pk"))
    uitvoering = {
        VerzoekSoort.PBT: _voer_pbt_uit,
        VerzoekSoort.PAUZE: _voer_pauze_uit,
        VerzoekSoort.BUNDELING: _voer_bundeling_uit,
    }[verzoek.soort]
    resultaat, data = uitvoering(verzoek, vorderingen, dag=dag, medewerker=medewerker, **opties)
    _overgang(
        verzoek,
        "toekennen",
        besloten_op=clock.now(),
        besluit_toelichting=toelichting,
        toegekend_bedrag=data.get("termijnbedrag"),
        behandelaar=medewerker,
    )
    event = _event(
        verzoek,
        EventSoort.VERZOEK_TOEGEKEND,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
        data={**data, "toelichting": toelichting},
    )
    _besluitbrief(
        verzoek, DocumentSoort.BESLUIT_VERZOEK, event, {**event.data, "besluit": "toegekend"}
    )
    return resultaat


def _besluitbrief(verzoek: Verzoek, soort: str, event, data: dict) -> None:
    """The letter is rendered by a worker after commit, and the person gets an e-mail."""
    document = maak_brief(
        burger=verzoek.burger,
        soort=soort,
        dag=clock.today(),
        event=event,
        data=data,
        pdf_maken=True,
    )
    meld_nieuw_bericht(document)


def _voer_pbt_uit(verzoek, vorderingen, *, dag, medewerker, termijnbedrag: Decimal | None = None):
    beleid = beleid_op(dag)
    openstaand = som(v.saldo for v in vorderingen)
    berekening, voorstel = pbt_berekening(verzoek.gegevens, openstaand=openstaand, beleid=beleid)
    if termijnbedrag is not None:  # an adjusted amount, with the reason in the toelichting
        voorstel = pbt_voorstel(
            openstaand=openstaand,
            capaciteit=cent(termijnbedrag),
            vermogen=cent(Decimal("0")),
            vrijgesteld_vermogen=beleid.vrijgesteld_vermogen,
            max_termijnen_standaard=beleid.standaard_max_termijnen,
            minimum_termijn=beleid.standaard_minimum_termijn,
            pbt_looptijd_maanden=beleid.pbt_looptijd_maanden,
            heroverweging_maanden=beleid.pbt_heroverweging_maanden,
        )
    data = {"capaciteit": berekening.capaciteit, "uitkomst": voorstel.soort}
    if not voorstel.termijnen:
        return None, data
    regeling = start_regeling(
        burger=verzoek.burger,
        soort=RegelingSoort.PBT,
        vorderingen=vorderingen,
        termijnbedragen=list(voorstel.termijnen),
        eerste_vervaldatum=plus_maanden(dag, 1),
        dag=dag,
        verzoek=verzoek,
        capaciteit=berekening.capaciteit,
        restschuld=voorstel.voorwaardelijke_restschuld,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
    )
    data.update(
        termijnbedrag=regeling.termijnbedrag,
        aantal=regeling.aantal_termijnen,
        restschuld=regeling.voorwaardelijke_restschuld,
        regeling=regeling.kenmerk,
    )
    return regeling, data


def _voer_pauze_uit(
    verzoek, vorderingen, *, dag, medewerker, startdatum=None, einddatum=None, afspraken: str = ""
):
    gegevens = verzoek.gegevens
    start = startdatum or date.fromisoformat(gegevens["start"])
    eind = einddatum or date.fromisoformat(gegevens["eind"])
    beleid = beleid_op(dag)
    if eind > plus_maanden(start, beleid.pauze_max_maanden) or eind < start:
        raise Weigering(
            _(
                "A pause cannot last longer than the policy allows, and cannot end before it starts. Choose other dates."
            )
        )
    if not contact_gehad(verzoek):
        raise Weigering(_("Record the conversation with the person before you decide on a pause."))
    pauze = Pauze.objects.create(
        burger=verzoek.burger,
        verzoek=verzoek,
        reden=gegevens.get("reden", ""),
        startdatum=start,
        einddatum=eind,
        afspraken=afspraken or gegevens.get("voorstel_daarna", ""),
        vastgelegd_door=medewerker,
    )
    pauze.vorderingen.set(vorderingen)
    schuif_regelingen_op(vorderingen, van=start, tot=eind, dag=dag)
    registreer_event(
        burger=verzoek.burger,
        soort=EventSoort.PAUZE_GESTART,
        tijdstip=clock.op_dag(start, 8),
        verzoek=verzoek,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
        data={"van": start, "tot": eind, "afspraken": pauze.afspraken},
    )
    return pauze, {"van": start, "tot": eind}


def contact_gehad(verzoek: Verzoek) -> bool:
    """A conversation recorded around the request (the call that led to it counts too)."""
    dagen = beleid_op(clock.today()).pauze_contact_dagen
    sinds = verzoek.ingediend_op - timedelta(days=dagen)
    return verzoek.burger.contacten.filter(tijdstip__gte=sinds).exists()


def _voer_bundeling_uit(verzoek, vorderingen, *, dag, medewerker):
    regeling = start_standaardregeling(
        vorderingen=vorderingen,
        dag=dag,
        soort=RegelingSoort.GEBUNDELD,
        verzoek=verzoek,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
    )
    return regeling, {
        "termijnbedrag": regeling.termijnbedrag,
        "aantal": regeling.aantal_termijnen,
        "regeling": regeling.kenmerk,
    }


@transaction.atomic
def wijs_af(verzoek: Verzoek, *, medewerker, reden: str) -> None:
    """Refuse, with a reason the person can read (required)."""
    if not reden.strip():
        raise Weigering(_("Write the reason for the refusal."))
    _overgang(
        verzoek,
        "afwijzen",
        besloten_op=clock.now(),
        besluit_toelichting=reden,
        behandelaar=medewerker,
    )
    event = _event(
        verzoek,
        EventSoort.VERZOEK_AFGEWEZEN,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
        data={"toelichting": reden},
    )
    _besluitbrief(
        verzoek, DocumentSoort.BESLUIT_VERZOEK, event, {**event.data, "besluit": "afgewezen"}
    )
