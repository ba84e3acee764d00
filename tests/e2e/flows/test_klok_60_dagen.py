"""A tester moves the clock 60 days and sees what happens to someone who does nothing.

Ria did not react to the reminder. The researcher shows a participant Ria's timeline,
moves the demo clock two months on, lets the engines catch up, and shows what changed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_a_tester_moves_the_clock_60_days_for_ria_who_does_nothing(page: Page, site, tester, flow):
    with flow.stap("Ria logs in"):
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Ria Hendriks").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()

    with flow.stap("Read what happens if she does nothing"):
        page.get_by_role("link", name="Tijdlijn", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tijdlijn")
        voor = page.get_by_role("main").inner_text()

    with flow.stap("Move the clock 60 days and let the engines catch up"):
        klok = tester.verzet_klok(60)
        gedaan = tester.engines()
        assert gedaan["today"] == klok["today"] and len(gedaan["days"]) >= 60, gedaan

    with flow.stap("See the new steps on her timeline"):
        page.reload()
        expect(page.get_by_text(re.compile("^Vandaag, "))).to_be_visible()
        assert page.get_by_role("main").inner_text() != voor
        # Nobody called and nothing was paid: offsetting took over, was announced to stop
        # at the year's end (no voorschot for the new year), and a formal notice followed.
        expect(page.get_by_text(re.compile("^Brief: we halen het bedrag voortaan"))).to_be_visible()
        expect(page.get_by_text(re.compile("kunnen we niets meer inhouden"))).to_be_visible()
        expect(page.get_by_text(re.compile("^Aanmaning verstuurd"))).to_be_visible()
