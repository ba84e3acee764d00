"""The input of each control, for the JSON API and the page alike.

Forms check the shape (a date, a whole number, one choice); the services check the
domain (a persona or regime that exists, a date the clock may reach).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from testkit import services

MAX_DAYS = (services.LATEST - services.EARLIEST).days


class NoInputForm(forms.Form):
    """reset and engines take nothing (an empty JSON object)."""


class PersonaForm(forms.Form):
    who = forms.CharField(
        label=_("Persona"),
        error_messages={"required": _('Say who: for example {"who": "mark"}.')},
    )

    def clean_who(self):
        return _domain(services.persona, self.cleaned_data["who"]).sleutel


class ClockForm(forms.Form):
    set = forms.DateField(
        label=_("Set today to"),
        help_text=_("For example 2027-01-15."),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _(
                "Write the date as YYYY-MM-DD, for example 2027-01-15, and use a day that exists."
            )
        },
    )
    move = forms.IntegerField(
        label=_("Move by this many days"),
        help_text=_("A negative number moves the clock back, for example -7."),
        required=False,
        min_value=-MAX_DAYS,
        max_value=MAX_DAYS,
        error_messages={"invalid": _("Write a whole number of days, for example 30 or -7.")},
    )
    reset = forms.BooleanField(label=_("Back to real time"), required=False)

    def clean_set(self):
        day = self.cleaned_data["set"]
        return day and _domain(services.check_day, day)

    def clean(self):
        data = self.cleaned_data
        chosen = [
            data.get("set") is not None,
            data.get("move") is not None,
            bool(data.get("reset")),
        ]
        if not self.errors and sum(chosen) != 1:
            raise forms.ValidationError(
                _(
                    "Choose one thing to do with the clock: set a date, move it by a number "
                    "of days, or reset it."
                )
            )
        return self.cleaned_data

    def action(self) -> dict:
        """What the valid form asks for, as the service's call."""
        data = self.cleaned_data
        if data.get("set") is not None:
            return services.set_clock(data["set"])
        if data.get("move") is not None:
            return services.move_clock(data["move"])
        return services.reset_clock()


class RegimeForm(forms.Form):
    code = forms.CharField(
        label=_("Choose a regime"),
        widget=forms.Select,
        error_messages={"required": _('Say which regime: for example {"code": "doel"}.')},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered as choices on the page; an unknown code (from a script) gets the
        # service's message, which lists the regimes that exist.
        self.fields["code"].widget.choices = [(r["code"], r["name"]) for r in services.regimes()]

    def clean_code(self):
        return _domain(services.regime, self.cleaned_data["code"]).code


def _domain(check, value):
    try:
        return check(value)
    except services.ControlError as exc:
        raise forms.ValidationError(str(exc)) from None
