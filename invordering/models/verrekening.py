from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from invordering.models.fields import BedragField


class Verrekening(models.Model):
    """Part of one month's voorschot withheld to pay vorderingen, at no cost.

    One row per voorschot (toeslag) per month: the database refuses a second one, which
    makes the monthly run idempotent. ``specificatie`` keeps the limits that applied.
    """

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="verrekeningen",
        verbose_name=_("citizen"),
    )
    toeslag = models.ForeignKey(
        "invordering.Toeslag",
        on_delete=models.PROTECT,
        related_name="verrekeningen",
        verbose_name=_("advance offset against"),
        db_index=False,  # the unique (toeslag, maand) index serves every lookup by toeslag
    )
    maand = models.DateField(_("month"), help_text=_("The first day of the month."))
    voorschot = BedragField(_("advance for the month"))
    bedrag = BedragField(_("withheld"))
    uitbetaald = BedragField(_("paid out"))
    specificatie = models.JSONField(
        _("specification"), default=dict, encoder=DjangoJSONEncoder, blank=True
    )
    aangemaakt_op = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("offset (verrekening)")
        verbose_name_plural = _("offsets (verrekeningen)")
        ordering = ["-maand", "id"]
        constraints = [
            models.UniqueConstraint(fields=["toeslag", "maand"], name="verrekening_per_maand"),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="verrekening_positief"),
            models.CheckConstraint(
                condition=Q(uitbetaald=models.F("voorschot") - models.F("bedrag")),
                name="verrekening_sluit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.maand:%Y-%m} {self.toeslag} €{self.bedrag}"
