"""Faults on the citizen side: PostgreSQL losing its session while a request or payment is
being saved, and Redis away while a page asks for an e-mail.

Each PostgreSQL case terminates this test database's own backend (tests.storingen) at the
worst moment: right before COMMIT, or halfway through the transaction. Afterwards either
everything is there or nothing is; the person gets "try again" with what they filled in;
and sending it again works.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from invordering import clock
from invordering.models import (
    Betaling,
    Boeking,
    Document,
    Event,
    Helper,
    Machtiging,
    UitgesteldeTaak,
    User,
    Verzoek,
)
from tests.factories import BurgerFactory, maak_vordering
from tests.storingen import beeindig_sessie, sterf_voor_commit

pytestmark = pytest.mark.django_db(transaction=True)
VANDAAG = date(2026, 4, 1)


@pytest.fixture(autouse=True)
def op_een_dag():
    with clock.vast_op(VANDAAG, 12):
        yield


@pytest.fixture
def burger(client):
    """A burger with one open debt, logged in, reading the pages in English."""
    persoon = BurgerFactory()
    maak_vordering(persoon)
    User.objects.filter(pk=persoon.user_id).update(taal="en")
    client.force_login(persoon.user)
    return persoon


def tekst(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def tellingen(burger) -> dict:
    return {
        "verzoeken": Verzoek.objects.filter(burger=burger).count(),
        "events": Event.objects.filter(burger=burger).count(),
        "brieven": Document.objects.filter(burger=burger).count(),
        "betalingen": Betaling.objects.filter(burger=burger).count(),
        "boekingen": Boeking.objects.filter(vordering__burger=burger).count(),
    }


NIET_BEWAARD = (
    "We could not save this just now because of a fault on our side. Nothing was saved. "
    "What you filled in is still here: please send it again."
)


# --- a pause request ---------------------------------------------------------------


def pauze_data(burger) -> dict:
    return {
        "reden": "scheiding",
        "toelichting": "Mijn partner is vertrokken en ik moet alles opnieuw regelen.",
        "start": "2026-04-02",
        "eind": "2026-07-01",
        "voorstel_daarna": "Daarna betaal ik elke maand 50 euro.",
        "vorderingen": [v.pk for v in burger.vorderingen.all()],
        "actie": "indienen",
    }


def test_a_pause_request_cut_off_right_before_commit_saves_nothing_and_comes_back_filled_in(
    client, burger, monkeypatch
):
    voor = tellingen(burger)
    gebeurd = sterf_voor_commit(
        monkeypatch, lambda: Verzoek.objects.filter(burger=burger, soort="pauze").exists()
    )
    response = client.post(reverse("citizen:pauze"), pauze_data(burger))
    assert gebeurd, "the database session was not cut off"
    assert response.status_code == 503
    pagina = tekst(response)
    assert NIET_BEWAARD in pagina
    # what the person typed is still in the form
    assert "Mijn partner is vertrokken en ik moet alles opnieuw regelen." in pagina
    assert "Daarna betaal ik elke maand 50 euro." in pagina
    assert tellingen(burger) == voor  # nothing half: no request, no event, no letter

    response = client.post(reverse("citizen:pauze"), pauze_data(burger))  # sending again
    verzoek = Verzoek.objects.get(burger=burger, soort="pauze")
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:verzoek", args=[verzoek.pk])
    assert verzoek.status == "ingediend"
    assert verzoek.gegevens["voorstel_daarna"] == "Daarna betaal ik elke maand 50 euro."
    assert Event.objects.filter(verzoek=verzoek, soort="verzoek_ingediend").count() == 1


def test_a_pause_request_cut_off_halfway_leaves_no_row_of_it(client, burger, monkeypatch):
    from invordering.services import verzoeken

    echte = verzoeken.registreer_event

    def halverwege(**kwargs):
        # The request row and its status change are written; the event is next.
        assert Verzoek.objects.filter(burger=burger, status="ingediend").exists()
        beeindig_sessie()
        return echte(**kwargs)

    monkeypatch.setattr(verzoeken, "registreer_event", halverwege)
    voor = tellingen(burger)
    response = client.post(reverse("citizen:pauze"), pauze_data(burger))
    assert response.status_code == 503 and NIET_BEWAARD in tekst(response)
    assert tellingen(burger) == voor


# --- a PBT request (a saved draft) -------------------------------------------------

PBT_STAPPEN = {
    "leefsituatie": {"leefsituatie": "alleenstaand"},
    "inkomen": {"netto_inkomen": "1960", "vakantiegeld_per_jaar": "0"},
    "overig-inkomen": {"overig_inkomen": "0"},
    "woonlasten": {"woonlasten": "575"},
    "zorgpremie": {"zorgpremie": "150"},
    "regelingen": {"andere_regelingen": "95"},
    "alimentatie": {"alimentatie": "0"},
    "vermogen": {"vermogen": "0"},
}


def test_a_pbt_request_cut_off_right_before_commit_keeps_the_draft_and_sends_on_retry(
    client, burger, monkeypatch
):
    for slug, data in PBT_STAPPEN.items():
        response = client.post(
            reverse("citizen:pbt_stap", args=[slug]), {**data, "actie": "verder"}
        )
        assert response.status_code == 303, slug
    concept = Verzoek.objects.get(burger=burger, soort="pbt", status="concept")
    antwoorden = dict(concept.gegevens)
    voor = tellingen(burger)

    gebeurd = sterf_voor_commit(
        monkeypatch, lambda: Verzoek.objects.filter(pk=concept.pk, status="ingediend").exists()
    )
    response = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    assert gebeurd and response.status_code == 503
    pagina = tekst(response)
    assert "We could not send your request just now because of a fault on our side." in pagina
    assert (
        "Nothing was sent, and your answers are saved. Please press “Send my request” again"
        in pagina
    )
    concept.refresh_from_db()
    assert concept.status == "concept" and concept.gegevens == antwoorden  # all kept
    assert tellingen(burger) == voor

    response = client.post(reverse("citizen:pbt_controle"), {"verzoek": concept.pk})
    assert response.status_code == 303
    concept.refresh_from_db()
    assert concept.status == "ingediend"
    assert Verzoek.objects.filter(burger=burger, soort="pbt").count() == 1


# --- paying now (a ledger booking) --------------------------------------------------


def token_van(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_a_payment_cut_off_right_before_commit_books_nothing_and_the_retry_books_once(
    client, burger, settings, monkeypatch
):
    settings.DEMO = True  # the demo iDEAL step books; without DEMO nothing can be booked
    vordering = burger.vorderingen.get()
    adres = f"{reverse('citizen:betalen')}?schuld={vordering.pk}"
    token = token_van(client.get(adres))
    voor = tellingen(burger)

    gebeurd = sterf_voor_commit(
        monkeypatch, lambda: Betaling.objects.filter(burger=burger).exists()
    )
    response = client.post(adres, {"bank": "ing", "token": token})
    assert gebeurd and response.status_code == 503
    pagina = tekst(response)
    assert "We could not book your payment just now because of a fault on our side." in pagina
    assert "this payment is never booked twice" in pagina
    assert token_van(response) == token  # the same payment, so a retry cannot pay twice
    assert 'value="ing" selected' in response.content.decode()  # the bank chosen is kept
    assert tellingen(burger) == voor  # no betaling, no booking, no letter
    vordering.refresh_from_db()
    assert vordering.saldo == 600

    eerste = client.post(adres, {"bank": "ing", "token": token})
    assert eerste.status_code == 303
    betaling = Betaling.objects.get(burger=burger)
    assert betaling.bedrag == 600
    tweede = client.post(adres, {"bank": "ing", "token": token})  # a double click
    assert tweede["Location"] == eerste["Location"]
    assert Betaling.objects.filter(burger=burger).count() == 1
    vordering.refresh_from_db()
    assert vordering.saldo == 0


def test_after_a_cut_off_the_next_page_works_without_a_new_login(client, burger, monkeypatch):
    sterf_voor_commit(
        monkeypatch, lambda: Verzoek.objects.filter(burger=burger, soort="pauze").exists()
    )
    assert client.post(reverse("citizen:pauze"), pauze_data(burger)).status_code == 503
    assert connection.connection is None or connection.is_usable()
    assert client.get(reverse("citizen:overzicht")).status_code == 200


# --- Redis away: a page that asks for an e-mail ---------------------------------------

LATER = (
    "Everything is saved. A letter or e-mail that goes with it takes a little longer than "
    "usual; it follows by itself. You do not need to do anything again."
)


def test_registering_as_a_helper_with_redis_down_works_and_the_mail_follows(client, redis_weg):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    gegevens = {
        "naam": "Piet Buur",
        "email": "piet@example.nl",
        "soort": "informeel",
        "wachtwoord": "lang-en-sterk-2026!",
    }
    response = client.post(reverse("citizen:helper_registreren"), gegevens, follow=True)
    assert response.status_code == 200
    pagina = tekst(response)
    assert "We sent an e-mail to piet@example.nl." in pagina
    assert LATER in pagina
    piet = Helper.objects.get(naam="Piet Buur")
    kept = UitgesteldeTaak.objects.get()
    assert kept.taak == "invordering.tasks.stuur_helperaccount_mail"
    assert kept.argumenten == ["piet@example.nl", "nieuw", piet.user_id]


def test_inviting_a_helper_by_e_mail_with_redis_down_keeps_the_invitation(
    client, burger, redis_weg
):
    response = client.post(
        reverse("citizen:machtiging_nieuw"),
        {"geldig_tot": "2026-09-30", "email": "dochter@example.nl"},
        follow=True,
    )
    assert response.status_code == 200
    assert LATER in tekst(response)
    machtiging = Machtiging.objects.get(vertegenwoordigde=burger)
    code = response.context["nieuw"]["code"]  # still shown once, to give by hand as well
    kept = UitgesteldeTaak.objects.get()
    assert kept.taak == "invordering.tasks.stuur_uitnodiging"
    assert kept.argumenten == [machtiging.pk, code]


def test_logging_in_with_the_redis_cache_down_still_works_and_still_limits(client, redis_cache_weg):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    adres = reverse("citizen:helper_login")
    for _ in range(5):
        response = client.post(adres, {"username": "niemand@example.nl", "password": "fout"})
        assert response.status_code == 200  # the form with its message, not a 500
    response = client.post(adres, {"username": "niemand@example.nl", "password": "fout"})
    assert response.status_code == 429  # counted in this process while Redis is away
