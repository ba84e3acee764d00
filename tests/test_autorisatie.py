"""The authorization matrix: every URL the product serves, for every kind of actor, with
their own and someone else's objects, each with the outcome the policy promises.

Actors: nobody, the burger (Yonas), another burger (Mark), a helper per scope acting for
Yonas, helpers whose machtiging for Yonas ended, was withdrawn or has not started, a helper
acting for another client, staff per group, and the privacy officer (staff whose one group
reads the audit trail and nothing else). Objects: Yonas's and Mark's (citizen
pages), an existing and a missing one (staff pages). Every request runs in a savepoint that
is rolled back, so the cases cannot influence each other.

Outcomes: ``ok`` (served or handled: 2xx or a redirect that is not one of the others),
``login`` (to the citizen login, then back), ``admin`` (to the staff login), ``dashboard``
(a helper sent back to their own client list), ``403`` (outside a helper's scope or a staff
member's group) and ``404`` (not yours: nothing is revealed).

A URL that is not in this file makes ``test_every_url_is_in_the_matrix`` fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from invordering import clock, policy
from invordering.demo.wereld import ANKER
from invordering.models import (
    Bijlage,
    Burger,
    Helper,
    HelperSoort,
    Machtiging,
    MachtigingBron,
    MachtigingStatus,
    PdfStatus,
    Termijn,
    TermijnStatus,
    User,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.services.betalingen import boek_betaling
from invordering.services.helperaccounts import activatie_pad
from invordering.services.machtigingen import registreer_machtiging
from invordering.services.regelingen import start_standaardregeling
from invordering.services.verzoeken import dien_in, maak_verzoek
from testkit.services import login_token

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# ---------------------------------------------------------------------------- actors

BURGERS = ("burger", "andere_burger")
HELPERS_GELDIG = ("helper_inzien", "helper_verzoeken", "helper_betalen", "helper_ander")
HELPERS_ONGELDIG = ("helper_verlopen", "helper_ingetrokken", "helper_toekomst")
HELPERS = HELPERS_GELDIG + HELPERS_ONGELDIG
STAF = ("behandelaar", "begeleiding", "coordinator")
PRIVACY = "privacy"
MEDEWERKERS = (*STAF, PRIVACY)
ACTOREN = ("anoniem", *BURGERS, *HELPERS, *MEDEWERKERS)

# What each helper's machtiging for Yonas allows (helper_ander acts for his own client,
# a bewindvoerder's machtiging with every scope).
SCOPES = {
    "helper_inzien": {policy.INZIEN},
    "helper_verzoeken": {policy.INZIEN, policy.VERZOEKEN},
    "helper_betalen": {policy.INZIEN, policy.VERZOEKEN, policy.BETALEN},
    "helper_ander": {policy.INZIEN, policy.VERZOEKEN, policy.BETALEN},
}

# ---------------------------------------------------------------------------- the matrix

PUBLIEK = "publiek"  # anyone
BURGERPAGINA = "burgerpagina"  # a page of the burger in view (own, or the client acted for)
BURGEROBJECT = "burgerobject"  # one object of that burger: Yonas's and Mark's
EIGEN = "eigen"  # the burger's own settings (their machtigingen): burgers only
EIGEN_OBJECT = "eigen_object"  # one of those (a machtiging): Yonas's and Mark's
HELPERPAGINA = "helperpagina"  # the helper's own pages
HELPER_MACHTIGING = "helper_machtiging"  # one of the helper's machtigingen, and another's
STAFPAGINA = "stafpagina"  # staff pages without an object
STAFOBJECT = "stafobject"  # staff pages of one object: an existing and a missing one
AUDITPAGINA = "auditpagina"  # the audit trail: the privacy group only, 404 for the rest
INGELOGD = "ingelogd"  # anyone logged in, for their own session (the idle warning)


@dataclass(frozen=True)
class Regel:
    soort: str
    methode: str = "get"
    nodig: str = policy.INZIEN  # the helper's scope it needs (burger pages)
    recht: frozenset = frozenset(STAF)  # staff groups allowed (staff pages)
    object: str = ""  # which object the URL takes (see _objecten_van())
    query: str = ""  # "parameter=object": the object goes in the query string
    ok_ook: frozenset = frozenset()  # other outcomes that also mean "handled" here


def _alle(*groepen) -> frozenset:
    return frozenset(groepen)


MATRIX: dict[str, list[Regel]] = {
    # public
    "gezondheid": [Regel(PUBLIEK)],
    "set_language": [Regel(PUBLIEK, "post")],
    # (the start page sends each kind of person to their own page)
    "citizen:start": [Regel(PUBLIEK, ok_ook=frozenset({"dashboard"}))],
    "citizen:login": [Regel(PUBLIEK)],
    "citizen:demo_login": [Regel(PUBLIEK, "post", object="persona")],
    "citizen:helper_login": [Regel(PUBLIEK)],
    "citizen:logout": [Regel(PUBLIEK, "post")],
    "citizen:helper_registreren": [Regel(PUBLIEK)],
    "citizen:helper_activeren": [Regel(PUBLIEK, object="activatie")],
    # the session's time left (passive) and "Stay logged in": one's own session only
    "citizen:sessie": [Regel(INGELOGD), Regel(INGELOGD, "post")],
    # the burger's pages (inzien)
    "citizen:overzicht": [Regel(BURGERPAGINA)],
    "citizen:tijdlijn": [Regel(BURGERPAGINA)],
    "citizen:woordenlijst": [Regel(BURGERPAGINA)],
    "citizen:berichten": [Regel(BURGERPAGINA)],
    "citizen:overzicht_pdf": [Regel(BURGERPAGINA, "post")],
    "citizen:verzoeken": [Regel(BURGERPAGINA)],
    "citizen:vordering": [Regel(BURGEROBJECT, object="vordering")],
    "citizen:bericht_pdf": [Regel(BURGEROBJECT, object="document")],
    "citizen:bericht_opnieuw": [Regel(BURGEROBJECT, "post", object="document")],
    "citizen:bericht_status": [
        Regel(BURGEROBJECT, object="document"),
        Regel(BURGEROBJECT, "htmx", object="document"),
    ],
    "citizen:verzoek": [Regel(BURGEROBJECT, object="verzoek")],
    "citizen:bijlage": [Regel(BURGEROBJECT, object="bijlage")],
    "citizen:betaald": [Regel(BURGEROBJECT, object="betaling")],
    # requests (verzoeken indienen)
    "citizen:pbt": [Regel(BURGERPAGINA, nodig=policy.VERZOEKEN)],
    "citizen:pbt_stap": [
        Regel(BURGERPAGINA, nodig=policy.VERZOEKEN, object="stap"),
        Regel(BURGERPAGINA, "post", nodig=policy.VERZOEKEN, object="stap"),
    ],
    "citizen:pbt_berekening": [Regel(BURGERPAGINA, "htmx_post", nodig=policy.VERZOEKEN)],
    "citizen:pbt_controle": [
        Regel(BURGERPAGINA, nodig=policy.VERZOEKEN),
        Regel(BURGERPAGINA, "post", nodig=policy.VERZOEKEN),
    ],
    "citizen:pbt_bijlage": [Regel(BURGERPAGINA, "post", nodig=policy.VERZOEKEN)],
    "citizen:pbt_bijlage_verwijderen": [
        Regel(BURGEROBJECT, "post", nodig=policy.VERZOEKEN, object="bijlage_id")
    ],
    "citizen:pauze": [
        Regel(BURGERPAGINA, nodig=policy.VERZOEKEN),
        Regel(BURGERPAGINA, "post", nodig=policy.VERZOEKEN),
    ],
    "citizen:bundeling": [
        Regel(BURGERPAGINA, nodig=policy.VERZOEKEN),
        Regel(BURGERPAGINA, "post", nodig=policy.VERZOEKEN),
    ],
    "citizen:regeling_starten": [
        Regel(BURGEROBJECT, nodig=policy.VERZOEKEN, query="schuld=vordering"),
        Regel(BURGEROBJECT, "post", nodig=policy.VERZOEKEN, query="schuld=vordering"),
    ],
    "citizen:verzoek_intrekken": [
        Regel(BURGEROBJECT, "post", nodig=policy.VERZOEKEN, object="verzoek")
    ],
    "citizen:verzoek_aanvullen": [
        Regel(BURGEROBJECT, "post", nodig=policy.VERZOEKEN, object="verzoek")
    ],
    # paying (betalen)
    "citizen:betalen": [
        Regel(BURGEROBJECT, nodig=policy.BETALEN, query="termijn=termijn"),
        Regel(BURGEROBJECT, "post", nodig=policy.BETALEN, query="termijn=termijn"),
    ],
    # the burger's own machtigingen
    "citizen:machtigingen": [Regel(EIGEN)],
    "citizen:machtiging_nieuw": [Regel(EIGEN, "post")],
    "citizen:machtiging_intrekken": [Regel(EIGEN_OBJECT, "post", object="machtiging")],
    # the helper's own pages
    "citizen:helper_start": [Regel(HELPERPAGINA), Regel(HELPERPAGINA, "htmx")],
    "citizen:machtiging_code": [Regel(HELPERPAGINA), Regel(HELPERPAGINA, "post")],
    "citizen:stoppen": [Regel(HELPERPAGINA, "post", ok_ook=frozenset({"dashboard"}))],
    "citizen:namens": [Regel(HELPER_MACHTIGING, "post", object="helper_machtiging")],
    "citizen:helper_overzicht_pdf": [Regel(HELPER_MACHTIGING, "post", object="helper_machtiging")],
    # staff pages
    "staff:werkvoorraad": [Regel(STAFPAGINA)],
    "staff:signalen": [Regel(STAFPAGINA)],
    "staff:totaalbeeld": [Regel(STAFOBJECT, object="burger")],
    # (an empty form is answered with the page and its messages, as 400)
    "staff:contact": [Regel(STAFOBJECT, "post", object="burger", ok_ook=frozenset({"400"}))],
    "staff:besluit": [
        Regel(STAFOBJECT, object="verzoek", recht=_alle("behandelaar", "coordinator")),
        Regel(
            STAFOBJECT,
            "post",
            object="verzoek",
            recht=_alle("behandelaar", "coordinator"),
            ok_ook=frozenset({"400"}),
        ),
    ],
    "staff:in_behandeling": [
        Regel(STAFOBJECT, "post", object="verzoek", recht=_alle("behandelaar", "coordinator"))
    ],
    "staff:machtiging_intrekken": [
        Regel(STAFOBJECT, object="machtiging", recht=_alle("coordinator")),
        Regel(STAFOBJECT, "post", object="machtiging", recht=_alle("coordinator")),
    ],
    "staff:machtiging_registreren": [
        Regel(STAFOBJECT, object="burger", recht=_alle("coordinator")),
        Regel(STAFOBJECT, "post", object="burger", recht=_alle("coordinator")),
    ],
    "staff:machtiging_bewijs": [Regel(STAFOBJECT, object="machtiging")],
    "staff:document_pdf": [Regel(STAFOBJECT, object="document")],
    "staff:bijlage": [Regel(STAFOBJECT, object="bijlage_id")],
    "staff:audit": [Regel(AUDITPAGINA), Regel(AUDITPAGINA, query="bsn=bsn")],
    # the tester controls: anyone, in DEMO mode only (tests/testkit: 404 outside it).
    # A JSON control answers this form post with 415 before doing anything: reached.
    "testkit:state": [Regel(PUBLIEK)],
    "testkit:reset": [Regel(PUBLIEK, "post", ok_ook=frozenset({"415"}))],
    "testkit:login": [Regel(PUBLIEK, "post", ok_ook=frozenset({"415"}))],
    "testkit:login_link": [Regel(PUBLIEK, "post", ok_ook=frozenset({"415"}))],
    "testkit:clock": [Regel(PUBLIEK, "post", ok_ook=frozenset({"415"}))],
    "testkit:engines": [
        Regel(PUBLIEK, "post", ok_ook=frozenset({"415"})),
        Regel(PUBLIEK, "json"),  # the engines are up to date on the anchor day: a no-op
    ],
    "testkit:regime": [Regel(PUBLIEK, "post", ok_ook=frozenset({"415"}))],
    "testkit:use_link": [Regel(PUBLIEK, object="testkit_link")],
    # (the page's clock form, posted empty: the page with its message, as 400)
    "testkit:form": [Regel(PUBLIEK, "post", object="testkit_form", ok_ook=frozenset({"400"}))],
}

# The admin (/beheer/): its site pages, and per registered model what each group may do.
# Every group reads every domain model; writing happens through the services (staff pages
# with events), so the admin adds and changes almost nothing. Users and groups: nobody here.
ADMIN_SITE = {
    "admin:index": MEDEWERKERS,
    "admin:password_change": MEDEWERKERS,
    "admin:password_change_done": MEDEWERKERS,
    "admin:jsi18n": MEDEWERKERS,
}
LEZEN = {"changelist": STAF, "change": STAF, "history": STAF, "add": (), "delete": ()}
ADMIN_MODELLEN = {
    "invordering.user": {**LEZEN, "changelist": (), "change": (), "history": ()},
    "invordering.burger": LEZEN,
    "invordering.huishouden": LEZEN,
    "invordering.toeslag": LEZEN,
    "invordering.vordering": LEZEN,
    "invordering.boeking": LEZEN,
    "invordering.betaling": LEZEN,
    "invordering.regeling": LEZEN,
    "invordering.verrekening": LEZEN,
    "invordering.verzoek": LEZEN,
    "invordering.pauze": LEZEN,
    "invordering.signaal": LEZEN,
    "invordering.contactmoment": LEZEN,
    "invordering.event": LEZEN,
    "invordering.document": LEZEN,
    "invordering.organisatie": LEZEN,
    "invordering.helper": LEZEN,
    "invordering.machtiging": LEZEN,
    "invordering.regime": LEZEN,
    "invordering.beleidsparameter": {**LEZEN, "add": ("coordinator",)},
    "invordering.verwerking": LEZEN,
    "auth.group": {**LEZEN, "changelist": (), "change": (), "history": ()},
}
ADMIN_VIEWS = ("changelist", "add", "change", "history", "delete")
# Admin URLs tested elsewhere or without an object of their own.
ADMIN_OVERIG = {
    "admin:login",  # test_admin_login_is_for_everyone_and_logout_ends_a_staff_session
    "admin:logout",
    "admin:app_list",  # test_admin_app_pages_follow_the_groups
    "admin:autocomplete",  # no autocomplete fields are configured: nothing to reach
    "admin:view_on_site",  # no model has a public page
    "admin:auth_user_password_change",  # test_no_staff_group_sets_someone_elses_password
}


# ---------------------------------------------------------------------------- set-up


def _helper(naam: str, soort=HelperSoort.INFORMEEL) -> Helper:
    user = User.objects.create_user(username=f"matrix-{naam}", password="x" * 20)
    return Helper.objects.create(user=user, soort=soort, naam=f"Matrix {naam}")


def _machtiging(burger, helper, *, van, tot, verzoeken=False, betalen=False) -> Machtiging:
    with clock.vast_op(van, 9):
        return registreer_machtiging(
            vertegenwoordigde=burger,
            gemachtigde=helper,
            geldig_van=van,
            geldig_tot=tot,
            bron=MachtigingBron.MEDEWERKER,
            mag_verzoeken=verzoeken,
            mag_betalen=betalen,
        )


def _objecten_van(burger: Burger) -> dict:
    """One object of each kind for ``burger``, made through the services where they exist."""
    vorderingen = list(burger.vorderingen.order_by("pk"))
    pauze = maak_verzoek(
        burger=burger,
        soort=VerzoekSoort.PAUZE,
        vorderingen=vorderingen[:1],
        gegevens={"reden": "ziekte", "start": ANKER.isoformat(), "eind": "2027-02-16"},
        actor=burger.user,
    )
    dien_in(pauze, actor=burger.user)
    concept = maak_verzoek(
        burger=burger,
        soort=VerzoekSoort.PBT,
        vorderingen=vorderingen,
        gegevens={},
        actor=burger.user,
    )
    bijlage = Bijlage(
        verzoek=concept,
        naam="loonstrook.pdf",
        soort="application/pdf",
        grootte=len(PDF),
        toegevoegd_op=clock.now(),
    )
    bijlage.bestand.save("loonstrook.pdf", ContentFile(PDF), save=True)
    document = burger.documenten.order_by("pk").first()
    document.pdf.save("brief.pdf", ContentFile(PDF), save=False)
    document.pdf_status = PdfStatus.KLAAR
    document.save()
    termijn = Termijn.objects.filter(regeling__burger=burger, status=TermijnStatus.OPEN).first()
    if termijn is None:
        regeling = start_standaardregeling(vorderingen=vorderingen[1:2], dag=ANKER)
        termijn = regeling.termijnen.order_by("nummer").first()
    betaling = boek_betaling(
        burger=burger,
        bedrag=Decimal("10.00"),
        ontvangen_op=ANKER,
        methode="overboeking",
        referentie=f"matrix-{burger.pk}",
    )
    return {
        "vordering": vorderingen[0].pk,
        "document": document.pk,
        "verzoek": pauze.pk,
        "bijlage": (concept.pk, bijlage.pk),
        "bijlage_id": bijlage.pk,
        "betaling": getattr(betaling, "pk", betaling),
        "termijn": termijn.pk,
        "bsn": burger.bsn,
    }


@pytest.fixture(scope="module")
def _module_opzet(wereld, django_db_blocker, tmp_path_factory):
    """The actors' machtigingen and both sides' objects, built once for this module in a
    transaction that is rolled back at its end (each test adds its own savepoint)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        yield _bouw()
        transaction.set_rollback(True)


@pytest.fixture
def opzet(_module_opzet, demo, settings):
    settings.MEDIA_ROOT = django_settings.MEDIA_ROOT
    return _module_opzet


def _bouw() -> dict:
    with clock.vast_op(ANKER, 12):
        yonas = Burger.objects.get(demo_sleutel="yonas")
        mark = Burger.objects.get(demo_sleutel="mark")
        jaar = ANKER + timedelta(days=365)
        vreemde = _helper("vreemd")
        machtigingen = {
            "helper_inzien": _machtiging(yonas, _helper("inzien"), van=ANKER, tot=jaar),
            "helper_verzoeken": Machtiging.objects.get(
                vertegenwoordigde=yonas, gemachtigde__demo_sleutel="ahmed"
            ),
            "helper_betalen": _machtiging(
                yonas, _helper("betalen"), van=ANKER, tot=jaar, verzoeken=True, betalen=True
            ),
            "helper_verlopen": _machtiging(
                yonas, _helper("verlopen"), van=date(2025, 1, 1), tot=ANKER - timedelta(days=1)
            ),
            "helper_ingetrokken": _machtiging(yonas, _helper("ingetrokken"), van=ANKER, tot=jaar),
            "helper_toekomst": _machtiging(
                yonas, _helper("toekomst"), van=ANKER + timedelta(days=10), tot=jaar
            ),
            "helper_ander": policy.bruikbare_machtigingen(
                Helper.objects.get(demo_sleutel="noord")
            ).first(),
        }
        Machtiging.objects.filter(pk=machtigingen["helper_ingetrokken"].pk).update(
            status=MachtigingStatus.INGETROKKEN
        )
        bewijs = machtigingen["helper_betalen"]
        bewijs.bewijs.save("beschikking.pdf", ContentFile(PDF), save=True)
        marks = _machtiging(mark, vreemde, van=ANKER, tot=jaar)
        objecten = {"yonas": _objecten_van(yonas), "mark": _objecten_van(mark)}
        objecten["yonas"]["machtiging"] = machtigingen["helper_verzoeken"].pk
        objecten["mark"]["machtiging"] = marks.pk
        nog_niet_actief = _helper("nog-niet-actief")
        User.objects.filter(pk=nog_niet_actief.user_id).update(is_active=False)
        nog_niet_actief.user.refresh_from_db()
        return {
            "activatie": activatie_pad(nog_niet_actief.user),
            "yonas": yonas,
            "mark": mark,
            "machtigingen": machtigingen,
            "marks_machtiging": marks,
            "objecten": objecten,
            "open_verzoek": objecten["yonas"]["verzoek"],
            "bewijs": bewijs.pk,
        }


def _inloggen(client: Client, actor: str, opzet: dict) -> None:
    if actor == "anoniem":
        return
    if actor in BURGERS:
        burger = opzet["yonas"] if actor == "burger" else opzet["mark"]
        client.force_login(burger.user)
    elif actor in MEDEWERKERS:
        client.force_login(User.objects.get(username=actor))
    else:
        machtiging = opzet["machtigingen"][actor]
        client.force_login(machtiging.gemachtigde.user)
        sessie = client.session
        sessie[policy.NAMENS] = machtiging.pk
        sessie.save()


# ---------------------------------------------------------------------------- expectations


def verwacht(regel: Regel, actor: str, kant: str) -> str:
    """The outcome the policy promises. ``kant``: "yonas" or "mark" for a burger's object,
    "eigen" or "ander" for a helper's machtiging, "bestaat" or "ontbreekt" for staff."""
    if regel.soort == PUBLIEK:
        return "ok"
    if regel.soort == INGELOGD:
        return "login" if actor == "anoniem" else "ok"
    if regel.soort == AUDITPAGINA:
        if actor == "anoniem":
            return "admin"
        return "ok" if actor == PRIVACY else "404"
    if regel.soort in (STAFPAGINA, STAFOBJECT):
        if actor not in MEDEWERKERS:
            return "admin"
        if actor not in regel.recht:
            return "403"
        return "404" if kant == "ontbreekt" else "ok"
    if actor == "anoniem":
        return "login"
    if actor in MEDEWERKERS:
        return "404"
    if regel.soort in (EIGEN, EIGEN_OBJECT):
        if actor not in BURGERS:
            return "404"
        return "ok" if regel.soort == EIGEN else _eigen(regel, actor, kant)
    if regel.soort in (HELPERPAGINA, HELPER_MACHTIGING):
        if actor not in HELPERS:
            return "404"
        if regel.soort == HELPERPAGINA:
            return "ok"
        return "ok" if kant == "eigen" and actor in HELPERS_GELDIG else "404"
    # A page of the burger in view: own, or the client a helper acts for.
    if actor in HELPERS_ONGELDIG:
        return "dashboard"
    if actor in HELPERS_GELDIG and regel.nodig not in SCOPES[actor]:
        return "403"
    if regel.soort == BURGERPAGINA:
        return "ok"
    return _eigen(regel, actor, kant)


def _eigen(regel: Regel, actor: str, kant: str) -> str:
    """A burger's object: only for that burger, or a helper acting for them."""
    for_yonas = actor == "burger" or actor in (
        "helper_inzien",
        "helper_verzoeken",
        "helper_betalen",
    )
    mark = actor == "andere_burger"
    if (kant == "yonas" and for_yonas) or (kant == "mark" and mark):
        return "ok"
    return "404"


def uitkomst(response) -> str:
    if response.status_code in (403, 404, 405):
        return str(response.status_code)
    waarheen = response.get("Location") or response.get("HX-Redirect") or ""
    if response.status_code in (301, 302, 204) and waarheen:
        if waarheen.startswith(reverse("citizen:login") + "?next="):
            return "login"
        if waarheen.startswith(reverse("admin:login")):
            return "admin"
        if waarheen == reverse("citizen:helper_start"):
            return "dashboard"
    if response.status_code < 400:
        return "ok"
    return str(response.status_code)


# ---------------------------------------------------------------------------- requests


def _adres(naam: str, regel: Regel, opzet: dict, actor: str, kant: str) -> str:
    kwargs: list = []
    if regel.object == "persona":
        kwargs = ["mark"]
    elif regel.object == "testkit_link":
        kwargs = [login_token("mark")]
    elif regel.object == "testkit_form":
        kwargs = ["clock"]
    elif regel.object == "activatie":
        kwargs = list(opzet["activatie"])
    elif regel.object == "stap":
        kwargs = ["inkomen"]
    elif regel.object == "helper_machtiging":
        if kant == "eigen":
            machtiging = (
                opzet["machtigingen"].get(actor) or opzet["machtigingen"]["helper_verzoeken"]
            )
            kwargs = [machtiging.pk]
        else:
            kwargs = [opzet["marks_machtiging"].pk]
    elif regel.soort == STAFOBJECT:
        kwargs = [_staf_object(regel.object, opzet) if kant == "bestaat" else 987654321]
    elif regel.object:
        waarde = opzet["objecten"][kant][regel.object]
        kwargs = list(waarde) if isinstance(waarde, tuple) else [waarde]
    adres = reverse(naam, args=kwargs)
    if regel.query:
        parameter, soort = regel.query.split("=")
        adres += f"?{parameter}={opzet['objecten'][kant][soort]}"
    return adres


def _staf_object(soort: str, opzet: dict) -> int:
    objecten = opzet["objecten"]["yonas"]
    return {
        "burger": opzet["yonas"].pk,
        "verzoek": opzet["open_verzoek"],
        "machtiging": opzet["bewijs"],
        "document": objecten["document"],
        "bijlage_id": objecten["bijlage_id"],
    }[soort]


def _kanten(regel: Regel) -> tuple[str, ...]:
    if regel.soort == AUDITPAGINA:
        return ("yonas",) if regel.query else ("-",)  # searched for Yonas: not shown either
    if regel.soort in (BURGEROBJECT, EIGEN_OBJECT):
        return ("yonas", "mark")
    if regel.soort == HELPER_MACHTIGING:
        return ("eigen", "ander")
    if regel.soort == STAFOBJECT:
        return ("bestaat", "ontbreekt")
    return ("-",)


def vraag(naam: str, regel: Regel, opzet: dict, actor: str, kant: str):
    """One request in a savepoint that is rolled back afterwards."""
    with transaction.atomic():
        client = Client()
        _inloggen(client, actor, opzet)
        adres = _adres(naam, regel, opzet, actor, kant)
        if regel.methode == "get":
            response = client.get(adres)
        elif regel.methode == "htmx":
            response = client.get(adres, HTTP_HX_REQUEST="true")
        elif regel.methode == "htmx_post":
            response = client.post(adres, {}, HTTP_HX_REQUEST="true")
        elif regel.methode == "json":
            response = client.post(adres, {}, content_type="application/json")
        else:
            response = client.post(adres, {})
        transaction.set_rollback(True)
    return response


def _niet_van(response, opzet: dict, kant: str) -> None:
    """A refusal never shows whose object it was."""
    if response.status_code in (403, 404) and kant in ("yonas", "mark"):
        tekst = response.content.decode(errors="replace")
        assert opzet[kant].achternaam not in tekst


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_every_actor_gets_what_the_policy_promises(naam, opzet):
    afwijkingen = []
    for regel in MATRIX[naam]:
        for actor in ACTOREN:
            for kant in _kanten(regel):
                with clock.vast_op(ANKER, 12):
                    response = vraag(naam, regel, opzet, actor, kant)
                kreeg, moet = uitkomst(response), verwacht(regel, actor, kant)
                _niet_van(response, opzet, kant)
                if moet == "ok" and kreeg in regel.ok_ook:
                    kreeg = "ok"
                if kreeg != moet:
                    afwijkingen.append(
                        f"{regel.methode.upper()} {naam} as {actor} ({kant}): "
                        f"expected {moet}, got {kreeg} ({response.status_code})"
                    )
    assert not afwijkingen, "\n".join(afwijkingen)


# ---------------------------------------------------------------------------- the admin


def _admin_namen() -> list[tuple[str, str, str]]:
    namen = []
    for model in ADMIN_MODELLEN:
        app, naam = model.split(".")
        for view in ADMIN_VIEWS:
            namen.append((f"admin:{app}_{naam}_{view}", view, model))
    return namen


@pytest.mark.parametrize("model", sorted(ADMIN_MODELLEN))
def test_admin_pages_follow_the_staff_groups(model, opzet):
    from django.apps import apps

    klasse = apps.get_model(model)
    object_pk = klasse.objects.order_by("pk").values_list("pk", flat=True).first()
    afwijkingen = []
    for naam, view, _model in [n for n in _admin_namen() if n[2] == model]:
        args = [] if view in ("changelist", "add") else [object_pk]
        if args and object_pk is None:
            continue
        adres = reverse(naam, args=args)
        for actor in ("anoniem", "burger", "helper_verzoeken", *MEDEWERKERS):
            with transaction.atomic():
                client = Client()
                _inloggen(client, actor, opzet)
                response = client.get(adres)
                transaction.set_rollback(True)
            moet = (
                "admin"
                if actor not in MEDEWERKERS
                else ("ok" if actor in ADMIN_MODELLEN[model][view] else "403")
            )
            if uitkomst(response) != moet:
                afwijkingen.append(f"{naam} as {actor}: expected {moet}, got {uitkomst(response)}")
    assert not afwijkingen, "\n".join(afwijkingen)


def test_admin_site_pages_are_for_staff_only(opzet):
    afwijkingen = []
    for naam, toegestaan in ADMIN_SITE.items():
        for actor in ("anoniem", "burger", "helper_verzoeken", *MEDEWERKERS):
            client = Client()
            _inloggen(client, actor, opzet)
            response = client.get(reverse(naam))
            moet = "ok" if actor in toegestaan else "admin"
            if uitkomst(response) != moet:
                afwijkingen.append(f"{naam} as {actor}: expected {moet}, got {uitkomst(response)}")
    assert not afwijkingen, "\n".join(afwijkingen)


def test_admin_login_is_for_everyone_and_logout_ends_a_staff_session(opzet):
    for actor in ("anoniem", "burger", "helper_verzoeken", "behandelaar"):
        client = Client()
        _inloggen(client, actor, opzet)
        assert client.get(reverse("admin:login")).status_code in (200, 302), actor
    client = Client()
    _inloggen(client, "behandelaar", opzet)
    assert client.post(reverse("admin:logout")).status_code in (200, 302)
    assert "_auth_user_id" not in client.session
    # Not staff: the admin sends them to its start page, which asks for a staff login.
    client = Client()
    _inloggen(client, "burger", opzet)
    assert client.post(reverse("admin:logout")).url == reverse("admin:index")
    assert uitkomst(client.get(reverse("admin:index"))) == "admin"


def test_no_staff_group_sets_someone_elses_password(opzet):
    yonas = opzet["yonas"].user
    adres = reverse("admin:auth_user_password_change", args=[yonas.pk])
    for actor in STAF:
        client = Client()
        _inloggen(client, actor, opzet)
        assert client.get(adres).status_code == 403
        assert client.post(adres, {"password1": "a" * 20, "password2": "a" * 20}).status_code == 403
    client = Client()
    _inloggen(client, "helper_verzoeken", opzet)
    assert uitkomst(client.get(adres)) == "admin"


def test_admin_app_pages_follow_the_groups(opzet):
    client = Client()
    _inloggen(client, "behandelaar", opzet)
    assert client.get(reverse("admin:app_list", args=["invordering"])).status_code == 200
    assert client.get(reverse("admin:app_list", args=["auth"])).status_code == 404
    _inloggen(client := Client(), "burger", opzet)
    assert uitkomst(client.get(reverse("admin:app_list", args=["invordering"]))) == "admin"


def test_revoking_in_the_admin_is_for_the_coordinator_and_writes_the_event(opzet):
    machtiging = opzet["machtigingen"]["helper_verzoeken"]
    adres = reverse("admin:invordering_machtiging_changelist")
    data = {"action": "machtigingen_intrekken", "_selected_action": [machtiging.pk]}
    for actor in ("behandelaar", "begeleiding"):
        client = Client()
        _inloggen(client, actor, opzet)
        client.post(adres, data)
        machtiging.refresh_from_db()
        assert machtiging.status == MachtigingStatus.ACTIEF, actor
    client = Client()
    _inloggen(client, "coordinator", opzet)
    assert client.post(adres, data).status_code == 302
    machtiging.refresh_from_db()
    assert machtiging.status == MachtigingStatus.INGETROKKEN
    assert machtiging.events.filter(
        soort="machtiging_ingetrokken", actor__username="coordinator"
    ).exists()


def test_the_admin_never_edits_a_mandate_or_a_request_by_hand(opzet):
    client = Client()
    _inloggen(client, "coordinator", opzet)
    machtiging = opzet["machtigingen"]["helper_verzoeken"]
    adres = reverse("admin:invordering_machtiging_change", args=[machtiging.pk])
    response = client.post(adres, {"status": "ingetrokken", "mag_betalen": "on"})
    assert response.status_code == 403
    machtiging.refresh_from_db()
    assert machtiging.status == MachtigingStatus.ACTIEF and not machtiging.mag_betalen
    verzoek = Verzoek.objects.get(pk=opzet["open_verzoek"])
    adres = reverse("admin:invordering_verzoek_change", args=[verzoek.pk])
    assert client.post(adres, {"status": "toegekend"}).status_code == 403
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.INGEDIEND


# ---------------------------------------------------------------------------- completeness


def _alle_url_namen(resolver=None, ns="") -> set[str]:
    namen = set()
    for patroon in (resolver or get_resolver()).url_patterns:
        if isinstance(patroon, URLResolver):
            sub = f"{ns}{patroon.namespace}:" if patroon.namespace else ns
            namen |= _alle_url_namen(patroon, sub)
        elif isinstance(patroon, URLPattern) and patroon.name:
            namen.add(f"{ns}{patroon.name}")
    return namen


def test_every_url_is_in_the_matrix():
    bekend = set(MATRIX) | set(ADMIN_SITE) | ADMIN_OVERIG | {n for n, _v, _m in _admin_namen()}
    ontbreekt = sorted(_alle_url_namen() - bekend)
    assert not ontbreekt, f"Add these URLs to the authorization matrix: {ontbreekt}"
    verdwenen = sorted(bekend - _alle_url_namen())
    assert not verdwenen, f"These matrix entries no longer exist: {verdwenen}"


def test_every_admin_model_is_in_the_matrix():
    geregistreerd = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert geregistreerd == set(ADMIN_MODELLEN)


def test_every_page_a_helper_can_read_has_words_in_the_burgers_log():
    from citizen.views.machtigingen import PAGINAS

    leesbaar = {
        naam
        for naam, regels in MATRIX.items()
        for r in regels
        if r.soort in (BURGERPAGINA, BURGEROBJECT) and r.methode in ("get", "htmx")
    }
    assert not sorted(leesbaar - set(PAGINAS))
