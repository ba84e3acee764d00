"""A decision is a letter (rendered by a worker after commit) and an e-mail without contents."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from invordering import clock
from invordering.models import Document
from invordering.services.verzoeken import dien_in, maak_verzoek, wijs_af
from invordering.tasks import maak_pdf, stuur_melding
from tests.factories import BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db


def test_a_decision_queues_its_pdf_and_an_email_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    gequeued = []
    monkeypatch.setattr(maak_pdf, "delay", lambda pk: gequeued.append(("pdf", pk)))
    monkeypatch.setattr(stuur_melding, "delay", lambda pk: stuur_melding.apply(args=[pk]))
    burger = BurgerFactory(email="test@example.nl")
    vordering = maak_vordering(burger)
    with clock.vast_op(date(2026, 4, 1)):
        verzoek = maak_verzoek(burger=burger, soort="pbt", vorderingen=[vordering], gegevens={})
        dien_in(verzoek)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            wijs_af(
                verzoek,
                medewerker=UserFactory(is_staff=True),
                reden="Er ontbrak informatie over uw inkomen.",
            )
    brief = Document.objects.get(burger=burger, soort="besluit_verzoek")
    assert ("pdf", brief.pk) in gequeued and len(callbacks) >= 2
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["test@example.nl"]
    assert "nieuwe brief" in bericht.subject.lower()
    assert (
        "600" not in bericht.body and vordering.kenmerk not in bericht.body
    )  # no contents in e-mail


def test_no_email_address_means_no_email(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(maak_pdf, "delay", lambda pk: None)
    burger = BurgerFactory(email="")
    vordering = maak_vordering(burger)
    verzoek = maak_verzoek(burger=burger, soort="pbt", vorderingen=[vordering], gegevens={})
    dien_in(verzoek)
    with django_capture_on_commit_callbacks(execute=True):
        wijs_af(verzoek, medewerker=UserFactory(is_staff=True), reden="reden")
    assert mail.outbox == []
