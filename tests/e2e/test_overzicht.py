"""The burger's pages in a real browser: each task a stressed person needs, with axe-core.

Persona flows: see what to do, read a debt's explanation, both timelines, make and download
the overview PDF, pay a missed instalment and see the total drop, switch to English.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import past_op_smal_scherm, toegankelijk

pytestmark = pytest.mark.e2e


def inloggen(page: Page, url: str, naam: str) -> None:
    page.goto(url + "/inloggen/")
    page.get_by_role("button", name=f"Inloggen als {naam}").click()
    expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()


def test_overview_detail_and_both_timelines_are_clear_and_accessible(page: Page, live_demo):
    inloggen(page, live_demo, "Mark de Vries")
    expect(page).to_have_title(re.compile("^Uw overzicht"))
    expect(
        page.get_by_text("Betaal termijn 4 van 25 (€\xa0395,00) vóór 21 november 2026")
    ).to_be_visible()
    totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
    expect(totaal.get_by_role("paragraph").first).to_have_text("€\xa08.580,50")
    toegankelijk(page)
    past_op_smal_scherm(page)

    page.get_by_role("link", name="Uitleg en tijdlijn: Huurtoeslag 2023").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huurtoeslag 2023")
    for kop in (
        "Waarom krijg ik dit?",
        "Wat moet ik doen?",
        "Hoe doe ik dat?",
        "Waar kan ik terecht?",
    ):
        expect(page.get_by_role("heading", name=kop)).to_be_visible()
    expect(page.get_by_role("heading", name="Tijdlijn van deze schuld")).to_be_visible()
    toegankelijk(page)
    past_op_smal_scherm(page)

    page.get_by_role("link", name="Tijdlijn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdlijn")
    expect(page.get_by_text(re.compile("^Vandaag, "))).to_be_visible()
    toegankelijk(page)
    page.get_by_label("Welke schuld").select_option(label="Zorgtoeslag 2024 (TVZT-2024-0000001)")
    expect(page).to_have_url(re.compile(r"schuld=\d+"))  # htmx swapped the list and kept the URL
    expect(page.get_by_role("heading", name="Wat er gebeurde")).to_be_visible()
    toegankelijk(page)
    past_op_smal_scherm(page)


def test_pay_a_missed_instalment_and_see_the_total_drop(page: Page, live_demo):
    inloggen(page, live_demo, "Mark de Vries")
    page.get_by_role("link", name="Nu €\xa0395,00 betalen").click()
    expect(page.get_by_role("heading", name="Demo: iDEAL")).to_be_visible()
    toegankelijk(page)
    page.get_by_label("Uw bank").select_option("ING")
    page.get_by_role("button", name="Betaal €\xa0395,00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Betaling ontvangen")
    toegankelijk(page)
    page.get_by_role("link", name="Terug naar uw overzicht").click()
    totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
    expect(totaal.get_by_role("paragraph").first).to_have_text("€\xa08.185,50")


def test_overview_pdf_is_made_by_the_worker_and_holds_the_total(
    page: Page, live_demo, redis_worker, tmp_path
):
    inloggen(page, live_demo, "Sanne Bakker")
    page.get_by_role("button", name="Maak een pdf van mijn overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    toegankelijk(page)
    link = page.get_by_role("link", name=re.compile("Download.*overzicht", re.IGNORECASE)).first
    expect(link).to_be_visible(timeout=60_000)  # htmx polls until the worker is done
    with page.expect_download() as download:
        link.click()
    pad = tmp_path / "overzicht.pdf"
    download.value.save_as(pad)
    assert pad.read_bytes().startswith(b"%PDF")
    tekst = subprocess.run(
        ["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "1.168,68" in tekst


def test_switch_to_english_and_back(page: Page, live_demo):
    inloggen(page, live_demo, "Kevin Smit")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="What do I need to do now?")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    toegankelijk(page)
    page.get_by_role("link", name="Letters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters")
    toegankelijk(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")


def test_keyboard_users_can_skip_to_the_content(page: Page, live_demo):
    inloggen(page, live_demo, "Ria Hendriks")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
