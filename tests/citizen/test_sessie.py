"""Sessions end after 15 minutes without activity, on the server, with a plain message;
the warning's "Stay logged in" keeps them; logout ends the session so its cookie is useless.

Time: ``citizen.sessie.nu`` is replaced by a clock the test moves (``klok.verder(901)``),
so nothing sleeps. Pages are asked in English, so the assertions read the msgids whatever
the Dutch translations say.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from citizen import sessie
from invordering import clock, policy
from invordering.demo.wereld import ANKER
from invordering.models import Burger, Document, User, Verzoek

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HTMX = {"HTTP_HX_REQUEST": "true"}
NIET_ACTIEF = "You were not active for 15 minutes. To protect your data, we logged you out."


class Klok:
    def __init__(self):
        self.tijd = 1_000_000.0

    def verder(self, seconden: float) -> None:
        self.tijd += seconden


@pytest.fixture
def klok(monkeypatch):
    klok = Klok()
    monkeypatch.setattr(sessie, "nu", lambda: klok.tijd)
    return klok


@pytest.fixture(autouse=True)
def _omgeving(settings, demo, wereld, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_IDLE_SECONDEN = 15 * 60
    settings.SESSION_WAARSCHUWING_SECONDEN = 2 * 60
    with clock.vast_op(ANKER, 12):
        yield


def log_in(client: Client, sleutel: str) -> User:
    """A persona (burger, helper or staff), with English pages."""
    User.objects.filter(username=sleutel).update(taal="en")
    burger = Burger.objects.filter(demo_sleutel=sleutel).first()
    if burger is not None:
        User.objects.filter(pk=burger.user_id).update(taal="en")
    response = client.post(reverse("citizen:demo_login", args=[sleutel]))
    assert response.status_code == 302, sleutel
    return User.objects.get(pk=client.session["_auth_user_id"])


def sessie_bestaat(client: Client) -> bool:
    return Session.objects.filter(session_key=client.session.session_key).exists()


def meldingen(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------- the idle limit


def test_idle_beyond_the_limit_ends_the_session_on_the_server_and_says_so(client, klok):
    log_in(client, "mark")
    assert client.get(reverse("citizen:overzicht")).status_code == 200
    sleutel = client.cookies[settings.SESSION_COOKIE_NAME].value

    klok.verder(15 * 60 + 1)
    response = client.get(reverse("citizen:overzicht"))

    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:login") + "?next=/overzicht/"
    assert not Session.objects.filter(session_key=sleutel).exists()
    pagina = client.get(response["Location"])
    assert NIET_ACTIEF in pagina.content.decode()
    assert "not yet sent is not saved" in pagina.content.decode()
    # The old cookie is worth nothing: the same client (same cookie) is logged out.
    assert client.get(reverse("citizen:overzicht"))["Location"].startswith(reverse("citizen:login"))


def test_exactly_at_the_limit_the_session_still_holds(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(15 * 60)
    assert client.get(reverse("citizen:overzicht")).status_code == 200


def test_activity_within_the_limit_keeps_the_session_going(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    for _ in range(3):  # 42 minutes in all, never 15 without a page
        klok.verder(14 * 60)
        assert client.get(reverse("citizen:tijdlijn")).status_code == 200
    assert "_auth_user_id" in client.session


def test_the_limit_is_a_setting(client, klok, settings):
    settings.SESSION_IDLE_SECONDEN = 5 * 60
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(5 * 60 + 1)
    response = client.get(reverse("citizen:overzicht"), follow=True)
    assert "You were not active for 5 minutes." in " ".join(meldingen(response))


def test_the_pdf_status_poll_does_not_keep_the_session_alive(client, klok):
    burger = Burger.objects.get(demo_sleutel="mark")
    log_in(client, "mark")
    document = Document.objects.filter(burger=burger).earliest("pk")
    client.get(reverse("citizen:berichten"))
    for _ in range(5):  # polled every few seconds in the browser; here every 3 minutes
        klok.verder(3 * 60)
        poll = client.get(reverse("citizen:bericht_status", args=[document.pk]), **HTMX)
        assert poll.status_code in (200, 286)
    klok.verder(1)
    response = client.get(reverse("citizen:bericht_status", args=[document.pk]), **HTMX)
    # htmx is told to take the whole browser to the login page, not to swap it in.
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("citizen:login")
    assert not sessie_bestaat(client)


def test_asking_for_the_time_left_does_not_count_as_activity(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(10 * 60)
    assert client.get(reverse("citizen:sessie"), **JSON).json() == {"resterend": 5 * 60}
    klok.verder(4 * 60)
    assert client.get(reverse("citizen:sessie"), **JSON).json() == {"resterend": 60}
    klok.verder(61)
    response = client.get(reverse("citizen:sessie"), **JSON)
    assert response.status_code == 401
    assert response.json() == {"login": reverse("citizen:login")}
    assert not sessie_bestaat(client)


def test_stay_logged_in_extends_the_session(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(14 * 60)
    response = client.post(reverse("citizen:sessie"), **JSON)
    assert response.json() == {"resterend": 15 * 60}
    klok.verder(14 * 60)  # 28 minutes after the last page: held by "Stay logged in"
    assert client.get(reverse("citizen:overzicht")).status_code == 200


def test_stay_logged_in_without_javascript_goes_back_to_the_page(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:tijdlijn"))
    klok.verder(14 * 60)
    response = client.post(reverse("citizen:sessie"), {"next": "/tijdlijn/?filter=alles"})
    assert response["Location"] == "/tijdlijn/?filter=alles"
    elders = client.post(reverse("citizen:sessie"), {"next": "https://elders.example/"})
    assert elders["Location"] == reverse("citizen:start")


@pytest.mark.parametrize("volgende", ["overzicht", "1\x00", "citizen:start", "tijdlijn?x=1", ""])
def test_stay_logged_in_with_a_next_that_is_no_path_goes_to_the_start(client, klok, volgende):
    # Found by tests/test_fuzz.py: redirect() read "overzicht" as a URL name (a 500).
    log_in(client, "mark")
    response = client.post(reverse("citizen:sessie"), {"next": volgende})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:start")


def test_stay_logged_in_needs_the_csrf_token(klok):
    client = Client(enforce_csrf_checks=True)
    log_in_met_csrf(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(14 * 60)
    assert client.post(reverse("citizen:sessie"), **JSON).status_code == 403
    klok.verder(2 * 60)  # the refused post extended nothing
    assert client.get(reverse("citizen:overzicht")).status_code == 302


def test_stay_logged_in_after_the_end_is_too_late(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(15 * 60 + 1)
    response = client.post(reverse("citizen:sessie"), **JSON)
    assert response.status_code == 401
    assert not sessie_bestaat(client)


def test_a_form_sent_after_the_end_is_not_processed_and_the_saved_draft_is_named(client, klok):
    burger = Burger.objects.get(demo_sleutel="mark")
    log_in(client, "mark")
    stap = "citizen:pbt_stap"
    response = client.post(
        reverse(stap, args=["leefsituatie"]), {"leefsituatie": "alleenstaand", "actie": "verder"}
    )
    assert response.status_code == 303
    klok.verder(20 * 60)
    response = client.post(
        reverse(stap, args=["inkomen"]),
        {"netto_inkomen": "1960", "vakantiegeld_per_jaar": "0", "actie": "verder"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("citizen:login")
    tekst = " ".join(meldingen(response))
    assert NIET_ACTIEF in tekst
    assert "Your draft request for a personal payment plan is kept" in tekst
    concept = Verzoek.objects.get(burger=burger, soort="pbt", status="concept")
    assert concept.gegevens.get("leefsituatie") == "alleenstaand"
    assert "netto_inkomen" not in concept.gegevens


def test_without_a_draft_the_message_promises_nothing_about_one(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(16 * 60)
    tekst = " ".join(meldingen(client.get(reverse("citizen:overzicht"), follow=True)))
    assert NIET_ACTIEF in tekst and "draft" not in tekst


def test_a_helper_acting_for_someone_is_logged_out_too(client, klok):
    helper = log_in(client, "ahmed")
    machtiging = policy.bruikbare_machtigingen(helper.helper).first()
    client.post(reverse("citizen:namens", args=[machtiging.pk]))
    assert client.get(reverse("citizen:overzicht")).status_code == 200
    klok.verder(16 * 60)
    response = client.get(reverse("citizen:overzicht"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("citizen:login"))
    assert NIET_ACTIEF in " ".join(meldingen(response))
    assert policy.NAMENS not in client.session


def test_staff_go_to_the_staff_login_with_the_message(client, klok):
    log_in(client, "behandelaar")
    assert client.get(reverse("admin:index")).status_code == 200
    klok.verder(16 * 60)
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("admin:login") + "?next=/beheer/"
    pagina = client.get(response["Location"]).content.decode()
    assert NIET_ACTIEF in pagina
    assert "draft" not in pagina


def test_every_polling_view_is_passive():
    """Whatever a page polls by itself (hx-trigger="every ...") never keeps a session alive."""
    gepold = set()
    for sjabloon in _sjablonen():
        for element in re.findall(r"<[^>]*hx-trigger=\"[^\"]*every [^>]*>", sjabloon.read_text()):
            gepold |= set(re.findall(r"\{% url '([\w:]+)'", element))
    assert gepold, "no polling found: the scan is broken"
    actief = sorted(n for n in gepold if not getattr(_view(n), "sessie_passief", False))
    assert not actief, f"mark these views @passief (citizen.sessie): {actief}"


def _sjablonen():
    for map_ in (settings.BASE_DIR / d for d in ("templates", "citizen", "staff", "testkit")):
        yield from map_.rglob("*.html")


def _view(naam: str, resolver=None, ns: str = ""):
    for patroon in (resolver or get_resolver()).url_patterns:
        if isinstance(patroon, URLResolver):
            gevonden = _view(
                naam, patroon, f"{ns}{patroon.namespace}:" if patroon.namespace else ns
            )
            if gevonden is not None:
                return gevonden
        elif isinstance(patroon, URLPattern) and f"{ns}{patroon.name}" == naam:
            return patroon.callback
    return None


# ---------------------------------------------------------------- the warning on every page


def _dialoog(html: str) -> str:
    match = re.search(r'<dialog id="sessie-waarschuwing".*?</dialog>', html, re.S)
    assert match, "no session warning on the page"
    return match.group(0)


def test_a_burgers_pages_carry_the_warning_with_a_csrf_protected_stay_button(client, klok):
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    klok.verder(60)
    html = client.get(reverse("citizen:tijdlijn")).content.decode()
    dialoog = _dialoog(html)
    assert (
        'role="alertdialog"' in dialoog and 'aria-labelledby="sessie-waarschuwing-titel"' in dialoog
    )
    assert 'data-resterend="900"' in dialoog and 'data-waarschuwing="120"' in dialoog
    assert "we will log you out in 2 minutes" in dialoog
    assert re.search(
        r'<form method="post" action="/sessie/" data-sessie-blijven>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="\w+">',
        dialoog,
    )
    assert ">Stay logged in</button>" in dialoog
    assert '<form method="post" action="/uitloggen/">' in dialoog
    assert re.search(r'<script src="/static/js/sessie\.[0-9a-f]+\.js" defer>', html)


def test_a_helper_acting_on_behalf_gets_the_warning(client, klok):
    helper = log_in(client, "ahmed")
    assert "sessie-waarschuwing" in client.get(reverse("citizen:helper_start")).content.decode()
    machtiging = policy.bruikbare_machtigingen(helper.helper).first()
    client.post(reverse("citizen:namens", args=[machtiging.pk]))
    _dialoog(client.get(reverse("citizen:overzicht")).content.decode())


@pytest.mark.parametrize(
    "adres",
    ["admin:index", "staff:werkvoorraad", "admin:invordering_burger_changelist"],
)
def test_staff_pages_get_the_warning_with_the_admin_logout(client, klok, adres):
    log_in(client, "behandelaar")
    html = client.get(reverse(adres)).content.decode()
    dialoog = _dialoog(html)
    assert f'<form method="post" action="{reverse("admin:logout")}">' in dialoog
    assert re.search(r'<script src="/static/js/sessie\.[0-9a-f]+\.js" defer>', html)


def test_nobody_logged_in_gets_no_warning(client):
    for adres in (reverse("citizen:login"), reverse("admin:login")):
        html = client.get(adres).content.decode()
        assert "sessie-waarschuwing" not in html and "sessie." not in html, adres


# ---------------------------------------------------------------- logout


def log_in_met_csrf(client: Client, sleutel: str) -> None:
    """Log in through the login page as a browser does: with the form's CSRF token."""
    User.objects.filter(username=sleutel).update(taal="en")
    burger = Burger.objects.filter(demo_sleutel=sleutel).first()
    if burger is not None:
        User.objects.filter(pk=burger.user_id).update(taal="en")
    client.get(reverse("citizen:login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("citizen:demo_login", args=[sleutel]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def _token(client: Client, adres: str) -> str:
    html = client.get(adres).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html).group(1)


@pytest.mark.parametrize(
    ("sleutel", "pagina", "uitloggen", "login"),
    [
        ("mark", "citizen:overzicht", "citizen:logout", "citizen:login"),
        ("behandelaar", "admin:index", "admin:logout", "admin:login"),
    ],
)
def test_logout_is_a_post_with_csrf_and_the_old_cookie_is_useless_after(
    sleutel, pagina, uitloggen, login
):
    client = Client(enforce_csrf_checks=True)
    log_in_met_csrf(client, sleutel)
    oude_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    token = _token(client, reverse(pagina))

    assert client.get(reverse(uitloggen)).status_code == 405
    assert client.post(reverse(uitloggen)).status_code == 403  # no CSRF token
    assert client.get(reverse(pagina)).status_code == 200  # still logged in

    response = client.post(reverse(uitloggen), {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert not Session.objects.filter(session_key=oude_cookie).exists()

    # Someone who kept the old cookie (a copy, a shared computer) gets nothing with it.
    dief = Client()
    dief.cookies[settings.SESSION_COOKIE_NAME] = oude_cookie
    response = dief.get(reverse(pagina))
    assert response.status_code == 302 and response["Location"].startswith(reverse(login))
    assert not Session.objects.filter(session_key=oude_cookie).exists()


def test_the_old_cookie_is_also_useless_after_an_idle_end(klok):
    client = Client()
    log_in(client, "mark")
    client.get(reverse("citizen:overzicht"))
    oude_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    klok.verder(16 * 60)
    client.get(reverse("citizen:overzicht"))
    klok.tijd -= 16 * 60  # even a clock that went back does not bring it to life
    dief = Client()
    dief.cookies[settings.SESSION_COOKIE_NAME] = oude_cookie
    assert dief.get(reverse("citizen:overzicht")).status_code == 302
