"""Input at the edge of what the pages take, found by tests/test_fuzz.py: each case was a
server error or an empty page, and is now a plain message with nothing changed.

Pages are read in English (the cookie or the person's own language), so the assertions
read the msgids whatever the Dutch catalogue says.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import Burger, Helper, Machtiging, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _engels(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with clock.vast_op(ANKER, 12):
        yield


def _yonas(client) -> Burger:
    yonas = Burger.objects.get(demo_sleutel="yonas")
    User.objects.filter(pk=yonas.user_id).update(taal="en")
    client.force_login(yonas.user)
    return yonas


def test_an_address_too_long_for_a_user_name_is_refused_at_the_field(client):
    # A helper's address becomes their user name (150 characters): a longer one was a 500.
    adres = "a" * 140 + "@voorbeeld.nl"
    data = {"naam": "Piet", "email": adres, "soort": "informeel", "wachtwoord": "lang-2026!?x"}
    response = client.post(reverse("citizen:helper_registreren"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "This e-mail address is too long: use one of at most 150 characters."
    ]
    assert not Helper.objects.filter(naam="Piet").exists()


def test_an_invitation_address_too_long_for_its_column_is_refused(client, wereld):
    # The invitation's address is stored in 254 characters: a longer one was a 500.
    yonas = _yonas(client)
    data = {
        "geldig_tot": (ANKER + timedelta(days=30)).isoformat(),
        "email": "a" * 250 + "@voorbeeld.nl",
    }
    response = client.post(reverse("citizen:machtiging_nieuw"), data)
    assert response.status_code == 200
    assert "at most 254 characters" in response.context["form"].errors["email"][0]
    assert not Machtiging.objects.filter(vertegenwoordigde=yonas, status="aangevraagd").exists()


def test_a_form_larger_than_the_server_reads_gets_the_400_page(client, wereld):
    _yonas(client)
    te_groot = "A" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("citizen:pauze"), {"toelichting": te_groot})
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]
    assert "We could not handle what was sent" in response.content.decode()


def test_a_link_too_long_to_come_back_to_after_logging_in_gets_the_400_page(client):
    response = client.get(reverse("citizen:overzicht"), {"filter": "x" * 20_000})
    assert response.status_code == 400
    assert "We could not handle what was sent" in response.content.decode()


def test_a_page_asked_with_a_method_it_does_not_take_says_so(client, wereld):
    # Django's 405 is an empty page: a bookmarked logout showed nothing at all.
    _yonas(client)
    response = client.get(reverse("citizen:logout"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    html = response.content.decode()
    assert "This page does not work this way" in html and "Nothing was sent or changed." in html
    stap = client.post(reverse("citizen:pbt_stap", args=["bewijs"]))  # a step without a form
    assert stap.status_code == 405 and "Error code: 405" in stap.content.decode()


def test_a_script_gets_the_405_as_json(client):
    response = client.get(reverse("citizen:logout"), headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response.json() == {"error": "This address does not take GET."}
