"""Kevin asks for a pause in collecting his debts.

Kevin Smit is overwhelmed: he divorced this year, has four debts across huurtoeslag,
zorgtoeslag and kindgebonden budget, and missed two termijnen. After a phone call he sent
a request for a pause, which is still waiting. He now wants to ask again, with the reason
and his plan for afterwards: he withdraws the waiting request on its page, fills in a new
one, looks at what the pause would change for each debt, and sends it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_kevin_asks_for_a_pause_and_sees_what_it_changes(page: Page, site, tester, flow):
    with flow.stap("Kevin logs in"):
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Kevin Smit").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()

    with flow.stap("He opens his requests and sees his earlier pause request waiting"):
        page.get_by_role("link", name="Verzoeken", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw verzoeken")
        expect(page.get_by_text("Ingediend", exact=True)).to_have_count(1)
        page.get_by_role("link", name="Bekijk uw verzoek: invorderingspauze").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw verzoek: invorderingspauze")
        expect(page.get_by_text("Ingediend", exact=True)).to_be_visible()

    with flow.stap("He withdraws the earlier request"):
        page.get_by_role("button", name="Trek dit verzoek in").click()
        expect(page.get_by_text("Uw verzoek is ingetrokken.")).to_be_visible()
        expect(page.get_by_text("Ingetrokken", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Trek dit verzoek in")).to_have_count(0)

    with flow.stap("He starts a new request for a pause"):
        page.get_by_role("link", name="Al uw verzoeken").click()
        page.get_by_role("link", name="Een invorderingspauze").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Een invorderingspauze aanvragen")

    with flow.stap("He says why and what he proposes for afterwards"):
        page.get_by_label("Scheiding of einde van een relatie").check()
        page.get_by_label("Wat stelt u voor na de pauze?").fill(
            "Daarna betaal ik alles in één regeling."
        )
        # All four debts are in the request unless he leaves one out.
        schulden = page.get_by_role("group", name="Voor welke schulden?")
        expect(schulden.get_by_role("checkbox")).to_have_count(4)
        for schuld in schulden.get_by_role("checkbox").all():
            expect(schuld).to_be_checked()

    with flow.stap("He checks what the pause changes before sending"):
        page.get_by_role("button", name="Laat zien wat de pauze verandert").click()
        gevolgen = page.get_by_role("region", name="Wat de pauze verandert")
        expect(gevolgen).to_be_visible()
        expect(gevolgen.get_by_role("listitem")).to_have_count(4)  # one line per debt
        # His huurtoeslag 2023 plan moves on by the pause; the other debts wait.
        expect(
            gevolgen.get_by_role("listitem").filter(has_text="Huurtoeslag 2023")
        ).to_contain_text(
            re.compile(r"uw volgende termijn schuift op van .+ naar .+\. Uw regeling stopt dan op")
        )
        for schuld in ("Huurtoeslag 2024", "Zorgtoeslag 2024", "Kindgebonden budget 2024"):
            expect(gevolgen.get_by_role("listitem").filter(has_text=schuld)).to_contain_text(
                re.compile(r"de volgende stap zou komen op .+ Met de pauze komt die niet vóór")
            )
        expect(gevolgen).to_contain_text(
            "houden we niets in op uw toeslag. Er komt geen rente bij."
        )
        # What he typed is still there.
        expect(page.get_by_label("Scheiding of einde van een relatie")).to_be_checked()
        expect(page.get_by_label("Wat stelt u voor na de pauze?")).to_have_value(
            "Daarna betaal ik alles in één regeling."
        )

    with flow.stap("He sends the request"):
        page.get_by_role("button", name="Verstuur mijn verzoek om een pauze").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw verzoek: invorderingspauze")
        expect(page.get_by_text("We hebben uw verzoek om een pauze ontvangen.")).to_be_visible()
        expect(page.get_by_text("Ingediend", exact=True)).to_be_visible()
        expect(
            page.get_by_text(
                "Uw voorstel voor na de pauze: Daarna betaal ik alles in één regeling."
            )
        ).to_be_visible()

    with flow.stap("He sees the new request next to the withdrawn one"):
        page.get_by_role("link", name="Al uw verzoeken").click()
        expect(page.get_by_text("Ingediend", exact=True)).to_have_count(1)
        expect(page.get_by_text("Ingetrokken", exact=True)).to_have_count(1)
