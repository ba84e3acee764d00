"""Helpers end to end: Yonas gives Ahmed a machtiging with a code, Ahmed accepts it and asks
for a pause on Yonas's behalf, Yonas reads that in his log and stops the machtiging, and
Ahmed no longer sees him. Yonas reads English; Ahmed works in Dutch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from invordering.demo.personas import DEMO_WACHTWOORD
from tests.e2e.conftest import past_op_smal_scherm, toegankelijk, vastleggen

pytestmark = pytest.mark.e2e

CODE = re.compile(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}")


def yonas_logt_in(page: Page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/inloggen/")
    page.get_by_role("button", name="Inloggen als Yonas Tesfay").click()
    expect(page.get_by_role("heading", name="What do I need to do now?")).to_be_visible()


def ahmed_logt_in(page: Page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/helpers/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("ahmed")
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("De mensen die u helpt")


def test_yonas_gives_ahmed_a_code_ahmed_asks_a_pause_yonas_reads_it_and_stops_it(
    page: Page, live_demo
):
    from invordering.models import Machtiging
    from invordering.services.machtigingen import trek_machtiging_in

    # In the demo Ahmed already helps Yonas: that machtiging ends first, so this story
    # starts from nothing.
    oud = Machtiging.objects.get(
        vertegenwoordigde__demo_sleutel="yonas", gemachtigde__demo_sleutel="ahmed"
    )
    trek_machtiging_in(oud, actor=None, actor_rol="burger")

    # Yonas makes a code that lets his helper submit requests.
    yonas_logt_in(page, live_demo)
    page.get_by_role("link", name="Helpers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your helpers")
    toegankelijk(page)
    page.get_by_label(re.compile("^Submit requests for me")).check()
    page.get_by_role("button", name="Make a code for my helper").click()
    kaart = page.get_by_role("region", name="Give this code to your helper")
    code = CODE.search(kaart.inner_text()).group(0)
    toegankelijk(page)
    vastleggen(page, "helpers-code")
    past_op_smal_scherm(page)

    # Ahmed enters it, first once with a typing error.
    ahmed_logt_in(page, live_demo)
    expect(page.get_by_role("cell", name="Yonas Tesfay")).to_have_count(0)
    page.get_by_role("link", name="Machtigingscode invoeren").first.click()
    page.get_by_label("Machtigingscode").fill("ABC-DEF-GHJ")
    page.get_by_role("button", name="Machtiging accepteren").click()
    expect(page.get_by_role("link", name=re.compile("^Deze code werkt niet"))).to_be_visible()
    expect(page.get_by_label("Machtigingscode")).to_have_value("ABC-DEF-GHJ")
    toegankelijk(page)
    page.get_by_label("Machtigingscode").fill(code.lower())
    page.get_by_role("button", name="Machtiging accepteren").click()
    expect(page.get_by_role("cell", name="Yonas Tesfay")).to_be_visible()
    toegankelijk(page)
    vastleggen(page, "helper-dashboard")

    # Ahmed acts for Yonas: the banner says so on every page, and he asks for a pause.
    page.get_by_role("button", name="Handel namens Yonas Tesfay").click()
    banner = page.get_by_role("region", name="Namens iemand handelen")
    expect(banner).to_contain_text("U handelt namens Yonas Tesfay")
    # The header still says who is logged in.
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Ahmed Yilmaz")
    toegankelijk(page)
    page.get_by_role("link", name="Verzoeken").click()
    expect(banner).to_be_visible()
    page.get_by_role("link", name="Een invorderingspauze").click()
    page.get_by_label("Scheiding of einde van een relatie").check()
    page.get_by_label("Wat stelt u voor na de pauze?").fill(
        "Yonas zoekt eerst werk; daarna een regeling."
    )
    page.get_by_role("button", name="Laat zien wat de pauze verandert").click()
    page.get_by_role("button", name="Verstuur mijn verzoek om een pauze").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw verzoek: invorderingspauze")
    expect(banner).to_contain_text("Yonas Tesfay")
    toegankelijk(page)
    vastleggen(page, "helper-namens")
    page.get_by_role("button", name="Terug naar uw eigen lijst").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("De mensen die u helpt")
    expect(page.get_by_role("region", name="Namens iemand handelen")).to_have_count(0)

    # Yonas sees the request, and in his log that Ahmed did it for him.
    yonas_logt_in(page, live_demo)
    page.get_by_role("link", name="Requests").click()
    expect(page.get_by_text(re.compile("pause", re.I)).first).to_be_visible()
    page.get_by_role("link", name="Helpers").click()
    log = page.get_by_role("region", name="What your helpers did")
    regel = log.get_by_role("row").filter(has_text="Ahmed Yilmaz").filter(has_text="submitted")
    expect(regel.first).to_be_visible()
    expect(log.get_by_role("row").filter(has_text="Looked at your overview").first).to_be_visible()
    toegankelijk(page)
    vastleggen(page, "helpers-logboek")

    # He stops the machtiging; Ahmed's next page no longer shows him.
    page.get_by_role("button", name="Stop the mandate of Ahmed Yilmaz").click()
    expect(page.get_by_role("status")).to_be_visible()
    nu = page.get_by_role("region", name="Who helps you now")
    expect(nu).to_contain_text("Nobody helps you with a mandate now.")
    toegankelijk(page)

    ahmed_logt_in(page, live_demo)
    expect(page.get_by_role("cell", name="Yonas Tesfay")).to_have_count(0)
