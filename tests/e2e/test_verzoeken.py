"""Requests end to end: Mark asks for a PBT, a behandelaar decides from the queue and the
totaalbeeld, Mark sees the new plan and the letter; Kevin asks for a pause; Fatima bundles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from invordering.demo.personas import DEMO_WACHTWOORD
from tests.e2e.conftest import past_op_smal_scherm, toegankelijk

pytestmark = pytest.mark.e2e


def inloggen(page: Page, url: str, naam: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/inloggen/")
    page.get_by_role("button", name=f"Inloggen als {naam}").click()
    expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()


def medewerker(page: Page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/beheer/login/")
    page.locator("#id_username").fill("behandelaar")
    page.locator("#id_password").fill(DEMO_WACHTWOORD)
    page.locator("#id_password").press("Enter")


def stap(page: Page, velden: dict[str, str]) -> None:
    for label, waarde in velden.items():
        page.get_by_label(label, exact=True).fill(waarde)
    toegankelijk(page)
    page.get_by_role("button", name="Opslaan en verder").click()


def test_mark_asks_for_a_pbt_and_a_behandelaar_grants_an_adjusted_amount(page: Page, live_demo):
    inloggen(page, live_demo, "Mark de Vries")
    page.get_by_role("link", name="Een lager maandbedrag aanvragen").click()
    page.get_by_label(re.compile("^Alleenstaand:")).check()
    toegankelijk(page)
    page.get_by_role("button", name="Opslaan en verder").click()
    stap(page, {"Netto inkomen per maand": "1.960", "Vakantiegeld per jaar": "1.881,60"})
    stap(page, {"Ander inkomen per maand": "408"})
    stap(page, {"Huur of hypotheek per maand": "575"})
    stap(page, {"Premie zorgverzekering per maand": "150"})
    stap(page, {"Andere betalingsregelingen per maand": "95"})
    stap(page, {"Alimentatie die u per maand betaalt": "0"})
    stap(page, {"Spaargeld en ander vermogen": "0"})
    paneel = page.get_by_role("region", name="Uw berekening")
    expect(paneel).to_contain_text("€\xa0395,00")  # his ability to pay by the formula
    for nummer, (waarvoor, bedrag) in enumerate(
        [
            ("Energie (warmtenet)", "295"),
            ("Auto voor nachtdiensten", "180"),
            ("Regeling deurwaarder", "145"),
        ],
        1,
    ):
        page.get_by_label(f"Kosten {nummer}: waarvoor zijn deze kosten?").fill(waarvoor)
        page.get_by_label(f"Kosten {nummer}: bedrag per maand").fill(bedrag)
    page.get_by_label("Ik kan dit niet betalen").check()
    page.get_by_label("Waarom kunt u dit niet betalen?").fill(
        "Met mijn echte vaste lasten houd ik bijna niets over."
    )
    toegankelijk(page)
    page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_role("link", name="Verder: controleer uw antwoorden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw antwoorden")
    toegankelijk(page)
    past_op_smal_scherm(page)
    page.get_by_role("button", name="Verstuur mijn verzoek").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw verzoek")
    toegankelijk(page)

    medewerker(page, live_demo)
    page.get_by_role("link", name="Werkvoorraad: verzoeken").first.click()
    toegankelijk(page)
    page.get_by_role("link", name="Mark de Vries").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Totaalbeeld: Mark de Vries")
    toegankelijk(page)
    verzoek = page.get_by_role(
        "region", name=re.compile("^Persoonlijke betalingsregeling, ingediend op")
    )
    verzoek.get_by_label("Toekennen").check()
    verzoek.get_by_label("Ander maandbedrag in euro's").fill("150")
    verzoek.get_by_label("Reden").fill(
        "Uw eigen begroting laat zien dat € 395 niet haalbaar is. € 150 past wel."
    )
    verzoek.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("Het verzoek is toegekend.")).to_be_visible()

    inloggen(page, live_demo, "Mark de Vries")
    expect(page.get_by_role("region", name="Uw betalingsregelingen")).to_contain_text("€\xa0150,00")
    page.get_by_role("link", name="Berichten").click()
    brief = page.get_by_role("article").filter(has_text="Besluit op uw verzoek").first
    with page.expect_download() as download:
        brief.get_by_role("link", name=re.compile("downloaden", re.IGNORECASE)).click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_kevin_asks_for_a_pause_and_sees_what_it_changes(page: Page, live_demo):
    from invordering.models import Burger
    from invordering.services.verzoeken import trek_in

    kevin = Burger.objects.get(demo_sleutel="kevin")
    trek_in(kevin.verzoeken.get(), actor=None, actor_rol="burger")  # he starts afresh
    inloggen(page, live_demo, "Kevin Smit")
    page.get_by_role("link", name="Verzoeken").click()
    page.get_by_role("link", name="Een invorderingspauze").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een invorderingspauze aanvragen")
    toegankelijk(page)
    page.get_by_label("Scheiding of einde van een relatie").check()
    page.get_by_label("Wat stelt u voor na de pauze?").fill(
        "Daarna betaal ik alles in één regeling."
    )
    page.get_by_role("button", name="Laat zien wat de pauze verandert").click()
    expect(page.get_by_role("heading", name="Wat de pauze verandert")).to_be_visible()
    toegankelijk(page)
    page.get_by_role("button", name="Verstuur mijn verzoek om een pauze").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw verzoek: invorderingspauze")
    toegankelijk(page)


def test_fatima_combines_three_debts_into_one_plan(page: Page, live_demo):
    inloggen(page, live_demo, "Fatima El Amrani")
    page.get_by_role("link", name="Verzoeken").click()
    page.get_by_role("link", name="Uw schulden samenvoegen").click()
    expect(page.get_by_role("heading", name="Uw samengevoegde regeling")).to_be_visible()
    toegankelijk(page)
    page.get_by_role("button", name="Verstuur mijn verzoek om samen te voegen").click()
    toegankelijk(page)

    medewerker(page, live_demo)
    page.get_by_role("link", name="Werkvoorraad: verzoeken").first.click()
    page.get_by_role("link", name="Fatima El Amrani").first.click()
    verzoek = page.get_by_role("region", name=re.compile("^Bundelen van schulden, ingediend op"))
    verzoek.get_by_label("Toekennen").check()
    verzoek.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("Het verzoek is toegekend.")).to_be_visible()

    inloggen(page, live_demo, "Fatima El Amrani")
    regelingen = page.get_by_role("region", name="Uw betalingsregelingen")
    expect(regelingen.get_by_role("article")).to_have_count(1)
    expect(regelingen).to_contain_text("Gebundelde betalingsregeling")
