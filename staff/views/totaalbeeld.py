"""The totaalbeeld: everything about one burger on one screen, for the staff who decide.

The page reads the same overview model as the burger's own page (selectors.overzicht),
so staff and burger never disagree about a number, and adds what only staff see: the
requests with their answers and calculation, signals, conversations, mandates, letters,
the whole timeline and who on the staff did what.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from invordering import audit, clock, policy
from invordering.beleid import Beleid, beleid_op
from invordering.models import (
    ActorRol,
    Burger,
    Contactmoment,
    Event,
    EventSoort,
    Leefsituatie,
    PauzeReden,
    Signaal,
    SignaalStatus,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
    Vordering,
)
from invordering.policy import (
    mag_bijlage_downloaden,
    mag_brief_downloaden,
    mag_machtiging_intrekken,
    mag_machtiging_registreren,
)
from invordering.rules.geld import som
from invordering.rules.kalender import plus_maanden
from invordering.rules.termijnen import standaard_termijnen
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.selectors import overzicht as lees_overzicht
from invordering.selectors import tijdlijn as lees_tijdlijn
from invordering.selectors.wachtgeschiedenis import wachtgeschiedenis
from invordering.services.verzoeken import pbt_berekening
from invordering.templatetags.invordering import euro
from staff.forms import BesluitForm, ContactForm
from staff.uitkomsten import uitkomst_tekst
from staff.views.basis import admin_context, medewerker_met

# Why the next automatic step waits (rules.escalatie guards), in staff words.
GUARD_TEKST = {
    "verzoek_in_behandeling": gettext_lazy("a request is being handled"),
    "pauze_actief": gettext_lazy("collection is paused"),
    "bezwaar_met_uitstel": gettext_lazy("an objection with deferral"),
    "regeling_lopend": gettext_lazy("a payment plan is running"),
    "open_maatwerk_signaal": gettext_lazy("an open signal asks for a custom solution"),
}
MEDEWERKER_ACTIES = 100


@dataclass
class Bundelplan:
    aantal: int
    termijnbedrag: Decimal
    totaal: Decimal


@dataclass
class VerzoekBlok:
    """One request as the totaalbeeld shows it, with what a decision needs."""

    verzoek: Verzoek
    dagen: int | None
    openstaand: Decimal
    form: BesluitForm | None = None
    berekening: object = None
    voorstel: object = None
    voorstel_einddatum: date | None = None
    begroting: list = field(default_factory=list)
    begroting_totaal: Decimal | None = None
    bundelplan: Bundelplan | None = None
    contact: Contactmoment | None = None
    contact_sinds: date | None = None
    vragen: list = field(default_factory=list)
    reden_label: str = ""
    leefsituatie_label: str = ""

    @property
    def te_laat(self) -> int | None:
        return None if self.dagen is None else -self.dagen

    @property
    def open(self) -> bool:
        return self.verzoek.status in OPEN_STATUSSEN


def _verzoeken(burger) -> list[Verzoek]:
    return list(
        Verzoek.objects.filter(burger=burger)
        .exclude(status=VerzoekStatus.CONCEPT)
        .select_related("behandelaar", "ingediend_door")
        .prefetch_related(
            Prefetch(
                "vorderingen",
                queryset=Vordering.objects.select_related("toeslag").order_by("dagtekening", "pk"),
            ),
            "bijlagen",
        )
        .order_by("-ingediend_op", "-pk")
    )


def _pbt(blok: VerzoekBlok, beleid: Beleid, vandaag: date) -> None:
    gegevens = blok.verzoek.gegevens or {}
    leefsituatie = gegevens.get("leefsituatie", "")
    blok.leefsituatie_label = str(dict(Leefsituatie.choices).get(leefsituatie, leefsituatie))
    try:
        blok.berekening, blok.voorstel = pbt_berekening(
            gegevens, openstaand=blok.openstaand, beleid=beleid
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        blok.berekening = blok.voorstel = None  # the page says the answers are incomplete
    else:
        if blok.voorstel.termijnen:
            blok.voorstel_einddatum = plus_maanden(vandaag, blok.voorstel.looptijd)
    for regel in gegevens.get("eigen_begroting") or []:
        try:
            blok.begroting.append((regel.get("omschrijving", ""), Decimal(str(regel["bedrag"]))))
        except (AttributeError, KeyError, InvalidOperation):
            continue
    if blok.begroting:
        blok.begroting_totaal = som(b for _o, b in blok.begroting)


def _bundeling(blok: VerzoekBlok, beleid: Beleid) -> None:
    if blok.openstaand <= 0:
        return
    bedragen = standaard_termijnen(
        blok.openstaand,
        max_termijnen=beleid.standaard_max_termijnen,
        minimum_termijn=beleid.standaard_minimum_termijn,
    )
    blok.bundelplan = Bundelplan(len(bedragen), bedragen[0], som(bedragen))


def _pauze(blok: VerzoekBlok, contacten: list[Contactmoment], beleid) -> None:
    gegevens = blok.verzoek.gegevens or {}
    code = gegevens.get("reden", "")
    blok.reden_label = str(PauzeReden(code).label) if code in PauzeReden.values else code
    if blok.verzoek.ingediend_op:
        # The same window the service checks before a pause may be granted.
        sinds = blok.verzoek.ingediend_op - timedelta(days=beleid.pauze_contact_dagen)
        blok.contact_sinds = timezone.localdate(sinds)
        blok.contact = next((c for c in contacten if c.tijdstip >= sinds), None)


def verzoek_blokken(
    burger, *, vandaag, beleid, contacten, formulieren: dict | None = None, kan_beslissen=False
) -> list[VerzoekBlok]:
    formulieren = formulieren or {}
    vragen = defaultdict(list)
    for event in Event.objects.filter(
        burger=burger, soort=EventSoort.VERZOEK_INFO_GEVRAAGD
    ).order_by("tijdstip", "pk"):
        vragen[event.verzoek_id].append((event.tijdstip, (event.data or {}).get("vraag", "")))
    blokken = []
    for verzoek in _verzoeken(burger):
        blok = VerzoekBlok(
            verzoek,
            (verzoek.beslistermijn - vandaag).days if verzoek.beslistermijn else None,
            som(v.saldo for v in verzoek.vorderingen.all()),
            vragen=vragen.get(verzoek.pk, []),
        )
        if verzoek.soort == VerzoekSoort.PBT:
            _pbt(blok, beleid, vandaag)
        elif verzoek.soort == VerzoekSoort.BUNDELING:
            _bundeling(blok, beleid)
        elif verzoek.soort == VerzoekSoort.PAUZE:
            _pauze(blok, contacten, beleid)
        if blok.open and kan_beslissen:
            blok.form = formulieren.get(verzoek.pk) or BesluitForm(
                verzoek=verzoek, pauze_max_maanden=beleid.pauze_max_maanden
            )
            if "termijnbedrag" in blok.form.fields:
                # On the bound field: a form sent back with errors has made it already.
                blok.form["termijnbedrag"].help_text = _bedrag_hint(blok)
        blokken.append(blok)
    return blokken


def _bedrag_hint(blok: VerzoekBlok) -> str:
    voorstel = blok.voorstel
    if voorstel is None:
        return _("There is no calculated amount: the answers are incomplete. Enter an amount.")
    if voorstel.termijnen:
        berekend = _("Leave this empty to use the calculated amount: %(bedrag)s a month.") % {
            "bedrag": euro(voorstel.termijnbedrag)
        }
    else:
        berekend = _(
            "Leave this empty to use the calculation: no payments for now, and a new look "
            "after %(maanden)s months."
        ) % {"maanden": voorstel.heroverweging_na_maanden}
    return berekend + " " + _("Another amount needs a reason.")


def toon_totaalbeeld(
    request, burger: Burger, *, formulieren=None, contact_form=None, status: int = 200
):
    """Render the totaalbeeld; a view that refused a form passes it back, bound."""
    audit.lees(request, burger, rol=ActorRol.MEDEWERKER)
    vandaag = clock.today()
    beleid = beleid_op(vandaag)
    ov = lees_overzicht(burger, vandaag=vandaag, beleid=beleid)
    tijdlijn = lees_tijdlijn(ov, verrekendag=beleid.verrekendag, filter_="alles")
    geschiedenis = wachtgeschiedenis(k.vordering.pk for k in ov.open)
    for kaart in ov.open:
        guards = kaart.stap.guards if kaart.stap else ()
        kaart.wacht_omdat = [GUARD_TEKST.get(g, g) for g in guards]
        kaart.wachtgeschiedenis = [
            (periode, uitkomst_tekst(periode.reden))
            for periode in geschiedenis.get(kaart.vordering.pk, ())
        ]
    user = request.user
    contacten = list(
        burger.contacten.select_related("medewerker", "signaal").order_by("-tijdstip", "-pk")
    )
    kan_beslissen = policy.mag_beslissen(user)
    blokken = verzoek_blokken(
        burger,
        vandaag=vandaag,
        beleid=beleid,
        contacten=contacten,
        formulieren=formulieren,
        kan_beslissen=kan_beslissen,
    )
    signalen = list(
        Signaal.objects.filter(burger=burger)
        .select_related("afgehandeld_door")
        .prefetch_related(
            Prefetch("vorderingen", queryset=Vordering.objects.select_related("toeslag"))
        )
        .order_by("-aangemaakt_op", "-pk")
    )
    kan_contact = policy.mag_contact_vastleggen(user)
    fout = any(f.errors for f in [*(formulieren or {}).values(), contact_form] if f is not None)
    context = admin_context(
        request,
        _("Full picture: %(naam)s") % {"naam": burger.naam},
        burger=burger,
        ov=ov,
        tijdlijn=tijdlijn,
        vandaag=vandaag,
        beleid=beleid,
        huisgenoten=_huisgenoten(burger),
        partner=burger.toeslagpartner or getattr(burger, "partner_van", None),
        blokken=blokken,
        open_blokken=[b for b in blokken if b.open],
        afgesloten_blokken=[b for b in blokken if not b.open],
        open_signalen=[s for s in signalen if s.status != SignaalStatus.AFGEHANDELD],
        afgehandelde_signalen=[s for s in signalen if s.status == SignaalStatus.AFGEHANDELD],
        contacten=contacten,
        contact_form=(contact_form or ContactForm(burger=burger)) if kan_contact else None,
        machtigingen=list(
            burger.machtigingen.select_related("gemachtigde__organisatie").order_by(
                "-geldig_tot", "-pk"
            )
        ),
        documenten=list(burger.documenten.order_by("-datum", "-pk")),
        medewerker_acties=list(
            Event.objects.filter(burger=burger, actor_rol=ActorRol.MEDEWERKER)
            .select_related("actor")
            .order_by("-tijdstip", "-pk")[:MEDEWERKER_ACTIES]
        ),
        kan_beslissen=kan_beslissen,
        kan_contact=kan_contact,
        kan_intrekken=mag_machtiging_intrekken(user),
        kan_registreren=mag_machtiging_registreren(user),
        kan_brieven=mag_brief_downloaden(user),
        kan_bijlagen=mag_bijlage_downloaden(user),
        fout=fout,
    )
    return render(request, "staff/totaalbeeld.html", context, status=status)


def _huisgenoten(burger) -> list[Burger]:
    if burger.huishouden_id is None:
        return []
    return list(burger.huishouden.leden.exclude(pk=burger.pk).order_by("voornamen"))


def burger_of_404(pk: int) -> Burger:
    return get_object_or_404(
        Burger.objects.select_related("huishouden", "toeslagpartner", "partner_van"), pk=pk
    )


@require_GET
@medewerker_met(policy.mag_totaalbeeld_zien)
def totaalbeeld(request, pk: int):
    return toon_totaalbeeld(request, burger_of_404(pk))
