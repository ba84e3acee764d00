from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HelperSoort(models.TextChoices):
    INFORMEEL = "informeel", _("informal helper (family, friend)")
    MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", _("social worker")
    SCHULDHULPVERLENER = "schuldhulpverlener", _("debt counsellor")
    BEWINDVOERDER = "bewindvoerder", _("financial administrator (bewindvoerder)")
    TSP = "tsp", _("Toeslagenservicepunt")


class Organisatie(models.Model):
    """A helper organisation: a bewindvoerder office, a welfare organisation, a TSP."""

    naam = models.CharField(_("name"), max_length=160)
    kvk_nummer = models.CharField(_("KvK number"), max_length=8, blank=True)
    telefoon = models.CharField(_("telephone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("helper organisation")
        verbose_name_plural = _("helper organisations")

    def __str__(self) -> str:
        return self.naam


class Helper(models.Model):
    """A gemachtigde: someone who may act for a burger under a machtiging."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helper",
        verbose_name=_("login"),
    )
    soort = models.CharField(_("kind of helper"), max_length=32, choices=HelperSoort.choices)
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        verbose_name=_("organisation"),
    )
    naam = models.CharField(_("name"), max_length=160)
    telefoon = models.CharField(_("telephone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    demo_sleutel = models.SlugField(_("demo key"), max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam
