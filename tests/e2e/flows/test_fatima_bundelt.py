"""Fatima bundles her three debts into one payment plan.

Fatima El Amrani is a self-employed designer and a single mother. She has three debts
(kinderopvangtoeslag, kindgebonden budget and huurtoeslag), each with its own payment
plan, amount and date. She asks to combine them into one plan with one monthly amount.
A behandelaar (staff) grants the request from the work queue, and Fatima then sees a
single bundled plan on her overview, for the same total.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

WACHTWOORD = "demo-toeslagen-2026"  # the demo password of helpers and staff
MAANDBEDRAG = re.compile(r"Bedrag per maand\s*(€\xa0[\d.]+,\d\d)")


def test_fatima_combines_three_debts_into_one_plan(page: Page, site, tester, flow):
    with flow.stap("Fatima logs in and sees three payment plans"):
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Fatima El Amrani").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()
        regelingen = page.get_by_role("region", name="Uw betalingsregelingen")
        expect(regelingen.get_by_role("article")).to_have_count(3)
        totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
        totaal_voor = totaal.get_by_role("paragraph").first.inner_text()

    with flow.stap("She asks to combine her debts and sees the plan it would make"):
        page.get_by_role("link", name="Verzoeken", exact=True).click()
        page.get_by_role("link", name="Uw schulden samenvoegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw schulden samenvoegen")
        schulden = page.get_by_role("group", name="Welke schulden wilt u in één regeling?")
        expect(schulden.get_by_role("checkbox")).to_have_count(3)
        for schuld in schulden.get_by_role("checkbox").all():
            expect(schuld).to_be_checked()
        voorstel = page.get_by_role("region", name="Uw samengevoegde regeling")
        # The same total as on her overview, in 24 months.
        expect(voorstel).to_contain_text(
            re.compile(rf"Totaal in de regeling\s*{re.escape(totaal_voor)}")
        )
        expect(voorstel).to_contain_text(re.compile(r"Aantal maanden\s*24"))
        maandbedrag = MAANDBEDRAG.search(voorstel.inner_text())
        assert maandbedrag, voorstel.inner_text()
        maandbedrag = maandbedrag.group(1)

    with flow.stap("She sends the request"):
        page.get_by_role("button", name="Verstuur mijn verzoek om samen te voegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Uw verzoek: bundelen van schulden"
        )
        expect(page.get_by_text("We hebben uw verzoek ontvangen")).to_be_visible()
        expect(page.get_by_text("Ingediend", exact=True)).to_be_visible()

    with flow.stap("A behandelaar logs in to the staff site"):
        page.context.clear_cookies()
        page.goto(site + "/beheer/login/")
        page.get_by_label("Gebruikersnaam").fill("behandelaar")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(
            page.get_by_role("link", name=re.compile("^Werkvoorraad: verzoeken"))
        ).to_be_visible()

    with flow.stap("The behandelaar opens Fatima's request from the work queue"):
        page.get_by_role("link", name=re.compile("^Werkvoorraad: verzoeken")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad: verzoeken")
        rij = page.get_by_role("row").filter(has_text="Bundelen van schulden")
        expect(rij).to_have_count(1)
        rij.get_by_role("link", name="Fatima El Amrani").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Totaalbeeld: Fatima El Amrani")
        verzoek = page.get_by_role(
            "region", name=re.compile("^Bundelen van schulden, ingediend op")
        )
        expect(verzoek).to_contain_text(f"Samen nog te betalen: {totaal_voor}")
        expect(verzoek).to_contain_text(f"24 maandelijkse termijnen van ongeveer {maandbedrag}")

    with flow.stap("The behandelaar grants the request"):
        verzoek.get_by_label("Toekennen").check()
        verzoek.get_by_role("button", name="Besluit opslaan").click()
        expect(page.get_by_text("Het verzoek is toegekend.")).to_be_visible()

    with flow.stap("Fatima logs in again and sees one bundled plan"):
        page.context.clear_cookies()
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Fatima El Amrani").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()
        regelingen = page.get_by_role("region", name="Uw betalingsregelingen")
        expect(regelingen.get_by_role("article")).to_have_count(1)
        plan = regelingen.get_by_role("article", name=re.compile("^Gebundelde betalingsregeling "))
        expect(plan).to_contain_text(f"24 maandelijkse termijnen van {maandbedrag}.")
        expect(plan).to_contain_text("0 van 24 betaald")
        totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
        expect(totaal.get_by_role("paragraph").first).to_have_text(totaal_voor)
