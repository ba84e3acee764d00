"""Ria's daughter helps her after a reminder.

Ria Hendriks is 67. She owes €640 of healthcare allowance after her pension changed, and
she did not react to the reminder. Her daughter Eva Hendriks has a mandate that lets her
look along, nothing more. Eva logs in as a helper, opens her mother's overview, reads the
reminder (pay €640 or choose a payment plan, before 15 November 2026) and sees that she
may only look: paying or asking for something is up to Ria. Then Ria logs in herself and,
with what her daughter told her, starts the payment plan the reminder offers.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from invordering.demo.personas import DEMO_WACHTWOORD

pytestmark = pytest.mark.e2e


def test_rias_daughter_reads_the_reminder_and_ria_starts_a_payment_plan(
    page: Page, site, tester, flow
):
    banner = page.get_by_role("region", name="Namens iemand handelen")

    with flow.stap("Eva logs in as a helper"):
        page.goto(site + "/helpers/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("eva")
        page.get_by_label("Wachtwoord").fill(DEMO_WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("De mensen die u helpt")
        ria = page.get_by_role("row").filter(has_text="Ria Hendriks")
        expect(ria).to_contain_text("Mag: inzien")
        expect(ria).to_contain_text("€\xa0640,00")

    with flow.stap("She opens her mother's overview"):
        page.get_by_role("button", name="Handel namens Ria Hendriks").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw overzicht, Ria")
        expect(banner).to_contain_text("U handelt namens Ria Hendriks")
        expect(banner).to_contain_text("U mag: inzien.")
        totaal = page.get_by_role("region", name="Wat u in totaal nog moet betalen")
        expect(totaal).to_contain_text("€\xa0640,00")

    with flow.stap("She reads the reminder letter"):
        page.get_by_role("link", name="Berichten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
        herinnering = page.get_by_role("article", name="Herinnering")
        expect(herinnering).to_contain_text(
            "betaal €\xa0640,00 of kies een betalingsregeling. Doe dit vóór 15 november 2026."
        )
        expect(herinnering).to_contain_text("Deze herinnering kost u niets.")

    with flow.stap("She reads what Ria must do and what happens if she does nothing"):
        page.get_by_role("link", name="Overzicht", exact=True).click()
        page.get_by_role("link", name="Uitleg en tijdlijn").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Zorgtoeslag 2024")
        expect(
            page.get_by_text(re.compile("We hebben nog geen reactie op de herinnering"))
        ).to_be_visible()
        expect(
            page.get_by_text(
                re.compile(r"^Als u niets doet: we verrekenen .* Vanaf 28 november 2026")
            )
        ).to_be_visible()

    with flow.stap("She sees that she may only look, not pay or ask for something"):
        expect(
            page.get_by_text(
                "Met uw machtiging mag u meekijken, maar niet betalen of verzoeken indienen."
            )
        ).to_be_visible()
        main = page.get_by_role("main")
        expect(main.get_by_role("link", name=re.compile("^Alles betalen"))).to_have_count(0)
        expect(main.get_by_role("link", name=re.compile("betalingsregeling"))).to_have_count(0)
        expect(main.get_by_role("link", name=re.compile("aanvragen$"))).to_have_count(0)
        # The requests page says why it offers her nothing to ask for.
        page.get_by_role("link", name="Verzoeken").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw verzoeken")
        expect(
            page.get_by_text(
                "Met uw machtiging mag u meekijken, maar niet betalen of verzoeken indienen."
            )
        ).to_be_visible()

    with flow.stap("Ria logs in herself"):
        page.context.clear_cookies()
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Ria Hendriks").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw overzicht, Ria")
        expect(banner).to_have_count(0)

    with flow.stap("She opens her debt and chooses a payment plan"):
        page.get_by_role("link", name="Uitleg en tijdlijn").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Zorgtoeslag 2024")
        page.get_by_role("link", name=re.compile("^Een betalingsregeling starten")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Een betalingsregeling starten")
        expect(page.get_by_text("€\xa0640,00", exact=True)).to_be_visible()
        expect(page.get_by_text("€\xa026,66", exact=True)).to_be_visible()
        expect(page.get_by_text("24", exact=True)).to_be_visible()

    with flow.stap("She starts the payment plan and sees her first payment"):
        page.get_by_role("button", name="Start de betalingsregeling").click()
        expect(page.get_by_role("status")).to_contain_text("Uw betalingsregeling is gestart.")
        nu = page.get_by_role("region", name="Wat moet ik nu doen?")
        expect(nu).to_contain_text(re.compile(r"Betaal termijn 1 van 24 \(€\xa026,66\) vóór"))
        schuld = page.get_by_role("article", name="Zorgtoeslag 2024")
        expect(schuld).to_contain_text("In een betalingsregeling")
        regelingen = page.get_by_role("region", name="Uw betalingsregelingen")
        expect(regelingen).to_contain_text("24 maandelijkse termijnen van €\xa026,66.")
        expect(regelingen).to_contain_text("0 van 24 betaald")
