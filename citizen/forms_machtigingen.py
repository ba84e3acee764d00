"""The burger gives someone a machtiging: what they may do, until when, and how to reach them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from citizen.forms_verzoeken import DatumInput
from invordering.models import Machtiging
from invordering.rules.kalender import plus_maanden


class MachtigingForm(forms.Form):
    mag_verzoeken = forms.BooleanField(
        label=_("Submit requests for me (for example a personal payment plan or a pause)"),
        required=False,
    )
    mag_betalen = forms.BooleanField(label=_("Pay for me"), required=False)
    geldig_tot = forms.DateField(
        label=_("Until when?"),
        widget=DatumInput(),
        error_messages={
            "required": _("Choose until when the mandate lasts."),
            "invalid": _("Enter a date, for example 1-12-2027."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail address of your helper"),
        help_text=_("We send the code there. You can also give the code yourself."),
        required=False,
        max_length=Machtiging._meta.get_field("uitgenodigd_email").max_length,
        error_messages={
            "invalid": _("Enter an e-mail address, for example naam@voorbeeld.nl."),
            "max_length": _(
                "This e-mail address is too long: use one of at most %(limit_value)d characters."
            ),
        },
    )

    def __init__(self, *args, vandaag, max_maanden: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag, self.maximum = vandaag, plus_maanden(vandaag, max_maanden)
        self.fields["geldig_tot"].help_text = _(
            "At most %(maanden)s months. You can stop it at any time."
        ) % {"maanden": max_maanden}

    def clean_geldig_tot(self):
        datum = self.cleaned_data["geldig_tot"]
        if datum <= self.vandaag:
            raise forms.ValidationError(_("Choose a date after today."))
        if datum > self.maximum:
            raise forms.ValidationError(
                _("A mandate lasts at most until %(datum)s. Choose an earlier date.")
                % {"datum": self.maximum.strftime("%d-%m-%Y")}
            )
        return datum
