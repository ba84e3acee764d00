"""The glossary: every domain word a page uses, explained in plain language (B1).

Pages list the words they use under "Wat betekenen deze woorden?"; the whole list is at
/woordenlijst/. The word is shown in the page's language; the Dutch word stays visible in
English, because it is the word on letters and on the phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Woord:
    sleutel: str
    woord: Any
    nl: str
    uitleg: Any


WOORDEN = {
    w.sleutel: w
    for w in (
        Woord(
            "toeslag",
            _("allowance"),
            "toeslag",
            _(
                "Money from the government to help pay for rent, health insurance, children or childcare."
            ),
        ),
        Woord(
            "voorschot",
            _("advance"),
            "voorschot",
            _(
                "The allowance you get every month during the year. It is based on what you expected "
                "to earn."
            ),
        ),
        Woord(
            "definitieve_berekening",
            _("final calculation"),
            "definitieve berekening",
            _(
                "After the year ends, we calculate with your real income how much allowance you were "
                "entitled to."
            ),
        ),
        Woord(
            "terugvordering",
            _("repayment"),
            "terugvordering",
            _(
                "If you received more advance than you were entitled to, you pay the difference back."
            ),
        ),
        Woord(
            "beschikking",
            _("decision letter"),
            "beschikking",
            _("An official letter with a decision. It has a date and a reference."),
        ),
        Woord(
            "kenmerk",
            _("reference"),
            "kenmerk",
            _("The number of a letter or a debt. Mention it when you call or write to us."),
        ),
        Woord(
            "vervaldatum",
            _("due date"),
            "vervaldatum",
            _("The date by which you need to pay, or start a payment plan."),
        ),
        Woord(
            "hoofdsom",
            _("principal"),
            "hoofdsom",
            _("The amount you need to pay back, without costs."),
        ),
        Woord(
            "rente",
            _("interest"),
            "rente",
            _(
                "Extra money you pay when you pay late. From 2026 we no longer charge interest on "
                "repayments of allowances."
            ),
        ),
        Woord(
            "kosten",
            _("costs"),
            "kosten",
            _("Costs of a formal notice or a writ. A reminder is always free."),
        ),
        Woord(
            "betalingsregeling",
            _("payment plan"),
            "betalingsregeling",
            _(
                "You pay in monthly parts. The standard plan has at most 24 parts of at least € 20. "
                "You do not have to ask for it."
            ),
        ),
        Woord(
            "persoonlijke_betalingsregeling",
            _("personal payment plan"),
            "persoonlijke betalingsregeling",
            _(
                "A payment plan with a lower monthly amount. We look at your income and costs to see "
                "what you can pay."
            ),
        ),
        Woord("termijn", _("instalment"), "termijn", _("One monthly payment of a payment plan.")),
        Woord(
            "verrekening",
            _("deduction from your allowance"),
            "verrekening",
            _(
                "We keep part of your monthly allowance to pay a debt. It costs you nothing extra. You "
                "always get a minimum amount paid out."
            ),
        ),
        Woord(
            "herinnering",
            _("reminder"),
            "herinnering",
            _("A letter to remind you that something has not been paid. It is free."),
        ),
        Woord(
            "aanmaning",
            _("formal notice"),
            "aanmaning",
            _("A second letter when a debt is still not paid. It has costs."),
        ),
        Woord(
            "dwangbevel",
            _("writ of execution"),
            "dwangbevel",
            _(
                "A formal order to pay, after a formal notice. It has costs. After it, part of your "
                "income may be seized."
            ),
        ),
        Woord(
            "beslag",
            _("seizure"),
            "beslag",
            _(
                "We take part of your income or bank balance to pay a debt. You always keep enough to "
                "live on."
            ),
        ),
        Woord(
            "beslagvrije_voet",
            _("protected income"),
            "beslagvrije voet",
            _("The part of your income that can never be seized, so you can live."),
        ),
        Woord(
            "invorderingspauze",
            _("collection pause"),
            "invorderingspauze",
            _(
                "For a few months we do not collect, for example after a divorce, illness or a death. "
                "You first talk with us about it."
            ),
        ),
        Woord(
            "bundeling",
            _("combining debts"),
            "bundeling",
            _(
                "All your debts in one payment plan, with one monthly amount. Your payment goes to the "
                "oldest debt first."
            ),
        ),
        Woord(
            "bezwaar",
            _("objection"),
            "bezwaar",
            _("If you think a decision is wrong, you can write to us within 6 weeks and say why."),
        ),
        Woord(
            "machtiging",
            _("mandate"),
            "machtiging",
            _(
                "Your permission for someone else, such as a family member or social worker, to look "
                "at your debts or act for you."
            ),
        ),
        Woord(
            "toeslagpartner",
            _("benefit partner"),
            "toeslagpartner",
            _("Your partner for the allowance. You are both responsible for paying back."),
        ),
        Woord(
            "kwijtschelding",
            _("remission"),
            "kwijtschelding",
            _("You no longer have to pay (part of) a debt."),
        ),
        Woord(
            "alo_kop",
            _("single-parent supplement"),
            "alleenstaande-ouderkop",
            _("An extra amount in the child-related budget for parents without a partner."),
        ),
    )
}

BASIS = (
    "toeslag",
    "voorschot",
    "definitieve_berekening",
    "terugvordering",
    "beschikking",
    "kenmerk",
    "vervaldatum",
    "hoofdsom",
    "betalingsregeling",
    "persoonlijke_betalingsregeling",
    "invorderingspauze",
    "bundeling",
    "bezwaar",
)
PER_FASE = {
    "herinnering": ("herinnering",),
    "verrekening": ("verrekening",),
    "aanmaning": ("herinnering", "aanmaning", "kosten"),
    "dwangbevel": ("aanmaning", "dwangbevel", "kosten", "beslag"),
    "beslag": ("dwangbevel", "beslag", "beslagvrije_voet", "kosten"),
    "regeling": ("termijn",),
}


def kies(*sleutels: str) -> list[Woord]:
    return [WOORDEN[s] for s in dict.fromkeys(sleutels)]


def alle() -> list[Woord]:
    return sorted(WOORDEN.values(), key=lambda w: w.nl)


def voor_vordering(kaart) -> list[Woord]:
    """The words a debt's page uses: the basics, its fase, and what its numbers contain."""
    v = kaart.vordering
    extra = list(PER_FASE.get(v.fase, ()))
    if kaart.opbouw.rente:
        extra.append("rente")
    if kaart.opbouw.kosten:
        extra.append("kosten")
    if kaart.opbouw.verrekend:
        extra.append("verrekening")
    if kaart.opbouw.kwijtgescholden:
        extra.append("kwijtschelding")
    if v.toeslagpartner_id:
        extra.append("toeslagpartner")
    if v.toeslag.met_alo_kop:
        extra.append("alo_kop")
    return kies(*BASIS, *extra)
