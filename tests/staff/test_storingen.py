"""Faults seen by staff: letters whose PDF failed (listed in plain words, made again with
one action, counted on the start page) and a decision taken while Redis is away."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from invordering import clock
from invordering.models import Document, PdfStatus, UitgesteldeTaak, User, Verzoek
from invordering.tasks import maak_pdf
from staff.groepen import BEHANDELAAR, zorg_voor_groepen
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db
LIJST = "admin:invordering_document_changelist"


@pytest.fixture
def mislukt(persona) -> Document:
    """One of Mark's letters whose PDF failed five times on a full disk."""
    brief = persona("mark").documenten.earliest("pk")
    Document.objects.filter(pk=brief.pk).update(
        pdf_status=PdfStatus.MISLUKT,
        pdf_pogingen=5,
        pdf_fout="OSError: [Errno 28] No space left on device",
    )
    return brief


def test_failed_pdfs_are_listed_with_what_went_wrong_in_plain_words(client, als, mislukt):
    als("behandelaar")
    response = client.get(reverse(LIJST), {"pdf_status__exact": "mislukt"})
    assert response.status_code == 200
    pagina = response.content.decode()
    assert mislukt.kenmerk in pagina
    assert "The file could not be written or read (disk full" in pagina
    assert "OSError: [Errno 28] No space left on device" in pagina  # the technical text too
    assert [d.pk for d in response.context["cl"].result_list] == [mislukt.pk]


def test_the_start_page_counts_failed_pdfs_and_links_to_them(client, als, mislukt):
    als("behandelaar")
    pagina = client.get(reverse("admin:index")).content.decode()
    assert "Background work" in pagina
    assert f'href="{reverse(LIJST)}?pdf_status__exact=mislukt"' in pagina
    aantal = Document.objects.filter(pdf_status=PdfStatus.MISLUKT).count()
    assert f"Letters whose PDF could not be made</a> ({aantal})" in pagina


def test_make_the_pdf_again_queues_each_failed_letter_and_leaves_ready_ones(
    client, als, mislukt, persona, monkeypatch, django_capture_on_commit_callbacks
):
    als("behandelaar")
    klaar = persona("sanne").documenten.earliest("pk")
    Document.objects.filter(pk=klaar.pk).update(pdf_status=PdfStatus.KLAAR)
    gevraagd = []
    monkeypatch.setattr(maak_pdf, "delay", lambda pk: gevraagd.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(LIJST),
            {"action": "pdf_opnieuw", helpers.ACTION_CHECKBOX_NAME: [mislukt.pk, klaar.pk]},
            follow=True,
        )
    assert "1 PDF is being made again. Refresh this list in a minute." in (
        response.content.decode()
    )
    assert gevraagd == [mislukt.pk]
    mislukt.refresh_from_db()
    assert mislukt.pdf_status == PdfStatus.IN_WACHTRIJ and mislukt.pdf_fout == ""
    assert Document.objects.get(pk=klaar.pk).pdf_status == PdfStatus.KLAAR


@pytest.mark.django_db(transaction=True)
def test_a_decision_taken_while_redis_is_down_is_saved_and_the_letter_follows(client, redis_weg):
    from invordering.services.verzoeken import dien_in, maak_verzoek

    burger = BurgerFactory(email="fatima@example.nl")
    vordering = maak_vordering(burger)
    with clock.vast_op(date(2026, 4, 1), 10):
        verzoek = maak_verzoek(
            burger=burger, soort="bundeling", vorderingen=[vordering], gegevens={}
        )
        dien_in(verzoek, actor=burger.user)
    medewerker = User.objects.create_user("behandelaar-storing", is_staff=True, taal="en")
    medewerker.groups.add(zorg_voor_groepen()[BEHANDELAAR])
    client.force_login(medewerker)

    with clock.vast_op(date(2026, 4, 2), 10):
        response = client.post(
            reverse("staff:besluit", args=[verzoek.pk]),
            {
                f"v{verzoek.pk}-status": "ingediend",
                f"v{verzoek.pk}-actie": "afwijzen",
                f"v{verzoek.pk}-toelichting": "Er is maar één vordering om te bundelen.",
            },
            follow=True,
        )
    assert response.status_code == 200
    pagina = response.content.decode()
    assert "The request is refused. The person gets a letter with your reason." in pagina
    assert "A letter or e-mail that goes with it takes a little longer than usual" in pagina
    assert Verzoek.objects.get(pk=verzoek.pk).status == "afgewezen"
    besluit = Document.objects.get(burger=burger, soort="besluit_verzoek")
    assert besluit.pdf_status == PdfStatus.IN_WACHTRIJ and besluit.pdf_gevraagd_op is None
    assert list(UitgesteldeTaak.objects.values_list("taak", "argumenten")) == [
        ("invordering.tasks.stuur_melding", [besluit.pk])
    ]
