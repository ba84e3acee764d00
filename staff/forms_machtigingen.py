"""Staff register a machtiging, e.g. a bewindvoering by court decision, with the proof."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citizen.forms_verzoeken import DatumInput
from invordering import clock
from invordering.models import Helper
from invordering.rules.kalender import plus_maanden
from invordering.uploads import controleer_bestand


class HelperKeuze(forms.ModelChoiceField):
    def label_from_instance(self, helper) -> str:
        organisatie = f", {helper.organisatie.naam}" if helper.organisatie_id else ""
        return f"{helper.naam} ({helper.get_soort_display()}{organisatie})"


class MachtigingRegistratieForm(forms.Form):
    gemachtigde = HelperKeuze(
        label=_("Helper"),
        queryset=Helper.objects.select_related("organisatie").order_by("naam"),
        error_messages={
            "required": _("Choose the helper."),
            "invalid_choice": _("Choose a helper from the list."),
        },
    )
    mag_verzoeken = forms.BooleanField(label=_("May submit requests"), required=False, initial=True)
    mag_betalen = forms.BooleanField(label=_("May pay"), required=False, initial=True)
    geldig_van = forms.DateField(label=_("Valid from"), widget=DatumInput())
    geldig_tot = forms.DateField(label=_("Valid until"), widget=DatumInput())
    bewijs = forms.FileField(
        label=_("Proof (for example the court decision)"),
        help_text=_("A PDF, JPG or PNG file."),
        error_messages={"required": _("Add the proof, for example the court decision.")},
    )

    def __init__(self, *args, max_maanden: int, vandaag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_maanden = max_maanden
        self.vandaag = vandaag or clock.today()
        self.fields["geldig_tot"].help_text = _("At most %(maanden)s months after the start.") % {
            "maanden": max_maanden
        }

    def clean_geldig_van(self):
        """Within the longest mandate of today: an earlier start has ended by now, and the
        policy that sets a mandate's length is known for these dates."""
        van = self.cleaned_data["geldig_van"]
        eerste = plus_maanden(self.vandaag, -self.max_maanden)
        laatste = plus_maanden(self.vandaag, self.max_maanden)
        if not eerste <= van <= laatste:
            raise forms.ValidationError(
                _("Choose a start date from %(eerste)s to %(laatste)s.")
                % {"eerste": eerste.strftime("%d-%m-%Y"), "laatste": laatste.strftime("%d-%m-%Y")}
            )
        return van

    def clean_bewijs(self):
        bestand = self.cleaned_data["bewijs"]
        try:
            controleer_bestand(bestand)
        except ValidationError as fout:
            raise forms.ValidationError(fout.messages) from None
        return bestand

    def clean(self):
        data = super().clean()
        van, tot = data.get("geldig_van"), data.get("geldig_tot")
        if van and tot:
            if tot < van:
                self.add_error("geldig_tot", _("The end is before the start."))
            elif tot > plus_maanden(van, self.max_maanden):
                self.add_error(
                    "geldig_tot",
                    _("A mandate lasts at most %(maanden)s months.")
                    % {"maanden": self.max_maanden},
                )
        return data
