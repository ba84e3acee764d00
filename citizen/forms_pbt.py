"""The PBT request's steps: one small form per page, saved into the draft's ``gegevens``.

Each step form knows its own keys in ``Verzoek.gegevens`` (``SLEUTELS``), reads its initial
values from them (``uit_gegevens``) and writes them back (``naar_gegevens``). Amounts are
stored as strings with two decimals ("1960.00"), as ``pbt_berekening`` reads them.

Amounts are typed by people, not machines: "1.960,00", "1960", "1960.5" and "€ 1.960" all
mean what they look like. Anything else gets a message that says what to type instead.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from invordering.models import Leefsituatie
from invordering.rules.geld import cent

# Above this a monthly amount is almost certainly a typing error (a year, or cents).
MAX_PER_MAAND = Decimal("100000")
MAX_PER_JAAR = Decimal("1000000")
MAX_VERMOGEN = Decimal("100000000")
AANTAL_KOSTENRIJEN = 6
MAX_TEKENS = 30  # longer than any amount a person types

ONLEESBAAR = _("Enter an amount in euros, for example %(voorbeeld)s.")
NEGATIEF = _("Enter an amount of 0 or more, without a minus sign.")
TE_VEEL_DECIMALEN = _("Enter the amount in euros and cents, with at most 2 numbers for the cents.")
TE_HOOG_PER_MAAND = _("This amount looks very high. Check it: enter the amount per month.")
TE_HOOG_PER_JAAR = _("This amount looks very high. Check it; enter the amount for a whole year.")
TE_HOOG = _("This amount looks very high. Check it and enter it in euros.")

_GROEPEN = re.compile(r"\d{1,3}(\d{3})*")  # digits that may carry thousands separators


class Onleesbaar(ValueError):
    """A typed amount that is not an amount; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _geheel_met_scheiding(geheel: str, scheiding: str) -> str:
    """ "1.960.000" with "." -> "1960000"; groups after the first must have 3 digits."""
    delen = geheel.split(scheiding)
    if not delen[0] or len(delen[0]) > 3 or any(len(d) != 3 for d in delen[1:]):
        raise Onleesbaar("ongeldig")
    return "".join(delen)


def lees_bedrag(tekst: str) -> Decimal:
    """Read an amount in euros as a person types it; raise ``Onleesbaar`` when unreadable.

    One separator followed by 1 or 2 digits is the decimal mark ("1960,5", "1960.50");
    followed by groups of 3 digits it separates thousands ("1.960", "1,960"). With both,
    the last one is the decimal mark ("1.960,00", "1,960.00"). "€", "EUR", spaces and a
    Dutch ",-" ending are ignored. Example: "€ 1.960,-" -> Decimal("1960.00").
    """
    t = "".join(tekst.replace("€", " ").split())
    t = re.sub(r"(?i)^eur(o)?|eur(o)?$", "", t)
    t = t.removesuffix(",-").removesuffix(".-")
    if t[:1] in ("-", "\u2212"):
        raise Onleesbaar("negatief")
    t = t.removeprefix("+")
    if not t or not re.fullmatch(r"[\d.,]+", t) or not re.search(r"\d", t):
        raise Onleesbaar("ongeldig")
    laatste = max(t.rfind(","), t.rfind("."))
    if "," in t and "." in t:
        decimaal = t[laatste]
        duizend = "." if decimaal == "," else ","
        geheel, fractie = t[:laatste], t[laatste + 1 :]
        if decimaal in geheel:
            raise Onleesbaar("ongeldig")
        geheel = _geheel_met_scheiding(geheel, duizend)
    elif laatste >= 0:
        scheiding = t[laatste]
        delen = t.split(scheiding)
        if len(delen) == 2 and len(delen[1]) <= 2:
            geheel, fractie = delen[0] or "0", delen[1]
        elif _GROEPEN.fullmatch(t.replace(scheiding, "")) and all(len(d) == 3 for d in delen[1:]):
            geheel, fractie = _geheel_met_scheiding(t, scheiding), ""
        elif len(delen) == 2:
            raise Onleesbaar("decimalen")
        else:
            raise Onleesbaar("ongeldig")
    else:
        geheel, fractie = t, ""
    if len(fractie) > 2:
        raise Onleesbaar("decimalen")
    try:
        return cent(Decimal(f"{geheel}.{fractie or '0'}"))
    except InvalidOperation:
        raise Onleesbaar("ongeldig") from None


def bedrag_uit(gegevens: dict, sleutel: str) -> Decimal | None:
    """A saved amount from the draft, or None when the question was not answered."""
    waarde = gegevens.get(sleutel)
    if waarde in (None, ""):
        return None
    try:
        return cent(Decimal(str(waarde)))
    except (InvalidOperation, ValueError):
        return None


class BedragInput(forms.TextInput):
    def __init__(self, attrs=None):
        standaard = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        super().__init__({**standaard, **(attrs or {})})


class BedragVeld(forms.CharField):
    """An amount in euros, read as people type it; cleaned to a Decimal in whole cents."""

    widget = BedragInput

    def __init__(self, *, maximum: Decimal = MAX_PER_MAAND, te_hoog=TE_HOOG_PER_MAAND, **kwargs):
        self.maximum, self.te_hoog = maximum, te_hoog
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(MAX_TEKENS)}

    def to_python(self, value):
        tekst = super().to_python(value)
        if tekst in self.empty_values:
            return None
        if len(tekst) > MAX_TEKENS:
            raise self._onleesbaar()
        try:
            bedrag = lees_bedrag(tekst)
        except Onleesbaar as fout:
            if fout.code == "ongeldig":
                raise self._onleesbaar() from None
            bericht = NEGATIEF if fout.code == "negatief" else TE_VEEL_DECIMALEN
            raise forms.ValidationError(bericht, code=fout.code) from None
        if bedrag > self.maximum:
            raise forms.ValidationError(self.te_hoog, code="te_hoog")
        return bedrag

    @staticmethod
    def _onleesbaar() -> forms.ValidationError:
        # The example in the page's own notation: 1.960,00 in Dutch, 1,960.00 in English.
        voorbeeld = formats.number_format(
            Decimal("1960.00"), decimal_pos=2, use_l10n=True, force_grouping=True
        )
        return forms.ValidationError(ONLEESBAAR, code="ongeldig", params={"voorbeeld": voorbeeld})

    def prepare_value(self, value):
        # A saved amount (a Decimal) is shown in the page's language without grouping, so
        # it reads back in unchanged: "1960,00" in Dutch, "1960.00" in English. What a
        # person typed (a str) is shown exactly as typed.
        if isinstance(value, Decimal):
            return formats.number_format(value, decimal_pos=2, use_l10n=True)
        return value


class StapForm(forms.Form):
    """A step of the request. Subclasses name their keys in ``SLEUTELS``."""

    SLEUTELS: tuple[str, ...] = ()

    @classmethod
    def uit_gegevens(cls, gegevens: dict) -> dict:
        return {s: bedrag_uit(gegevens, s) for s in cls.SLEUTELS if s in gegevens}

    def naar_gegevens(self) -> dict:
        return {s: str(self.cleaned_data[s]) for s in self.SLEUTELS}

    def gedeeltelijke_gegevens(self, gegevens: dict) -> tuple[dict, bool]:
        """For the live calculation: the answers typed so far over the saved ones.

        A field left empty counts as not answered; a field that cannot be read yet keeps
        the saved answer. Returns the merged answers and whether anything was unreadable.
        """
        self.is_valid()
        samen, onleesbaar = dict(gegevens), False
        for naam in self.SLEUTELS:
            if not (self.data.get(self.add_prefix(naam)) or "").strip():
                samen.pop(naam, None)
            elif naam in self.cleaned_data and self.cleaned_data[naam] is not None:
                samen[naam] = str(self.cleaned_data[naam])
            else:
                onleesbaar = True
        return samen, onleesbaar


LEEFSITUATIES = Leefsituatie.choices


class LeefsituatieForm(StapForm):
    SLEUTELS = ("leefsituatie",)

    leefsituatie = forms.ChoiceField(
        label=_("Your living situation"),
        help_text=_(
            "This sets the amount you need to live on. Roommates or adult children do not "
            "count as a partner."
        ),
        choices=LEEFSITUATIES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the living situation that fits you."),
            "invalid_choice": _("Choose one of the living situations in the list."),
        },
    )

    @classmethod
    def uit_gegevens(cls, gegevens: dict) -> dict:
        return {"leefsituatie": gegevens["leefsituatie"]} if gegevens.get("leefsituatie") else {}

    def naar_gegevens(self) -> dict:
        return {"leefsituatie": self.cleaned_data["leefsituatie"]}

    def gedeeltelijke_gegevens(self, gegevens: dict) -> tuple[dict, bool]:
        self.is_valid()
        samen = dict(gegevens)
        if self.cleaned_data.get("leefsituatie"):
            samen["leefsituatie"] = self.cleaned_data["leefsituatie"]
        return samen, False


class InkomenForm(StapForm):
    SLEUTELS = ("netto_inkomen", "vakantiegeld_per_jaar")

    netto_inkomen = BedragVeld(
        label=_("Net income per month"),
        help_text=_(
            "The amount paid into your bank account each month from work or a benefit, after "
            "tax. Without holiday pay. Is it different each month? Enter the average."
        ),
        error_messages={
            "required": _("Enter your net income per month. Enter 0 if you have no income.")
        },
    )
    vakantiegeld_per_jaar = BedragVeld(
        label=_("Holiday pay per year"),
        help_text=_(
            "Most people get this once a year, in May or June. It is on your payslip of that "
            "month. Enter 0 if you do not get holiday pay."
        ),
        maximum=MAX_PER_JAAR,
        te_hoog=TE_HOOG_PER_JAAR,
        error_messages={
            "required": _("Enter your holiday pay per year. Enter 0 if you do not get it.")
        },
    )


class OverigInkomenForm(StapForm):
    SLEUTELS = ("overig_inkomen",)

    overig_inkomen = BedragVeld(
        label=_("Other income per month"),
        help_text=_(
            "For example allowances paid to you (huurtoeslag, zorgtoeslag, kindgebonden "
            "budget), child benefit, a second job or maintenance you receive. Enter 0 if you "
            "have no other income."
        ),
        error_messages={
            "required": _("Enter your other income per month. Enter 0 if you have none.")
        },
    )


class WoonlastenForm(StapForm):
    SLEUTELS = ("woonlasten",)

    woonlasten = BedragVeld(
        label=_("Rent or mortgage per month"),
        help_text=_(
            "Your rent with service costs, or your mortgage payment. Energy and water do not "
            "count here; you can add them to your own budget later."
        ),
        error_messages={
            "required": _("Enter your rent or mortgage per month. Enter 0 if you pay none.")
        },
    )


class ZorgpremieForm(StapForm):
    SLEUTELS = ("zorgpremie",)

    zorgpremie = BedragVeld(
        label=_("Health insurance premium per month"),
        help_text=_(
            "What you pay yourself for your health insurance each month, basic and extra "
            "together. Enter 0 if someone else pays it."
        ),
        error_messages={
            "required": _("Enter your health insurance premium per month. Enter 0 if you pay none.")
        },
    )


class RegelingenForm(StapForm):
    SLEUTELS = ("andere_regelingen",)

    andere_regelingen = BedragVeld(
        label=_("Other payment plans per month"),
        help_text=_(
            "Payment plans we take into account: with the water board (waterschap), the "
            "municipality (gemeente) or CJIB, for taxes or fines. Other debts, such as a "
            "plan with a bailiff or a shop, you can add to your own budget later. Enter 0 if "
            "you have no such plans."
        ),
        error_messages={
            "required": _(
                "Enter what you pay for these payment plans per month. Enter 0 if you have none."
            )
        },
    )


class AlimentatieForm(StapForm):
    SLEUTELS = ("alimentatie",)

    alimentatie = BedragVeld(
        label=_("Maintenance you pay per month"),
        help_text=_(
            "Maintenance (alimentatie) you pay for a former partner or for children. Enter 0 "
            "if you do not pay maintenance."
        ),
        error_messages={
            "required": _("Enter the maintenance you pay per month. Enter 0 if you pay none.")
        },
    )


class VermogenForm(StapForm):
    SLEUTELS = ("vermogen",)

    vermogen = BedragVeld(
        label=_("Savings and other money"),
        maximum=MAX_VERMOGEN,
        te_hoog=TE_HOOG,
        error_messages={"required": _("Enter your savings. Enter 0 if you have none.")},
    )

    def __init__(self, *args, vrijgesteld: Decimal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if vrijgesteld is not None:
            from invordering.templatetags.invordering import euro

            self.fields["vermogen"].help_text = _(
                "Money in savings and bank accounts, together, on today's date. You may keep "
                "%(bedrag)s: we only ask you to use what is above that. Enter 0 if you have "
                "no savings."
            ) % {"bedrag": euro(vrijgesteld)}


class EigenBegrotingForm(StapForm):
    """The person's own budget: real costs the formula ignores, and "I cannot pay this"."""

    SLEUTELS = ("eigen_begroting", "kan_niet_betalen", "reden_niet_betalen")

    kan_niet_betalen = forms.BooleanField(
        label=_("I cannot pay this"),
        help_text=_(
            "Tick this if the amount in the calculation is too much for you. Then an employee "
            "looks at your situation in person and contacts you."
        ),
        required=False,
    )
    reden_niet_betalen = forms.CharField(
        label=_("Why can you not pay this?"),
        help_text=_(
            "In your own words. For example costs the calculation does not count. Needed when you tick the box."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Keep it to at most %(limit_value)d characters. An employee can ask you more."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rijen = {}
        for nummer in range(1, AANTAL_KOSTENRIJEN + 1):
            rijen[f"omschrijving_{nummer}"] = forms.CharField(
                label=_("Cost %(nummer)s: what is it for?") % {"nummer": nummer},
                required=False,
                max_length=100,
                error_messages={
                    "max_length": _("Keep it short: at most %(limit_value)d characters.")
                },
            )
            rijen[f"bedrag_{nummer}"] = BedragVeld(
                label=_("Cost %(nummer)s: amount per month") % {"nummer": nummer},
                required=False,
            )
        # The rows come first on the page, then the box and the reason.
        self.fields = {**rijen, **self.fields}

    def rijen(self):
        return [
            (nummer, self[f"omschrijving_{nummer}"], self[f"bedrag_{nummer}"])
            for nummer in range(1, AANTAL_KOSTENRIJEN + 1)
        ]

    def clean(self):
        data = super().clean()
        for nummer in range(1, AANTAL_KOSTENRIJEN + 1):
            omschrijving = data.get(f"omschrijving_{nummer}", "")
            bedrag = data.get(f"bedrag_{nummer}")
            fout_in_bedrag = f"bedrag_{nummer}" in self.errors
            if omschrijving and bedrag is None and not fout_in_bedrag:
                self.add_error(f"bedrag_{nummer}", _("Enter the amount per month for this cost."))
            elif bedrag is not None and not omschrijving:
                self.add_error(
                    f"omschrijving_{nummer}", _("Write in a few words what this cost is for.")
                )
        if data.get("kan_niet_betalen") and not (data.get("reden_niet_betalen") or "").strip():
            self.add_error(
                "reden_niet_betalen",
                _("Tell us why you cannot pay this. A few words are enough."),
            )
        return data

    @classmethod
    def uit_gegevens(cls, gegevens: dict) -> dict:
        initial = {
            "kan_niet_betalen": bool(gegevens.get("kan_niet_betalen")),
            "reden_niet_betalen": gegevens.get("reden_niet_betalen", ""),
        }
        for nummer, rij in enumerate(gegevens.get("eigen_begroting") or [], start=1):
            if nummer > AANTAL_KOSTENRIJEN:
                break
            initial[f"omschrijving_{nummer}"] = rij.get("omschrijving", "")
            initial[f"bedrag_{nummer}"] = bedrag_uit(rij, "bedrag")
        return initial

    def _rijen_uit(self, data: dict) -> list[dict]:
        rijen = []
        for nummer in range(1, AANTAL_KOSTENRIJEN + 1):
            omschrijving = (data.get(f"omschrijving_{nummer}") or "").strip()
            bedrag = data.get(f"bedrag_{nummer}")
            if omschrijving and bedrag is not None:
                rijen.append({"omschrijving": omschrijving, "bedrag": str(bedrag)})
        return rijen

    def naar_gegevens(self) -> dict:
        data = self.cleaned_data
        return {
            "eigen_begroting": self._rijen_uit(data),
            "kan_niet_betalen": bool(data.get("kan_niet_betalen")),
            "reden_niet_betalen": (data.get("reden_niet_betalen") or "").strip(),
        }

    def gedeeltelijke_gegevens(self, gegevens: dict) -> tuple[dict, bool]:
        self.is_valid()
        onleesbaar = any(naam.startswith("bedrag_") for naam in self.errors)
        return {**gegevens, "eigen_begroting": self._rijen_uit(self.cleaned_data)}, onleesbaar


class BewijsForm(forms.Form):
    bestand = forms.FileField(
        label=_("Choose a file"),
        max_length=None,
        error_messages={
            "required": _("Choose a file to add."),
            "empty": _("This file is empty. Choose another file."),
            "invalid": _("We could not read this file. Choose another file."),
            "missing": _("Choose a file to add."),
        },
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    omschrijving = forms.CharField(
        label=_("What does this file show?"),
        help_text=_("For example: payslip October, energy bill, rent contract."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Keep it short: at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mb = max(1, settings.UPLOAD_MAX_BYTES // (1024 * 1024))
        self.fields["bestand"].help_text = _(
            "A PDF, JPG or PNG file of at most %(mb)s MB. A photo taken with your phone is fine."
        ) % {"mb": mb}
