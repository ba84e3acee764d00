"""In the browser: a researcher's script drives the tester controls; their page is usable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import past_op_smal_scherm, toegankelijk

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _geen_worker(monkeypatch):
    # A moved clock asks the worker to catch up; no worker runs here.
    monkeypatch.setattr("invordering.tasks.engines_inhalen.delay", lambda: None)


def test_a_script_logs_the_browser_in_and_sets_the_clock(page: Page, live_demo):
    login = page.request.post(live_demo + "/testkit/login/", data={"who": "mark"})
    assert login.ok and login.json()["logged_in"] == "mark"
    klok = page.request.post(live_demo + "/testkit/clock/", data={"set": "2026-11-19"})
    assert klok.json()["today"] == "2026-11-19"
    page.goto(live_demo + login.json()["next"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw overzicht, Mark")
    expect(page.get_by_text("De demoklok staat op 19 november 2026")).to_be_visible()
    geweigerd = page.request.post(live_demo + "/testkit/engines/", form={"x": "1"})
    assert geweigerd.status == 415


def test_the_tester_page_is_accessible_and_its_link_logs_in_once(page: Page, live_demo):
    page.goto(live_demo + "/testkit/")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_title("Tester controls – Mijn Toeslagen")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    toegankelijk(page)
    past_op_smal_scherm(page)

    page.get_by_label("Set today to").fill("2026-11-18")
    page.get_by_role("button", name="Set the clock").click()
    expect(page.get_by_role("status")).to_contain_text("2026-11-18")
    page.get_by_label("Choose a regime").select_option("huidig-2026")
    page.get_by_role("button", name="Switch the regime").click()
    expect(page.get_by_role("status")).to_contain_text("huidig-2026")

    page.get_by_role("button", name="One-time link for Ria Hendriks").click()
    bericht = page.get_by_role("status").inner_text()
    link = re.search(r"https?://\S+", bericht)[0]
    deelnemer = page.context.browser.new_page()
    deelnemer.goto(link)
    toegankelijk(deelnemer)
    deelnemer.get_by_role("button", name=re.compile("Ria Hendriks")).click()
    expect(deelnemer.get_by_role("heading", level=1)).to_have_text("Uw overzicht, Ria")
    deelnemer.goto(link)
    expect(deelnemer.get_by_role("heading", level=1)).not_to_have_text("Uw overzicht, Ria")
    deelnemer.close()
