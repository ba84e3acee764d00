"""Mark asks for a personal payment plan (PBT) with his own budget.

Mark de Vries works shifts in a warehouse and pays back four debts at €395 a month, which
he cannot manage. He asks for a lower monthly amount: he answers the questions about his
living situation, income and fixed costs with his real figures, sees what the formula
says he can pay, adds the costs the formula leaves out (his heat-network energy bill, the
car he needs for night shifts, the bailiff arrangement) and says he cannot pay the
formula's amount. He checks his answers, sends the request and sees that it was received
and when we decide.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import past_op_smal_scherm

pytestmark = pytest.mark.e2e


def beantwoord(page: Page, vraag: str, velden: dict[str, str]) -> None:
    """One question of the request: check it is the page's question, answer it, go on."""
    expect(page.get_by_role("heading", level=1)).to_have_text(vraag)
    for label, waarde in velden.items():
        page.get_by_label(label, exact=True).fill(waarde)
    page.get_by_role("button", name="Opslaan en verder").click()


def test_mark_asks_for_a_personal_payment_plan_with_his_own_budget(page: Page, site, tester, flow):
    with flow.stap("Mark logs in"):
        page.goto(site + "/inloggen/")
        page.get_by_role("button", name="Inloggen als Mark de Vries").click()
        expect(page.get_by_role("heading", name="Wat moet ik nu doen?")).to_be_visible()

    with flow.stap("He starts a request for a lower monthly amount"):
        page.get_by_role("link", name="Een lager maandbedrag aanvragen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Wat is uw leefsituatie?")

    with flow.stap("He says he lives alone"):
        page.get_by_label(re.compile("^Alleenstaand:")).check()
        page.get_by_role("button", name="Opslaan en verder").click()

    with flow.stap("He fills in his income"):
        beantwoord(
            page,
            "Wat is uw inkomen?",
            {"Netto inkomen per maand": "1.960", "Vakantiegeld per jaar": "1.881,60"},
        )

    with flow.stap("He fills in his other income"):
        beantwoord(page, "Heeft u ander inkomen?", {"Ander inkomen per maand": "408"})

    with flow.stap("He fills in his rent"):
        beantwoord(page, "Wat betaalt u voor uw woning?", {"Huur of hypotheek per maand": "575"})

    with flow.stap("He fills in his health insurance"):
        beantwoord(
            page,
            "Wat betaalt u voor uw zorgverzekering?",
            {"Premie zorgverzekering per maand": "150"},
        )

    with flow.stap("He fills in his other payment plans"):
        beantwoord(
            page,
            "Betaalt u andere betalingsregelingen?",
            {"Andere betalingsregelingen per maand": "95"},
        )

    with flow.stap("He says he pays no maintenance"):
        beantwoord(page, "Betaalt u alimentatie?", {"Alimentatie die u per maand betaalt": "0"})

    with flow.stap("He says he has no savings"):
        beantwoord(page, "Heeft u spaargeld?", {"Spaargeld en ander vermogen": "0"})

    with flow.stap("He sees what the formula says he can pay"):
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw eigen begroting")
        paneel = page.get_by_role("region", name="Uw berekening")
        expect(paneel).to_contain_text("€\xa0395,00")

    with flow.stap("He adds the costs the formula leaves out and says he cannot pay"):
        for nummer, (waarvoor, bedrag) in enumerate(
            [
                ("Energie (warmtenet)", "295"),
                ("Auto voor nachtdiensten", "180"),
                ("Regeling deurwaarder", "145"),
            ],
            1,
        ):
            page.get_by_label(f"Kosten {nummer}: waarvoor zijn deze kosten?").fill(waarvoor)
            page.get_by_label(f"Kosten {nummer}: bedrag per maand").fill(bedrag)
        page.get_by_label("Ik kan dit niet betalen").check()
        page.get_by_label("Waarom kunt u dit niet betalen?").fill(
            "Met mijn echte vaste lasten houd ik bijna niets over."
        )
        page.get_by_role("button", name="Opslaan en verder").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Wilt u bewijs meesturen?")

    with flow.stap("He sends no proof and checks his answers"):
        page.get_by_role("link", name="Verder: controleer uw antwoorden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw antwoorden")
        hoofd = page.get_by_role("main")
        expect(hoofd).to_contain_text("Auto voor nachtdiensten")
        expect(hoofd).to_contain_text("U heeft ons laten weten: „Ik kan dit niet betalen.”")
        past_op_smal_scherm(page)  # the longest page of the task still fits a phone at 400%

    with flow.stap("He sends his request"):
        page.get_by_role("button", name="Verstuur mijn verzoek").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Uw verzoek: persoonlijke betalingsregeling"
        )

    with flow.stap("He reads that it was received and what happens next"):
        ontvangen = "We hebben uw verzoek om een persoonlijke betalingsregeling ontvangen."
        expect(page.get_by_role("status").filter(has_text=ontvangen)).to_be_visible()
        expect(page.get_by_text("Ingediend", exact=True)).to_be_visible()
        termijn = re.compile(r"^We beslissen vóór \d+ \w+ \d{4}: over \d+ dagen\.$")
        expect(page.get_by_text(termijn)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(
            "Een medewerker bekijkt uw eigen begroting en neemt contact met u op."
        )
