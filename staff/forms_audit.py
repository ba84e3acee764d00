"""The search form of the audit trail (staff.views.audit)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citizen.forms_verzoeken import DatumInput
from invordering.selectors.audit import LEZEN, WIJZIGEN, Zoekvraag
from invordering.validators import bsn_is_geldig


class AuditZoekForm(forms.Form):
    """Every field is optional; an empty form shows the newest entries."""

    bsn = forms.CharField(
        label=_("BSN of the citizen"),
        required=False,
        max_length=20,
        help_text=_("All 9 digits."),
    )
    gebruiker = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=150,
        help_text=_("A user name, or part of the name of a staff member or helper."),
    )
    van = forms.DateField(
        label=_("From"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Enter the date as day-month-year, e.g. 01-11-2026.")},
    )
    tot = forms.DateField(
        label=_("To (inclusive)"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Enter the date as day-month-year, e.g. 01-11-2026.")},
    )
    soort = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("Looked at and changed")),
            (LEZEN, _("Only looked at")),
            (WIJZIGEN, _("Only changed")),
        ],
    )

    def clean_bsn(self) -> str:
        bsn = "".join(c for c in self.cleaned_data["bsn"] if not c.isspace() and c not in ".-")
        if bsn and not bsn_is_geldig(bsn):
            raise ValidationError(
                _("This is not a valid BSN. A BSN has 9 digits; check the number."), code="bsn"
            )
        return bsn

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("The end date is before the start date. Swap them."))
        return data

    def zoekvraag(self) -> Zoekvraag:
        data = self.cleaned_data
        return Zoekvraag(
            bsn=data.get("bsn", ""),
            gebruiker=(data.get("gebruiker") or "").strip(),
            van=data.get("van"),
            tot=data.get("tot"),
            soort=data.get("soort", ""),
        )
