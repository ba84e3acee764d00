"""In the browser: the demo login lists the personas, and each kind of user gets in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from invordering.demo.personas import DEMO_WACHTWOORD

pytestmark = pytest.mark.e2e


def test_a_persona_logs_in_with_one_button(page: Page, live_demo):
    page.goto(live_demo + "/")
    expect(page).to_have_title(re.compile("Inloggen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Mijn Toeslagen")
    page.get_by_role("button", name="Inloggen als Mark de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw overzicht, Mark")
    expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("status")).to_contain_text("uitgelogd")


def test_a_helper_logs_in_with_name_and_password(page: Page, live_demo):
    page.goto(live_demo + "/helpers/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("ahmed")
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("cell", name="Yonas Tesfay")).to_be_visible()


def test_english_is_one_click_away(page: Page, live_demo):
    page.goto(live_demo + "/inloggen/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Mijn Toeslagen")
    expect(page.locator("html")).to_have_attribute("lang", "en")
