"""The staff pages in a real browser: the behandelaar's flow, and axe-core on every page.

A behandelaar opens the work queue from the admin start page, opens the full picture of
the first person, and grants a personal plan with another amount and a reason.
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

pytestmark = pytest.mark.e2e


def inloggen(page: Page, url: str, gebruiker: str, taal: str) -> None:
    from invordering.models import User

    User.objects.filter(username=gebruiker).update(taal=taal)
    page.goto(url + "/beheer/login/")
    page.locator("#id_username").fill(gebruiker)
    page.locator("#id_password").fill("demo-toeslagen-2026")
    page.locator("#id_password").press("Enter")
    expect(page.locator("#user-tools")).to_be_visible()


def test_a_behandelaar_grants_an_adjusted_plan_from_the_queue(page: Page, live_demo):  # noqa: F811
    inloggen(page, live_demo, "behandelaar", "en")
    toegankelijk(page)
    page.get_by_role("link", name="Work queue: requests").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work queue: requests")
    toegankelijk(page)
    page.get_by_label("Kind of request").select_option("pbt")
    page.get_by_role("button", name="Show requests").click()
    expect(page).to_have_url(re.compile(r"soort=pbt"))
    toegankelijk(page)

    page.get_by_role("link", name="Anouk Jansen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Full picture: Anouk Jansen")
    toegankelijk(page)
    past_op_smal_scherm(page)

    verzoek = page.get_by_role("region", name=re.compile("^Personal payment plan, submitted"))
    verzoek.get_by_role("button", name="Save decision").click()
    expect(page).to_have_title(re.compile("^Error: Full picture: Anouk Jansen"))
    expect(page.get_by_role("alert")).to_contain_text("Choose a decision.")
    toegankelijk(page)

    verzoek = page.get_by_role("region", name=re.compile("^Personal payment plan, submitted"))
    verzoek.get_by_label("Grant").check()
    verzoek.get_by_label("Other monthly amount in euros").fill("50")
    verzoek.get_by_label("Reason").fill("Rob heeft hoge zorgkosten; 50 euro per maand past.")
    verzoek.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The request is granted.")).to_be_visible()
    expect(page.get_by_text("Granted monthly amount")).to_be_visible()
    toegankelijk(page)


def test_every_staff_page_passes_axe_in_dutch_and_english(page: Page, live_demo):  # noqa: F811
    from invordering.models import Burger, Machtiging

    for taal in ("nl", "en"):
        inloggen(page, live_demo, "coordinator", taal)
        for pad in ("/beheer/werkvoorraad/", "/beheer/signalen/", "/beheer/signalen/?soort=x"):
            page.goto(live_demo + pad)
            toegankelijk(page)
        for sleutel in ("kevin", "yonas", "ria", "mark", "linda"):
            page.goto(live_demo + f"/beheer/burgers/{Burger.objects.get(demo_sleutel=sleutel).pk}/")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            toegankelijk(page)
        ria = Burger.objects.get(demo_sleutel="ria")
        page.goto(live_demo + f"/beheer/burgers/{ria.pk}/")
        page.locator("#id_contact-uitkomst").select_option("pbt")
        page.locator("#contact-vastleggen button[type=submit]").click()
        expect(page.get_by_role("alert")).to_be_visible()
        toegankelijk(page)
        machtiging = Machtiging.objects.filter(status="actief").first()
        page.goto(live_demo + f"/beheer/machtigingen/{machtiging.pk}/intrekken/")
        toegankelijk(page)
        page.locator("#logout-form button").click()
