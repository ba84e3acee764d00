"""In a real browser, under the real Content-Security-Policy: the pages and htmx swaps of a
burger, a helper and staff run without one blocked script or style, and without a script
error (htmx failing). The listener is tests/e2e/conftest.py's ``schendingen``; its guard
also fails every other browser test (the flows too) on a blocked script or style.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from invordering.demo.personas import DEMO_WACHTWOORD

pytestmark = pytest.mark.e2e


def htmx_swap(page: Page, doe) -> None:
    """Do something that should go through htmx, and check that it did (not a page load)."""
    page.wait_for_load_state()  # htmx is a deferred script: it runs just before "load"
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as r:
        doe()
    assert r.value.ok


def test_the_listener_hears_a_blocked_inline_style(page: Page, live_demo, schendingen):
    """Without this the other tests could pass by hearing nothing at all."""
    page.goto(live_demo + "/inloggen/")
    page.evaluate(
        """() => {
            const style = document.createElement("style");
            style.textContent = "body { color: red }";
            document.head.append(style);
        }"""
    )
    for _ in range(20):  # both reports arrive asynchronously
        if sum("style-src" in s for s in schendingen) >= 2:
            break
        page.wait_for_timeout(100)
    assert any(": console: " in s and "style-src" in s for s in schendingen), schendingen
    assert any(": style-src-elem blocked inline at " in s for s in schendingen), schendingen
    schendingen.clear()  # heard as intended: the conftest guard must not fail this test


def test_a_burger_overview_timeline_and_htmx_swaps_break_no_policy(
    page: Page, live_demo, schendingen
):
    page.goto(live_demo + "/inloggen/")
    page.get_by_role("button", name="Inloggen als Mark de Vries").click()
    expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()
    # htmx runs with the settings the CSP needs (base.html's htmx-config).
    page.wait_for_load_state()
    assert page.evaluate(
        "[htmx.config.allowEval, htmx.config.allowScriptTags, htmx.config.includeIndicatorStyles]"
    ) == [False, False, False]

    knop = page.get_by_role("link", name=re.compile("^Laat zien hoe het bedrag is opgebouwd")).first
    htmx_swap(page, knop.click)

    page.get_by_role("link", name="Tijdlijn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdlijn")
    htmx_swap(
        page,
        lambda: page.get_by_label("Welke schuld").select_option(
            label="Zorgtoeslag 2024 (TVZT-2024-0000001)"
        ),
    )
    expect(page).to_have_url(re.compile(r"schuld=\d+"))
    expect(page.get_by_role("heading", name="Wat er gebeurde")).to_be_visible()

    page.get_by_role("link", name="Berichten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    assert not schendingen, "\n".join(schendingen)


def test_the_helper_dashboard_and_its_filter_break_no_policy(page: Page, live_demo, schendingen):
    page.goto(live_demo + "/helpers/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("ahmed")
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("cell", name="Yonas Tesfay")).to_be_visible()
    htmx_swap(page, lambda: page.get_by_label("Sorteren op").select_option(label="Naam"))
    expect(page).to_have_url(re.compile(r"sorteer="))
    assert not schendingen, "\n".join(schendingen)


def test_the_admin_pages_break_no_policy(page: Page, live_demo, schendingen):
    page.goto(live_demo + "/beheer/login/")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Werkvoorraad: verzoeken")).to_be_visible()

    # The product's own staff pages in the admin's frame: the queue and a full picture.
    page.get_by_role("link", name="Werkvoorraad: verzoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad: verzoeken")
    page.get_by_role("link", name="Anouk Jansen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Totaalbeeld: Anouk Jansen")

    # A changelist with filters and search, then its change form (date widgets, the
    # related-object links), then one with actions (the select-all box) and a date
    # hierarchy with the product's own changelist template.
    page.goto(live_demo + "/beheer/invordering/beleidsparameter/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("#searchbar").fill("dagen")  # its label is an untranslated icon
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"q=dagen"))
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#content-main form")).to_be_visible()
    page.locator(".datetimeshortcuts a").first.click()  # "Vandaag": the admin's own JS
    page.goto(live_demo + "/beheer/invordering/machtiging/")
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text(
        re.compile(r"(\d+) van de \1 geselecteerd")
    )
    page.goto(live_demo + "/beheer/invordering/verwerking/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator(".theme-toggle").click()  # the admin's theme.js
    assert not schendingen, "\n".join(schendingen)
