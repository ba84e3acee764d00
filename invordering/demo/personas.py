"""The demo world's cast (DOMAIN.md section 8): keys, names and one-line descriptions.

The login page of the demo lists these; ``wereld`` builds their histories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

DEMO_WACHTWOORD = "demo-toeslagen-2026"


@dataclass(frozen=True)
class Persona:
    sleutel: str
    naam: str
    rol: str  # "burger", "helper" or "medewerker"
    omschrijving: Any


PERSONAS = (
    Persona(
        "mark",
        "Mark de Vries",
        "burger",
        _(
            "Warehouse worker, 42. Four debts in one personal plan of €395 a month that he cannot "
            "pay; he just missed a payment."
        ),
    ),
    Persona(
        "sanne",
        "Sanne Bakker",
        "burger",
        _("Her year-end bonus led to two repayments. Two standard payment plans, paid on time."),
    ),
    Persona(
        "fatima",
        "Fatima El Amrani",
        "burger",
        _(
            "Self-employed designer and single mother. Three debts with three separate "
            "payment plans."
        ),
    ),
    Persona(
        "jansen",
        "Anouk Jansen",
        "burger",
        _(
            "Her partner had an accident; childcare allowance of about €7,800 must be paid back. "
            "A personal payment plan request is waiting for a decision."
        ),
    ),
    Persona(
        "yonas",
        "Yonas Tesfay",
        "burger",
        _(
            "Reads English best. His partner counts from an earlier date, so three repayments "
            "of the single-parent supplement. A social worker helps him."
        ),
    ),
    Persona(
        "ria",
        "Ria Hendriks",
        "burger",
        _(
            "67, healthcare allowance of €640 after a pension change. She did not react to the "
            "reminder; her daughter may look along."
        ),
    ),
    Persona(
        "kevin",
        "Kevin Smit",
        "burger",
        _(
            "Divorced this year, four debts, missed payments. After a phone call he asked for "
            "a pause."
        ),
    ),
    Persona(
        "linda",
        "Linda de Groot",
        "burger",
        _("Paid everything back last year. Keeps the overview as proof."),
    ),
    Persona(
        "ahmed",
        "Ahmed Yilmaz",
        "helper",
        _("Social worker at a refugee organisation; helps Yonas and four other people."),
    ),
    Persona(
        "noord",
        "Bewindvoering Noord (Joris Mulder)",
        "helper",
        _("Financial administrator with twelve clients; some mandates end soon."),
    ),
    Persona("eva", "Eva Hendriks", "helper", _("Ria's daughter; may only look along.")),
    Persona(
        "behandelaar",
        "Priya Ramdin",
        "medewerker",
        _("Handles requests for personal payment plans and pauses."),
    ),
    Persona(
        "begeleiding",
        "Tom de Wit",
        "medewerker",
        _("Personal guidance: calls people who went quiet."),
    ),
    Persona(
        "coordinator",
        "Anja Vermeulen",
        "medewerker",
        _("Coordinator: sees the whole queue and the policy settings."),
    ),
    Persona(
        "privacy",
        "Esther Kramer",
        "medewerker",
        _("Privacy officer: searches who looked at or changed whose data."),
    ),
)


@dataclass(frozen=True)
class DemoAccount:
    sleutel: str
    naam: str
    rol: str
    omschrijving: Any
    user: Any


def demo_accounts() -> list[DemoAccount]:
    """The cast with their logins, in catalogue order (three queries)."""
    from invordering.models import Burger, Helper, User

    burgers = {
        b.demo_sleutel: b.user
        for b in Burger.objects.filter(demo_sleutel__gt="").select_related("user")
    }
    helpers = {
        h.demo_sleutel: h.user
        for h in Helper.objects.filter(demo_sleutel__gt="").select_related("user")
    }
    staff = {u.username: u for u in User.objects.filter(username__in=[p.sleutel for p in PERSONAS])}
    bron = {"burger": burgers, "helper": helpers, "medewerker": staff}
    return [
        DemoAccount(p.sleutel, p.naam, p.rol, p.omschrijving, bron[p.rol].get(p.sleutel))
        for p in PERSONAS
        if bron[p.rol].get(p.sleutel) is not None
    ]


def demo_account(sleutel: str) -> DemoAccount | None:
    """One of the cast by key (``mark``, ``ahmed``, ``coordinator``), or None."""
    return next((a for a in demo_accounts() if a.sleutel == sleutel), None)
