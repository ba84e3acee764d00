"""Forms for helpers: accepting a machtigingscode, and making a helper account."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from invordering.models import HelperSoort, User


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Machtigingscode"),
        help_text=_(
            "Nine letters and digits, for example K7P-4QZ-9WD. Capitals and dashes do not matter."
        ),
        max_length=20,
        error_messages={"required": _("Enter the code you got from the person you help.")},
    )

    def clean_code(self):
        code = "".join(c for c in self.cleaned_data["code"].upper() if c.isalnum())
        if len(code) != 9:
            raise forms.ValidationError(
                _("A machtigingscode has nine letters and digits. Check the code.")
            )
        return code


class HelperRegistratieForm(forms.Form):
    naam = forms.CharField(label=_("Your full name"), max_length=160)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You log in with this address."),
        # The address becomes the user name, which holds 150 characters.
        max_length=User._meta.get_field("username").max_length,
        error_messages={
            "invalid": _("Enter an e-mail address, for example naam@voorbeeld.nl."),
            "max_length": _(
                "This e-mail address is too long: use one of at most %(limit_value)d characters."
            ),
        },
    )
    soort = forms.ChoiceField(
        label=_("How do you help?"), choices=HelperSoort.choices, widget=forms.RadioSelect
    )
    telefoon = forms.CharField(
        label=_("Telephone number"),
        help_text=_("So staff can call you about someone you help."),
        required=False,
        max_length=20,
    )
    organisatie = forms.CharField(
        label=_("Name of your organisation"),
        help_text=_("Only for professional helpers."),
        required=False,
        max_length=160,
    )
    kvk_nummer = forms.RegexField(
        label=_("KvK number of your organisation"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": _("A KvK number has 8 digits.")},
    )
    wachtwoord = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_email(self):
        # Whether the address has an account is never said here (services.helperaccounts).
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        if data.get("soort") == HelperSoort.BEWINDVOERDER and not data.get("organisatie"):
            self.add_error(
                "organisatie",
                _("A financial administrator works for an organisation: enter its name."),
            )
        wachtwoord = data.get("wachtwoord")
        if wachtwoord:
            try:
                validate_password(
                    wachtwoord,
                    User(username=data.get("email", ""), first_name=data.get("naam", "")),
                )
            except forms.ValidationError as fout:
                self.add_error("wachtwoord", fout)
        return data
