"""The tester controls over HTTP: DEMO only, JSON in and out, and a page for people."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from invordering import clock
from invordering.demo.personas import DEMO_WACHTWOORD, PERSONAS
from invordering.demo.wereld import ANKER
from invordering.models import Beleidsparameter, Burger, Regime, Verwerking, Vordering
from testkit import services
from testkit.urls import urlpatterns

pytestmark = pytest.mark.django_db

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON_CALLS = ("reset", "login", "login_link", "clock", "engines", "regime")
ENGLISH = {django_settings.LANGUAGE_COOKIE_NAME: "en"}


@pytest.fixture
def client(client):
    client.cookies.load(ENGLISH)
    return client


def _dag(dagen: int) -> str:
    return (ANKER + timedelta(days=dagen)).isoformat()


def _stand() -> dict:
    """What a control could change, to show that a refused one changed nothing."""
    state = services.state()
    state["clock"].pop("now")
    return {**state, "runs": Verwerking.objects.count()}


def _ingelogd(client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------------------- outside DEMO

CONTROLS = [
    ("get", "testkit:state", [], {}),
    ("get", "testkit:state", [], {"HTTP_ACCEPT": HTML}),
    *[("post", f"testkit:{naam}", [], {"content_type": "application/json"}) for naam in JSON_CALLS],
    ("get", "testkit:use_link", ["TOKEN"], {}),
    ("post", "testkit:use_link", ["TOKEN"], {}),
    *[
        ("post", "testkit:form", [actie], {})
        for actie in ("reset", "clock", "engines", "regime", "link")
    ],
]


def test_the_404_test_covers_every_control_url():
    assert {f"testkit:{p.name}" for p in urlpatterns} == {naam for _m, naam, _a, _e in CONTROLS}


@pytest.mark.parametrize(("methode", "naam", "args", "extra"), CONTROLS)
def test_every_control_answers_404_outside_demo_mode(settings, wereld, methode, naam, args, extra):
    settings.DEMO = True
    args = [services.login_token("mark") if a == "TOKEN" else a for a in args]
    voor = _stand()
    settings.DEMO = False
    # A browser without a CSRF token gets 404 too, not 403: nothing shows the kit exists.
    client = Client(enforce_csrf_checks=True)
    data = {"who": "mark", "code": "historisch-2022", "set": "2030-01-01"}
    if extra.get("content_type") == "application/json" or methode == "get":
        response = getattr(client, methode)(reverse(naam, args=args), data, **extra)
    else:
        response = client.post(reverse(naam, args=args), data, **extra)
    assert response.status_code == 404
    assert not _ingelogd(client)
    settings.DEMO = True
    assert _stand() == voor


# ---------------------------------------------------------------------------- state


def test_state_tells_the_clock_the_regime_the_personas_and_the_last_runs(client, kit):
    response = client.get(reverse("testkit:state"))
    data = response.json()
    assert response.status_code == 200 and "Accept" in response["Vary"]
    assert data["clock"]["today"] == data["clock"]["seeded_on"] == ANKER.isoformat()
    assert data["regime"] == "doel"
    assert [r["code"] for r in data["regimes"]] == ["doel", "historisch-2022", "huidig-2026"]
    personas = {p["who"]: p for p in data["personas"]}
    assert list(personas) == [p.sleutel for p in PERSONAS]
    assert personas["mark"]["username"] == "mark" and personas["mark"]["password"] is None
    assert (
        personas["ahmed"]["role"] == "helper" and personas["ahmed"]["password"] == DEMO_WACHTWOORD
    )
    assert data["engine_runs"][0]["kind"] == "escalatie"
    assert data["engine_runs"][0]["day"] == ANKER.isoformat()


# ---------------------------------------------------------------------------- JSON only


@pytest.mark.parametrize("naam", JSON_CALLS)
@pytest.mark.parametrize(
    ("body", "soort"),
    [
        ("who=mark&code=historisch-2022&set=2030-01-01", "application/x-www-form-urlencoded"),
        ('{"who": "mark", "code": "historisch-2022", "set": "2030-01-01"}', "text/plain"),
        (None, None),  # multipart, what a plain form post with a file input sends
    ],
    ids=["form", "text", "multipart"],
)
def test_state_changing_calls_take_only_json(client, kit, worker_asked, naam, body, soort):
    voor = _stand()
    adres = reverse(f"testkit:{naam}")
    if body is None:
        response = client.post(adres, {"who": "mark", "code": "historisch-2022"})
    else:
        response = client.post(adres, body, content_type=soort)
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["error"]
    assert _stand() == voor and not _ingelogd(client) and not worker_asked


def test_a_json_call_needs_post(client, kit):
    assert client.get(reverse("testkit:engines")).status_code == 405


# ---------------------------------------------------------------------------- bad input


BAD = [
    ("login", {"who": "nobody"}, "There is no persona “nobody”. Choose one of: mark, sanne"),
    ("login", {}, 'Say who: for example {"who": "mark"}.'),
    ("login", {"who": ["mark"]}, "Send one value for “who”: text, a number, true or false"),
    ("login_link", {"who": "nobody"}, "There is no persona “nobody”"),
    ("clock", {"set": "2027-02-30"}, "Write the date as YYYY-MM-DD"),
    ("clock", {"set": "tomorrow"}, "Write the date as YYYY-MM-DD"),
    ("clock", {"set": "1999-12-31"}, "Choose a date from 2000-01-01 to 2099-12-31"),
    ("clock", {"move": "a week"}, "Write a whole number of days"),
    ("clock", {"move": 1.5}, "Write a whole number of days"),
    ("clock", {"move": 36000}, "Choose a date from 2000-01-01 to 2099-12-31"),
    ("clock", {"move": 30, "reset": True}, "Choose one thing to do with the clock"),
    ("clock", {}, "Choose one thing to do with the clock"),
    ("clock", {"date": "2027-01-15"}, "Unknown field “date”. This call takes: set, move, reset."),
    ("regime", {"code": "streng"}, "There is no policy regime “streng”. Choose one of: doel,"),
    ("regime", {}, 'Say which regime: for example {"code": "doel"}.'),
    ("engines", {"now": True}, "Unknown field “now”. This call takes no fields: send {}."),
    ("reset", {"hard": True}, "Unknown field “hard”. This call takes no fields: send {}."),
    ("reset", "{not json", "The body is not valid JSON"),
    ("clock", ["2027-01-15"], "Send a JSON object"),
    # Found by tests/test_fuzz.py (each was a 500): the wrong JSON type for a date, and
    # JSON nested deeper than Python's reader goes.
    ("clock", {"set": [None]}, "Send one value for “set”"),
    ("clock", {"set": 20270115}, "Write the date as YYYY-MM-DD"),
    ("clock", {"set": True}, "Write the date as YYYY-MM-DD"),
    ("reset", "[" * 100_000 + "]" * 100_000, "The body is not valid JSON"),
]


@pytest.mark.parametrize(("naam", "data", "uitleg"), BAD)
def test_bad_input_gets_400_with_a_plain_message_and_changes_nothing(
    client, kit, api, worker_asked, naam, data, uitleg
):
    voor = _stand()
    response = api(naam, data)
    assert response.status_code == 400
    assert uitleg in response.json()["error"]
    assert _stand() == voor and not _ingelogd(client) and not worker_asked


# ---------------------------------------------------------------------------- login


def test_login_sets_the_session_cookie_and_then_the_personas_overview_opens(client, kit, api):
    response = api("login", {"who": "mark"})
    assert response.status_code == 200
    assert response.json() == {
        "logged_in": "mark",
        "name": "Mark de Vries",
        "role": "burger",
        "next": "/",
    }
    assert django_settings.SESSION_COOKIE_NAME in response.cookies
    assert client.get("/")["Location"] == reverse("citizen:overzicht")
    overzicht = client.get(reverse("citizen:overzicht"))
    assert overzicht.status_code == 200
    assert overzicht.context["burger"].demo_sleutel == "mark"


@pytest.mark.parametrize(
    ("wie", "thuis"), [("ahmed", "citizen:helper_start"), ("coordinator", "admin:index")]
)
def test_helpers_and_staff_log_in_the_same_way(client, kit, api, wie, thuis):
    assert api("login", {"who": wie}).json()["logged_in"] == wie
    assert client.get("/")["Location"] == reverse(thuis)
    assert client.get(reverse(thuis)).status_code == 200


def test_a_login_link_logs_in_once_and_then_never_again(client, kit, api):
    data = api("login_link", {"who": "yonas"}).json()
    assert data["valid_seconds"] == services.LINK_SECONDS and data["who"] == "yonas"
    link = urlsplit(data["url"]).path
    assert not _ingelogd(client)  # making a link logs nobody in

    deelnemer = Client()
    deelnemer.cookies.load(ENGLISH)
    bevestig = deelnemer.get(link)  # a link preview or prefetch does not spend it
    assert bevestig.status_code == 200 and not _ingelogd(deelnemer)
    assert "Log in as Yonas Tesfay" in bevestig.content.decode()
    response = deelnemer.post(link)
    assert response.status_code == 302 and response["Location"] == reverse("citizen:start")
    assert deelnemer.get(reverse("citizen:overzicht")).context["burger"].demo_sleutel == "yonas"

    nog_een = Client()
    nog_een.cookies.load(ENGLISH)
    for methode in ("get", "post"):
        weg = getattr(nog_een, methode)(link)
        assert weg.status_code == 410
        assert "This login link no longer works" in weg.content.decode()
    assert not _ingelogd(nog_een)


def test_every_link_is_its_own(client, kit):
    eerste, tweede = services.login_link("ria"), services.login_link("ria")
    assert eerste != tweede
    assert Client().post(eerste).status_code == 302
    assert Client().post(tweede).status_code == 302


def test_an_old_or_altered_link_does_not_log_in(client, kit, monkeypatch):
    link = services.login_link("mark")
    monkeypatch.setattr(services, "LINK_SECONDS", -1)  # as if it were made long ago
    assert client.post(link).status_code == 410
    monkeypatch.setattr(services, "LINK_SECONDS", 300)
    veranderd = link.replace(":", ":x", 1)
    response = client.post(veranderd)
    assert response.status_code == 400 and "not complete or not right" in response.content.decode()
    assert not _ingelogd(client)
    assert client.post(link).status_code == 302  # the real one still works


# ---------------------------------------------------------------------------- clock


def test_the_clock_is_set_moved_and_reset(client, kit, api, worker_asked):
    gezet = api("clock", {"set": "2027-01-15"}).json()
    assert gezet["today"] == "2027-01-15" and gezet["moved"] and gezet["seeded_on"] == "2026-11-16"
    assert clock.today() == date(2027, 1, 15)
    assert api("clock", {"move": 30}).json()["today"] == "2027-02-14"
    assert api("clock", {"move": "-44"}).json()["today"] == "2027-01-01"
    terug = api("clock", {"reset": True}).json()
    assert terug["today"] == timezone.localdate().isoformat() and not terug["moved"]
    assert clock.today() == timezone.localdate()
    assert len(worker_asked) == 4  # each move asks the worker to bring the engines along
    assert client.get(reverse("testkit:state")).json()["clock"]["today"] == terug["today"]


# ---------------------------------------------------------------------------- engines


def test_the_engines_catch_up_to_the_clock_and_say_what_ran(client, kit, api):
    api("clock", {"set": _dag(4)})  # the 20th is the verrekendag
    response = api("engines")
    data = response.json()
    assert response.status_code == 200
    assert data["today"] == _dag(4)
    assert data["days"] == [_dag(1), _dag(2), _dag(3), _dag(4)]
    assert [(r["kind"], r["day"]) for r in data["runs"]] == [
        ("escalatie", _dag(1)),
        ("escalatie", _dag(2)),
        ("escalatie", _dag(3)),
        ("verrekening", _dag(4)),
        ("escalatie", _dag(4)),
    ]
    assert {r["status"] for r in data["runs"]} == {"klaar"}
    assert {r["started_by"] for r in data["runs"]} == {"testkit"}
    opgeteld = Counter()
    for run in data["runs"]:
        if run["kind"] == "escalatie":
            opgeteld.update(run["outcomes"])
    assert data["totals"]["escalatie"] == dict(opgeteld)
    assert data["totals"]["escalatie"]["regeling_lopend"] > 0

    again = api("engines").json()
    assert again["runs"] == [] and again["days"] == []
    laatste = client.get(reverse("testkit:state")).json()["engine_runs"][0]
    assert (laatste["kind"], laatste["day"]) == ("escalatie", _dag(4))


def test_the_engines_refuse_an_incomplete_regime_with_409_and_write_nothing(client, kit, api):
    Beleidsparameter.objects.filter(regime__code="doel", sleutel="verrekendag").delete()
    api("clock", {"set": _dag(1)})
    voor = Verwerking.objects.count()
    response = api("engines")
    assert response.status_code == 409
    assert "verrekendag" in response.json()["error"]
    assert Verwerking.objects.count() == voor


# ---------------------------------------------------------------------------- regime


def test_the_regime_switches_by_code(client, kit, api):
    response = api("regime", {"code": "huidig-2026"})
    assert response.status_code == 200 and response.json()["regime"] == "huidig-2026"
    assert list(Regime.objects.filter(actief=True).values_list("code", flat=True)) == [
        "huidig-2026"
    ]
    assert client.get(reverse("testkit:state")).json()["regime"] == "huidig-2026"
    api("clock", {"set": _dag(1)})
    assert api("engines").json()["runs"][0]["regime"] == "huidig-2026"


# ---------------------------------------------------------------------------- the page


class _Pagina(HTMLParser):
    """Title, headings, and every control with its accessible name."""

    def __init__(self):
        super().__init__()
        self.titel, self.h1, self.labels, self.velden, self.knoppen = "", 0, set(), [], []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("title", "button"):
            self._in = tag
            if tag == "button":
                self.knoppen.append(attrs.get("aria-label", ""))
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.labels.add(attrs.get("for"))
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.velden.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.titel += data
        elif self._in == "button":
            self.knoppen[-1] += data.strip()


def _pagina(response) -> _Pagina:
    pagina = _Pagina()
    pagina.feed(response.content.decode())
    return pagina


def test_a_browser_gets_a_page_with_one_h1_a_unique_title_and_named_controls(client, kit):
    response = client.get(reverse("testkit:state"), HTTP_ACCEPT=HTML)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    pagina = _pagina(response)
    assert pagina.titel.strip() == "Tester controls – Mijn Toeslagen"
    assert pagina.h1 == 1
    assert all(pagina.knoppen) and len(pagina.knoppen) == len(set(pagina.knoppen))
    assert pagina.velden and set(pagina.velden) <= pagina.labels
    html = response.content.decode()
    for persona in PERSONAS:
        assert f"Log in as {persona.naam}" in html
        assert f"One-time link for {persona.naam}" in html
    # The persona buttons are the login page's own demo login.
    assert f'action="{reverse("citizen:demo_login", args=["mark"])}"' in html
    login = _pagina(client.get(reverse("citizen:login")))
    assert login.titel != pagina.titel


@pytest.fixture
def browser(kit):
    """A browser that sends the CSRF token the page gave it, as a real one does."""
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT=HTML)
    browser.cookies.load(ENGLISH)
    browser.get(reverse("testkit:state"))
    token = browser.cookies[django_settings.CSRF_COOKIE_NAME].value

    def post(actie: str, data: dict | None = None, **extra):
        data = {**(data or {}), "csrfmiddlewaretoken": token}
        return browser.post(reverse("testkit:form", args=[actie]), data, follow=True, **extra)

    return post


def test_the_pages_forms_need_the_csrf_token(kit):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("testkit:form", args=["regime"]), {"code": "huidig-2026"})
    assert response.status_code == 403
    assert Regime.objects.get(actief=True).code == "doel"


def test_the_page_sets_moves_and_resets_the_clock(browser, worker_asked):
    response = browser("clock", {"set": "2027-01-15"})
    assert response.redirect_chain == [(reverse("testkit:state"), 302)]
    assert "The demo clock now says 2027-01-15." in response.content.decode()
    browser("clock", {"move": "-14"})
    assert clock.today() == date(2027, 1, 1)
    browser("clock", {"reset": "on"})
    assert clock.today() == timezone.localdate()
    assert len(worker_asked) == 3


def test_the_page_shows_what_was_wrong_and_changes_nothing(browser):
    response = browser("clock", {"set": "2027-02-30"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "Write the date as YYYY-MM-DD" in html
    assert _pagina(response).titel.startswith("Error: Tester controls")
    assert clock.today() == ANKER
    response = browser("regime", {"code": "streng"})
    assert response.status_code == 400 and "There is no policy regime" in response.content.decode()
    assert Regime.objects.get(actief=True).code == "doel"


def test_the_page_switches_the_regime_runs_the_engines_and_makes_a_link(browser):
    response = browser("regime", {"code": "historisch-2022"})
    assert "The regime is now “historisch-2022”." in response.content.decode()
    assert Regime.objects.get(actief=True).code == "historisch-2022"

    browser("clock", {"set": _dag(2)})
    response = browser("engines")
    assert "The engines ran for 2 day(s), up to 2026-11-18." in response.content.decode()
    assert "Nothing to do" in browser("engines").content.decode()

    html = browser("link", {"who": "ria"}).content.decode()
    assert (
        "One-time login link (works once, for 5 minutes): http://testserver/testkit/link/" in html
    )
    link = html.split("http://testserver", 1)[1].split("<", 1)[0].strip()
    assert Client().post(link).status_code == 302
    assert browser("link", {"who": "nobody"}).status_code == 200  # back to the page, with:
    assert "There is no persona" in browser("link", {"who": "nobody"}).content.decode()


# ---------------------------------------------------------------------------- reset


def _wereld() -> dict:
    """The seeded world in numbers: rows per model, every saldo, regime, runs and clock."""
    modellen = apps.get_app_config("invordering").get_models()
    return {
        "rijen": {m.__name__: m.objects.count() for m in modellen},
        "saldi": list(
            Vordering.objects.order_by("kenmerk").values_list("kenmerk", "saldo", "fase")
        ),
        "emails": list(Burger.objects.order_by("bsn").values_list("bsn", "email")),
        "regime": Regime.objects.get(actief=True).code,
        "runs": list(Verwerking.objects.values_list("soort", "dag", "gestart_door")),
        "vandaag": clock.today(),
    }


@pytest.mark.django_db(transaction=True)
def test_reset_brings_back_the_seeded_world_clock_regime_and_runs(demo, client, api):
    from invordering.demo.seed import bouw_wereld

    bouw_wereld()  # (does nothing if an earlier test left the world: then the clock)
    clock.zet_datum(ANKER)
    gezaaid = _wereld()
    assert gezaaid["vandaag"] == ANKER and gezaaid["regime"] == "doel"

    api("login", {"who": "mark"})
    api("regime", {"code": "huidig-2026"})
    api("clock", {"set": _dag(10)})
    assert len(api("engines").json()["runs"]) == 11
    Burger.objects.filter(demo_sleutel="mark").update(email="ander@example.nl")
    veranderd = _wereld()
    assert veranderd != gezaaid

    response = api("reset")
    assert response.status_code == 200
    data = response.json()
    assert data["clock"]["today"] == ANKER.isoformat() and data["regime"] == "doel"
    assert _wereld() == gezaaid
    # Everyone was logged out, the caller too.
    assert client.get(reverse("citizen:overzicht")).status_code == 302
    assert not _ingelogd(client)
    assert api("login", {"who": "mark"}).status_code == 200  # and can log in again
