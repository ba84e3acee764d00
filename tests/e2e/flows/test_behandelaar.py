"""A behandelaar decides from the queue.

Priya Ramdin handles requests for personal payment plans. She logs in to the staff
pages, opens the work queue of requests and picks the one that must be decided first:
Anouk Jansen's request for a personal payment plan. She reads Anouk's whole picture (the
debt, the answers and the calculation of the request, Anouk's own budget) and grants the
request with a monthly amount of her own choosing, with the reason Anouk will read. Then
Anouk logs in and sees the new plan and the decision letter.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

WACHTWOORD = "demo-toeslagen-2026"


def test_a_behandelaar_decides_from_the_queue(page: Page, site, tester, flow):
    with flow.stap("Priya logs in to the staff pages"):
        page.goto(site + "/beheer/login/")
        page.get_by_label("Gebruikersnaam").fill("behandelaar")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("link", name="Werkvoorraad: verzoeken")).to_be_visible()

    with flow.stap("She opens the queue of requests"):
        page.get_by_role("link", name="Werkvoorraad: verzoeken").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad: verzoeken")
        wachtrij = page.get_by_role("table", name="Open verzoeken, de vroegste beslisdatum eerst")
        eerste = wachtrij.get_by_role("row").nth(1)  # the row under the column headers
        expect(eerste).to_contain_text("Anouk Jansen")
        expect(eerste).to_contain_text("Persoonlijke betalingsregeling")

    with flow.stap("She opens Anouk's request"):
        eerste.get_by_role("link", name="Anouk Jansen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Totaalbeeld: Anouk Jansen")

    verzoek = page.get_by_role(
        "region", name=re.compile("^Persoonlijke betalingsregeling, ingediend op")
    )
    with flow.stap("She reads Anouk's whole picture"):
        expect(page.get_by_role("region", name="Vorderingen")).to_contain_text(
            "In totaal nog te betalen: €\xa07.800,00"
        )
        expect(page.get_by_role("region", name="Betalingsregelingen")).to_contain_text(
            "Er loopt geen betalingsregeling."
        )
        expect(verzoek.get_by_text("Ingediend", exact=True)).to_be_visible()  # its status
        expect(verzoek).to_contain_text("Uiterlijk beslissen op")
        # The formula leaves her nothing to pay; her own budget shows more costs still.
        expect(verzoek).to_contain_text(re.compile("betalingscapaciteit per maand\\s*€\xa00,00"))
        begroting = verzoek.get_by_role("table", name=re.compile("^Eigen begroting"))
        expect(begroting).to_contain_text("Reiskosten naar het revalidatiecentrum")
        expect(begroting).to_contain_text("€\xa0155,00")

    with flow.stap("She grants the request with a monthly amount of her own"):
        verzoek.get_by_label("Toekennen").check()
        verzoek.get_by_label("Ander maandbedrag in euro's").fill("25")
        verzoek.get_by_label("Reden").fill(
            "Volgens de berekening kunt u nu niets betalen. Met € 25 per maand, drie jaar lang, "
            "schelden we de rest kwijt als u elke maand betaalt."
        )
        verzoek.get_by_role("button", name="Besluit opslaan").click()
        expect(page.get_by_text("Het verzoek is toegekend.")).to_be_visible()

    with flow.stap("Anouk logs in and sees her new plan"):
        page.context.clear_cookies()
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Anouk Jansen").click()
        expect(
            page.get_by_text(re.compile(r"^Betaal termijn 1 van 36 \(€\s25,00\)"))
        ).to_be_visible()
        regelingen = page.get_by_role("region", name="Uw betalingsregelingen")
        expect(regelingen).to_contain_text(re.compile(r"36 maandelijkse termijnen van €\s25,00"))
        expect(regelingen).to_contain_text(re.compile(r"schelden we de laatste €\s6\.900,00 kwijt"))

    with flow.stap("She downloads the decision letter"):
        page.get_by_role("link", name="Berichten").click()
        brief = page.get_by_role("article").filter(has_text="Besluit op uw verzoek").first
        expect(brief).to_contain_text("toegekend")
        expect(brief).to_contain_text(re.compile(r"€\s25,00 per maand, 36 maanden lang"))
        with page.expect_download() as download:
            brief.get_by_role("link", name=re.compile("downloaden", re.IGNORECASE)).click()
        assert download.value.suggested_filename.endswith(".pdf")
