"""The overview PDF: a snapshot with everything it shows, rendered from that snapshot alone."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.utils import formats, translation

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.documents import brief_html, maak_pdf_voor
from invordering.models import Burger, DocumentSoort, PdfStatus
from invordering.services.betalingen import boek_betaling
from invordering.services.overzicht_pdf import maak_overzicht_document
from invordering.services.vorderingen import registreer_herziening
from tests.factories import BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db

DAG = date(2026, 5, 1)


@pytest.fixture
def vandaag():
    with clock.vast_op(DAG, 12):
        yield DAG


def tekst(html: str) -> str:
    """The visible text of the HTML, whitespace folded (no-break spaces too)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def test_snapshot_holds_the_total_each_debt_with_its_numbers_and_the_timeline(vandaag):
    burger = BurgerFactory()
    vordering = maak_vordering(burger)  # 12 x 100.00 advance, entitled to 600.00

    document = maak_overzicht_document(burger=burger)

    assert document.soort == DocumentSoort.OVERZICHT and document.event is None
    assert document.pdf_status == PdfStatus.IN_WACHTRIJ and document.taal == burger.taal
    assert document.datum == DAG
    data = document.snapshot["data"]
    assert data["vandaag"] == "2026-05-01" and data["aantal_open"] == 1
    assert data["totaal"]["open"] == "600.00" and data["totaal"]["hoofdsom"] == "600.00"
    assert data["actie"]["soort"] == "betaaltermijn"
    assert data["actie"]["bedrag"] == "600.00"
    assert data["actie"]["uiterlijk"] == vordering.vervaldatum.isoformat()
    [v] = data["vorderingen"]
    assert v["kenmerk"] == vordering.kenmerk and v["toeslag"] == "ZT" and v["jaar"] == 2024
    assert v["waarom"] == {
        "voorschot_totaal": "1200.00",
        "recht": "600.00",
        "vorig_recht": None,
        "verschil": "600.00",
        "reden": "inkomen_hoger",
    }
    assert v["kaart"]["vordering"]["fase"] == "open"
    assert v["als_niets"] and v["als_niets"][0]["naar"] == "herinnering"
    soorten = [m["soort"] for m in data["tijdlijn"]["verleden"]]
    assert "terugvordering" in soorten
    assert data["tijdlijn"]["toekomst"][0]["soort"] == "stap"
    # JSON-safe, and what the database hands back is what was made
    assert json.loads(json.dumps(document.snapshot)) == document.snapshot
    stored = type(document).objects.get(pk=document.pk)
    assert stored.snapshot == document.snapshot
    assert brief_html(stored) == brief_html(document)


def test_a_revised_award_explains_the_old_and_new_entitlement(vandaag):
    burger = BurgerFactory()
    eerste = maak_vordering(burger, dagtekening=date(2026, 1, 10))
    with clock.vast_op(date(2026, 3, 2)):
        _b, tweede = registreer_herziening(
            toeslag=eerste.toeslag,
            dagtekening=date(2026, 3, 2),
            recht=Decimal("400.00"),
            reden="partner_later",
        )

    data = maak_overzicht_document(burger=burger).snapshot["data"]

    waarom = {v["kenmerk"]: v["waarom"] for v in data["vorderingen"]}
    assert waarom[eerste.kenmerk]["verschil"] == "600.00"
    assert waarom[tweede.kenmerk] == {
        "voorschot_totaal": None,
        "recht": "400.00",
        "vorig_recht": "600.00",
        "verschil": "200.00",
        "reden": "partner_later",
    }


def test_the_overview_is_rendered_from_its_snapshot_even_after_a_payment(vandaag):
    burger = BurgerFactory(taal="nl")
    maak_vordering(burger)
    document = maak_overzicht_document(burger=burger)
    voor = brief_html(document)

    boek_betaling(
        burger=burger,
        bedrag=Decimal("100.00"),
        ontvangen_op=DAG,
        methode="overboeking",
        referentie="TEST-BETALING-1",
    )
    document.refresh_from_db()
    na = brief_html(document)

    assert na == voor
    assert "€ 600,00" in tekst(na) and "€ 500,00" not in tekst(na)
    nieuw = brief_html(maak_overzicht_document(burger=burger))
    assert "€ 500,00" in tekst(nieuw)


def test_what_to_do_comes_before_the_total_then_the_debts_timeline_and_help(vandaag):
    burger = BurgerFactory(taal="en")
    maak_vordering(burger)
    helper = UserFactory(first_name="Eva", last_name="Hendriks")

    html = brief_html(maak_overzicht_document(burger=burger, door=helper))

    volgorde = [
        'class="nu"',  # what to do now
        'class="totaal-kader"',  # only then the total
        'class="vordering"',  # each debt with its arithmetic
        'class="lang tijdlijn"',  # the timeline, as ordered lists
        "Where can I get help?",
    ]
    posities = [html.index(stuk) for stuk in volgorde]
    assert posities == sorted(posities)
    zichtbaar = tekst(html)
    assert "Overview of what you owe on 1 May 2026" in zichtbaar
    assert "Pay €600.00 or start a payment plan before" in zichtbaar
    assert "€600.00 for one debt" in zichtbaar
    assert "In 2024 you received €1,200.00 in advance. You were entitled to €600.00." in zichtbaar
    assert "Made at the request of Eva Hendriks." in zichtbaar
    assert html.count("<ol") == 2  # what comes next, what happened


def test_the_burgers_own_request_prints_no_requester(vandaag):
    burger = BurgerFactory()
    maak_vordering(burger)
    document = maak_overzicht_document(burger=burger, door=burger.user)
    assert document.snapshot["data"]["gevraagd_door"] == ""


def test_real_pdf_of_marks_overview_has_the_total_page_numbers_and_each_debt(
    demo, wereld, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    mark = Burger.objects.get(demo_sleutel="mark")
    with clock.vast_op(ANKER, 12):
        document = maak_overzicht_document(burger=mark)
        document = maak_pdf_voor(document.pk)

    pad = tmp_path / document.pdf.name
    assert pad.read_bytes().startswith(b"%PDF")
    pdf = subprocess.run(["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True)
    inhoud = pdf.stdout
    data = document.snapshot["data"]
    with translation.override("nl"):  # Mark reads Dutch: 8.580,50
        totaal = formats.number_format(
            Decimal(data["totaal"]["open"]), decimal_pos=2, use_l10n=True, force_grouping=True
        )
        actie = formats.number_format(Decimal(data["actie"]["bedrag"]), decimal_pos=2)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*,\d\d", totaal)
    assert totaal in inhoud
    assert inhoud.index(actie) < inhoud.index(totaal)  # what to do first, then the total
    for v in data["vorderingen"]:
        assert v["kenmerk"] in inhoud
    info = subprocess.run(["pdfinfo", str(pad)], capture_output=True, text=True, check=True)
    paginas = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert paginas >= 2
    assert inhoud.count(f"Mijn Toeslagen – {document.kenmerk}") == paginas  # every page's footer


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_overview_pdf_after_commit(redis_worker, settings, tmp_path):
    import time

    settings.MEDIA_ROOT = tmp_path
    burger = BurgerFactory()
    with clock.vast_op(DAG, 12):
        maak_vordering(burger)
        document = maak_overzicht_document(burger=burger)  # commits, then queues the task

    for _ in range(180):
        document.refresh_from_db()
        if document.pdf_status != PdfStatus.IN_WACHTRIJ:
            break
        time.sleep(0.5)
    assert document.pdf_status == PdfStatus.KLAAR, document.pdf_fout
    pad = tmp_path / document.pdf.name
    inhoud = subprocess.run(
        ["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "600,00" in inhoud  # the total, in the burger's language (Dutch)
