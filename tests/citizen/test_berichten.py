"""Letters: the list with summaries, PDF downloads, the overview PDF, failures and retries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import Burger, Document, DocumentSoort, Machtiging, PdfStatus, User
from invordering.tasks import maak_pdf
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db

NEP_PDF = b"%PDF-1.7 test"


@pytest.fixture
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def snelle_pdf(monkeypatch):
    """WeasyPrint is covered by the smoke tests; here any bytes will do."""
    monkeypatch.setattr("invordering.documents.pdf_van_html", lambda html: NEP_PDF)


@pytest.fixture
def wachtrij(monkeypatch):
    """Record what would go to the Celery broker."""
    gevraagd: list[int] = []
    monkeypatch.setattr(maak_pdf, "delay", lambda document_id: gevraagd.append(document_id))
    return gevraagd


def login(client, sleutel: str, taal: str = "en") -> Burger:
    burger = Burger.objects.get(demo_sleutel=sleutel)
    # English pages, so the assertions hold whatever the Dutch translations say.
    User.objects.filter(pk=burger.user_id).update(taal=taal)
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    return burger


def brief_van(sleutel: str, **filters) -> Document:
    return Document.objects.filter(burger__demo_sleutel=sleutel, **filters).earliest("pk")


# ---------------------------------------------------------------- the list


def test_letters_are_listed_newest_first_with_summary_kenmerk_and_download(
    client, demo, wereld, op_ankerdag
):
    burger = login(client, "mark")
    response = client.get(reverse("citizen:berichten"))
    assert response.status_code == 200
    lijst = response.context["berichten"]
    verwacht = list(burger.documenten.order_by("-datum", "-pk"))
    assert [d.pk for d in lijst] == [d.pk for d in verwacht] and len(lijst) > 5
    html = response.content.decode()
    posities = [html.index(f'id="bericht-{d.pk}"') for d in lijst]
    assert posities == sorted(posities)
    for document in lijst:
        assert document.kenmerk in html
        assert reverse("citizen:bericht_pdf", args=[document.pk]) in html
    # the accessible name of a download says the file type and which letter it is
    gemist = brief_van("mark", soort="termijn_gemist")
    assert re.search(
        r"Download PDF<span class=\"visually-hidden\">: instalment missed, 7 November 2026</span>",
        html,
    )
    assert "Payment 4 of your payment plan" in html and "21 November 2026" in html
    assert gemist.kenmerk in html


def test_the_list_shows_no_letter_of_someone_else(client, demo, wereld, op_ankerdag):
    login(client, "mark")
    html = client.get(reverse("citizen:berichten")).content.decode()
    for document in Document.objects.exclude(burger__demo_sleutel="mark"):
        assert f'id="bericht-{document.pk}"' not in html
        assert document.kenmerk not in html


def samenvatting(soort: str, data: dict, vordering: dict | None = None) -> str:
    document = Document(
        soort=soort,
        kenmerk="BR-1",
        datum=date(2026, 11, 1),
        taal="en",
        snapshot={"burger": {}, "vordering": vordering, "data": data},
    )
    with translation.override("en"):
        return " ".join(
            render_to_string("citizen/_bericht_samenvatting.html", {"document": document}).split()
        )


VORDERING_ZT = {
    "kenmerk": "TVZT-2025-1",
    "toeslag": "ZT",
    "jaar": 2025,
    "hoofdsom": "640.00",
    "saldo": "640.00",
    "vervaldatum": "2026-10-31",
}


def test_a_reminder_is_summed_up_in_one_plain_sentence_with_amount_and_date():
    tekst = samenvatting("herinnering", {"volgende_datum": "2026-11-14"}, VORDERING_ZT)
    assert tekst.startswith(
        "A reminder: pay €640.00 or choose a payment plan before 14 November 2026."
    )
    assert "healthcare allowance for 2025" in tekst


@pytest.mark.parametrize(
    ("soort", "data", "verwacht"),
    [
        ("terugvordering", {}, "You need to pay back €640.00 of your healthcare allowance"),
        ("contactverzoek", {"contact_voor": "2026-11-20"}, "call you before 20 November 2026"),
        ("aanmaning", {"volgende_datum": "2026-12-01", "kosten": "15.00"}, "added €15.00"),
        ("termijn_gemist", {"nummer": 4, "kenmerk": "P-1", "bedrag": "395.00"}, "Payment 4"),
        (
            "regeling_bevestiging",
            {"kenmerk": "P-1", "aantal": 24, "termijnbedrag": "26.67"},
            "24 months of €26.67",
        ),
        ("verzoek_ontvangen", {"soort": "pbt", "beslistermijn": "2027-01-05"}, "5 January 2027"),
        (
            "besluit_verzoek",
            {"soort": "pauze", "besluit": "toegekend", "tot": "2027-02-01"},
            "paused until 1 February 2027",
        ),
        ("besluit_verzoek", {"soort": "pbt", "besluit": "afgewezen"}, "could not grant"),
        ("betaalbevestiging", {"bedrag": "50.00"}, "We received your payment of €50.00"),
        ("afgerond", {}, "paid back everything for your healthcare allowance for 2025"),
        ("overzicht", {"vandaag": "2026-11-16", "aantal_open": 4}, "with 4 open debts"),
    ],
)
def test_each_kind_of_letter_has_its_own_summary(soort, data, verwacht):
    assert verwacht in samenvatting(soort, data, VORDERING_ZT)


def test_every_kind_of_letter_is_covered_by_the_summary_template():
    from django.template.loader import get_template

    bron = get_template("citizen/_bericht_samenvatting.html").template.source
    for soort in DocumentSoort.values:
        assert f'"{soort}"' in bron, soort


# ---------------------------------------------------------------- downloads


def test_download_makes_and_serves_the_pdf_of_an_ordinary_letter(
    client, demo, wereld, op_ankerdag, media, snelle_pdf
):
    login(client, "mark")
    brief = brief_van("mark", soort="terugvordering")
    response = client.get(reverse("citizen:bericht_pdf", args=[brief.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{brief.kenmerk}.pdf"'
    assert b"".join(response.streaming_content) == NEP_PDF
    brief.refresh_from_db()
    assert brief.pdf_status == PdfStatus.KLAAR
    # a second download serves the stored file without rendering again
    response = client.get(reverse("citizen:bericht_pdf", args=[brief.pk]))
    assert b"".join(response.streaming_content) == NEP_PDF


@pytest.mark.parametrize("wie", ["andere_burger", "helper", "anoniem"])
def test_another_persons_letter_gives_404_everywhere_and_changes_nothing(
    client, demo, wereld, op_ankerdag, wie, wachtrij
):
    if wie == "andere_burger":
        login(client, "mark")
    elif wie == "helper":
        # Ahmed acts for his client Yonas, and tries Sanne's letter.
        client.force_login(User.objects.get(username="ahmed"))
        machtiging = Machtiging.objects.get(
            gemachtigde__demo_sleutel="ahmed", vertegenwoordigde__demo_sleutel="yonas"
        )
        assert client.post(reverse("citizen:namens", args=[machtiging.pk])).status_code == 302
    brief = brief_van("sanne", soort="terugvordering")
    Document.objects.filter(pk=brief.pk).update(pdf_status=PdfStatus.MISLUKT)
    pk = brief.pk
    antwoorden = [
        client.get(reverse("citizen:bericht_pdf", args=[pk])),
        client.post(reverse("citizen:bericht_opnieuw", args=[pk])),
        client.get(reverse("citizen:bericht_status", args=[pk])),
        client.get(reverse("citizen:bericht_status", args=[pk]), HTTP_HX_REQUEST="true"),
    ]
    # Someone not logged in is sent to the login page; nobody sees whose letter it is.
    # (htmx is told where to go with HX-Redirect instead of swapping in the login page).
    if wie == "anoniem":
        assert [r.status_code for r in antwoorden] == [302, 302, 302, 204]
        assert antwoorden[3]["HX-Redirect"].startswith(reverse("citizen:login"))
    else:
        assert [r.status_code for r in antwoorden] == [404] * 4
    for r in antwoorden:
        assert brief.kenmerk not in r.content.decode()
    brief.refresh_from_db()
    assert brief.pdf_status == PdfStatus.MISLUKT and not wachtrij


def test_a_letter_that_does_not_exist_gives_404(client, demo, wereld):
    login(client, "mark")
    onbekend = (Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(reverse("citizen:bericht_pdf", args=[onbekend])).status_code == 404
    assert client.post(reverse("citizen:bericht_opnieuw", args=[onbekend])).status_code == 404


def test_a_failed_pdf_shows_a_calm_page_and_can_be_retried(
    client, demo, wereld, op_ankerdag, media, monkeypatch
):
    login(client, "mark")
    brief = brief_van("mark", soort="herinnering")

    def kapot(html):
        raise RuntimeError("WeasyPrint is down")

    monkeypatch.setattr("invordering.documents.pdf_van_html", kapot)
    response = client.get(reverse("citizen:bericht_pdf", args=[brief.pk]))
    assert response.status_code == 200
    assert "citizen/bericht_wacht.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "We could not make this PDF. Nothing is lost. Try again." in html
    assert f'action="{reverse("citizen:bericht_opnieuw", args=[brief.pk])}"' in html
    assert "Try again" in html and "WeasyPrint is down" not in html and "Traceback" not in html
    brief.refresh_from_db()
    assert brief.pdf_status == PdfStatus.MISLUKT
    assert "WeasyPrint is down" in brief.pdf_fout and brief.pdf_pogingen == 1
    # the list says so too, with the retry button
    lijst = client.get(reverse("citizen:berichten")).content.decode()
    assert "We could not make this PDF." in lijst

    monkeypatch.setattr("invordering.documents.pdf_van_html", lambda html: NEP_PDF)
    response = client.post(reverse("citizen:bericht_opnieuw", args=[brief.pk]), follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('citizen:berichten')}#bericht-{brief.pk}"
    assert "The PDF is ready" in response.content.decode()
    brief.refresh_from_db()
    assert brief.pdf_status == PdfStatus.KLAAR and brief.pdf_fout == ""
    response = client.get(reverse("citizen:bericht_pdf", args=[brief.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == NEP_PDF


def test_retry_needs_post(client, demo, wereld):
    login(client, "mark")
    brief = brief_van("mark", soort="herinnering")
    assert client.get(reverse("citizen:bericht_opnieuw", args=[brief.pk])).status_code == 405


# ---------------------------------------------------------------- the overview PDF


def test_overview_button_creates_a_queued_overview_after_commit_and_redirects(
    client, demo, wereld, op_ankerdag, wachtrij, django_capture_on_commit_callbacks
):
    burger = login(client, "mark")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("citizen:overzicht_pdf"), follow=True)
    assert response.redirect_chain == [(reverse("citizen:berichten"), 302)]
    html = response.content.decode()
    assert "We are making your overview (PDF). It will be under Letters in a minute." in html
    overzicht = burger.documenten.get(soort=DocumentSoort.OVERZICHT)
    assert overzicht.pdf_status == PdfStatus.IN_WACHTRIJ and overzicht.event is None
    assert wachtrij == [overzicht.pk]  # queued only once the transaction committed
    # newest first: the overview is on top, being made, and polls for its status
    assert response.context["berichten"][0].pk == overzicht.pk
    status_url = reverse("citizen:bericht_status", args=[overzicht.pk])
    assert f'hx-get="{status_url}"' in html and 'hx-trigger="every 3s"' in html
    assert "Being made" in html and "Refresh this page" in html
    # a double click does not make a second one
    client.post(reverse("citizen:overzicht_pdf"))
    assert burger.documenten.filter(soort=DocumentSoort.OVERZICHT).count() == 1


def test_overview_button_needs_post_and_a_burger(client, demo, wereld):
    antwoord = client.post(reverse("citizen:overzicht_pdf"))
    assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("citizen:login"))
    login(client, "mark")
    assert client.get(reverse("citizen:overzicht_pdf")).status_code == 405


def test_a_queued_overview_shows_the_waiting_page_then_the_pdf_when_ready(
    client, demo, wereld, op_ankerdag, media, snelle_pdf, wachtrij
):
    from invordering.documents import maak_pdf_voor
    from invordering.services.overzicht_pdf import maak_overzicht_document

    burger = login(client, "mark")
    overzicht = maak_overzicht_document(burger=burger, door=burger.user)
    pdf_url = reverse("citizen:bericht_pdf", args=[overzicht.pk])
    status_url = reverse("citizen:bericht_status", args=[overzicht.pk])

    response = client.get(pdf_url)
    assert response.status_code == 200
    assert "citizen/bericht_wacht.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert f'hx-get="{status_url}"' in html and f'href="{pdf_url}"' in html
    assert "Your PDF is being made" in html

    poll = client.get(status_url, HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "Being made" in poll.content.decode()
    assert "<html" not in poll.content.decode()  # only the partial

    maak_pdf_voor(overzicht.pk)  # what the worker does
    poll = client.get(status_url, HTTP_HX_REQUEST="true")
    assert poll.status_code == 286  # htmx stops polling and swaps in the link
    assert f'href="{pdf_url}"' in poll.content.decode() and "Ready" in poll.content.decode()

    assert client.get(status_url).status_code == 302  # without htmx: to the download
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{overzicht.kenmerk}.pdf"'


def test_a_failed_overview_can_be_queued_again(
    client, demo, wereld, op_ankerdag, wachtrij, django_capture_on_commit_callbacks
):
    from invordering.services.overzicht_pdf import maak_overzicht_document

    burger = login(client, "mark")
    overzicht = maak_overzicht_document(burger=burger)
    Document.objects.filter(pk=overzicht.pk).update(
        pdf_status=PdfStatus.MISLUKT, pdf_fout="OSError: disk full"
    )
    html = client.get(reverse("citizen:bericht_pdf", args=[overzicht.pk])).content.decode()
    assert "We could not make this PDF. Nothing is lost. Try again." in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("citizen:bericht_opnieuw", args=[overzicht.pk]))
    assert response.status_code == 302
    overzicht.refresh_from_db()
    assert overzicht.pdf_status == PdfStatus.IN_WACHTRIJ and overzicht.pdf_fout == ""
    assert wachtrij == [overzicht.pk]


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_queue_keeps_the_overview_being_made_and_says_it_takes_longer(
    client, monkeypatch
):
    # Transactional: the task is queued when the view's own transaction commits.
    from invordering.wachtrij import haal_in

    def geen_broker(document_id):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(maak_pdf, "delay", geen_broker)
    burger = BurgerFactory()
    maak_vordering(burger)
    User.objects.filter(pk=burger.user_id).update(taal="en")
    client.force_login(burger.user)
    response = client.post(reverse("citizen:overzicht_pdf"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your PDF is being made; this takes a little longer than usual." in html
    assert "It will be under Letters in a minute" not in html  # no promise it cannot keep
    overzicht = burger.documenten.get(soort=DocumentSoort.OVERZICHT)
    # The work is remembered by the letter itself: being made, not yet in the queue.
    assert overzicht.pdf_status == PdfStatus.IN_WACHTRIJ and overzicht.pdf_gevraagd_op is None
    assert "Your letter is being made; this takes a little longer than usual." in html

    gevraagd = []
    monkeypatch.setattr(maak_pdf, "delay", lambda document_id: gevraagd.append(document_id))
    assert haal_in() == 1  # the queue is back: the sweep hands it over
    assert gevraagd == [overzicht.pk]
    overzicht.refresh_from_db()
    assert overzicht.pdf_gevraagd_op is not None and not overzicht.pdf_vertraagd
