"""Yonas, in English, with his helper.

Yonas Tesfay reads English best. He gives Ahmed Yilmaz, a social worker who helps him,
a mandate: he makes a code on his helpers page and gives it to Ahmed. Ahmed (who works
in Dutch) enters the code, first once with a typing error, and asks for a pause on
Yonas's behalf. Yonas sees the request, reads in his log that Ahmed did it for him, and
stops the mandate; Ahmed's list no longer shows him.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from invordering.demo.personas import DEMO_WACHTWOORD
from tests.e2e.conftest import past_op_smal_scherm, vastleggen

pytestmark = pytest.mark.e2e

CODE = re.compile(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}")


def yonas_logt_in(page: Page, site: str) -> None:
    page.context.clear_cookies()
    page.goto(site + "/inloggen/")
    page.get_by_role("button", name="Inloggen als Yonas Tesfay").click()
    expect(page.get_by_role("heading", name="What do I need to do now?")).to_be_visible()


def ahmed_logt_in(page: Page, site: str) -> None:
    page.context.clear_cookies()
    page.goto(site + "/helpers/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("ahmed")
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("De mensen die u helpt")


def test_yonas_gives_ahmed_a_code_ahmed_asks_a_pause_yonas_reads_it_and_stops_it(
    page: Page, site, tester, flow
):
    # Setup, not part of the task: in the demo Ahmed already helps Yonas. Yonas stops
    # that mandate first, so this story starts from nobody helping him.
    yonas_logt_in(page, site)
    page.get_by_role("link", name="Helpers").click()
    page.get_by_role("button", name="Stop the mandate of Ahmed Yilmaz").click()
    expect(page.get_by_role("region", name="Who helps you now")).to_contain_text(
        "Nobody helps you with a mandate now."
    )
    page.get_by_role("link", name="Overview", exact=True).click()
    expect(page.get_by_role("heading", name="What do I need to do now?")).to_be_visible()

    with flow.stap("Yonas opens his helpers page"):
        page.get_by_role("link", name="Helpers").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your helpers")

    with flow.stap("He makes a code that lets his helper submit requests"):
        page.get_by_label(re.compile("^Submit requests for me")).check()
        page.get_by_role("button", name="Make a code for my helper").click()
        kaart = page.get_by_role("region", name="Give this code to your helper")
        expect(kaart).to_contain_text(CODE)
        code = CODE.search(kaart.inner_text()).group(0)
        vastleggen(page, "helpers-code")
        past_op_smal_scherm(page)

    with flow.stap("Ahmed logs in as a helper"):
        ahmed_logt_in(page, site)
        expect(page.get_by_role("cell", name="Yonas Tesfay")).to_have_count(0)

    with flow.stap("He enters the code with a typing error"):
        page.get_by_role("link", name="Machtigingscode invoeren").first.click()
        page.get_by_label("Machtigingscode").fill("ABC-DEF-GHJ")
        page.get_by_role("button", name="Machtiging accepteren").click()
        expect(page.get_by_role("link", name=re.compile("^Deze code werkt niet"))).to_be_visible()
        expect(page.get_by_label("Machtigingscode")).to_have_value("ABC-DEF-GHJ")

    with flow.stap("He enters the right code and sees Yonas in his list"):
        page.get_by_label("Machtigingscode").fill(code.lower())
        page.get_by_role("button", name="Machtiging accepteren").click()
        expect(page.get_by_role("cell", name="Yonas Tesfay")).to_be_visible()
        vastleggen(page, "helper-dashboard")

    banner = page.get_by_role("region", name="Namens iemand handelen")

    with flow.stap("He acts for Yonas"):
        page.get_by_role("button", name="Handel namens Yonas Tesfay").click()
        expect(banner).to_contain_text("U handelt namens Yonas Tesfay")
        # The header still says who is logged in.
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Ahmed Yilmaz")

    with flow.stap("He asks for a pause on Yonas's behalf"):
        page.get_by_role("link", name="Verzoeken").click()
        expect(banner).to_be_visible()
        page.get_by_role("link", name="Een invorderingspauze").click()
        page.get_by_label("Scheiding of einde van een relatie").check()
        page.get_by_label("Wat stelt u voor na de pauze?").fill(
            "Yonas zoekt eerst werk; daarna een regeling."
        )
        page.get_by_role("button", name="Laat zien wat de pauze verandert").click()
        page.get_by_role("button", name="Verstuur mijn verzoek om een pauze").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Uw verzoek: invorderingspauze"
        )
        expect(page.get_by_role("status")).to_contain_text(
            "We hebben uw verzoek om een pauze ontvangen."
        )
        expect(banner).to_contain_text("Yonas Tesfay")
        vastleggen(page, "helper-namens")

    with flow.stap("He goes back to his own list"):
        page.get_by_role("button", name="Terug naar uw eigen lijst").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("De mensen die u helpt")
        expect(banner).to_have_count(0)

    with flow.stap("Yonas logs in and sees the request for a pause"):
        yonas_logt_in(page, site)
        page.get_by_role("link", name="Requests").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your requests")
        verzoek = page.get_by_role("article", name="Collection pause")
        expect(verzoek).to_contain_text("Submitted")

    with flow.stap("He reads in his log that Ahmed did it for him"):
        page.get_by_role("link", name="Helpers").click()
        log = page.get_by_role("region", name="What your helpers did")
        regel = (
            log.get_by_role("row")
            .filter(has_text="Ahmed Yilmaz")
            .filter(has_text="Request submitted")
        )
        expect(regel.first).to_be_visible()
        expect(
            log.get_by_role("row").filter(has_text="Looked at your overview").first
        ).to_be_visible()
        vastleggen(page, "helpers-logboek")

    with flow.stap("He stops Ahmed's mandate"):
        page.get_by_role("button", name="Stop the mandate of Ahmed Yilmaz").click()
        expect(page.get_by_role("status")).to_contain_text("The mandate has stopped.")
        nu = page.get_by_role("region", name="Who helps you now")
        expect(nu).to_contain_text("Nobody helps you with a mandate now.")

    with flow.stap("Ahmed no longer sees Yonas"):
        ahmed_logt_in(page, site)
        expect(page.get_by_role("heading", level=1)).to_contain_text("De mensen die u helpt")
        expect(page.get_by_role("cell", name="Yonas Tesfay")).to_have_count(0)
