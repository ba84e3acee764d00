"""The audit trail in a real browser: the privacy officer finds it on the start page,
searches one person after a behandelaar looked at them, and every state passes axe-core
in Dutch and English (results, a wrong search, nothing found) and fits a narrow screen.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (  # noqa: F401  (fixtures used by name)
    _statische_bestanden_via_whitenoise,
    browser_type_launch_args,
    live_demo,
    past_op_smal_scherm,
    toegankelijk,
)
from tests.staff.test_toegankelijkheid import inloggen

pytestmark = pytest.mark.e2e


def test_the_privacy_officer_searches_the_trail(page: Page, live_demo):  # noqa: F811
    from invordering.models import Burger

    mark = Burger.objects.get(demo_sleutel="mark")
    inloggen(page, live_demo, "behandelaar", "en")
    page.goto(live_demo + f"/beheer/burgers/{mark.pk}/")
    page.locator("#logout-form button").click()

    for taal in ("en", "nl"):
        inloggen(page, live_demo, "privacy", taal)
        page.locator("a[href='/beheer/audit/']").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        toegankelijk(page)
        page.locator("#id_bsn").fill(mark.bsn)
        page.locator(".mt-staff-filters button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"bsn={mark.bsn}"))
        # The behandelaar's look; the search itself (a look too) is the newest row.
        rij = page.locator("tbody tr", has_text="Priya Ramdin").first
        expect(rij).to_contain_text(mark.bsn_gemaskeerd)
        expect(page.locator("tbody")).not_to_contain_text(mark.bsn)
        toegankelijk(page)
        past_op_smal_scherm(page)

        page.locator("#id_bsn").fill("123")
        page.locator(".mt-staff-filters button[type=submit]").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        expect(page.locator("#id_bsn")).to_have_value("123")
        toegankelijk(page)

        page.goto(live_demo + "/beheer/audit/?soort=wijzigen&gebruiker=niemand-met-deze-naam")
        expect(page.locator("[role=status]")).to_be_visible()
        toegankelijk(page)
        page.locator("#logout-form button").click()
