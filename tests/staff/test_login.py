"""The staff login (/beheer/login/) stops guessing: per user name and per address."""

from __future__ import annotations

import html

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from invordering.demo.personas import DEMO_WACHTWOORD
from tests.conftest import DREMPEL_T0 as T0

pytestmark = pytest.mark.django_db
TE_VAAK = (
    "You tried to log in too many times. Wait 15 minutes and try again. Does it still not "
    "work then? Ask your team's application manager to look at your account."
)


@pytest.fixture(autouse=True)
def klok(drempelklok, client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return drempelklok


def inloggen(client, username, password="fout"):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def tekst(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_sixth_try_gets_429_the_message_and_the_name_kept(client, wereld):
    for _ in range(5):
        response = inloggen(client, "behandelaar")
        assert response.status_code == 200 and "Please enter the correct" in tekst(response)
    response = inloggen(client, "behandelaar", DEMO_WACHTWOORD)  # right, but too late
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert TE_VAAK in tekst(response)
    assert 'value="behandelaar"' in response.content.decode()
    assert DEMO_WACHTWOORD not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_logs_in_and_wipes_them(client, wereld):
    for _ in range(4):
        inloggen(client, "behandelaar")
    response = inloggen(client, "behandelaar", DEMO_WACHTWOORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(5):
        assert inloggen(client, "behandelaar").status_code == 200
    assert inloggen(client, "behandelaar").status_code == 429


def test_one_blocked_name_does_not_stop_a_colleague(client, wereld):
    for _ in range(5):
        inloggen(client, "behandelaar")
    assert inloggen(client, "behandelaar", DEMO_WACHTWOORD).status_code == 429
    assert inloggen(client, "coordinator", DEMO_WACHTWOORD).status_code == 302


def test_failures_on_the_helper_login_count_for_the_same_name(client, wereld):
    for _ in range(5):
        client.post(
            reverse("citizen:helper_login"), {"username": "behandelaar", "password": "fout"}
        )
    assert inloggen(client, "behandelaar", DEMO_WACHTWOORD).status_code == 429


def test_the_window_passes(client, wereld, klok):
    for _ in range(5):
        inloggen(client, "behandelaar")
    klok.nu = T0 + 15 * 60 - 1
    assert inloggen(client, "behandelaar", DEMO_WACHTWOORD).status_code == 429
    klok.nu = T0 + 15 * 60
    assert inloggen(client, "behandelaar", DEMO_WACHTWOORD).status_code == 302


def test_twenty_failures_from_one_address_stop_every_name_from_there(client, wereld):
    for i in range(20):
        assert inloggen(client, f"naam{i % 5}").status_code == 200
    assert inloggen(client, "coordinator", DEMO_WACHTWOORD).status_code == 429
    elders = client.post(
        reverse("admin:login"),
        {"username": "coordinator", "password": DEMO_WACHTWOORD},
        REMOTE_ADDR="192.0.2.9",
    )
    assert elders.status_code == 302
