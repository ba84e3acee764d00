from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Regime(models.Model):
    """A named set of policy values (historisch-2022, huidig-2026, doel); one is active."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name"), max_length=120)
    omschrijving = models.TextField(_("description"), blank=True)
    actief = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("policy regime")
        verbose_name_plural = _("policy regimes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["actief"], condition=Q(actief=True), name="een_actief_regime"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Beleidsparameter(models.Model):
    """One value of one policy parameter in one regime, valid from ``ingangsdatum``.

    The parameter keys, their types and units are declared in invordering.beleid; the
    values live only here, so staff can change any term, amount, norm or switch.
    """

    regime = models.ForeignKey(
        Regime, on_delete=models.CASCADE, related_name="parameters", verbose_name=_("regime")
    )
    sleutel = models.CharField(_("parameter"), max_length=60)
    ingangsdatum = models.DateField(_("valid from"))
    waarde = models.CharField(_("value"), max_length=400)
    toelichting = models.TextField(_("explanation"), blank=True)
    bron = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("policy parameter")
        verbose_name_plural = _("policy parameters")
        ordering = ["regime", "sleutel", "-ingangsdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "sleutel", "ingangsdatum"], name="parameter_versie_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sleutel} = {self.waarde} ({self.ingangsdatum})"

    def clean(self) -> None:
        from invordering import beleid

        try:
            definitie = beleid.definitie(self.sleutel)
        except KeyError:
            raise ValidationError({"sleutel": _("This parameter does not exist.")}) from None
        try:
            definitie.lees(self.waarde)
        except ValueError as exc:
            raise ValidationError({"waarde": str(exc)}) from None


class Klok(models.Model):
    """The demo clock: an offset from real time shared by web, worker and beat."""

    offset_seconden = models.BigIntegerField(default=0)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demo clock")
        verbose_name_plural = _("demo clock")

    def __str__(self) -> str:
        return f"offset {self.offset_seconden}s"
