"""The burger's samenhangend overzicht: everything on one page, in a fixed number of queries.

Nothing here writes. The page, the PDF and the helper's view all read this one model, so
they can never disagree about a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch

from invordering.beleid import Beleid
from invordering.models import (
    Betaling,
    Bezwaar,
    Fase,
    Pauze,
    Regeling,
    RegelingStatus,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    Termijn,
    TermijnStatus,
    Verrekening,
    Verzoek,
    VerzoekStatus,
    Vordering,
)
from invordering.rules.actie import Kandidaat, kies_actie
from invordering.rules.escalatie import Feiten, Stap, bepaal_stap, projectie
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.selectors.feiten import feiten_voor_vorderingen
from invordering.selectors.opbouw import Opbouw, opbouw_per_vordering, totaal

RECENT = 5


@dataclass
class RegelingKaart:
    regeling: Regeling
    termijnen: list[Termijn]
    kenmerken: list[str]
    herinnering_dagen: int = 14  # the policy's term to pay a missed termijn (set by the reader)

    @property
    def uiterlijk(self) -> date | None:
        """When the next termijn must be paid: its due date, or the reminder's deadline."""
        termijn = self.volgende
        if termijn is None:
            return None
        if termijn.status == TermijnStatus.GEMIST:
            return termijn.vervaldatum + timedelta(days=1 + self.herinnering_dagen)
        return termijn.vervaldatum

    @property
    def betaald_aantal(self) -> int:
        return sum(1 for t in self.termijnen if t.status == TermijnStatus.BETAALD)

    @property
    def gemist(self) -> list[Termijn]:
        return [t for t in self.termijnen if t.status == TermijnStatus.GEMIST]

    @property
    def volgende(self) -> Termijn | None:
        open_ = [
            t for t in self.termijnen if t.status in (TermijnStatus.OPEN, TermijnStatus.GEMIST)
        ]
        return min(open_, key=lambda t: (t.vervaldatum, t.nummer)) if open_ else None

    @property
    def einddatum(self) -> date | None:
        actief = [t.vervaldatum for t in self.termijnen if t.status != TermijnStatus.VERVALLEN]
        return max(actief) if actief else None

    @property
    def totaal(self) -> Decimal:
        return sum(
            (t.bedrag for t in self.termijnen if t.status != TermijnStatus.VERVALLEN),
            Decimal("0.00"),
        )

    @property
    def betaald_bedrag(self) -> Decimal:
        return sum((t.betaald for t in self.termijnen), Decimal("0.00"))

    @property
    def procent(self) -> int:
        return int(self.betaald_bedrag * 100 / self.totaal) if self.totaal else 100


@dataclass
class VorderingKaart:
    vordering: Vordering
    opbouw: Opbouw
    feiten: Feiten | None = None
    stap: Stap | None = None  # what the rule does today (a wait says why and until when)
    als_niets: tuple = ()  # ((date, Stap), ...) if the person does nothing
    regeling: RegelingKaart | None = None
    verzoek: Verzoek | None = None
    pauze: Pauze | None = None
    bezwaar: Bezwaar | None = None
    signaal: Signaal | None = None


@dataclass
class Overzicht:
    burger: object
    vandaag: date
    open: list[VorderingKaart]
    afgerond: list[VorderingKaart]
    regelingen: list[RegelingKaart]
    betalingen: list[Betaling]
    verrekeningen: list[Verrekening]
    verzoeken: list[Verzoek]
    pauzes: list[Pauze]
    signalen: list[Signaal]
    actie: Kandidaat
    totaal: Opbouw = field(default_factory=Opbouw)

    @property
    def kaarten(self) -> list[VorderingKaart]:
        return self.open + self.afgerond


def _vorderingen(burger, alleen: int | None) -> list[Vordering]:
    qs = burger.vorderingen.select_related("toeslag", "beschikking").prefetch_related(
        Prefetch("bezwaren", queryset=Bezwaar.objects.order_by("-ingediend_op"))
    )
    if alleen is not None:
        qs = qs.filter(pk=alleen)
    return list(qs.order_by("dagtekening", "pk"))


def _regelingen(burger, beleid: Beleid) -> list[RegelingKaart]:
    regelingen = (
        Regeling.objects.filter(burger=burger, status=RegelingStatus.LOPEND)
        .prefetch_related(
            Prefetch("termijnen", queryset=Termijn.objects.order_by("nummer")),
            Prefetch("leden__vordering"),
        )
        .order_by("startdatum", "pk")
    )
    return [
        RegelingKaart(
            r,
            list(r.termijnen.all()),
            [lid.vordering.kenmerk for lid in r.leden.all()],
            beleid.herinnering_termijn_dagen,
        )
        for r in regelingen
    ]


def _verzoeken(burger) -> list[Verzoek]:
    return list(
        Verzoek.objects.filter(burger=burger, status__in=OPEN_STATUSSEN)
        .prefetch_related("vorderingen")
        .order_by("beslistermijn", "pk")
    )


def _pauzes(burger, dag: date) -> list[Pauze]:
    pauzes = Pauze.objects.filter(burger=burger).prefetch_related("vorderingen")
    return [p for p in pauzes if p.is_actief_op(dag)]


def _signalen(burger) -> list[Signaal]:
    return list(
        Signaal.objects.filter(
            burger=burger, status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING]
        )
        .prefetch_related("vorderingen")
        .order_by("contact_voor")
    )


def overzicht(
    burger, *, vandaag: date, beleid: Beleid, vordering_id: int | None = None
) -> Overzicht:
    """The whole picture of one burger on ``vandaag`` (or of one of their vorderingen)."""
    vorderingen = _vorderingen(burger, vordering_id)
    opbouw = opbouw_per_vordering(v.pk for v in vorderingen)
    open_ = [v for v in vorderingen if v.fase != Fase.AFGEROND]
    feiten = feiten_voor_vorderingen(open_, vandaag, beleid) if open_ else {}
    regelingen, verzoeken = _regelingen(burger, beleid), _verzoeken(burger)
    pauzes, signalen = _pauzes(burger, vandaag), _signalen(burger)
    kaarten = {v.pk: VorderingKaart(v, opbouw[v.pk]) for v in vorderingen}
    _koppel(kaarten, regelingen, verzoeken, pauzes, signalen)
    escalatie = beleid.escalatie()
    for v in open_:
        kaart = kaarten[v.pk]
        kaart.feiten = feiten[v.pk]
        kaart.stap = bepaal_stap(kaart.feiten, escalatie)
        kaart.als_niets = projectie(
            kaart.feiten, escalatie, tot=vandaag + timedelta(days=400), max_stappen=4
        )
    open_kaarten = [kaarten[v.pk] for v in open_]
    return Overzicht(
        burger=burger,
        vandaag=vandaag,
        open=open_kaarten,
        afgerond=[kaarten[v.pk] for v in vorderingen if v.fase == Fase.AFGEROND],
        regelingen=regelingen,
        betalingen=list(burger.betalingen.order_by("-ontvangen_op", "-pk")[:RECENT]),
        verrekeningen=list(
            burger.verrekeningen.select_related("toeslag").order_by("-maand", "-pk")[:RECENT]
        ),
        verzoeken=verzoeken,
        pauzes=pauzes,
        signalen=signalen,
        actie=kies_actie(kandidaten(open_kaarten, regelingen, verzoeken, pauzes, signalen, beleid)),
        totaal=totaal(k.opbouw for k in open_kaarten),
    )


def koppel_regelingen_verzoeken_pauzes(kaarten: dict, regelingen, verzoeken, pauzes) -> None:
    """Hang each regeling, verzoek and pauze on the cards (by vordering pk) it concerns."""
    for regeling in regelingen:
        for lid in regeling.regeling.leden.all():
            if lid.vordering_id in kaarten:
                kaarten[lid.vordering_id].regeling = regeling
    for verzoek in verzoeken:
        for v in verzoek.vorderingen.all():
            if v.pk in kaarten:
                kaarten[v.pk].verzoek = verzoek
    for pauze in pauzes:
        for v in pauze.vorderingen.all():
            if v.pk in kaarten:
                kaarten[v.pk].pauze = pauze


def _koppel(kaarten, regelingen, verzoeken, pauzes, signalen) -> None:
    """Hang each regeling, verzoek, pauze, bezwaar and signaal on the cards it concerns."""
    for kaart in kaarten.values():
        kaart.bezwaar = next(iter(kaart.vordering.bezwaren.all()), None)
    koppel_regelingen_verzoeken_pauzes(kaarten, regelingen, verzoeken, pauzes)
    for signaal in signalen:
        gekoppeld = [v.pk for v in signaal.vorderingen.all()] or list(kaarten)
        for pk in gekoppeld:
            if pk in kaarten and signaal.soort == SignaalSoort.STILGEVALLEN:
                kaarten[pk].signaal = signaal


def _uiterlijk(kaart: VorderingKaart, beleid: Beleid) -> date | None:
    v = kaart.vordering
    termijn = {
        Fase.OPEN: None,
        Fase.HERINNERING: beleid.herinnering_termijn_dagen,
        Fase.AANMANING: beleid.aanmaning_termijn_dagen,
        Fase.DWANGBEVEL: beleid.dwangbevel_termijn_dagen,
    }
    if v.fase == Fase.OPEN:
        return v.vervaldatum
    if v.fase in termijn:
        return v.fase_sinds + timedelta(days=termijn[v.fase])
    return None


def kandidaten(kaarten, regelingen, verzoeken, pauzes, signalen, beleid: Beleid) -> list[Kandidaat]:
    """Everything that may need doing; a pending verzoek or a pause silences its debts."""
    # A pending request, a pause or an objection with deferral holds a debt: nothing to do.
    stil = {
        k.vordering.pk
        for k in kaarten
        if k.verzoek or k.pauze or (k.stap and "bezwaar_met_uitstel" in k.stap.guards)
    }
    result = [_termijn_kandidaat(r, beleid) for r in regelingen if not _alles_stil(r, stil)]
    fase_soort = {
        Fase.OPEN: "betaaltermijn",
        Fase.HERINNERING: "herinnering",
        Fase.AANMANING: "aanmaning",
        Fase.DWANGBEVEL: "dwangbevel",
        Fase.BESLAG: "beslag",
        Fase.VERREKENING: "verrekening",
    }
    for kaart in kaarten:
        v = kaart.vordering
        if v.pk in stil or kaart.regeling or v.fase not in fase_soort:
            continue
        result.append(
            Kandidaat(
                fase_soort[v.fase],
                _uiterlijk(kaart, beleid),
                v.saldo,
                (v.kenmerk,),
                {"vordering": v.pk},
            )
        )
    for verzoek in verzoeken:
        soort = "info_gevraagd" if verzoek.status == VerzoekStatus.INFO_GEVRAAGD else "verzoek"
        result.append(
            Kandidaat(
                soort,
                verzoek.beslistermijn,
                None,
                (),
                {"verzoek": verzoek.pk, "soort": verzoek.soort},
            )
        )
    for pauze in pauzes:
        result.append(
            Kandidaat("pauze", pauze.beeindigd_op or pauze.einddatum, None, (), {"pauze": pauze.pk})
        )
    in_signaal = {k.vordering.pk for k in kaarten if k.vordering.fase == Fase.SIGNAAL}
    for signaal in signalen:
        # Only while a debt waits for the call; after the hold the process went on.
        if signaal.soort == SignaalSoort.STILGEVALLEN and in_signaal & {
            v.pk for v in signaal.vorderingen.all()
        }:
            result.append(
                Kandidaat("signaal", signaal.contact_voor, None, (), {"signaal": signaal.pk})
            )
    return [k for k in result if k is not None]


def _alles_stil(regeling: RegelingKaart, stil: set[int]) -> bool:
    return all(lid.vordering_id in stil for lid in regeling.regeling.leden.all())


def _termijn_kandidaat(kaart: RegelingKaart, beleid: Beleid) -> Kandidaat | None:
    termijn = kaart.volgende
    if termijn is None:
        return None
    details = {
        "regeling": kaart.regeling.pk,
        "termijn": termijn.pk,
        "nummer": termijn.nummer,
        "van": kaart.regeling.aantal_termijnen,
    }
    if termijn.status == TermijnStatus.GEMIST:
        uiterlijk = termijn.vervaldatum + timedelta(days=1 + beleid.herinnering_termijn_dagen)
        return Kandidaat(
            "termijn_gemist", uiterlijk, termijn.open_bedrag, (kaart.regeling.kenmerk,), details
        )
    return Kandidaat(
        "termijn", termijn.vervaldatum, termijn.open_bedrag, (kaart.regeling.kenmerk,), details
    )
