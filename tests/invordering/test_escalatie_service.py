"""Carrying out escalation steps: events, letters, signals, idempotency and guards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import Document, Event, Regime, Signaal
from invordering.services.escalatie import escaleer
from invordering.services.verzoeken import dien_in, maak_verzoek
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db
DAGTEKENING = date(2026, 3, 6)
VERVALDATUM = DAGTEKENING + timedelta(weeks=6)


def test_nothing_happens_before_the_vervaldatum():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    stap = escaleer(vordering, dag=VERVALDATUM)
    assert stap.soort == "wacht" and stap.volgende_datum == VERVALDATUM + timedelta(days=1)
    assert vordering.fase == "open"


def test_a_free_reminder_the_day_after_and_only_once():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    dag = VERVALDATUM + timedelta(days=1)
    escaleer(vordering, dag=dag)
    escaleer(vordering, dag=dag)  # the same day again: nothing more
    vordering.refresh_from_db()
    assert vordering.fase == "herinnering" and vordering.saldo == Decimal("600.00")
    assert Event.objects.filter(vordering=vordering, soort="herinnering").count() == 1
    assert Document.objects.filter(vordering=vordering, soort="herinnering").count() == 1


def test_silence_after_the_reminder_becomes_one_signal_for_personal_contact():
    burger = BurgerFactory()
    a = maak_vordering(burger, soort="HT", dagtekening=DAGTEKENING)
    b = maak_vordering(burger, soort="ZT", dagtekening=DAGTEKENING)
    for vordering in (a, b):
        escaleer(vordering, dag=VERVALDATUM + timedelta(days=1))
        vordering.refresh_from_db()
        escaleer(vordering, dag=VERVALDATUM + timedelta(days=16))
        vordering.refresh_from_db()
        assert vordering.fase == "signaal"
    signaal = Signaal.objects.get(burger=burger)  # one call for both debts
    assert set(signaal.vorderingen.all()) == {a, b}
    assert signaal.contact_voor > VERVALDATUM + timedelta(days=16)
    assert Document.objects.filter(burger=burger, soort="contactverzoek").count() == 2


def test_the_historical_regime_skips_the_signal_and_sends_a_notice_with_costs():
    Regime.objects.update(actief=False)
    Regime.objects.filter(code="historisch-2022").update(actief=True)
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    escaleer(vordering, dag=VERVALDATUM + timedelta(days=1))
    vordering.refresh_from_db()
    escaleer(vordering, dag=VERVALDATUM + timedelta(days=16))
    vordering.refresh_from_db()
    kosten = beleid_op(VERVALDATUM).aanmaningskosten
    assert vordering.fase == "aanmaning"
    assert vordering.saldo == Decimal("600.00") + kosten
    assert Document.objects.filter(vordering=vordering, soort="aanmaning").exists()


def test_a_pending_request_holds_every_step():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    with clock.vast_op(DAGTEKENING + timedelta(days=10)):
        verzoek = maak_verzoek(
            burger=vordering.burger, soort="pbt", vorderingen=[vordering], gegevens={}
        )
        dien_in(verzoek)
    stap = escaleer(vordering, dag=VERVALDATUM + timedelta(days=30))
    assert (stap.soort, stap.reden) == ("wacht", "verzoek_in_behandeling")
    vordering.refresh_from_db()
    assert vordering.fase == "open"
