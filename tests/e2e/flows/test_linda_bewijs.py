"""Linda keeps proof that she paid everything back (the worked example of
docs/usability-testing.md).

Linda de Groot paid everything back last year. She wants the letter that says so, to
keep it with her papers.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_linda_downloads_the_letter_that_she_paid_everything(page: Page, site, tester, flow):
    with flow.stap("Linda logs in"):
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Linda de Groot").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    with flow.stap("She sees that nothing is left to pay"):
        expect(page.get_by_text("U hoeft niets te doen en niets meer te betalen.")).to_be_visible()

    with flow.stap("She opens her letters"):
        page.get_by_role("link", name="Berichten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
        expect(
            page.get_by_text(re.compile("alles terugbetaald voor uw huurtoeslag"))
        ).to_be_visible()

    with flow.stap("She downloads the letter as a PDF"):
        brief = (
            page.get_by_role("article")
            .filter(has_text="alles terugbetaald voor uw huurtoeslag")
            .first
        )
        with page.expect_download() as download:
            brief.get_by_role("link", name=re.compile("downloaden", re.IGNORECASE)).click()
        assert download.value.suggested_filename.endswith(".pdf")
