"""Staff forms: the queue filters, the decision on a verzoek and recording a conversation.

The forms only check what a person filled in. Whether a decision is allowed (the status,
a recorded conversation before a pause, the policy maximum) is for the services, which
the views call; their refusals come back to the page as plain messages.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from invordering import clock
from invordering.models import (
    Kanaal,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    SignaalUitkomst,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.rules.kalender import plus_maanden
from invordering.rules.verzoek import OPEN_STATUSSEN, STATUSSEN, mogelijke_acties

OPEN_KEUZES = [(s.value, s.label) for s in VerzoekStatus if s.value in OPEN_STATUSSEN]
# How far from today a pause granted by staff may start: back to a recent call, or ahead as
# far as a burger may ask (citizen.forms_verzoeken.PauzeForm).
PAUZE_START_MARGE = timedelta(days=92)

TOEKENNEN, AFWIJZEN, INFO_VRAGEN = "toekennen", "afwijzen", "info_vragen"
# Form choice -> the action of the verzoek transition table (rules.verzoek).
ACTIE_OVERGANG = {TOEKENNEN: "toekennen", AFWIJZEN: "afwijzen", INFO_VRAGEN: "info_vragen"}


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WerkvoorraadFilter(forms.Form):
    """GET filters of the work queue; every field is optional ("" means all)."""

    soort = forms.ChoiceField(
        label=_("Kind of request"),
        required=False,
        choices=[("", _("All kinds")), *VerzoekSoort.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All open statuses")), *OPEN_KEUZES]
    )
    termijn = forms.ChoiceField(
        label=_("Decision due"),
        required=False,
        choices=[
            ("", _("Any date")),
            ("verlopen", _("Overdue")),
            ("7", _("Within 7 days")),
            ("14", _("Within 14 days")),
            ("later", _("Later than 14 days")),
        ],
    )
    signaal = forms.ChoiceField(
        label=_("Signal"),
        required=False,
        choices=[
            ("", _("With or without a signal")),
            ("ja", _("Only with a signal")),
            ("nee", _("Only without a signal")),
        ],
        help_text=_("A signal: the person says they cannot pay, or asks for a custom solution."),
    )
    behandelaar = forms.ChoiceField(
        label=_("Handled by"),
        required=False,
        choices=[("", _("Anyone")), ("ik", _("Me")), ("niemand", _("Nobody yet"))],
    )


class SignaalFilter(forms.Form):
    soort = forms.ChoiceField(
        label=_("Kind of signal"),
        required=False,
        choices=[("", _("All kinds")), *SignaalSoort.choices],
    )


_BEDRAG = re.compile(r"^\d{1,7}([.,]\d{1,2})?$")


def lees_bedrag(tekst: str) -> Decimal | None:
    """ "75", "75,50", "75.50", "€ 75,50" -> Decimal; None when it is not an amount.

    Both a comma and a point count as the decimal sign (and nothing as a thousands sign),
    so "75.50" is never read as 7550 in Dutch.
    """
    schoon = tekst.replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not _BEDRAG.match(schoon):
        return None
    return Decimal(schoon.replace(",", ".")).quantize(Decimal("0.01"))


class BesluitForm(forms.Form):
    """Grant, refuse, or ask for more information on one verzoek.

    ``status`` is the status the page showed: the view puts it on the verzoek before it
    calls the service, so a request that changed meanwhile is refused (compare-and-set).
    """

    status = forms.ChoiceField(choices=[(s, s) for s in STATUSSEN], widget=forms.HiddenInput)
    actie = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (TOEKENNEN, _("Grant")),
            (AFWIJZEN, _("Refuse")),
            (INFO_VRAGEN, _("Ask for more information")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a decision."),
            "invalid_choice": _("This decision is not possible in the status of this request."),
        },
    )
    termijnbedrag = forms.CharField(
        label=_("Other monthly amount in euros"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    startdatum = forms.DateField(
        label=_("Pause from"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Enter a date, for example 16-11-2026.")},
    )
    einddatum = forms.DateField(
        label=_("Pause until"),
        required=False,
        widget=DatumInput(),
        error_messages={"invalid": _("Enter a date, for example 15-2-2027.")},
    )
    afspraken = forms.CharField(
        label=_("Agreed next steps"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you agreed with the person for after the pause."),
    )
    toelichting = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The person reads this in the decision letter. Needed when you refuse or choose "
            "another amount."
        ),
    )
    vraag = forms.CharField(
        label=_("Question for the person"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you ask for more information. Ask one clear question."),
    )

    def __init__(self, *args, verzoek, pauze_max_maanden: int, vandaag=None, **kwargs):
        kwargs.setdefault("prefix", self.prefix_voor(verzoek))
        super().__init__(*args, **kwargs)
        self.verzoek = verzoek
        self.pauze_max_maanden = pauze_max_maanden
        self.vandaag = vandaag or clock.today()
        # Only the decisions the status shown allows (from "info_gevraagd": refuse only).
        # The shown status, not today's: a request that moved meanwhile gets the clear
        # "changed by someone else" from the service, not "not a valid choice".
        getoond = self.data.get(self.add_prefix("status")) if self.is_bound else None
        toegestaan = mogelijke_acties(getoond if getoond in STATUSSEN else verzoek.status)
        self.fields["actie"].choices = [
            (waarde, label)
            for waarde, label in self.fields["actie"].choices
            if ACTIE_OVERGANG[waarde] in toegestaan
        ]
        if verzoek.soort != VerzoekSoort.PBT:
            del self.fields["termijnbedrag"]
        if verzoek.soort != VerzoekSoort.PAUZE:
            for naam in ("startdatum", "einddatum", "afspraken"):
                del self.fields[naam]
        else:
            self.fields["einddatum"].help_text = _("A pause lasts at most %(maanden)s months.") % {
                "maanden": pauze_max_maanden
            }
        if not self.is_bound:
            self.initial.setdefault("status", verzoek.status)
            gegevens = verzoek.gegevens or {}
            if verzoek.soort == VerzoekSoort.PAUZE:
                self.initial.setdefault("startdatum", _als_datum(gegevens.get("start")))
                self.initial.setdefault("einddatum", _als_datum(gegevens.get("eind")))
                self.initial.setdefault("afspraken", gegevens.get("voorstel_daarna", ""))

    @staticmethod
    def prefix_voor(verzoek) -> str:
        """Several requests can be open on one page: each form has its own field names."""
        return f"v{verzoek.pk}"

    def clean_termijnbedrag(self) -> Decimal | None:
        tekst = (self.cleaned_data.get("termijnbedrag") or "").strip()
        if not tekst:
            return None
        bedrag = lees_bedrag(tekst)
        if bedrag is None:
            raise forms.ValidationError(_("Enter an amount in euros, for example 75 or 75,50."))
        if bedrag <= 0:
            raise forms.ValidationError(_("Enter an amount of more than 0 euros."))
        return bedrag

    def clean(self):
        data = super().clean()
        actie = data.get("actie")
        toelichting = (data.get("toelichting") or "").strip()
        if actie == AFWIJZEN and not toelichting:
            self.add_error("toelichting", _("Write the reason for the refusal."))
        if actie == INFO_VRAGEN and not (data.get("vraag") or "").strip():
            self.add_error("vraag", _("Write the question for the person."))
        if actie == TOEKENNEN and data.get("termijnbedrag") is not None and not toelichting:
            self.add_error(
                "toelichting", _("Write why you chose another amount. The person reads this.")
            )
        if actie == TOEKENNEN and self.verzoek.soort == VerzoekSoort.PAUZE:
            self._controleer_pauze(data)
        return data

    def _controleer_pauze(self, data) -> None:
        start, eind = data.get("startdatum"), data.get("einddatum")
        if start is None and "startdatum" not in self.errors:
            self.add_error("startdatum", _("Enter the date the pause starts."))
        if eind is None and "einddatum" not in self.errors:
            self.add_error("einddatum", _("Enter the date the pause ends."))
        eerste, laatste = self.vandaag - PAUZE_START_MARGE, self.vandaag + PAUZE_START_MARGE
        if start and not eerste <= start <= laatste:
            self.add_error(
                "startdatum",
                _("Choose a start date from %(eerste)s to %(laatste)s.")
                % {"eerste": eerste.strftime("%d-%m-%Y"), "laatste": laatste.strftime("%d-%m-%Y")},
            )
        elif start and eind:
            uiterlijk = plus_maanden(start, self.pauze_max_maanden)
            if eind < start:
                self.add_error("einddatum", _("The end date is before the start date."))
            elif eind > uiterlijk:
                self.add_error(
                    "einddatum",
                    _(
                        "A pause lasts at most %(maanden)s months. Choose an end date on or "
                        "before %(datum)s."
                    )
                    % {"maanden": self.pauze_max_maanden, "datum": uiterlijk.strftime("%d-%m-%Y")},
                )


def _als_datum(waarde) -> date | None:
    if isinstance(waarde, date):
        return waarde
    try:
        return date.fromisoformat(str(waarde)[:10]) if waarde else None
    except ValueError:
        return None


class SignaalKeuze(forms.ModelChoiceField):
    def label_from_instance(self, signaal) -> str:
        if signaal.contact_voor:
            return _("%(soort)s (contact before %(datum)s)") % {
                "soort": signaal.get_soort_display(),
                "datum": signaal.contact_voor.strftime("%d-%m-%Y"),
            }
        return str(signaal.get_soort_display())


class ContactForm(forms.Form):
    """Record a conversation; optionally link it to a signal and handle that signal."""

    kanaal = forms.ChoiceField(
        label=_("How did you talk?"), choices=Kanaal.choices, initial=Kanaal.TELEFOON
    )
    samenvatting = forms.CharField(
        label=_("Summary of the conversation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the person told you and what you agreed."),
        error_messages={"required": _("Write a short summary of the conversation.")},
    )
    met_helper = forms.BooleanField(
        label=_("The helper took part in the conversation"), required=False
    )
    signaal = SignaalKeuze(
        label=_("About which signal?"),
        queryset=Signaal.objects.none(),
        required=False,
        empty_label=_("No signal"),
        error_messages={
            "invalid_choice": _(
                "This signal is handled already. Choose another signal, or no signal."
            )
        },
    )
    uitkomst = forms.ChoiceField(
        label=_("Handle the signal with this outcome"),
        required=False,
        choices=[
            ("", _("Keep the signal open")),
            *[(u.value, u.label) for u in SignaalUitkomst if u != SignaalUitkomst.VERVALLEN],
        ],
        help_text=_("Only when you chose a signal above."),
    )

    def __init__(self, *args, burger, **kwargs):
        kwargs.setdefault("prefix", "contact")
        super().__init__(*args, **kwargs)
        self.fields["signaal"].queryset = Signaal.objects.filter(
            burger=burger, status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING]
        ).order_by("contact_voor", "pk")

    def clean(self):
        data = super().clean()
        if data.get("uitkomst") and not data.get("signaal"):
            self.add_error("signaal", _("Choose the signal you want to handle."))
        return data
