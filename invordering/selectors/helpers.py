"""Reads for helpers: the dashboard of all their clients, in a fixed number of queries.

One row per client (a burger with a machtiging the helper may see). The amounts, the next
deadline and the signals come from set-based queries over all clients at once and from
the same rules the burger's own overview uses (``kandidaten`` and ``kies_actie`` for the
next deadline, ``projectie`` for the next automatic step), so the helper and the burger
never read a different deadline. Only clients whose machtiging holds today show figures:
an ended or not yet valid machtiging shows the person's name and the mandate, nothing more.

Query budget (independent of the number of clients): machtigingen 1, vorderingen 1,
escalation facts up to 8 (``feiten_voor_vorderingen``), regelingen 3, verzoeken 2, pauzes 2,
signalen 2, open invitations 1; a prefetch runs only when its parent rows exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch

from invordering import policy
from invordering.beleid import Beleid
from invordering.models import (
    Burger,
    Fase,
    Helper,
    Machtiging,
    MachtigingStatus,
    Pauze,
    Regeling,
    RegelingStatus,
    Signaal,
    SignaalStatus,
    Termijn,
    TermijnStatus,
    Verzoek,
    VerzoekStatus,
    Vordering,
)
from invordering.rules.actie import NIETS, Kandidaat, kies_actie
from invordering.rules.escalatie import projectie
from invordering.rules.geld import som
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.selectors.feiten import feiten_voor_vorderingen
from invordering.selectors.opbouw import Opbouw
from invordering.selectors.overzicht import (
    RegelingKaart,
    VorderingKaart,
    kandidaten,
    koppel_regelingen_verzoeken_pauzes,
)

# How far ahead the dashboard looks (the issue: "within 14 days", "ends within 30 days").
VOORUIT_DAGEN = 14
VERLOOPT_DAGEN = 30

# The state of a client's machtiging on the day, as the dashboard shows and filters it.
ACTIEF, VERLOOPT, WACHT, BEEINDIGD = "actief", "verloopt", "wacht", "beeindigd"
MACHTIGING_TOESTANDEN = (ACTIEF, VERLOOPT, WACHT, BEEINDIGD)

# Signals that need the helper's action, in the order the row lists them.
ESCALATIE = "escalatie"
BESLISTERMIJN = "beslistermijn"
INFO_GEVRAAGD = "info_gevraagd"
TERMIJN_GEMIST = "termijn_gemist"
MACHTIGING_VERLOOPT = "machtiging_verloopt"
SIGNAAL_SOORTEN = (ESCALATIE, TERMIJN_GEMIST, INFO_GEVRAAGD, BESLISTERMIJN, MACHTIGING_VERLOOPT)


@dataclass(frozen=True)
class Melding:
    """One reason to act: its kind, the day it is about, and what it concerns.

    ``wat`` is the fase the next automatic step moves to (escalatie), the kind of request
    (beslistermijn, info_gevraagd) or the regeling's kenmerk (termijn_gemist).
    """

    soort: str
    datum: date | None = None
    wat: str = ""
    aantal: int = 1


@dataclass
class ClientRegel:
    """One client on the dashboard. Figures are None when the machtiging does not hold today."""

    burger: Burger
    machtiging: Machtiging
    toestand: str  # ACTIEF, VERLOOPT, WACHT or BEEINDIGD
    vandaag: date
    totaal_open: Decimal | None = None
    aantal_open: int = 0
    volgende: Kandidaat = NIETS  # the next deadline, as the burger's own overview says it
    verzoeken_open: int = 0
    eerste_beslistermijn: date | None = None
    meldingen: list[Melding] = field(default_factory=list)

    @property
    def bruikbaar(self) -> bool:
        """The helper may act under this machtiging today."""
        return self.toestand in (ACTIEF, VERLOOPT)

    @property
    def actie_nodig(self) -> bool:
        return bool(self.meldingen)

    @property
    def signaal_soorten(self) -> set[str]:
        return {m.soort for m in self.meldingen}

    @property
    def ingetrokken(self) -> bool:
        return self.machtiging.status == MachtigingStatus.INGETROKKEN

    @property
    def dagen_tot_einde(self) -> int:
        return (self.machtiging.geldig_tot - self.vandaag).days


@dataclass
class Dashboard:
    helper: Helper
    vandaag: date
    clienten: list[ClientRegel]
    open_uitnodigingen: int = 0  # codes e-mailed to this helper that they have not entered yet

    @property
    def aantal_actie_nodig(self) -> int:
        return sum(1 for c in self.clienten if c.actie_nodig)


# Dutch alphabetical order skips these: "Klaas van der Wal" is found under W.
TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "aan", "bij", "uit"}
)


def sorteernaam(achternaam: str) -> str:
    """The surname as a Dutch list sorts it: "van der Wal" -> "wal", "de Boer" -> "boer"."""
    woorden = achternaam.split()
    while len(woorden) > 1 and woorden[0].lower() in TUSSENVOEGSELS:
        woorden.pop(0)
    return " ".join(woorden).lower()


def toestand_van(machtiging: Machtiging, dag: date) -> str:
    if machtiging.status == MachtigingStatus.INGETROKKEN or machtiging.geldig_tot < dag:
        return BEEINDIGD
    if machtiging.status != MachtigingStatus.ACTIEF or machtiging.geldig_van > dag:
        return WACHT
    if machtiging.geldig_tot <= dag + timedelta(days=VERLOOPT_DAGEN):
        return VERLOOPT
    return ACTIEF


_RANG = {ACTIEF: 0, VERLOOPT: 0, WACHT: 1, BEEINDIGD: 2}


def _per_client(machtigingen: list[Machtiging], dag: date) -> list[tuple[Machtiging, str, bool]]:
    """One machtiging per burger: the usable one lasting longest, else pending, else ended.

    A bewindvoerder office may hold several for one person (a colleague's, an old and a
    renewed one); the helper sees one row. The bool says a later machtiging takes over
    after this one, so its end is no reason to act.
    """
    per_burger: dict[int, list[tuple[Machtiging, str]]] = defaultdict(list)
    for m in machtigingen:
        per_burger[m.vertegenwoordigde_id].append((m, toestand_van(m, dag)))
    result = []
    for lijst in per_burger.values():
        m, toestand = min(lijst, key=lambda mt: (_RANG[mt[1]], -mt[0].geldig_tot.toordinal()))
        opvolger = any(
            t != BEEINDIGD and ander.pk != m.pk and ander.geldig_tot > m.geldig_tot
            for ander, t in lijst
        )
        result.append((m, toestand, opvolger))
    return result


def dashboard(helper: Helper, *, vandaag: date, beleid: Beleid) -> Dashboard:
    """All clients of ``helper`` on ``vandaag``, sorted by name; a fixed number of queries."""
    # A withdrawn machtiging is the burger's choice to end the help: that person leaves the
    # list at once. One that simply ran out stays (as "ended"), so the helper can ask again.
    machtigingen = list(
        policy.zichtbare_machtigingen(helper)
        .exclude(status=MachtigingStatus.INGETROKKEN)
        .select_related("vertegenwoordigde", "gemachtigde")
    )
    regels = []
    for m, toestand, opvolger in _per_client(machtigingen, vandaag):
        regel = ClientRegel(
            burger=m.vertegenwoordigde, machtiging=m, toestand=toestand, vandaag=vandaag
        )
        if toestand == VERLOOPT and not opvolger:
            regel.meldingen.append(Melding(MACHTIGING_VERLOOPT, m.geldig_tot))
        regels.append(regel)
    _vul_cijfers([r for r in regels if r.bruikbaar], vandaag, beleid)
    for regel in regels:
        regel.meldingen.sort(key=lambda m: (m.datum or date.max, SIGNAAL_SOORTEN.index(m.soort)))
    regels.sort(
        key=lambda r: (sorteernaam(r.burger.achternaam), r.burger.voornamen.lower(), r.burger.pk)
    )
    return Dashboard(helper, vandaag, regels, _open_uitnodigingen(helper, vandaag, beleid))


def _open_uitnodigingen(helper: Helper, vandaag: date, beleid: Beleid) -> int:
    """Invitations e-mailed to this helper's address, not yet redeemed; a count, no names:
    until the code is entered nothing about the person may be shown."""
    if not helper.email:
        return 0
    sinds = vandaag - timedelta(days=beleid.machtigingscode_geldig_dagen)
    return Machtiging.objects.filter(
        status=MachtigingStatus.AANGEVRAAGD,
        gemachtigde__isnull=True,
        uitgenodigd_email__iexact=helper.email,
        aangemaakt_op__date__gte=sinds,
    ).count()


def _vul_cijfers(regels: list[ClientRegel], vandaag: date, beleid: Beleid) -> None:
    """Totals, the next deadline, requests and signals for all usable clients at once."""
    if not regels:
        return
    burger_ids = [r.burger.pk for r in regels]
    vorderingen = list(
        Vordering.objects.filter(burger_id__in=burger_ids)
        .exclude(fase=Fase.AFGEROND)
        .select_related("toeslag")
        .order_by("dagtekening", "pk")
    )
    feiten = feiten_voor_vorderingen(vorderingen, vandaag, beleid) if vorderingen else {}
    regelingen = _regelingen(burger_ids, beleid)
    verzoeken = _per_burger(
        Verzoek.objects.filter(burger_id__in=burger_ids, status__in=OPEN_STATUSSEN)
        .prefetch_related("vorderingen")
        .order_by("beslistermijn", "pk")
    )
    pauzes = _per_burger(
        p
        for p in Pauze.objects.filter(burger_id__in=burger_ids).prefetch_related("vorderingen")
        if p.is_actief_op(vandaag)
    )
    signalen = _per_burger(
        Signaal.objects.filter(
            burger_id__in=burger_ids, status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING]
        )
        .prefetch_related("vorderingen")
        .order_by("contact_voor", "pk")
    )
    per_burger = _per_burger(vorderingen)
    escalatie = beleid.escalatie()
    for regel in regels:
        pk = regel.burger.pk
        kaarten = _kaarten(per_burger[pk], regelingen[pk], verzoeken[pk], pauzes[pk])
        regel.totaal_open = som([v.saldo for v in per_burger[pk]])
        regel.aantal_open = len(per_burger[pk])
        regel.volgende = kies_actie(
            kandidaten(kaarten, regelingen[pk], verzoeken[pk], pauzes[pk], signalen[pk], beleid)
        )
        regel.verzoeken_open = len(verzoeken[pk])
        regel.eerste_beslistermijn = min(
            (v.beslistermijn for v in verzoeken[pk] if v.beslistermijn), default=None
        )
        regel.meldingen += _escalaties(per_burger[pk], feiten, escalatie, vandaag)
        regel.meldingen += _verzoek_meldingen(verzoeken[pk], vandaag)
        regel.meldingen += _gemiste_termijnen(regelingen[pk])


def _per_burger(objecten) -> defaultdict[int, list]:
    result: defaultdict[int, list] = defaultdict(list)
    for obj in objecten:
        result[obj.burger_id].append(obj)
    return result


def _regelingen(burger_ids: list[int], beleid: Beleid) -> defaultdict[int, list[RegelingKaart]]:
    rijen = (
        Regeling.objects.filter(burger_id__in=burger_ids, status=RegelingStatus.LOPEND)
        .prefetch_related(
            Prefetch("termijnen", queryset=Termijn.objects.order_by("nummer")),
            Prefetch("leden__vordering"),
        )
        .order_by("startdatum", "pk")
    )
    result: defaultdict[int, list[RegelingKaart]] = defaultdict(list)
    for r in rijen:
        kaart = RegelingKaart(
            r,
            list(r.termijnen.all()),
            [lid.vordering.kenmerk for lid in r.leden.all()],
            beleid.herinnering_termijn_dagen,
        )
        result[r.burger_id].append(kaart)
    return result


def _kaarten(vorderingen, regelingen, verzoeken, pauzes) -> list[VorderingKaart]:
    """The cards ``kandidaten`` reads, linked to their regeling, verzoek and pauze."""
    kaarten = {v.pk: VorderingKaart(v, Opbouw()) for v in vorderingen}
    koppel_regelingen_verzoeken_pauzes(kaarten, regelingen, verzoeken, pauzes)
    return list(kaarten.values())


def _escalaties(vorderingen, feiten, escalatie, vandaag: date) -> list[Melding]:
    """The first automatic step within VOORUIT_DAGEN if nobody does anything; per day and
    step one signal (several debts reminded on the same day are one thing to act on)."""
    tot = vandaag + timedelta(days=VOORUIT_DAGEN)
    stappen: dict[tuple[date, str], int] = defaultdict(int)
    for v in vorderingen:
        for dag, stap in projectie(feiten[v.pk], escalatie, tot=tot, max_stappen=1):
            if dag <= tot and stap.naar != Fase.AFGEROND:
                stappen[(dag, stap.naar)] += 1
    return [Melding(ESCALATIE, dag, naar, n) for (dag, naar), n in sorted(stappen.items())]


def _verzoek_meldingen(verzoeken, vandaag: date) -> list[Melding]:
    tot = vandaag + timedelta(days=VOORUIT_DAGEN)
    result = []
    for v in verzoeken:
        if v.status == VerzoekStatus.INFO_GEVRAAGD:
            result.append(Melding(INFO_GEVRAAGD, v.beslistermijn, v.soort))
        elif v.beslistermijn and v.beslistermijn <= tot:
            result.append(Melding(BESLISTERMIJN, v.beslistermijn, v.soort))
    return result


def _gemiste_termijnen(regelingen) -> list[Melding]:
    result = []
    for kaart in regelingen:
        gemist = [t for t in kaart.termijnen if t.status == TermijnStatus.GEMIST]
        if gemist:
            eerste = min(gemist, key=lambda t: t.vervaldatum)
            result.append(
                Melding(
                    TERMIJN_GEMIST,
                    kaart.uiterlijk or eerste.vervaldatum,
                    kaart.regeling.kenmerk,
                    len(gemist),
                )
            )
    return result
