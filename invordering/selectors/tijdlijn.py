"""Timelines: what happened (the event log) and what will happen (schedules and the rule).

One list of moments per page, in date order, with "today" between past and future. The
future part answers "als u niets doet": the next termijnen, the next verrekening, the end
of a regeling or pause, a decision date, and the next escalation step with its costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from invordering.models import (
    ActorRol,
    Boeking,
    Event,
    EventSoort,
    Fase,
    TermijnStatus,
    Verrekening,
)
from invordering.rules.kalender import plus_maanden
from invordering.selectors.overzicht import Overzicht

# Internal bookkeeping a burger does not need on their timeline; and the verrekening,
# which its own row tells (``_verrekeningen``): events of that kind from before are
# skipped so no month shows twice.
VERBORGEN = {EventSoort.SIGNAAL_AFGEHANDELD, EventSoort.VERREKENING}
FILTERS = {
    "standaard": None,  # everything but the voorschot versions (those are on each debt's page)
    "alles": None,
    "betalingen": {
        EventSoort.BETALING,
        EventSoort.VERREKENING,
        EventSoort.KWIJTSCHELDING,
        EventSoort.AFGEROND,
    },
    "brieven": None,  # every event that produced a letter
    "beslissingen": {
        EventSoort.DEFINITIEVE_BEREKENING,
        EventSoort.HERZIENING,
        EventSoort.TERUGVORDERING,
        EventSoort.VERZOEK_TOEGEKEND,
        EventSoort.VERZOEK_AFGEWEZEN,
        EventSoort.REGELING_GESTART,
        EventSoort.REGELING_INGETROKKEN,
        EventSoort.PAUZE_GESTART,
        EventSoort.BEZWAAR_BESLOTEN,
    },
}
TOEKOMST_TERMIJNEN = 3


@dataclass(frozen=True)
class Moment:
    datum: date
    soort: str
    toekomst: bool = False
    kenmerk: str = ""
    vordering_id: int | None = None
    bedrag: Decimal | None = None
    data: dict = field(default_factory=dict, compare=False, hash=False)
    document_id: int | None = None
    actor_rol: str = ""


@dataclass
class Tijdlijn:
    verleden: list[Moment]
    toekomst: list[Moment]
    filter: str


def _events(ov: Overzicht, vordering_id: int | None, filter_: str):
    qs = (
        Event.objects.filter(burger=ov.burger)
        .exclude(soort__in=VERBORGEN)
        .select_related("vordering", "regeling", "document")
        .order_by("tijdstip", "pk")
    )
    if vordering_id is not None:
        kaart = next(k for k in ov.kaarten if k.vordering.pk == vordering_id)
        toeslag = kaart.vordering.toeslag
        qs = qs.filter(
            Q(vordering_id=vordering_id)
            | Q(regeling__leden__vordering_id=vordering_id)
            | Q(verzoek__vorderingen__id=vordering_id)
            | Q(data__toeslag=toeslag.soort, data__jaar=toeslag.jaar, vordering__isnull=True)
        ).distinct()
    elif filter_ == "alles":
        pass
    else:
        qs = qs.exclude(soort=EventSoort.VOORSCHOT)  # versions are on each vordering's own timeline
    if filter_ == "brieven":
        qs = qs.filter(document__isnull=False)
    elif FILTERS.get(filter_):
        qs = qs.filter(soort__in=FILTERS[filter_])
    return qs


def _moment_uit_event(event: Event) -> Moment:
    data = event.data or {}
    kenmerk = (
        (event.vordering and event.vordering.kenmerk)
        or (event.regeling and event.regeling.kenmerk)
        or ""
    )
    bedrag = data.get("bedrag") or data.get("termijnbedrag")
    document = getattr(event, "document", None)
    return Moment(
        datum=timezone.localdate(event.tijdstip),
        soort=event.soort,
        kenmerk=kenmerk or data.get("kenmerk", ""),
        vordering_id=event.vordering_id,
        bedrag=Decimal(str(bedrag)) if bedrag not in (None, "") else None,
        data=data,
        document_id=document.pk if document else None,
        actor_rol=event.actor_rol,
    )


def _toont_verrekeningen(filter_: str) -> bool:
    # A verrekening is no letter and no decision; it belongs with the payments.
    soorten = FILTERS.get(filter_)
    return EventSoort.VERREKENING in soorten if soorten else filter_ in ("standaard", "alles")


def _verrekeningen(ov: Overzicht, vordering_id: int | None):
    """The burger's verrekeningen (of one vordering: those that paid it), each with the
    vorderingen its bookings paid. The monthly run writes no event for them: at national
    scale those were a third of the rows it wrote."""
    qs = Verrekening.objects.filter(burger=ov.burger)
    if vordering_id is not None:
        qs = qs.filter(boekingen__vordering_id=vordering_id).distinct()
    return qs.select_related("toeslag").prefetch_related(
        Prefetch("boekingen", queryset=Boeking.objects.only("verrekening_id", "vordering_id"))
    )


def _moment_uit_verrekening(verrekening: Verrekening, kenmerken: dict[int, str]) -> Moment:
    betaald = {boeking.vordering_id for boeking in verrekening.boekingen.all()}
    enige = next(iter(betaald)) if len(betaald) == 1 else None
    return Moment(
        datum=timezone.localdate(verrekening.aangemaakt_op),
        soort=EventSoort.VERREKENING.value,
        kenmerk=kenmerken.get(enige, ""),
        vordering_id=enige,
        bedrag=verrekening.bedrag,
        data={
            "toeslag": verrekening.toeslag.soort,
            "maand": verrekening.maand,
            "voorschot": verrekening.voorschot,
            "bedrag": verrekening.bedrag,
            "uitbetaald": verrekening.uitbetaald,
        },
        actor_rol=ActorRol.SYSTEEM.value,
    )


def _verleden(ov: Overzicht, vordering_id: int | None, filter_: str) -> list[Moment]:
    """The event log and the verrekeningen, in the order they happened."""
    rijen = [(e.tijdstip, _moment_uit_event(e)) for e in _events(ov, vordering_id, filter_)]
    if _toont_verrekeningen(filter_):
        kenmerken = {kaart.vordering.pk: kaart.vordering.kenmerk for kaart in ov.kaarten}
        rijen += [
            (v.aangemaakt_op, _moment_uit_verrekening(v, kenmerken))
            for v in _verrekeningen(ov, vordering_id)
        ]
    rijen.sort(key=lambda rij: rij[0])  # stable: events of one moment keep their order
    return [moment for _tijdstip, moment in rijen]


def _toekomst(ov: Overzicht, vordering_id: int | None, verrekendag: int) -> list[Moment]:
    kaarten = [k for k in ov.open if vordering_id in (None, k.vordering.pk)]
    ids = {k.vordering.pk for k in kaarten}
    momenten: list[Moment] = []
    for regeling in ov.regelingen:
        if vordering_id is not None and not any(
            lid.vordering_id in ids for lid in regeling.regeling.leden.all()
        ):
            continue
        open_ = [
            t for t in regeling.termijnen if t.status in (TermijnStatus.OPEN, TermijnStatus.GEMIST)
        ]
        for termijn in open_[:TOEKOMST_TERMIJNEN]:
            momenten.append(
                Moment(
                    termijn.vervaldatum,
                    "termijn",
                    True,
                    regeling.regeling.kenmerk,
                    bedrag=termijn.open_bedrag,
                    data={
                        "nummer": termijn.nummer,
                        "van": regeling.regeling.aantal_termijnen,
                        "gemist": termijn.status == TermijnStatus.GEMIST,
                    },
                )
            )
        if regeling.einddatum and len(open_) > TOEKOMST_TERMIJNEN:
            momenten.append(
                Moment(
                    regeling.einddatum,
                    "regeling_einde",
                    True,
                    regeling.regeling.kenmerk,
                    data={"restschuld": regeling.regeling.voorwaardelijke_restschuld},
                )
            )
    if any(k.vordering.fase == Fase.VERREKENING for k in kaarten):
        momenten.append(
            Moment(_volgende_dag_van_maand(ov.vandaag, verrekendag), "verrekening_gepland", True)
        )
    for verzoek in ov.verzoeken:
        if vordering_id is None or any(v.pk in ids for v in verzoek.vorderingen.all()):
            momenten.append(
                Moment(verzoek.beslistermijn, "beslistermijn", True, data={"soort": verzoek.soort})
            )
    for pauze in ov.pauzes:
        if vordering_id is None or any(v.pk in ids for v in pauze.vorderingen.all()):
            momenten.append(Moment(pauze.beeindigd_op or pauze.einddatum, "pauze_einde", True))
    for signaal in ov.signalen:
        if signaal.contact_voor and any(k.signaal is signaal for k in kaarten):
            momenten.append(Moment(signaal.contact_voor, "contact_gepland", True))
    for kaart in kaarten:
        for dag, stap in kaart.als_niets:
            momenten.append(
                Moment(
                    dag,
                    "stap",
                    True,
                    kaart.vordering.kenmerk,
                    kaart.vordering.pk,
                    bedrag=stap.kosten or None,
                    data={"naar": stap.naar, "brief": stap.brief},
                )
            )
    return sorted(momenten, key=lambda m: (m.datum, m.soort != "stap"))


def _volgende_dag_van_maand(vandaag: date, dag: int) -> date:
    deze_maand = vandaag.replace(day=dag)
    return deze_maand if deze_maand > vandaag else plus_maanden(deze_maand, 1)


def tijdlijn(
    ov: Overzicht, *, verrekendag: int, vordering_id: int | None = None, filter_: str = "standaard"
) -> Tijdlijn:
    """Past moments from the event log and the verrekeningen, future ones from schedules
    and the rule."""
    verleden = _verleden(ov, vordering_id, filter_)
    toon_toekomst = filter_ in ("standaard", "alles") or vordering_id is not None
    toekomst = _toekomst(ov, vordering_id, verrekendag) if toon_toekomst else []
    grens = ov.vandaag + timedelta(days=1)
    return Tijdlijn(
        verleden=[m for m in verleden if m.datum < grens],
        toekomst=[m for m in toekomst if m.datum >= ov.vandaag],
        filter=filter_,
    )
