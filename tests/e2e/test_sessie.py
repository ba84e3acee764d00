"""In the browser: the warning before an idle session ends, and what happens at the end.

The live server runs in this process, so the ``settings`` fixture shortens the limits for
it (30 seconds with the warning 25 before the end, instead of 15 minutes and 2). The pages
are in English (one click), so the assertions read the msgids.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import toegankelijk

pytestmark = pytest.mark.e2e


def inloggen_in_het_engels(page: Page, url: str) -> None:
    page.goto(url + "/inloggen/")
    page.get_by_role("button", name="Inloggen als Mark de Vries").click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="What do I need to do now?")).to_be_visible()


def resterend(page: Page, url: str) -> int:
    """The server's seconds left, asked as the warning's script does (not activity)."""
    antwoord = page.request.get(url + "/sessie/", headers={"Accept": "application/json"})
    assert antwoord.ok, antwoord.status
    return antwoord.json()["resterend"]


def test_the_warning_is_announced_and_stay_logged_in_keeps_the_session(
    page: Page, live_demo, settings
):
    settings.SESSION_IDLE_SECONDEN = 30
    settings.SESSION_WAARSCHUWING_SECONDEN = 25
    inloggen_in_het_engels(page, live_demo)
    overzicht = page.url

    # About 5 seconds after the page: an alert dialog, named and described, focus on "stay".
    dialoog = page.get_by_role("alertdialog", name="You will be logged out soon")
    expect(dialoog).to_be_visible(timeout=20_000)
    expect(dialoog).to_have_accessible_description(
        re.compile("To protect your data, we will log you out in 1 minute")
    )
    blijven = dialoog.get_by_role("button", name="Stay logged in")
    expect(blijven).to_be_focused()
    expect(dialoog.get_by_role("button", name="Log out")).to_be_visible()
    toegankelijk(page)
    assert resterend(page, live_demo) <= 25

    blijven.click()

    expect(dialoog).to_be_hidden()
    # The server holds the session anew: the full half minute (a little gone since).
    assert resterend(page, live_demo) >= 27
    expect(page).to_have_url(overzicht)
    expect(page.get_by_role("heading", name="What do I need to do now?")).to_be_visible()

    # The warning comes back after the next quiet spell; Escape is an answer as well.
    expect(dialoog).to_be_visible(timeout=20_000)
    with page.expect_response(lambda r: r.url.endswith("/sessie/") and r.request.method == "POST"):
        page.keyboard.press("Escape")
    expect(dialoog).to_be_hidden()
    assert resterend(page, live_demo) >= 27


def test_without_an_answer_the_page_goes_to_the_login_with_the_message(
    page: Page, live_demo, settings
):
    settings.SESSION_IDLE_SECONDEN = 8
    settings.SESSION_WAARSCHUWING_SECONDEN = 6
    inloggen_in_het_engels(page, live_demo)

    expect(page.get_by_role("alertdialog")).to_be_visible(timeout=20_000)
    # Nobody answers: the session ends on the server and the screen shows nobody's data.
    expect(page).to_have_url(re.compile(r"/inloggen/"), timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text(
        "You were not active for 1 minute. To protect your data, we logged you out."
    )
    page.goto(live_demo + "/overzicht/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next="))
