"""Rate limits on the citizen side: the helper login, machtigingscodes and requests sent.

Pages are read in English (the msgids), so the tests do not wait for the Dutch catalogue.
Each test has a limiter clock it moves by hand (and, from tests/conftest.py, a clean cache).
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from invordering import clock, throttle
from invordering.demo.personas import DEMO_WACHTWOORD
from invordering.demo.wereld import ANKER
from invordering.models import Burger, Helper, User, Verzoek
from invordering.services.machtigingen import maak_machtigingscode
from tests.conftest import DREMPEL_T0 as T0

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def klok(drempelklok):
    with clock.vast_op(ANKER, 12):
        yield drempelklok


def tekst(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def engels(client) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def foutmelding(response) -> str:
    """The text of the page's error summary."""
    match = re.search(r'<div class="mt-error-summary".*?</div>', response.content.decode(), re.S)
    assert match, "no error summary"
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(match.group(0))).split())


def ingelogd(client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------- the helper login

TE_VAAK_INLOGGEN = "You tried to log in too many times. Wait 15 minutes and try again."


def inloggen(client, username, password="fout", **extra):
    return client.post(
        reverse("citizen:helper_login"), {"username": username, "password": password}, **extra
    )


def test_the_sixth_try_for_a_name_gets_429_a_plain_message_and_keeps_the_name(client, wereld):
    engels(client)
    for _ in range(5):
        response = inloggen(client, "ahmed")
        assert response.status_code == 200
        assert "The user name or password is not right" in tekst(response)
    response = inloggen(client, "ahmed", DEMO_WACHTWOORD)  # right, but too late
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert TE_VAAK_INLOGGEN in tekst(response)
    assert "Call the BelastingTelefoon: 0800-0543 (free)." in tekst(response)
    assert 'value="ahmed"' in response.content.decode()
    assert DEMO_WACHTWOORD not in response.content.decode()
    assert not ingelogd(client)


def test_four_failures_do_not_stop_the_right_password(client, wereld):
    for _ in range(4):
        assert inloggen(client, "ahmed").status_code == 200
    response = inloggen(client, "ahmed", DEMO_WACHTWOORD)
    assert response.status_code == 302 and ingelogd(client)


def test_a_successful_login_wipes_the_names_failures(client, wereld):
    for _ in range(4):
        inloggen(client, "ahmed")
    assert inloggen(client, "ahmed", DEMO_WACHTWOORD).status_code == 302
    client.post(reverse("citizen:logout"))
    # Without the wipe, the second of these would be the sixth failure and refused.
    for _ in range(4):
        assert inloggen(client, "ahmed").status_code == 200
    assert inloggen(client, "ahmed", DEMO_WACHTWOORD).status_code == 302


def test_a_blocked_name_does_not_block_another(client, wereld):
    for _ in range(5):
        inloggen(client, "ahmed")
    assert inloggen(client, "ahmed", DEMO_WACHTWOORD).status_code == 429
    assert inloggen(client, "eva", DEMO_WACHTWOORD).status_code == 302


def test_the_name_counts_whatever_its_capitals_and_spaces(client, wereld):
    for naam in ("ahmed", "Ahmed", " AHMED ", "ahmed", "aHmed"):
        inloggen(client, naam)
    assert inloggen(client, "ahmed", DEMO_WACHTWOORD).status_code == 429


def test_a_name_that_does_not_exist_is_treated_exactly_the_same(client, wereld):
    engels(client)
    antwoorden = {}
    for naam in ("ahmed", "niemand-bestaat"):
        statussen = [inloggen(client, naam).status_code for _ in range(6)]
        antwoorden[naam] = (statussen, inloggen(client, naam))
    (bekend, bekend_blok), (onbekend, onbekend_blok) = antwoorden.values()
    assert bekend == onbekend == [200] * 5 + [429]
    assert bekend_blok["Retry-After"] == onbekend_blok["Retry-After"]
    assert TE_VAAK_INLOGGEN in tekst(bekend_blok)
    assert foutmelding(bekend_blok) == foutmelding(onbekend_blok)


def test_the_window_passes_and_the_name_may_try_again(client, wereld, klok):
    for _ in range(5):
        inloggen(client, "ahmed")
    klok.nu = T0 + 14 * 60 + 30
    response = inloggen(client, "ahmed", DEMO_WACHTWOORD)
    assert response.status_code == 429 and response["Retry-After"] == "30"
    klok.nu = T0 + 15 * 60
    assert inloggen(client, "ahmed", DEMO_WACHTWOORD).status_code == 302


def test_one_address_trying_many_names_is_stopped_after_twenty_failures(client, wereld):
    engels(client)
    namen = [f"naam{i}" for i in range(5)]
    for i in range(19):  # at most four per name: no name is blocked
        assert inloggen(client, namen[i % 5]).status_code == 200
    assert inloggen(client, "eva", DEMO_WACHTWOORD).status_code == 302  # not before
    client.post(reverse("citizen:logout"))
    engels(client)
    assert inloggen(client, "ahmed").status_code == 200  # the twentieth failure
    response = inloggen(client, "eva", DEMO_WACHTWOORD)
    assert response.status_code == 429 and TE_VAAK_INLOGGEN in tekst(response)
    # Someone at another address is not stopped, and a success here wiped nothing for
    # the address.
    elders = inloggen(client, "eva", DEMO_WACHTWOORD, REMOTE_ADDR="192.0.2.44")
    assert elders.status_code == 302


def test_a_new_x_forwarded_for_on_every_try_does_not_escape_the_address_limit(client, wereld):
    # No trusted proxy: the header is the client's own claim, the peer is what counts.
    engels(client)
    for i in range(20):
        inloggen(client, f"naam{i % 5}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    response = inloggen(client, "eva", DEMO_WACHTWOORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429 and TE_VAAK_INLOGGEN in tekst(response)


def test_behind_a_trusted_proxy_each_client_counts_for_itself(client, wereld, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    engels(client)
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(20):
        inloggen(client, f"naam{i % 5}", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    blocked = inloggen(
        client, "eva", DEMO_WACHTWOORD, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", **via_proxy
    )
    assert blocked.status_code == 429
    # Another person behind the same proxy is not stopped by the first one's failures.
    other = inloggen(
        client, "eva", DEMO_WACHTWOORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **via_proxy
    )
    assert other.status_code == 302


def test_staff_on_the_helper_login_with_the_right_password_is_no_failure(client, wereld):
    for _ in range(6):
        response = inloggen(client, "behandelaar", DEMO_WACHTWOORD)
        assert response.status_code == 200  # "not a helper account", never 429


# ---------------------------------------------------------------- machtigingscodes


def helper(client, username) -> Helper:
    User.objects.filter(username=username).update(taal="en")
    assert client.login(username=username, password=DEMO_WACHTWOORD)
    return Helper.objects.get(user__username=username)


def code_invoeren(client, code):
    return client.post(reverse("citizen:machtiging_code"), {"code": code})


def nieuwe_code(sleutel="mark") -> str:
    burger = Burger.objects.get(demo_sleutel=sleutel)
    _m, code = maak_machtigingscode(
        burger=burger, geldig_tot=ANKER + timedelta(days=90), mag_verzoeken=False, mag_betalen=False
    )
    return code


def test_the_sixth_wrong_code_gets_429_and_keeps_what_was_typed(client, demo, wereld):
    helper(client, "eva")
    for _ in range(5):
        response = code_invoeren(client, "AAA-BBB-CCC")
        assert response.status_code == 200 and "This code does not work" in tekst(response)
    goede = nieuwe_code()
    response = code_invoeren(client, goede)  # the right one, but too late
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert (
        "You tried too many codes. Wait 15 minutes and try again, or ask the person for a new "
        "code." in tekst(response)
    )
    assert f'value="{goede}"' in response.content.decode()
    assert (
        not Helper.objects.get(user__username="eva")
        .machtigingen.filter(vertegenwoordigde__demo_sleutel="mark")
        .exists()
    )


def test_codes_count_per_helper_account(client, demo, wereld):
    helper(client, "eva")
    for _ in range(5):
        code_invoeren(client, "AAA-BBB-CCC")
    assert code_invoeren(client, "AAA-BBB-CCC").status_code == 429
    client.logout()
    helper(client, "ahmed")
    response = code_invoeren(client, "AAA-BBB-CCC")
    assert response.status_code == 200 and "This code does not work" in tekst(response)


def test_after_the_window_the_right_code_works(client, demo, wereld, klok):
    helper(client, "eva")
    for _ in range(5):
        code_invoeren(client, "AAA-BBB-CCC")
    klok.nu = T0 + 15 * 60
    response = code_invoeren(client, nieuwe_code())
    assert response.status_code == 302 and response.url == reverse("citizen:helper_start")


def test_a_right_code_wipes_the_wrong_ones(client, demo, wereld):
    helper(client, "eva")
    for _ in range(4):
        code_invoeren(client, "AAA-BBB-CCC")
    assert code_invoeren(client, nieuwe_code("mark")).status_code == 302
    for _ in range(5):
        assert code_invoeren(client, "AAA-BBB-CCC").status_code == 200


# ---------------------------------------------------------------- requests sent

TE_VAAK_INDIENEN = (
    "You sent many requests in a short time, so we cannot take this one now. Wait 60 minutes "
    "and send it again: what you filled in stays here. Is it urgent? Call the "
    "BelastingTelefoon: 0800-0543 (free)."
)


def burger(client, sleutel) -> Burger:
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    b = Burger.objects.get(demo_sleutel=sleutel)
    User.objects.filter(pk=b.user_id).update(taal="en")
    return b


def pauze(client, mark, toelichting="Mijn vader is overleden."):
    return client.post(
        reverse("citizen:pauze"),
        {
            "reden": "scheiding",
            "toelichting": toelichting,
            "start": "2026-11-20",
            "eind": "2027-02-19",
            "voorstel_daarna": "Daarna betaal ik weer elke maand.",
            "vorderingen": [v.pk for v in mark.vorderingen.exclude(fase="afgerond")],
            "actie": "indienen",
        },
    )


def intrekken(client, verzoek_url):
    pk = int(verzoek_url.rstrip("/").rsplit("/", 1)[-1])
    client.post(reverse("citizen:verzoek_intrekken", args=[pk]))


def test_sent_requests_count_per_burger_and_the_one_after_the_limit_gets_429(
    client, demo, wereld, settings
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "verzoek_indienen": {"maximum": 2, "seconden": 3600},
    }
    mark = burger(client, "mark")
    for _ in range(2):  # send, withdraw, send again: both count
        response = pauze(client, mark)
        assert response.status_code == 302
        intrekken(client, response.url)
    response = pauze(client, mark, toelichting="Derde keer.")
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert TE_VAAK_INDIENEN in tekst(response)
    form = response.context["form"]
    assert form["toelichting"].value() == "Derde keer."
    assert form["voorstel_daarna"].value() == "Daarna betaal ik weer elke maand."
    assert "Send my request for a pause" in tekst(response)  # the button is still there
    assert Verzoek.objects.filter(burger=mark, soort="pauze").count() == 2


def test_a_pause_is_taken_at_the_limit_minus_one_and_refused_after(client, demo, wereld):
    mark = burger(client, "mark")
    for _ in range(9):
        throttle.tel_indiening(mark)
    response = pauze(client, mark)
    assert response.status_code == 302
    intrekken(client, response.url)
    assert pauze(client, mark).status_code == 429


def test_bundling_is_refused_at_the_limit_with_the_choice_kept(client, demo, wereld):
    fatima = burger(client, "fatima")
    ids = [v.pk for v in fatima.vorderingen.all()][:2]
    for _ in range(10):
        throttle.tel_indiening(fatima)
    response = client.post(reverse("citizen:bundeling"), {"vorderingen": ids, "actie": "indienen"})
    assert response.status_code == 429 and TE_VAAK_INDIENEN in tekst(response)
    assert {v.pk for v in response.context["form"].cleaned_data["vorderingen"]} == set(ids)
    assert response.context["voorstel"] is not None
    assert not Verzoek.objects.filter(burger=fatima, soort="bundeling").exists()


def test_another_burger_is_not_stopped_and_the_window_passes(client, demo, wereld, klok):
    mark = Burger.objects.get(demo_sleutel="mark")
    for _ in range(10):
        throttle.tel_indiening(mark)
    fatima = burger(client, "fatima")
    ids = [v.pk for v in fatima.vorderingen.all()]
    for _ in range(9):
        throttle.tel_indiening(fatima)
    klok.nu = T0 + 3600
    response = client.post(reverse("citizen:bundeling"), {"vorderingen": ids, "actie": "indienen"})
    assert response.status_code == 302
    client.post(reverse("citizen:logout"))
    mark = burger(client, "mark")
    assert pauze(client, mark).status_code == 302  # mark's hour is over too


PBT = {
    "leefsituatie": {"leefsituatie": "alleenstaand"},
    "inkomen": {"netto_inkomen": "1960", "vakantiegeld_per_jaar": "1881,60"},
    "overig-inkomen": {"overig_inkomen": "408"},
    "woonlasten": {"woonlasten": "575"},
    "zorgpremie": {"zorgpremie": "150"},
    "regelingen": {"andere_regelingen": "95"},
    "alimentatie": {"alimentatie": "0"},
    "vermogen": {"vermogen": "0"},
}


def test_a_pbt_at_the_limit_stays_a_draft_with_every_answer(client, demo, wereld):
    mark = burger(client, "mark")
    for slug, data in PBT.items():
        response = client.post(reverse("citizen:pbt_stap", args=[slug]), {**data, "actie": "x"})
        assert response.status_code == 303, slug
    concept = mark.verzoeken.get(soort="pbt", status="concept")
    for _ in range(10):
        throttle.tel_indiening(mark)
    response = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    assert response.status_code == 429 and TE_VAAK_INDIENEN in tekst(response)
    assert "Error: Check your answers" in tekst(response)
    assert "Send my request" in tekst(response)
    concept.refresh_from_db()
    assert concept.status == "concept" and concept.gegevens["woonlasten"] == "575.00"
    throttle.wis(throttle.VERZOEK_INDIENEN, f"burger:{mark.pk}")
    response = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    assert response.status_code == 303
    concept.refresh_from_db()
    assert concept.status == "ingediend"
