from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from invordering.models.fields import BedragField


class ToeslagSoort(models.TextChoices):
    ZT = "ZT", pgettext_lazy("toeslag", "healthcare allowance")
    HT = "HT", pgettext_lazy("toeslag", "rent allowance")
    KGB = "KGB", pgettext_lazy("toeslag", "child-related budget")
    KOT = "KOT", pgettext_lazy("toeslag", "childcare allowance")


class Toeslag(models.Model):
    """One toeslag of one household for one calendar year (the berekeningsjaar)."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="toeslagen",
        verbose_name=_("applicant"),
    )
    toeslagpartner = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="toeslagen_als_partner",
        verbose_name=_("benefit partner"),
    )
    soort = models.CharField(_("allowance"), max_length=3, choices=ToeslagSoort.choices)
    jaar = models.PositiveSmallIntegerField(_("year"))
    met_alo_kop = models.BooleanField(
        _("with single-parent supplement (ALO-kop)"),
        default=False,
        help_text=_("Only for the child-related budget."),
    )

    class Meta:
        verbose_name = _("allowance year")
        verbose_name_plural = _("allowance years")
        ordering = ["burger", "jaar", "soort"]
        constraints = [
            models.UniqueConstraint(fields=["burger", "soort", "jaar"], name="toeslag_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.jaar}"


class Reden(models.TextChoices):
    """Why an award changed, in the words a letter uses (DOMAIN.md section 6: never blaming)."""

    INKOMEN_HOGER = (
        "inkomen_hoger",
        _("Your income in that year was higher than the income we used for the advance."),
    )
    EENMALIGE_UITKERING = (
        "eenmalige_uitkering",
        _(
            "You received a one-off payment, such as a bonus. It raised your income for the "
            "whole year."
        ),
    )
    PENSIOEN = "pensioen", _("Your pension changed. So your income was higher than we expected.")
    PARTNER_LATER = (
        "partner_later",
        _(
            "Your partner counts as your benefit partner from an earlier date. Then the extra "
            "amount for single parents no longer applies."
        ),
    )
    KOT_GEEN_RECHT = (
        "kot_geen_recht",
        _(
            "For childcare allowance, both parents need to work or study. For part of the year "
            "this was not the case."
        ),
    )
    INKOMEN_WISSELEND = (
        "inkomen_wisselend",
        _(
            "Your income changed during the year. Your final income was different from the "
            "estimates."
        ),
    )


class BeschikkingSoort(models.TextChoices):
    VOORSCHOT = "voorschot", _("advance decision")
    DEFINITIEF = "definitief", _("final award")
    HERZIENING = "herziening", _("revised award")
    TERUGVORDERING = "terugvordering", _("repayment decision")


class Beschikking(models.Model):
    """A formal decision with its own kenmerk and dagtekening.

    For a voorschot version, ``maandbedrag`` applies from ``ingangsmaand`` onward; for a
    definitieve berekening or herziening, ``jaarbedrag`` is the real entitlement; for a
    terugvordering, ``jaarbedrag`` is the amount demanded.
    """

    toeslag = models.ForeignKey(
        Toeslag, on_delete=models.PROTECT, related_name="beschikkingen", verbose_name=_("allowance")
    )
    soort = models.CharField(_("kind"), max_length=16, choices=BeschikkingSoort.choices)
    kenmerk = models.CharField(_("reference"), max_length=40, unique=True)
    dagtekening = models.DateField(_("date of the decision"))
    versie = models.PositiveSmallIntegerField(_("version"), default=1)
    jaarbedrag = BedragField(_("amount for the year"))
    ingangsmaand = models.PositiveSmallIntegerField(_("first month"), null=True, blank=True)
    maandbedrag = BedragField(_("amount per month"), null=True, blank=True)
    # Why the award changed: a code whose label is the plain-language sentence letters use.
    reden = models.CharField(_("reason"), max_length=32, choices=Reden.choices, blank=True)

    class Meta:
        verbose_name = _("decision (beschikking)")
        verbose_name_plural = _("decisions (beschikkingen)")
        ordering = ["toeslag", "dagtekening", "versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["toeslag", "soort", "versie"], name="beschikking_versie_uniek"
            ),
            models.CheckConstraint(
                condition=~Q(soort="voorschot")
                | (Q(ingangsmaand__gte=1, ingangsmaand__lte=12) & Q(maandbedrag__isnull=False)),
                name="voorschot_heeft_maandbedrag",
            ),
            models.CheckConstraint(
                condition=Q(jaarbedrag__gte=0), name="beschikking_bedrag_positief"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.kenmerk}"
