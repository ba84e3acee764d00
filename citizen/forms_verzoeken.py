"""Forms of the pause and bundling requests and of answering a question."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from invordering.models import PauzeReden
from invordering.rules.kalender import plus_maanden


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VorderingKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, v) -> str:
        return f"{v.toeslag.get_soort_display().capitalize()} {v.toeslag.jaar} ({v.kenmerk})"


class PauzeForm(forms.Form):
    reden = forms.ChoiceField(
        label=_("What is going on?"),
        choices=PauzeReden.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is going on.")},
    )
    toelichting = forms.CharField(
        label=_("Tell us more"),
        help_text=_("Only what you want to share. This helps us when we call you."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    start = forms.DateField(
        label=_("Pause from"),
        widget=DatumInput(),
        error_messages={
            "required": _("Enter the date the pause starts."),
            "invalid": _("Enter a date, for example 1-12-2026."),
        },
    )
    eind = forms.DateField(
        label=_("Pause until"),
        widget=DatumInput(),
        error_messages={
            "required": _("Enter the date the pause ends."),
            "invalid": _("Enter a date, for example 28-2-2027."),
        },
    )
    voorstel_daarna = forms.CharField(
        label=_("What do you propose for after the pause?"),
        help_text=_("For example: “I pay again from March, in one plan for all my debts.”"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write in a few words what you propose for after the pause.")
        },
    )
    vorderingen = VorderingKeuze(
        label=_("For which debts?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one debt.")},
    )

    def __init__(self, *args, vorderingen, vandaag, max_maanden: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag, self.max_maanden = vandaag, max_maanden
        self.fields["vorderingen"].queryset = vorderingen
        self.fields["eind"].help_text = _("A pause lasts at most %(maanden)s months.") % {
            "maanden": max_maanden
        }

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start < self.vandaag:
            raise forms.ValidationError(
                _("A pause cannot start in the past. Choose today or a later date.")
            )
        if start > self.vandaag + timedelta(days=92):
            raise forms.ValidationError(_("Choose a start within the next three months."))
        return start

    def clean(self):
        data = super().clean()
        start, eind = data.get("start"), data.get("eind")
        if start and eind:
            if eind < start:
                self.add_error("eind", _("The end date is before the start date."))
            elif eind > plus_maanden(start, self.max_maanden):
                self.add_error(
                    "eind",
                    _(
                        "A pause lasts at most %(maanden)s months. Choose an end date on or before %(datum)s."
                    )
                    % {
                        "maanden": self.max_maanden,
                        "datum": plus_maanden(start, self.max_maanden).strftime("%d-%m-%Y"),
                    },
                )
        return data


class BundelingForm(forms.Form):
    vorderingen = VorderingKeuze(
        label=_("Which debts do you want in one plan?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least two debts.")},
    )

    def __init__(self, *args, vorderingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vorderingen"].queryset = vorderingen

    def clean_vorderingen(self):
        gekozen = self.cleaned_data["vorderingen"]
        if len(gekozen) < 2:
            raise forms.ValidationError(
                _("Choose at least two debts. One debt is already one plan.")
            )
        return gekozen


class AanvullingForm(forms.Form):
    antwoord = forms.CharField(
        label=_("Your answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your answer to our question.")},
    )
    bestand = forms.FileField(
        label=_("Add a document (optional)"),
        help_text=_("A PDF, JPG or PNG file, for example a photo of a payslip."),
        required=False,
    )
