"""Sanne pays a termijn of her payment plan.

Sanne Bakker's year-end bonus left her with a huurtoeslag and a zorgtoeslag debt, each in a
standard payment plan (standaardbetalingsregeling) that runs on schedule. She logs in,
looks up the next termijn of her first plan, pays it with the (demo) iDEAL step, reads
the confirmation, and checks on her overview that the termijn counts as paid and that
what she still owes went down by exactly that amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

VOLGENDE = re.compile(r"Hierna: termijn (\d+), (€\xa0[\d.]+,\d\d)")


def euro(tekst: str) -> Decimal:
    """The first amount in a text as a number: '€ 1.168,68' gives Decimal('1168.68')."""
    gevonden = re.search(r"€\xa0(-?[\d.]+,\d\d)", tekst)
    assert gevonden, f"no amount in {tekst!r}"
    return Decimal(gevonden.group(1).replace(".", "").replace(",", "."))


def bedrag(getal: Decimal) -> str:
    """A number as the site writes it: Decimal('1122.18') gives '€ 1.122,18'."""
    return "€\xa0" + f"{getal:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def test_sanne_pays_the_next_termijn_of_her_payment_plan(page: Page, site, tester, flow):
    with flow.stap("Sanne logs in"):
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Sanne Bakker").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()
        totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
        totaal_voor = euro(totaal.get_by_role("paragraph").first.inner_text())

    with flow.stap("She looks up the next termijn of her payment plans"):
        page.get_by_role("link", name="Bekijk uw termijnen").click()
        regelingen = page.get_by_role("region", name="Uw betalingsregelingen")
        plannen = regelingen.get_by_role("article", name=re.compile("^Standaardbetalingsregeling "))
        expect(plannen).to_have_count(2)  # one for huurtoeslag, one for zorgtoeslag
        plan = plannen.first
        kenmerk = (
            plan.get_by_role("heading").inner_text().removeprefix("Standaardbetalingsregeling ")
        )
        volgende = VOLGENDE.search(plan.get_by_text(VOLGENDE).inner_text())
        assert volgende, plan.inner_text()
        nummer, termijnbedrag = int(volgende.group(1)), volgende.group(2)
        betaald = re.search(r"(\d+) van (\d+) betaald", plan.inner_text())
        assert betaald and int(betaald.group(1)) == nummer - 1, plan.inner_text()
        aantal = int(betaald.group(2))

    with flow.stap("She chooses to pay that termijn"):
        plan.get_by_role(
            "link", name=f"Termijn {nummer} van betalingsregeling {kenmerk} betalen"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Termijn {nummer} betalen")
        expect(
            page.get_by_text(
                f"U betaalt termijn {nummer} van {aantal} in betalingsregeling {kenmerk}: {termijnbedrag}."
            )
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Demo: iDEAL")).to_be_visible()

    with flow.stap("She pays it with the demo iDEAL step and gets the confirmation"):
        page.get_by_label("Uw bank").select_option("ING")
        page.get_by_role("button", name=f"Betaal {termijnbedrag}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Betaling ontvangen")
        expect(page.get_by_text(f"Uw betaling van {termijnbedrag} is verwerkt.")).to_be_visible()
        expect(
            page.get_by_text(
                f"Dit was termijn {nummer} van {aantal} in betalingsregeling {kenmerk}."
            )
        ).to_be_visible()
        verwacht = bedrag(totaal_voor - euro(termijnbedrag))
        expect(page.get_by_text(f"In totaal moet u nog {verwacht} betalen.")).to_be_visible()

    with flow.stap("She goes back to her overview and sees the termijn paid and a lower total"):
        page.get_by_role("link", name="Terug naar uw overzicht").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()
        totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
        totaal_na = euro(totaal.get_by_role("paragraph").first.inner_text())
        assert totaal_na == totaal_voor - euro(termijnbedrag), (totaal_voor, totaal_na)
        plan = page.get_by_role("region", name="Uw betalingsregelingen").get_by_role(
            "article", name=f"Standaardbetalingsregeling {kenmerk}"
        )
        expect(plan).to_contain_text(f"{nummer} van {aantal} betaald")
        expect(plan).to_contain_text(f"Hierna: termijn {nummer + 1}, ")
        betalingen = page.get_by_role("table", name="Recente betalingen en verrekeningen")
        nieuwste = betalingen.get_by_role("row").nth(1).get_by_role("cell")
        expect(nieuwste.nth(1)).to_have_text("Betaling")
        expect(nieuwste.nth(2)).to_have_text(termijnbedrag)
