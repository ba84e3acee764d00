"""Fuzzing: junk into every form and endpoint of the authorization matrix (issue 8, point 5).

Hypothesis sends junk to every URL and method of ``tests/test_autorisatie.MATRIX`` (and to
the posts of the few forms the matrix lists as a GET only), as every kind of actor the
matrix knows: burgers, helpers with and without the scope, staff groups, nobody. The junk:
huge strings; unicode with right-to-left marks, combining marks, NUL bytes and emoji;
negative and absurd numbers; wrong types (several values for one field, floats, JSON of
the wrong shape); dates in wrong formats and at the ends of the calendar; missing fields;
other people's ids in URLs and forms; odd headers. A request starts from a form that would
pass and changes one or two of its fields, so the junk in one field gets past the others
and reaches the checks deep in the views and services. Besides the random examples an edge
sweep tries every field's sharpest edge values once each, the rest of the form passing,
so those are not left to chance; and every form gets more than Django reads (2.5 MB, 1,000
fields).

Every request must show:

1. never a 5xx, and never an exception out of a view;
2. a refusal changes nothing: every ``invordering_*`` table has the same rows (count, max
   id and an md5 of the rows themselves) and ``Vordering.saldo`` the same sum before and
   after; a GET or a preview changes nothing, whatever it answers;
3. a refusal says why in plain words: the form's errors or a message on the page, an
   ``error`` in JSON, or the product's own 400, 403, 404 or 405 page; never a traceback, a
   raw exception as a message or a bare status;
4. an actor the matrix refuses is refused the same way whatever junk they send.

The replays (a machtigingscode, login link or activation link used twice, a form sent again
after it succeeded) are at the end. Every example runs in a savepoint that is rolled back,
on a fresh client and an empty cache (the rate limits count there), at the matrix's moment
(``ANKER``, noon). Hypothesis runs derandomized: CI sees the same examples every run.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache as onthouden
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import constants as niveau
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from citizen.forms_betalen import BANKEN, maak_token
from citizen.pbt_stappen import STAPPEN
from invordering import clock
from invordering.demo.personas import DEMO_WACHTWOORD
from invordering.demo.wereld import ANKER
from invordering.models import (
    Betaling,
    Burger,
    Helper,
    HelperSoort,
    Kanaal,
    Leefsituatie,
    PauzeReden,
    Signaal,
    SignaalStatus,
    SignaalUitkomst,
    Termijn,
    User,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.rules.verzoek import OPEN_STATUSSEN, STATUSSEN
from invordering.selectors.tijdlijn import FILTERS
from invordering.services.betalingen import te_betalen
from invordering.services.machtigingen import maak_machtigingscode
from invordering.services.signalen import leg_contact_vast
from invordering.services.verzoeken import vraag_info
from staff.forms import AFWIJZEN, INFO_VRAGEN, TOEKENNEN
from testkit.services import login_link
from tests import test_autorisatie as matrix
from tests.test_autorisatie import (  # the matrix's data and fixtures, not its tests
    ACTOREN,
    MATRIX,
    PDF,
    PUBLIEK,
    Regel,
    _adres,
    _inloggen,
    _kanten,
    uitkomst,
    verwacht,
)

pytestmark = pytest.mark.django_db


# The matrix's set-up (its actors, machtigingen and both sides' objects), as fixtures here.
_module_opzet = matrix._module_opzet
opzet = matrix.opzet

# ---------------------------------------------------------------------------- the rows

# Forms whose page the matrix lists as a GET only: their posts are fuzzed too.
POSTS_ERBIJ: dict[str, list[Regel]] = {
    "citizen:helper_login": [Regel(PUBLIEK, "post")],
    "citizen:helper_registreren": [Regel(PUBLIEK, "post")],
    "citizen:helper_activeren": [Regel(PUBLIEK, "post", object="activatie")],
    "testkit:use_link": [Regel(PUBLIEK, "post", object="testkit_link")],
}

RIJEN = [
    (naam, regel)
    for bron in (MATRIX, POSTS_ERBIJ)
    for naam, regels in sorted(bron.items())
    for regel in regels
]

# Examples per row: a few for every row, and more for each field it takes (see
# _aantal_voorbeelden). With these the module runs in about two minutes on two cores;
# FUZZ_KEER=10 (say) multiplies them for a longer search by hand.
KEER = int(os.environ.get("FUZZ_KEER", "1"))
VOORBEELDEN_KAAL = 3 * KEER
VOORBEELDEN_PER_VELD = 3 * KEER
VOORBEELDEN_MAX = 40 * KEER


def fuzz_instellingen(voorbeelden: int) -> settings:
    return settings(
        max_examples=voorbeelden,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# ---------------------------------------------------------------------------- junk

RAAR = [
    "",
    " ",
    "\x00",
    "1\x00",
    "a\x00b",
    "\u202egnirts desrever",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # RTL mark, Hebrew, Arabic
    "e" + "\u0301" * 40,  # one letter, forty combining accents
    "Z\u0338\u0321\u031b\u0348a\u0337l\u0338g\u0337o\u0338",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # one emoji of seven points
    "\U0001f4b6\U0001f4b6\U0001f4b6",
    "\ufeff",
    "\u200b",
    "\r\n",
    "\t\x0b\x0c",
    "\x1b[31m",
    "\ufffd\ufffd",  # what bytes that are no UTF-8 become
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE invordering_vordering; --",
    "%(naam)s %s {0}",
    "{{ burger }}{% debug %}",
    "../../../../etc/passwd",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0x1F",
    "1_000",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\uff11\uff12\uff13",  # full-width digits
    "\U0001d7cf\U0001d7d0",  # mathematical digits
    "\u00b2",
    "\u00bd",
    "9" * 40,
    "-" + "9" * 40,
    "1" + "0" * 5000,
    "1,2,3",
    "1.960.000,00",
    "\u20ac -5",
    "\u22125",
    "+-5",
    "true",
    "None",
    "null",
    "[]",
    "{}",
    "[1, 2]",
]

# Dates at the ends of what Python and the calendar allow, and in the wrong format.
RANDDATA = [
    "9999-12-31",
    "9999-12-15",
    "9999-01-31",
    "0001-01-01",
    "0001-12-31",
    "1000-02-29",
    "1900-02-29",
    "2024-02-29",
    "2026-02-29",
    "2026-11-31",
    "2099-12-31",
    "2100-01-01",
    "1970-01-01",
    "0000-00-00",
    "10000-01-01",
    "31-02-2026",
    "2026-13-01",
    "2026/03/06",
    "06-03-2026",
    "16-11-2026",
    "3/6/26",
    "morgen",
    "2026-03-06T12:00:00Z",
    "2026-W47",
    "20261116",
    "-2026-11-16",
    "+2026-11-16",
]

# Amounts at the edges: zero in its forms, just over the maxima, too many decimals.
RANDBEDRAGEN = [
    "0",
    "-0",
    "0,00",
    "0,001",
    "0.005",
    "99999,99",
    "100000",
    "100000,01",
    "999999999999",
    "1e5",
    "1E-2",
    "1.000.000,00",
    "1,000,000.00",
    "-1",
    "\u2212" + "5",
    "\u20ac",
    ",",
    ".",
    "1.",
    ",5",
    "12,345",
    "1.2.3",
    "\u20ac 1.960,-",
    "EUR 5",
    " 5 ",
    "5\u00a0000",
    "\u0665",
]

# Strings of one repeated character, up to about half a megabyte per field (the upload
# limit of 2.5 MB has its own test below).
GROOT = st.builds(
    lambda teken, n: teken * n,
    st.sampled_from(["A", "9", "\u20ac", "\u202e", "\u0301", "\U0001f600", "\x00", "<", "%"]),
    st.integers(1_000, 120_000),
)
GETALLEN = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from([0, -1, 2**31, 2**31 - 1, 2**63 - 1, 2**63, -(2**63) - 1]).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
_FORMATEN = ("%Y-%m-%d", "%d-%m-%Y", "%m/%d/%Y", "%Y%m%d")
DATA = st.one_of(
    st.sampled_from(RANDDATA),
    st.builds(
        lambda d, f: d.strftime(f),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
        st.sampled_from(_FORMATEN),
    ),
    st.datetimes().map(lambda d: d.isoformat()),
)
TEKST = st.one_of(st.sampled_from(RAAR), st.text(max_size=40), GETALLEN, DATA, GROOT)
# A form field's junk: one value, or several values for one name (a list where one is
# expected), or an empty list (the name without a value).
WAARDE = st.one_of(TEKST, st.lists(TEKST, min_size=0, max_size=3))

# JSON of any shape, for the JSON controls.
JSON_WAARDE = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=False) | TEKST,
    lambda kind: (
        st.lists(kind, max_size=3) | st.dictionaries(st.text(max_size=8), kind, max_size=3)
    ),
    max_leaves=6,
)
ONLEESBARE_BODIES = (
    b"",
    b"{",
    b"nul",
    b"\xff\xfe{}",
    b"\xef\xbb\xbf{}",
    b'{"who": "\xff"}',
    b"[" * 100_000 + b"]" * 100_000,  # deeper than Python's JSON reader goes
    b'{"a": ' * 50_000 + b"1" + b"}" * 50_000,
    b"1e999999",
    b'"' + b"a" * 100_000 + b'"',
)
ONLEESBARE_JSON = st.sampled_from(ONLEESBARE_BODIES)

# A file as anyone may send it: a name, bytes and a content type.
BESTANDSNAAM = st.one_of(
    st.sampled_from(
        [
            "loonstrook.pdf",
            "foto.JPG",
            "x.exe",
            ".pdf",
            "a" * 300 + ".pdf",
            "\u202egpj.exe",
            "\U0001f4b6.png",
            "..\\..\\win.ini",
            "naam met spaties.pdf",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='/\\"'),
        min_size=1,
        max_size=60,
    ),
)
INHOUD = st.one_of(
    st.sampled_from(
        [
            b"",
            PDF,
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
            b"\xff\xd8\xff\xe0" + b"junk" * 10,
            b"MZ\x90\x00" + b"\x00" * 60,
            b"<html><script>alert(1)</script></html>",
            b"%PDF" + b"\x00" * 200_000,
        ]
    ),
    st.binary(max_size=200),
)
SOORT = st.sampled_from(
    ["application/pdf", "image/png", "image/jpeg", "text/html", "application/x-msdownload", ""]
)
BESTAND = st.builds(SimpleUploadedFile, BESTANDSNAAM, INHOUD, SOORT)

WEG = object()  # the field is left out


# ---------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Veld:
    """One field: a value that passes, and values at or just past the edge of what passes.

    ``basis`` passes and leads down the deepest path (grant, send, pay): a request that
    changes one field tries that field's edge where the rest of the form passes. ``scherp``
    holds the edge values that break code, each tried once by the edge sweep and drawn by
    hypothesis; ``ook`` holds more that only hypothesis draws (other choices, near misses),
    ``meer`` draws further ones, ``geldig`` other values that pass. A callable is called
    for each use (a file is read once). ``WEG``: the field left out.
    """

    basis: object
    scherp: tuple = ()
    meer: st.SearchStrategy | None = None
    geldig: st.SearchStrategy | None = None
    ook: tuple = ()

    def geldig_st(self) -> st.SearchStrategy:
        return self.geldig if self.geldig is not None else st.just(self.basis).map(echt)

    def rand_st(self) -> st.SearchStrategy:
        waarden = (*self.scherp, *self.ook)
        delen = [st.sampled_from(waarden).map(echt)] if waarden else []
        delen += [self.meer] if self.meer is not None else []
        return st.one_of(*delen) if delen else st.just(WEG)


def echt(waarde):
    """A value as sent: a callable makes a fresh one (a file can be read once)."""
    return waarde() if callable(waarde) else waarde


# Text: NUL and more than any column holds (swept); empty, and right to left with markup,
# combining marks and an emoji of several code points (drawn by hypothesis).
TEKST_SCHERP = ("\x00", "A" * 5000)
TEKST_OOK = ("", "\u202e<script>alert(1)</script>e\u0301\u0301 \U0001f469\u200d\U0001f467")


def tekst(basis: str = "Een korte uitleg.") -> Veld:
    return Veld(basis, TEKST_SCHERP, meer=GROOT, ook=TEKST_OOK)


def datum(van: date, tot: date) -> Veld:
    """A date: the ends of the calendar, a day that does not exist, another notation."""
    scherp = (
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "16-11-2026",
        (ANKER - timedelta(days=3650)).isoformat(),
        (ANKER + timedelta(days=3650)).isoformat(),
    )
    return Veld(van.isoformat(), scherp, meer=DATA, geldig=st.dates(van, tot).map(date.isoformat))


def bedrag() -> Veld:
    redelijk = st.decimals(min_value=0, max_value=5000, places=2)
    scherp = ("0", "-1", "0,001", "100000,01", "999999999999", "1e5", "1.2.3", "\u20ac 1.960,-")
    return Veld(
        "1960,00",
        scherp,
        meer=st.one_of(st.sampled_from(RANDBEDRAGEN), GETALLEN),
        geldig=redelijk.map(lambda d: str(d).replace(".", ",")),
    )


def keuze(waarden) -> Veld:
    """One of a list: the first passes; near misses are the edge; hypothesis also draws
    the other choices."""
    waarden = [str(w) for w in waarden]
    eerste = waarden[0]
    return Veld(eerste, (f" {eerste.upper()}", f"{eerste}\x00", ""), ook=tuple(waarden[1:]))


def id_veld(geldig: list[str], anders: list[str]) -> Veld:
    """An id: the burger's own; at the edge someone else's, and absurd ones."""
    absurd = ("0", "-1", str(2**63), str(10**30), "\x007", "7.0")
    return Veld(
        geldig[0] if geldig else "",
        (*anders[:3], *absurd),
        geldig=st.sampled_from(geldig) if geldig else None,
    )


def ids_veld(geldig: list[str], anders: list[str]) -> Veld:
    """Several ids (checkboxes): one's own; at the edge none, others' and absurd ones."""
    ander = anders[:1] or ["0"]
    scherp = ([], ander, [*geldig[:1], *ander], ["0"], [str(10**30)], ["x"], geldig[:1] * 2)
    enkel = id_veld(geldig, anders)
    mix = st.lists(st.one_of(enkel.geldig_st(), enkel.rand_st()), max_size=4)
    return Veld(geldig[:2], scherp, meer=mix)


def vinkje() -> Veld:
    return Veld("on", ("", "off", "false", "\x00"))


def _pdf():
    return SimpleUploadedFile("bewijs.pdf", PDF, "application/pdf")


def bestand() -> Veld:
    scherp = (
        lambda: SimpleUploadedFile("leeg.pdf", b"", "application/pdf"),
        lambda: SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf"),
        lambda: SimpleUploadedFile("\u202egpj.exe", b"<html></html>", "text/html"),
        lambda: SimpleUploadedFile("a" * 300 + ".pdf", PDF, "application/pdf"),
        "geen bestand",
    )
    return Veld(_pdf, scherp, meer=BESTAND)


def email() -> Veld:
    """An address; at the edge ones longer than the columns they land in, or no address."""
    lang = [f"{'a' * n}@voorbeeld.nl" for n in (138, 242, 308)]
    scherp = (*lang, "a@b", "a@b.nl\x00", "\u00e4@\u00fc.nl", "a@b.nl, c@d.nl")
    return Veld("helper@voorbeeld.nl", scherp, meer=st.emails().map(str))


# Where to go next (after "Stay logged in", a language switch): a path passes; a URL of
# another site, a name that is no path, NUL, far too long, do not.
VOLGENDE = Veld(
    "/overzicht/",
    (
        "https://evil.example/",
        "//evil.example",
        "overzicht",
        "citizen:start",
        "\x00",
        "/\x00",
        "javascript:alert(1)",
        "/" + "a" * 20_000,
    ),
    meer=TEKST,
)
PAGINA = Veld("2", ("0", "-1", "last", "1.5", "9" * 30, "\x00"), meer=TEKST)


# ---------------------------------------------------------------------------- the world


@dataclass
class Wereld:
    """The set-up, and the ids the field strategies pick from."""

    opzet: dict
    burgers: list[Burger]  # Yonas, Mark, Fatima, and the client of helper_ander
    open_verzoeken: list[int]  # for the staff decisions: Yonas's and the demo's
    helpers: list[str]

    def in_beeld(self, actor: str) -> Burger:
        """Whose pages the actor sees (refused actors: Yonas's, which they do not get)."""
        if actor == "andere_burger":
            return self.opzet["mark"]
        if actor == "helper_ander":
            return self.opzet["machtigingen"]["helper_ander"].vertegenwoordigde
        return self.opzet["yonas"]

    def vorderingen(self, burger: Burger) -> list[str]:
        return _vorderingen(burger.pk)

    def andermans_vorderingen(self, burger: Burger) -> list[str]:
        return [pk for b in self.burgers if b.pk != burger.pk for pk in _vorderingen(b.pk)[:2]]

    def concept(self, burger: Burger) -> list[str]:
        return [
            str(pk)
            for pk in Verzoek.objects.filter(
                burger=burger, soort=VerzoekSoort.PBT, status=VerzoekStatus.CONCEPT
            ).values_list("pk", flat=True)
        ]

    def andermans_verzoeken(self, burger: Burger) -> list[str]:
        return [
            str(pk)
            for pk in Verzoek.objects.filter(burger__in=self.burgers)
            .exclude(burger=burger)
            .values_list("pk", flat=True)[:6]
        ]


@onthouden
def _vorderingen(burger_pk: int) -> list[str]:
    return [
        str(pk)
        for pk in Burger.objects.get(pk=burger_pk)
        .vorderingen.exclude(fase="afgerond")
        .order_by("dagtekening", "pk")
        .values_list("pk", flat=True)
    ]


def _wereld(opzet: dict) -> Wereld:
    _vorderingen.cache_clear()
    noord = opzet["machtigingen"]["helper_ander"].vertegenwoordigde
    burgers = [opzet["yonas"], opzet["mark"], Burger.objects.get(demo_sleutel="fatima"), noord]
    demo_open = Verzoek.objects.filter(status__in=OPEN_STATUSSEN).exclude(pk=opzet["open_verzoek"])
    # Yonas's pause first, then another kind (a PBT) first among the demo's own.
    demo_open = demo_open.order_by("-soort", "pk").values_list("pk", flat=True)[:3]
    return Wereld(
        opzet=opzet,
        burgers=burgers,
        open_verzoeken=[opzet["open_verzoek"], *demo_open],
        helpers=[str(pk) for pk in Helper.objects.order_by("pk").values_list("pk", flat=True)],
    )


# ---------------------------------------------------------------------------- the fields


def _pk_in(p: Poging, deel: int = -2) -> int:
    return int(p.adres.split("?")[0].rstrip("/").split("/")[deel])


def _pbt_velden(stap_slug: str) -> dict[str, Veld]:
    stap = next((s for s in STAPPEN if s.slug == stap_slug), None)
    if stap is None or stap.form is None:
        return {}
    if stap.slug == "leefsituatie":
        return {"leefsituatie": keuze(Leefsituatie.values)}
    if stap.slug == "eigen-begroting":
        # (The six rows are one field repeated: the first stands for them.)
        velden_ = {"omschrijving_1": tekst("Energie"), "bedrag_1": bedrag()}
        velden_.update(kan_niet_betalen=vinkje(), reden_niet_betalen=tekst("Energie is te duur."))
        return velden_
    return {naam: bedrag() for naam in stap.form.SLEUTELS}


def _pbt(w: Wereld, p: Poging) -> dict[str, Veld]:
    burger = w.in_beeld(p.actor)
    slug = p.stap or p.adres.rstrip("/").split("/")[-1]
    concept = id_veld(w.concept(burger), w.andermans_verzoeken(burger))
    extra = {"verzoek": concept, "terug": tekst("controleer"), "actie": tekst("herbereken")}
    if p.naam == "citizen:pbt_berekening":
        andere = tuple(s.slug for s in STAPPEN if s.slug != slug)
        extra = {"stap": Veld(slug, ("", "x\x00"), ook=andere)}
    return {**_pbt_velden(slug), **extra}


def _besluit(w: Wereld, p: Poging) -> dict[str, Veld]:
    verzoek = Verzoek.objects.filter(pk=_pk_in(p)).first()
    if verzoek is None:
        return {}
    velden_ = {
        "status": keuze([verzoek.status, *STATUSSEN]),
        "actie": keuze([TOEKENNEN, AFWIJZEN, INFO_VRAGEN]),
        "toelichting": tekst("Besproken aan de telefoon."),
        "vraag": tekst("Wilt u uw loonstrook sturen?"),
    }
    if verzoek.soort == VerzoekSoort.PBT:
        velden_["termijnbedrag"] = bedrag()
    if verzoek.soort == VerzoekSoort.PAUZE:
        velden_.update(
            startdatum=datum(ANKER, ANKER + timedelta(days=20)),
            einddatum=datum(ANKER + timedelta(days=60), ANKER + timedelta(days=80)),
            afspraken=tekst("Bellen in februari."),
        )
    return {f"v{verzoek.pk}-{naam}": veld for naam, veld in velden_.items()}


def _in_behandeling(w: Wereld, p: Poging) -> dict[str, Veld]:
    """The status the page showed (the request's own); at the edge another one."""
    verzoek = Verzoek.objects.filter(pk=_pk_in(p)).first()
    return {"status": keuze([verzoek.status if verzoek else "", *STATUSSEN])}


def _contact(w: Wereld, p: Poging) -> dict[str, Veld]:
    yonas = w.opzet["yonas"]
    open_ = Signaal.objects.filter(
        status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING]
    ).values_list("pk", "burger_id")
    eigen = [str(pk) for pk, b in open_ if b == yonas.pk] + [""]
    anders = [str(pk) for pk, b in open_ if b != yonas.pk][:3]
    return {
        "contact-kanaal": keuze(Kanaal.values),
        "contact-samenvatting": tekst("Gebeld over de pauze."),
        "contact-met_helper": vinkje(),
        "contact-signaal": id_veld(eigen, anders),
        "contact-uitkomst": keuze(["", *SignaalUitkomst.values]),
    }


def _betalen(w: Wereld, p: Poging) -> dict[str, Veld]:
    """The bank and the signed token of the page, for the termijn in the URL."""
    burger = w.in_beeld(p.actor)
    termijn = Termijn.objects.get(
        pk=w.opzet["objecten"]["mark" if p.kant == "mark" else "yonas"]["termijn"]
    )
    doel = f"termijn:{termijn.pk}"
    bedrag_ = te_betalen(termijn=termijn)
    token = maak_token(burger_id=burger.pk, doel=doel, bedrag=bedrag_)
    anders = (  # real tokens for someone or something else or another amount; altered ones
        lambda: maak_token(burger_id=w.opzet["mark"].pk, doel=doel, bedrag=bedrag_),
        lambda: maak_token(burger_id=burger.pk, doel="schuld:1", bedrag=bedrag_),
        lambda: maak_token(burger_id=burger.pk, doel=doel, bedrag=bedrag_ + 1),
        lambda: maak_token(burger_id=burger.pk, doel=doel, bedrag=-bedrag_),
        token[:-3] + "abc",
        "",
    )
    return {
        "bank": keuze([b for b, _n in BANKEN]),
        "token": Veld(
            lambda: maak_token(burger_id=burger.pk, doel=doel, bedrag=bedrag_), anders, meer=TEKST
        ),
    }


def _testkit_form(w: Wereld, p: Poging) -> dict[str, Veld]:
    return {
        "clock": {
            "set": datum(ANKER, ANKER + timedelta(days=60)),
            "move": Veld(WEG, ("7", "-7", "1e3", "36525", "-36525", "9" * 30), meer=GETALLEN),
            "reset": Veld(WEG, ("on", "true", "")),
        },
        "regime": {"code": keuze(["doel", "huidig-2026", "historisch-2022"])},
        "link": {"who": keuze(["mark", "ahmed", "coordinator"])},
    }.get(p.adres.rstrip("/").split("/")[-1], {})


def _vast(velden_: dict[str, Veld]) -> Callable[[Wereld, Poging], dict[str, Veld]]:
    return lambda w, p: velden_


def _eigen_schulden(w: Wereld, p: Poging) -> tuple[list[str], list[str]]:
    burger = w.in_beeld(p.actor)
    return w.vorderingen(burger), w.andermans_vorderingen(burger)


def _schuld_in_beeld(w: Wereld, p: Poging) -> Veld:
    return id_veld(*_eigen_schulden(w, p))


def _pauze(w: Wereld, p: Poging) -> dict[str, Veld]:
    return {
        "reden": keuze(PauzeReden.values),
        "toelichting": tekst(),
        "start": datum(ANKER + timedelta(days=1), ANKER + timedelta(days=30)),
        "eind": datum(ANKER + timedelta(days=60), ANKER + timedelta(days=80)),
        "voorstel_daarna": tekst("Daarna betaal ik weer elke maand."),
        "vorderingen": ids_veld(*_eigen_schulden(w, p)),
        "actie": keuze(["indienen", "voorbeeld"]),
    }


def _registreren(w: Wereld, p: Poging) -> dict[str, Veld]:
    return {
        "gemachtigde": id_veld(w.helpers, []),
        "mag_verzoeken": vinkje(),
        "mag_betalen": vinkje(),
        "geldig_van": datum(ANKER, ANKER + timedelta(days=30)),
        "geldig_tot": datum(ANKER + timedelta(days=60), ANKER + timedelta(days=300)),
        "bewijs": bestand(),
    }


# Each form (or page with parameters) and its fields. A row not here sends only fields
# nobody asked for; a GET gets these as its query parameters.
VELDEN: dict[str, Callable[[Wereld, Poging], dict[str, Veld]]] = {
    "set_language": _vast({"language": keuze(["nl", "en"]), "next": VOLGENDE}),
    "citizen:helper_login": _vast(
        {
            "username": Veld("matrix-inzien", ("coordinator", "yonas", "a" * 151, "AHMED", "\x00")),
            "password": Veld("x" * 20, TEKST_SCHERP, ook=(DEMO_WACHTWOORD, *TEKST_OOK)),
        }
    ),
    "citizen:helper_registreren": _vast(
        {
            "naam": tekst("Sam de Helper"),
            "email": email(),
            "soort": keuze(HelperSoort.values),
            "telefoon": tekst("0612345678"),
            "organisatie": tekst("Schuldhulp Noord"),
            "kvk_nummer": Veld("12345678", ("1234567", "123456789", "\u0661" * 8, "-1234567")),
            "wachtwoord": tekst("een-lang-wachtwoord-voor-2026"),
        }
    ),
    "citizen:sessie": _vast({"next": VOLGENDE}),
    "citizen:overzicht": lambda w, p: {"deel": tekst("opbouw"), "schuld": _schuld_in_beeld(w, p)},
    "citizen:tijdlijn": lambda w, p: {"filter": keuze(FILTERS), "schuld": _schuld_in_beeld(w, p)},
    "citizen:machtigingen": _vast({"pagina": PAGINA}),
    "citizen:machtiging_nieuw": _vast(
        {
            "mag_verzoeken": vinkje(),
            "mag_betalen": vinkje(),
            "geldig_tot": datum(ANKER + timedelta(days=1), ANKER + timedelta(days=360)),
            "email": email(),
        }
    ),
    "citizen:helper_start": _vast(
        {
            "sorteer": keuze(["naam", "open", "deadline"]),
            "actie": keuze(["ja", ""]),
            "signaal": keuze(["escalatie", "termijn_gemist", "info_gevraagd"]),
            "machtiging": keuze(["actief", "verloopt", "wacht", "beeindigd"]),
        }
    ),
    "citizen:machtiging_code": _vast(
        {
            "code": Veld(
                "K7P-4QZ-9WD",
                # Letters that grow in capitals, digits of other scripts, one character too
                # many, only dashes.
                ("\u00df" * 9, "\u0663" * 9, "\ufb01" * 5, "A" * 21, "---", "\x00" * 9),
                meer=TEKST,
            )
        }
    ),
    "citizen:pbt_stap": _pbt,
    "citizen:pbt_berekening": _pbt,
    "citizen:pbt_controle": lambda w, p: {"verzoek": _pbt(w, p)["verzoek"]},
    "citizen:pbt_bijlage": lambda w, p: {
        "bestand": bestand(),
        "omschrijving": tekst("Loonstrook oktober"),
        "verzoek": _pbt(w, p)["verzoek"],
        "terug": tekst("controleer"),
    },
    "citizen:pbt_bijlage_verwijderen": _vast({"terug": tekst("controleer")}),
    "citizen:pauze": _pauze,
    "citizen:bundeling": lambda w, p: {
        "vorderingen": ids_veld(*_eigen_schulden(w, p)),
        "actie": keuze(["indienen", ""]),
    },
    "citizen:verzoek_aanvullen": _vast(
        {"antwoord": tekst("Hierbij mijn loonstrook."), "bestand": Veld(WEG, bestand().scherp)}
    ),
    "citizen:betalen": _betalen,
    "staff:werkvoorraad": _vast(
        {
            "soort": keuze(VerzoekSoort.values),
            "status": keuze(OPEN_STATUSSEN),
            "termijn": keuze(["verlopen", "7", "14", "later"]),
            "signaal": keuze(["ja", "nee"]),
            "behandelaar": keuze(["ik", "niemand"]),
            "pagina": PAGINA,
        }
    ),
    "staff:signalen": _vast({"soort": keuze(["stilgevallen", "maatwerk"]), "pagina": PAGINA}),
    "staff:contact": _contact,
    "staff:besluit": _besluit,
    "staff:in_behandeling": _in_behandeling,
    "staff:machtiging_registreren": _registreren,
    "testkit:form": _testkit_form,
}
# Pages whose GET takes parameters (filters, a debt to show); other GETs get only junk ones.
GET_PARAMETERS = {
    "citizen:overzicht",
    "citizen:tijdlijn",
    "citizen:machtigingen",
    "citizen:helper_start",
    "staff:werkvoorraad",
    "staff:signalen",
}


def velden(naam: str, w: Wereld, p: Poging) -> dict[str, Veld]:
    """Each field (or query parameter) of this request. The actor decides whose ids are
    one's own: the burger in view."""
    if p.regel.methode in ("get", "htmx") and naam not in GET_PARAMETERS:
        return {}
    return VELDEN[naam](w, p) if naam in VELDEN else {}


# The JSON controls: fields with JSON values of the right and of the wrong type.
JSON_SCHERP = (["mark"], {"who": "mark"}, 1.5, True, None, "\x00")
JSON_VELDEN = {
    "testkit:login": {"who": Veld("mark", JSON_SCHERP, meer=JSON_WAARDE)},
    "testkit:login_link": {"who": Veld("ahmed", JSON_SCHERP, meer=JSON_WAARDE)},
    "testkit:clock": {
        "set": Veld("2027-01-15", (*JSON_SCHERP, 20270115, "9999-12-31"), meer=DATA),
        "move": Veld(WEG, (*JSON_SCHERP, 10**30, -(10**30), "7"), meer=JSON_WAARDE),
        "reset": Veld(WEG, JSON_SCHERP, meer=JSON_WAARDE),
    },
    "testkit:regime": {"code": Veld("huidig-2026", JSON_SCHERP, meer=JSON_WAARDE)},
    "testkit:engines": {},
    "testkit:reset": {},
}


# ---------------------------------------------------------------------------- a request


@dataclass
class Poging:
    """One request: who sends what where."""

    naam: str
    regel: Regel
    actor: str
    kant: str
    adres: str
    methode: str = "get"  # "get" or "post"
    data: object = None
    content_type: str | None = None
    headers: dict = field(default_factory=dict)
    standaard: bool = True  # the matrix's own path and headers: its refusal must hold
    stap: str = ""  # the step the live calculation is asked for

    def __str__(self) -> str:
        tekst = repr(self.data)
        if len(tekst) > 600:
            tekst = tekst[:600] + f"... ({len(tekst)} characters)"
        return (
            f"{self.methode.upper()} {self.adres[:300]} as {self.actor} ({self.kant}), "
            f"headers {self.headers}, content type {self.content_type}, data {tekst}"
        )


def _zonder_slash(**kwargs) -> st.SearchStrategy:
    return st.text(alphabet=st.characters(blacklist_characters="/"), min_size=1, **kwargs)


def _kies_adres(draw, naam: str, regel: Regel, w: Wereld, actor: str, kant: str):
    """The matrix's address, another valid one (a step, another open request), or junk;
    and whether it is another than the matrix's (whose refusals then need not hold)."""
    matrix_adres = adres = _adres(naam, regel, w.opzet, actor, kant)
    if regel.object == "stap":
        adres = reverse(naam, args=[draw(st.sampled_from([s.slug for s in STAPPEN]))])
    if regel.object == "testkit_form":
        adres = reverse(naam, args=[draw(st.sampled_from(["clock", "regime", "link", "engines"]))])
    if naam in ("staff:besluit", "staff:in_behandeling") and kant == "bestaat":
        verzoek = draw(st.one_of(st.just(w.open_verzoeken[0]), st.sampled_from(w.open_verzoeken)))
        adres = reverse(naam, args=[verzoek])
    if draw(st.integers(0, 4), label="junk in the URL") > 0:
        return adres, adres != matrix_adres
    if regel.object == "activatie":
        return reverse(naam, args=[draw(_zonder_slash(max_size=80)) for _ in range(2)]), True
    if regel.object == "testkit_link":
        return reverse(naam, args=[draw(_zonder_slash())]), True
    if regel.object in ("persona", "stap", "testkit_form"):
        slug = draw(st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True))
        if regel.object == "testkit_form" and slug == "reset":
            slug = "reset-niet"  # a reset wipes and rebuilds the world: not junk
        return reverse(naam, args=[slug]), True
    if regel.object == "bijlage":
        return reverse(naam, args=[draw(st.sampled_from([1, 10**30])), 0]), True
    if regel.object:
        pk = draw(st.sampled_from([0, 1, 2**31, 2**63 - 1, 2**63, 10**30]))
        return reverse(naam, args=[pk]), True
    return adres, adres != matrix_adres


def _query_junk(regel: Regel, draw, adres: str) -> str:
    """The object in the query string: as the matrix has it, junk, a list, or nothing."""
    if not regel.query:
        return adres
    basis, _q = adres.split("?", 1)
    parameter = regel.query.split("=")[0]
    keuze_ = draw(st.sampled_from(["zo", "zo", "waarde", "lijst", "weg", "beide"]), label="query")
    if keuze_ == "zo":
        return adres
    if keuze_ == "weg":
        return basis
    if keuze_ == "lijst":
        return basis + "?" + urlencode({parameter: draw(st.lists(TEKST, max_size=3))}, doseq=True)
    if keuze_ == "beide":  # both "termijn" and "schuld"
        return basis + "?" + urlencode({"termijn": draw(TEKST), "schuld": draw(TEKST)})
    return basis + "?" + urlencode({parameter: draw(TEKST)})


HOE = st.sampled_from(["rand", "rand", "rand", "junk", "weg"])


def _invullen(draw, veldstrategie: dict[str, Veld], junk=WAARDE) -> dict:
    """Start from a form that passes; change one or two of its fields to an edge value,
    junk, or nothing; add a field or two nobody asked for."""
    namen = list(veldstrategie)
    anders = set()
    if namen:
        anders = set(
            draw(
                st.lists(st.sampled_from(namen), min_size=1, max_size=2, unique=True),
                label="fields changed",
            )
        )
    data = {}
    for naam, veld in veldstrategie.items():
        hoe = draw(HOE, label=f"{naam}: how") if naam in anders else "geldig"
        if hoe == "weg":
            continue
        bron = {"geldig": veld.geldig_st, "rand": veld.rand_st, "junk": lambda: junk}[hoe]()
        waarde = draw(bron, label=naam)
        if waarde is not WEG:
            data[naam] = waarde
    extra = draw(st.dictionaries(st.text(max_size=20), junk, max_size=2), label="extra fields")
    return {**extra, **data}


def _headers(draw) -> tuple[dict, bool]:
    headers = {}
    for naam, waarden in (
        ("HX-Request", ["true", "false", ""]),
        ("HX-Current-URL", ["http://testserver/overzicht/", "::::", "http://[::1"]),
        ("Accept", ["application/json", "text/html", "*/*;q=abc", "text/html;level=\x00"]),
        ("X-Forwarded-For", ["203.0.113.7", "", "junk", "1.2.3.4, 5.6.7.8", "::1", "999.1.1.1"]),
        ("Accept-Language", ["de", "en", "x" * 300]),
    ):
        if draw(st.integers(0, 3), label=f"header {naam}?") == 0:
            # What arrives over HTTP: latin-1 text (WSGI decodes header bytes that way).
            latin1 = st.text(st.characters(max_codepoint=255), max_size=20)
            headers[naam] = draw(st.one_of(st.sampled_from(waarden), latin1), label=naam)
    # Only these change what the matrix expects (JSON or htmx answers instead of pages).
    return headers, not ({"HX-Request", "Accept"} & set(headers))


@st.composite
def pogingen(draw, naam: str, regel: Regel, w: Wereld) -> Poging:
    paren = [(a, k) for a in ACTOREN for k in _kanten(regel)]
    mogen = [p for p in paren if verwacht(regel, *p) == "ok"] or paren
    # Mostly the row's first actor who may (nobody on a public form, the burger on their
    # pages, the first staff group that decides), then anyone who may, then anyone.
    actor, kant = draw(
        st.one_of(st.just(mogen[0]), st.sampled_from(mogen), st.sampled_from(paren)),
        label="actor, side",
    )
    adres, ander_adres = _kies_adres(draw, naam, regel, w, actor, kant)
    adres = _query_junk(regel, draw, adres)
    headers, standaard = _headers(draw)
    if regel.methode in ("htmx", "htmx_post"):
        headers.setdefault("HX-Request", "true")
    # Another path may name another page, or none at all (a 404 before any login).
    p = Poging(
        naam, regel, actor, kant, adres, headers=headers, standaard=standaard and not ander_adres
    )
    if naam in JSON_VELDEN:
        p.methode, p.content_type = "post", "application/json"
        p.data = _json_body(draw, naam)
        return p
    if naam == "citizen:pbt_berekening":
        p.stap = draw(st.sampled_from([s.slug for s in STAPPEN]))
    veldstrategie = velden(naam, w, p)
    p.data = _invullen(draw, veldstrategie)
    if regel.methode in ("get", "htmx"):
        return p
    p.methode = "post"
    bestanden = any(isinstance(v, SimpleUploadedFile) for v in p.data.values())
    if not bestanden and draw(st.booleans(), label="urlencoded"):
        p.data = urlencode(p.data, doseq=True)
        p.content_type = "application/x-www-form-urlencoded"
    return p


def _json_body(draw, naam: str) -> bytes:
    soort = draw(st.sampled_from(["velden", "velden", "vorm", "onleesbaar"]), label="JSON")
    if soort == "velden":
        data = _invullen(draw, JSON_VELDEN[naam], junk=JSON_WAARDE)
    elif soort == "vorm":
        data = draw(JSON_WAARDE)
    else:
        body = draw(ONLEESBARE_JSON)
        return b'{"hard": true}' if naam == "testkit:reset" and body in LEEG_OBJECT else body
    if naam == "testkit:reset" and not data:
        data = {"hard": True}  # an empty object wipes and rebuilds the world: not junk
    return json.dumps(data).encode()


# Bodies the JSON reader takes for an empty object: for a reset that is no junk.
LEEG_OBJECT = (b"", b"\xef\xbb\xbf{}")


def stuur(client: Client, p: Poging):
    if p.methode == "get":
        return client.get(p.adres, p.data or {}, headers=p.headers)
    if p.content_type:
        return client.post(p.adres, p.data, content_type=p.content_type, headers=p.headers)
    return client.post(p.adres, p.data, headers=p.headers)


# ---------------------------------------------------------------------------- set-up per row


def _zonder_open_pauze(opzet: dict) -> None:
    """The matrix gives Yonas and Mark an open pause request; the form needs none."""
    Verzoek.objects.filter(soort=VerzoekSoort.PAUZE, status__in=OPEN_STATUSSEN).update(
        status=VerzoekStatus.INGETROKKEN
    )


def _vraag_gesteld(opzet: dict) -> None:
    """Answering needs a question: staff ask one on Yonas's and Mark's requests."""
    staf = User.objects.get(username="behandelaar")
    for kant in ("yonas", "mark"):
        verzoek = Verzoek.objects.get(pk=opzet["objecten"][kant]["verzoek"])
        vraag_info(verzoek, medewerker=staf, vraag="Wilt u uw loonstrook sturen?")


def _gesprek_gehad(opzet: dict) -> None:
    """A pause is granted only after a conversation: one with Yonas, on the day."""
    leg_contact_vast(
        burger=opzet["yonas"],
        medewerker=User.objects.get(username="begeleiding"),
        kanaal=Kanaal.TELEFOON,
        samenvatting="Gebeld over de pauze.",
        signaal=None,
        met_helper=False,
    )


VOORBEREIDING: dict[str, Callable[[dict], None]] = {
    "citizen:pauze": _zonder_open_pauze,
    "citizen:verzoek_aanvullen": _vraag_gesteld,
    "staff:besluit": _gesprek_gehad,
}


# ---------------------------------------------------------------------------- state

# Who looked at whose data: a page shown to a helper or staff member adds a row, which is
# the audit trail doing its work, not a change.
AUDIT = {"invordering_inzage"}
# A letter's PDF is made on its first download (a GET): its row gets the file.
GET_SCHRIJFT = {
    "citizen:bericht_pdf": {"invordering_document"},
    "staff:document_pdf": {"invordering_document"},
}
# Columns the wall clock writes (a login's last_login, an event's recording time).
WANDKLOK = ("last_login", "geregistreerd_op")


@onthouden
def _toestand_sql() -> str:
    q = connection.ops.quote_name
    weg = " ".join(f"- '{k}'" for k in WANDKLOK)
    with connection.cursor() as cursor:
        tabellen = [
            (t, connection.introspection.get_primary_key_columns(cursor, t)[0])
            for t in sorted(connection.introspection.table_names(cursor))
            if t.startswith("invordering_") and t not in AUDIT
        ]
        klok = {
            t
            for t, _pk in tabellen
            for k in connection.introspection.get_table_description(cursor, t)
            if k.name in WANDKLOK
        }
    rij = {t: f"(to_jsonb(x) {weg})::text" if t in klok else "x::text" for t, _pk in tabellen}
    delen = [
        f"SELECT '{t}', count(*), max({q(pk)})::text, "
        f"md5(coalesce(string_agg({rij[t]}, '|' ORDER BY {q(pk)}), '')) FROM {q(t)} x"
        for t, pk in tabellen
    ]
    delen.append("SELECT 'saldo', count(*), sum(saldo)::text, '' FROM invordering_vordering")
    return " UNION ALL ".join(delen)


def toestand() -> dict[str, tuple]:
    """Per table: (rows, max id, md5 of the rows); and the sum of every saldo."""
    with connection.cursor() as cursor:
        cursor.execute(_toestand_sql())
        return {rij[0]: tuple(rij[1:]) for rij in cursor.fetchall()}


def verschil(voor: dict, na: dict) -> list[str]:
    return [f"{t}: {voor[t][:2]} -> {na.get(t, ('-',))[:2]}" for t in voor if voor[t] != na.get(t)]


# ---------------------------------------------------------------------------- answers

# A message that is a raw exception: a Python name for an error, a traceback, a database.
RUW = re.compile(
    r"Traceback \(most recent call last\)|File \"/|\b\w+(?:Error|Exception)\b|DoesNotExist"
    r"|invalid literal for|object has no attribute|NoneType|psycopg|\bSQL\b",
)


def formulieren(response) -> list[BaseForm]:
    gevonden = {}
    for context in response.context or []:
        for waarde in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(waarde, BaseForm):
                gevonden[id(waarde)] = waarde
    return list(gevonden.values())


def formfouten(response) -> list[str]:
    return [
        str(fout)
        for form in formulieren(response)
        if form.is_bound
        for fouten in form.errors.values()
        for fout in fouten
    ]


def meldingen(response) -> list[tuple[int, str]]:
    """The messages this request added (shown on this page or on the next)."""
    opslag = getattr(response.wsgi_request, "_messages", None)
    if opslag is None:
        return []
    alle = [*getattr(opslag, "_loaded_messages", []), *getattr(opslag, "_queued_messages", [])]
    return [(m.level, str(m.message)) for m in alle]


def is_weigering(response, p: Poging) -> bool:
    """Refused: an error status, sent to log in or away, form errors or a warning."""
    if response.status_code >= 400:
        return True
    if uitkomst(response) in ("login", "admin", "dashboard"):
        return True
    if p.methode == "post" and formfouten(response):
        return True
    return any(level >= niveau.WARNING for level, _t in meldingen(response))


def _templates(response) -> set[str]:
    return {t.name for t in getattr(response, "templates", None) or [] if t.name}


def _in_beide_talen(zin: str) -> list[str]:
    uit = []
    for taal in ("nl", "en"):
        with translation.override(taal):
            uit.append(escape(gettext(zin)))
    return uit


# The product's own error pages, each known by a sentence only it has.
FOUTPAGINA = {
    400: ("400.html", "We could not handle what was sent"),
    403: ("403.html", "You cannot see this page"),
    404: ("404.html", "We cannot find this page"),
    405: ("405.html", "This page does not work this way"),
}
# Pages that answer 404 or 410 with their own explanation (a link that no longer works).
EIGEN_FOUTPAGINA = {"citizen/helpers/activeren.html", "testkit/link.html"}


def _tekst(response) -> str:
    inhoud = b"".join(response) if response.streaming else response.content
    return inhoud.decode("utf-8", errors="replace")


def controleer_melding(response, p: Poging) -> None:
    """A refusal says why, in words meant for people: never a bare status or an exception."""
    status, tekst = response.status_code, _tekst(response)
    assert "Traceback (most recent call last)" not in tekst, f"a traceback is shown: {p}"
    eigen = formfouten(response) + [t for lvl, t in meldingen(response) if lvl >= niveau.WARNING]
    for fout in eigen:
        assert not RUW.search(fout), f"a raw exception as a message, {fout!r}: {p}"
    if status < 400:
        # (A GET's filter form drops a wrong value and shows the default list: not refused.)
        if p.methode == "post" and status == 200 and formfouten(response):
            getoond = [f for f in formfouten(response) if escape(f) in tekst]
            assert getoond, f"form errors not on the page, {formfouten(response)}: {p}"
        return
    if response.get("Content-Type", "").startswith("application/json"):
        data = json.loads(tekst)
        if status == 401 and set(data) == {"login"}:
            return  # citizen.sessie: its script goes to the login page, which says why
        bericht = next((data[k] for k in ("error", "message", "fout", "melding") if k in data), "")
        assert isinstance(bericht, str) and bericht.strip(), f"JSON refusal, no message: {p}"
        assert not RUW.search(bericht), f"a raw exception in JSON, {bericht!r}: {p}"
        return
    templates = _templates(response)
    if status in FOUTPAGINA and FOUTPAGINA[status][0] in templates:
        assert any(z in tekst for z in _in_beide_talen(FOUTPAGINA[status][1])), p
        return
    if status == 403 and "403_csrf.html" in templates:
        return
    if templates & EIGEN_FOUTPAGINA:
        fout = next((c.get("error") for c in response.context if c.get("error")), "")
        assert not fout or (escape(fout) in tekst and not RUW.search(fout)), p
        return
    getoond = [
        f for f in formfouten(response) + [t for _l, t in meldingen(response)] if escape(f) in tekst
    ]
    assert getoond, f"{status} without the product's page or a message on it: {p}\n{tekst[:300]}"


def controleer(p: Poging, response, voor: dict, na: dict) -> None:
    assert response.status_code < 500, f"{response.status_code}: {p}"
    veranderd = verschil(voor, na)
    if p.methode == "get":
        toegestaan = GET_SCHRIJFT.get(p.naam, set())
        veranderd = [v for v in veranderd if v.split(":")[0] not in toegestaan]
        assert not veranderd, f"a GET changed {veranderd}: {p}"
    if is_weigering(response, p):
        assert not veranderd, f"refused ({response.status_code}) but changed {veranderd}: {p}"
    if _is_voorbeeld(p):
        assert not veranderd, f"a preview changed {veranderd}: {p}"
    controleer_melding(response, p)
    moet = verwacht(p.regel, p.actor, p.kant)
    if moet != "ok" and p.standaard:
        kreeg = uitkomst(response)
        # (Or the request was too much to read at all, which also refuses, on its own page:
        # a URL too long to send back to after logging in, say.)
        onleesbaar = kreeg == "400" and "400.html" in _templates(response)
        assert kreeg == moet or onleesbaar, f"expected {moet} whatever the junk, got {kreeg}: {p}"


def _is_voorbeeld(p: Poging) -> bool:
    """Posts that only show what would happen: the live calculation, the previews."""
    if p.naam == "citizen:pbt_berekening":
        return True
    if p.naam in ("citizen:pauze", "citizen:bundeling") and isinstance(p.data, dict):
        return p.data.get("actie") != "indienen"
    return False


def een_keer(p: Poging, opzet: dict, *, hypothesis: bool = True, geheugen=None) -> None:
    """Send ``p`` in a savepoint that is rolled back, and check the answer.

    ``geheugen`` keeps the state before the request for the next examples of the row:
    each starts from the same rolled-back database (a login's time is not counted), so
    it needs counting once, unless the row prepares something first.
    """
    cache.clear()
    clock.vergeet_cache()
    if hypothesis:
        note(str(p))
    with clock.vast_op(ANKER, 12), transaction.atomic():
        try:
            if p.naam in VOORBEREIDING:
                VOORBEREIDING[p.naam](opzet)
            client = Client()
            _inloggen(client, p.actor, opzet)
            if geheugen is None or p.naam in VOORBEREIDING:
                voor = toestand()
            else:
                if "voor" not in geheugen:
                    geheugen["voor"] = toestand()
                voor = geheugen["voor"]
            response = stuur(client, p)
            controleer(p, response, voor, toestand())
        finally:
            transaction.set_rollback(True)


# ---------------------------------------------------------------------------- the fuzz


def _aantal_voorbeelden(naam: str, regel: Regel, w: Wereld) -> int:
    """A few for every row (who asks, the ids in the URL, the headers vary), and more for
    each field, query parameter or JSON body the row takes."""
    actor, kant = _eerste_die_mag(regel)
    p = Poging(naam, regel, actor, kant, _adres(naam, regel, w.opzet, actor, kant))
    p.stap = STAPPEN[1].slug
    n = len(velden(naam, w, p)) + (2 if regel.query else 0) + (4 if regel.object == "stap" else 0)
    if naam in JSON_VELDEN:
        n = len(JSON_VELDEN[naam]) + 2  # and bodies of the wrong shape, or no JSON at all
    return min(VOORBEELDEN_MAX, VOORBEELDEN_KAAL + VOORBEELDEN_PER_VELD * n)


def _eerste_die_mag(regel: Regel) -> tuple[str, str]:
    paren = [(a, k) for a in ACTOREN for k in _kanten(regel)]
    return next((p for p in paren if verwacht(regel, *p) == "ok"), paren[0])


@pytest.mark.parametrize("rij", RIJEN, ids=[f"{r.methode}-{n}" for n, r in RIJEN])
def test_junk_never_breaks_a_page_nor_changes_anything(rij, opzet):
    naam, regel = rij
    w = _wereld(opzet)

    geheugen: dict = {}

    @fuzz_instellingen(_aantal_voorbeelden(naam, regel, w))
    @given(st.data())
    def fuzz(data):
        p = data.draw(pogingen(naam, regel, w), label="request")
        een_keer(p, opzet, geheugen=geheugen)

    fuzz()


# ---------------------------------------------------------------------------- the edge sweep

# The object in a query string (?schuld=, ?termijn=), at its edges.
QUERY_SCHERP = ("", "0", "-1", "1e3", str(10**30), "\x00", " 7", "\u0667", "7.0")


def _met_velden(naam: str, regel: Regel) -> bool:
    if naam in JSON_VELDEN:
        return True  # its fields, and bodies that are no JSON object
    get = regel.methode in ("get", "htmx")
    return bool(regel.query) or (naam in VELDEN and (not get or naam in GET_PARAMETERS))


MET_VELDEN = [(n, r) for n, r in RIJEN if _met_velden(n, r)]


# One PBT step of each kind: a choice, amounts (per month and per year), the own budget.
# The other steps ask one amount each, in the same kind of field.
PBT_SOORTEN_STAPPEN = ("leefsituatie", "inkomen", "eigen-begroting")


def _basispogingen(naam: str, regel: Regel, w: Wereld) -> list[Poging]:
    """The row's request as its first actor sends it, once per page its fields differ on:
    each step of the PBT request, each control of the tester page, each kind of request
    staff decide on."""
    actor, kant = _eerste_die_mag(regel)
    adres = _adres(naam, regel, w.opzet, actor, kant)
    adressen, stappen = [adres], [""]
    if regel.object == "stap":
        adressen = [reverse(naam, args=[slug]) for slug in PBT_SOORTEN_STAPPEN]
    if naam == "citizen:pbt_berekening":
        stappen = list(PBT_SOORTEN_STAPPEN)
    if regel.object == "testkit_form":
        adressen = [reverse(naam, args=[a]) for a in ("clock", "regime", "link")]
    if naam in ("staff:besluit", "staff:in_behandeling"):
        adressen = [reverse(naam, args=[pk]) for pk in w.open_verzoeken[:2]]
    headers = {"HX-Request": "true"} if regel.methode in ("htmx", "htmx_post") else {}
    methode = "get" if regel.methode in ("get", "htmx") else "post"
    return [
        Poging(naam, regel, actor, kant, a, methode, headers=dict(headers), stap=stap)
        for a in adressen
        for stap in stappen
    ]


def _met(basis: dict, anders: dict) -> dict:
    """The passing form with some fields changed (``WEG``: left out); fresh files."""
    data = {**basis, **anders}
    return {k: echt(v) for k, v in data.items() if v is not WEG}


def _zet(p: Poging, data: dict) -> Poging:
    if p.naam in JSON_VELDEN:
        return replace(p, data=json.dumps(data).encode(), content_type="application/json")
    return replace(p, data=data)


def randen(naam: str, regel: Regel, w: Wereld):
    """Every request of the sweep: the form that passes with one field at one of its edges
    (or left out), and the query's object at each of its edges."""
    gedaan: set[str] = set()  # a field the pages share (a request's status) once per row
    for p in _basispogingen(naam, regel, w):
        velden_ = JSON_VELDEN[naam] if naam in JSON_VELDEN else velden(naam, w, p)
        basis = {k: v.basis for k, v in velden_.items() if v.basis is not WEG}
        for veld, v in velden_.items():
            if re.sub(r"^v\d+-", "", veld) in gedaan:
                continue
            gedaan.add(re.sub(r"^v\d+-", "", veld))
            for waarde in (*v.scherp, WEG):
                yield _zet(p, _met(basis, {veld: waarde}))
        # Fields of one kind at the same edge together: a start and an end both in 9999
        # pass "the end is before the start" and reach the arithmetic.
        soorten: dict[str, tuple[tuple, list[str]]] = {}
        for veld, v in velden_.items():
            soorten.setdefault(repr(v.scherp), (v.scherp, []))[1].append(veld)
        for scherp, namen in soorten.values():
            for waarde in scherp if len(namen) > 1 else ():
                yield _zet(p, _met(basis, dict.fromkeys(namen, waarde)))
        if naam in JSON_VELDEN:
            for body in ONLEESBARE_BODIES:
                if naam != "testkit:reset" or body not in LEEG_OBJECT:
                    yield replace(p, data=body, content_type="application/json")
        if regel.query:
            parameter = regel.query.split("=")[0]
            zonder = p.adres.split("?")[0]
            for waarde in QUERY_SCHERP:
                adres = f"{zonder}?{urlencode({parameter: waarde})}"
                yield _zet(replace(p, adres=adres), _met(basis, {}))


@pytest.mark.parametrize("rij", MET_VELDEN, ids=[f"{r.methode}-{n}" for n, r in MET_VELDEN])
def test_every_field_at_its_edges_with_the_rest_of_the_form_right(rij, opzet):
    """Not left to chance: each edge value of each field once, the other fields passing."""
    naam, regel = rij
    w = _wereld(opzet)
    geheugen: dict = {}
    for p in randen(naam, regel, w):
        een_keer(p, opzet, hypothesis=False, geheugen=geheugen)


# ---------------------------------------------------------------------------- too much

POSTS = [(n, r) for n, r in RIJEN if r.methode not in ("get", "htmx")]
URLENCODED = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("rij", POSTS, ids=[f"{r.methode}-{n}" for n, r in POSTS])
def test_more_than_the_server_reads_gets_the_400_page_and_changes_nothing(rij, opzet):
    """Past Django's limits (2.5 MB of fields, 1,000 fields): the product's 400 page."""
    naam, regel = rij
    actor, kant = _eerste_die_mag(regel)
    adres = _adres(naam, regel, opzet, actor, kant)
    te_groot = "A" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    te_veel = {f"veld{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    soorten = [({"omschrijving": te_groot}, None), (urlencode(te_veel), URLENCODED)]
    if naam in JSON_VELDEN:
        soorten = [(json.dumps({"who": te_groot}).encode(), "application/json")]
    for data, content_type in soorten:
        p = Poging(naam, regel, actor, kant, adres, "post", data, content_type, standaard=False)
        if regel.methode == "htmx_post":
            p.headers = {"HX-Request": "true"}
        een_keer(p, opzet, hypothesis=False)


# ---------------------------------------------------------------------------- replays


@pytest.fixture
def anker():
    cache.clear()
    _vorderingen.cache_clear()
    with clock.vast_op(ANKER, 12):
        yield


def ingelogd(actor: str, opzet: dict) -> Client:
    client = Client()
    _inloggen(client, actor, opzet)
    return client


def opnieuw(client: Client, methode: str, adres: str, data=None, **extra):
    """Send a request a second time: nothing may change, and the answer must say why."""
    voor = toestand()
    response = getattr(client, methode)(adres, data or {}, **extra)
    assert response.status_code < 500, response.status_code
    assert verschil(voor, toestand()) == [], f"the replay of {adres} changed something"
    return response


def getoonde_melding(client: Client, response) -> str:
    """The message the person reads after ``response``: on the page, or on the next one;
    or the product's own error page."""
    if response.status_code in (301, 302, 303):
        response = client.get(response["Location"])
    status, templates = response.status_code, _templates(response)
    if status in FOUTPAGINA and FOUTPAGINA[status][0] in templates:
        return FOUTPAGINA[status][1]
    teksten = [str(m) for m in response.context.get("messages", [])] if response.context else []
    teksten += formfouten(response) + [c["error"] for c in response.context or [] if c.get("error")]
    tekst = _tekst(response)
    getoond = [t for t in teksten if escape(t) in tekst]
    assert getoond, f"no message on {response.request['PATH_INFO']}"
    assert not any(RUW.search(t) for t in getoond), getoond
    return " ".join(getoond)


def test_a_machtigingscode_works_once(opzet, anker):
    _machtiging, code = maak_machtigingscode(
        burger=opzet["yonas"],
        geldig_tot=ANKER + timedelta(days=90),
        mag_verzoeken=False,
        mag_betalen=False,
    )
    helper = ingelogd("helper_inzien", opzet)
    adres = reverse("citizen:machtiging_code")
    assert helper.post(adres, {"code": code}).status_code == 302
    for wie in ("helper_inzien", "helper_betalen"):  # the same helper, and another one
        client = ingelogd(wie, opzet)
        response = opnieuw(client, "post", adres, {"code": code})
        assert response.status_code == 200 and formfouten(response)
        assert getoonde_melding(client, response)


def test_a_login_link_works_once(opzet, anker, demo):
    adres = login_link("mark")
    assert Client().post(adres).status_code == 302
    client = Client()
    response = opnieuw(client, "post", adres)
    assert response.status_code == 410
    assert getoonde_melding(client, response)
    assert "_auth_user_id" not in client.session
    assert opnieuw(client, "get", adres).status_code == 410


def test_an_activation_link_works_once(opzet, anker):
    adres = reverse("citizen:helper_activeren", args=list(opzet["activatie"]))
    assert Client().post(adres).status_code == 302
    client = Client()
    response = opnieuw(client, "post", adres)
    assert response.status_code == 404
    assert "citizen/helpers/activeren.html" in _templates(response)
    assert "_auth_user_id" not in client.session


def _pbt_compleet(burger) -> Verzoek:
    concept = Verzoek.objects.get(burger=burger, soort=VerzoekSoort.PBT, status="concept")
    concept.gegevens = {
        "leefsituatie": "alleenstaand",
        "netto_inkomen": "1960.00",
        "vakantiegeld_per_jaar": "1500.00",
        "overig_inkomen": "0.00",
        "woonlasten": "575.00",
        "zorgpremie": "150.00",
        "andere_regelingen": "95.00",
        "alimentatie": "0.00",
        "vermogen": "0.00",
    }
    concept.save()
    return concept


@dataclass(frozen=True)
class Herhaling:
    """A form that succeeds once; sent again, it changes nothing and says so."""

    actor: str
    naam: str
    data: Callable[[dict], dict]
    args: Callable[[dict], list] = lambda opzet: []
    query: Callable[[dict], str] = lambda opzet: ""
    voorbereiding: Callable[[dict], None] = lambda opzet: None
    status: int = 302  # of the first, successful post


def _open_vordering_zonder_regeling(opzet) -> str:
    vordering = (
        opzet["yonas"]
        .vorderingen.filter(fase__in=["open", "herinnering", "signaal", "verrekening"])
        .order_by("pk")
        .first()
    )
    return f"?schuld={vordering.pk}"


def _termijn_token(opzet) -> dict:
    termijn = Termijn.objects.get(pk=opzet["objecten"]["yonas"]["termijn"])
    doel = f"termijn:{termijn.pk}"
    bedrag = te_betalen(termijn=termijn)
    return {
        "bank": "ing",
        "token": maak_token(burger_id=opzet["yonas"].pk, doel=doel, bedrag=bedrag),
    }


def _ja(opzet) -> dict:
    return {}


HERHALINGEN = {
    "pbt_sent_twice": Herhaling(
        "burger",
        "citizen:pbt_controle",
        lambda o: {"verzoek": _pbt_compleet(o["yonas"]).pk},
        status=303,
    ),
    "pause_sent_twice": Herhaling(
        "helper_verzoeken",
        "citizen:pauze",
        lambda o: {
            "reden": "ziekte",
            "start": (ANKER + timedelta(days=1)).isoformat(),
            "eind": (ANKER + timedelta(days=60)).isoformat(),
            "voorstel_daarna": "Daarna een regeling.",
            "vorderingen": _vorderingen(o["yonas"].pk)[:1],
            "actie": "indienen",
        },
        voorbereiding=_zonder_open_pauze,
    ),
    "bundling_sent_twice": Herhaling(
        "burger",
        "citizen:bundeling",
        lambda o: {"vorderingen": _vorderingen(o["yonas"].pk)[:2], "actie": "indienen"},
    ),
    "plan_started_twice": Herhaling(
        "burger", "citizen:regeling_starten", _ja, query=_open_vordering_zonder_regeling
    ),
    "payment_sent_twice": Herhaling(
        "helper_betalen",
        "citizen:betalen",
        _termijn_token,
        query=lambda o: f"?termijn={o['objecten']['yonas']['termijn']}",
        status=303,
    ),
    "request_withdrawn_twice": Herhaling(
        "burger",
        "citizen:verzoek_intrekken",
        _ja,
        args=lambda o: [o["objecten"]["yonas"]["verzoek"]],
    ),
    "answer_sent_twice": Herhaling(
        "burger",
        "citizen:verzoek_aanvullen",
        lambda o: {"antwoord": "Hierbij mijn loonstrook."},
        args=lambda o: [o["objecten"]["yonas"]["verzoek"]],
        voorbereiding=_vraag_gesteld,
    ),
    "mandate_revoked_twice_by_the_burger": Herhaling(
        "burger",
        "citizen:machtiging_intrekken",
        _ja,
        args=lambda o: [o["objecten"]["yonas"]["machtiging"]],
    ),
    "proof_removed_twice": Herhaling(
        "burger",
        "citizen:pbt_bijlage_verwijderen",
        _ja,
        args=lambda o: [o["objecten"]["yonas"]["bijlage_id"]],
        status=303,
    ),
    "overview_pdf_asked_twice": Herhaling("burger", "citizen:overzicht_pdf", _ja),
    "decision_sent_twice": Herhaling(
        "behandelaar",
        "staff:besluit",
        lambda o: {
            f"v{o['open_verzoek']}-status": "ingediend",
            f"v{o['open_verzoek']}-actie": "afwijzen",
            f"v{o['open_verzoek']}-toelichting": "Geen pauze nodig.",
        },
        args=lambda o: [o["open_verzoek"]],
    ),
    "taken_on_twice": Herhaling(
        "behandelaar",
        "staff:in_behandeling",
        lambda o: {"status": "ingediend"},
        args=lambda o: [o["open_verzoek"]],
    ),
    "mandate_revoked_twice_by_staff": Herhaling(
        "coordinator",
        "staff:machtiging_intrekken",
        _ja,
        args=lambda o: [o["machtigingen"]["helper_verzoeken"].pk],
    ),
}


@pytest.mark.parametrize("naam", sorted(HERHALINGEN))
def test_a_form_sent_again_after_it_succeeded_changes_nothing_and_says_so(naam, opzet, anker, demo):
    h = HERHALINGEN[naam]
    h.voorbereiding(opzet)
    client = ingelogd(h.actor, opzet)
    adres = reverse(h.naam, args=h.args(opzet)) + h.query(opzet)
    data = h.data(opzet)
    eerste = client.post(adres, data)
    assert eerste.status_code == h.status, (eerste.status_code, _tekst(eerste)[:500])
    assert not is_weigering(eerste, Poging(h.naam, Regel(PUBLIEK), h.actor, "-", adres, "post"))
    client.get(eerste["Location"])  # the person reads the first answer (and its message)
    response = opnieuw(client, "post", adres, data)
    if h.naam == "citizen:regeling_starten":
        assert response.status_code == 200 and response.context["niet_mogelijk"]
    elif h.naam == "citizen:betalen":
        # The same confirmation as the first time: "We received your payment of ...".
        assert response["Location"] == eerste["Location"]
        assert Betaling.objects.filter(burger=opzet["yonas"], methode="demo_ideal").count() == 1
    else:
        assert getoonde_melding(client, response)
