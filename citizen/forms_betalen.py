"""The demo iDEAL step of "pay now": a bank choice and a signed, single-use payment token.

The token is made when the page is shown and says who pays what: the burger, the target
("termijn:12" or "schuld:7"), the amount computed on the server and a random nonce. It is
signed (so it cannot be changed in the browser) and dated (it expires after an hour). The
nonce becomes the betaling's ``referentie``, and ``betaal_nu`` books a referentie once:
a double click or a replayed form books one payment. The amount is never read from the
form: ``betaal_nu`` checks the signed amount against what is open at that moment.
"""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "citizen.betalen.demo-ideal"
GELDIG_SECONDEN = 60 * 60
REFERENTIE_PREFIX = "DEMO-IDEAL-"

# A short list of Dutch banks, as an iDEAL bank chooser shows them. Nothing is contacted.
BANKEN = [
    ("abn_amro", "ABN AMRO"),
    ("asn", "ASN Bank"),
    ("bunq", "bunq"),
    ("ing", "ING"),
    ("knab", "Knab"),
    ("rabobank", "Rabobank"),
    ("regiobank", "RegioBank"),
    ("sns", "SNS"),
    ("triodos", "Triodos Bank"),
]


def maak_token(*, burger_id: int, doel: str, bedrag: Decimal) -> str:
    """A signed, dated token for paying ``bedrag`` for ``doel`` (e.g. "termijn:12")."""
    return signing.dumps(
        {"b": burger_id, "d": doel, "a": str(bedrag), "n": secrets.token_hex(12)},
        salt=SALT,
    )


class DemoIdealForm(forms.Form):
    bank = forms.ChoiceField(
        label=_("Your bank"),
        choices=[("", _("Choose your bank")), *BANKEN],
        error_messages={
            "required": _("Choose your bank."),
            "invalid_choice": _("Choose your bank from the list."),
        },
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, burger_id: int, doel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.burger_id = burger_id
        self.doel = doel

    def clean(self):
        cleaned = super().clean()
        inhoud = self._lees_token(cleaned.get("token") or "")
        cleaned["bedrag"] = inhoud["bedrag"]
        cleaned["referentie"] = REFERENTIE_PREFIX + inhoud["n"]
        return cleaned

    def _lees_token(self, token: str) -> dict:
        """The token's contents, if it is ours, recent, and for this person and target.

        Errors are form-wide (the error summary), since the token is not a field a person
        can correct: the page shows a fresh one.
        """
        try:
            inhoud = signing.loads(token, salt=SALT, max_age=GELDIG_SECONDEN)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _(
                    "This page was open for more than an hour, so we stopped this payment. "
                    "Nothing has been paid. Check the amount below and try again."
                ),
                code="verlopen",
            ) from None
        except signing.BadSignature:
            raise self._onbekend() from None
        if not isinstance(inhoud, dict) or (inhoud.get("b"), inhoud.get("d")) != (
            self.burger_id,
            self.doel,
        ):
            raise self._onbekend()
        try:
            inhoud["bedrag"] = Decimal(inhoud["a"])
        except (KeyError, TypeError, InvalidOperation):
            raise self._onbekend() from None
        if not str(inhoud.get("n", "")).isalnum():
            raise self._onbekend()
        return inhoud

    @staticmethod
    def _onbekend() -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "We could not check this payment, so we stopped it. Nothing has been paid. "
                "Please try again."
            ),
            code="ongeldig",
        )
