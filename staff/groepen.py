"""Staff groups and what each may do in the admin (the policy module checks these perms)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

BEHANDELAAR = "Behandelaar"
BEGELEIDING = "Persoonlijke begeleiding"
COORDINATOR = "Coördinator"
PRIVACY = "Privacy"

GROEP_LABELS = {
    BEHANDELAAR: _("handles requests for personal plans, pauses and combining"),
    BEGELEIDING: _("calls people who went quiet and records the contact"),
    COORDINATOR: _("oversees the queues, mandates and policy settings"),
    PRIVACY: _("searches the log of who looked at or changed whose data"),
}

_LEZEN = [
    f"view_{model}"
    for model in (
        "burger",
        "huishouden",
        "toeslag",
        "beschikking",
        "vordering",
        "bezwaar",
        "boeking",
        "betaling",
        "regeling",
        "termijn",
        "verrekening",
        "verzoek",
        "pauze",
        "signaal",
        "contactmoment",
        "event",
        "document",
        "machtiging",
        "helper",
        "organisatie",
        "regime",
        "beleidsparameter",
        "bijlage",
        "verwerking",
        "verwerkingsdeel",
    )
]

RECHTEN = {
    BEHANDELAAR: [*_LEZEN, "change_verzoek", "add_contactmoment", "change_signaal", "add_pauze"],
    BEGELEIDING: [*_LEZEN, "add_contactmoment", "change_signaal", "change_burger"],
    COORDINATOR: [
        *_LEZEN,
        "change_verzoek",
        "add_contactmoment",
        "change_signaal",
        "add_pauze",
        "change_burger",
        "add_machtiging",
        "change_machtiging",
        "change_regime",
        "add_beleidsparameter",
        "change_beleidsparameter",
    ],
    # The audit trail only (policy.mag_audit_zien): who watches the others' access is
    # not one of them, so this group reads no case files of its own.
    PRIVACY: ["view_inzage"],
}


def zorg_voor_groepen() -> dict[str, Group]:
    """Create or update the staff groups with exactly their permissions (idempotent)."""
    groepen = {}
    for naam, codenames in RECHTEN.items():
        groep, _created = Group.objects.get_or_create(name=naam)
        rechten = Permission.objects.filter(
            content_type__app_label="invordering", codename__in=codenames
        )
        groep.permissions.set(rechten)
        groepen[naam] = groep
    return groepen
