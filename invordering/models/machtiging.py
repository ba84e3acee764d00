from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Betrouwbaarheidsniveau(models.TextChoices):
    """Assurance levels as DigiD Machtigen uses them (eIDAS names)."""

    BASIS = "basis", _("basic")
    MIDDEN = "midden", _("middle (DigiD app or SMS)")
    SUBSTANTIEEL = "substantieel", _("substantial")
    HOOG = "hoog", _("high")


class MachtigingBron(models.TextChoices):
    CODE = "code", _("machtigingscode given by the citizen")
    UITNODIGING = "uitnodiging", _("invitation by e-mail from the citizen")
    MEDEWERKER = "medewerker", _("registered by staff")
    DIGID_MACHTIGEN = "digid_machtigen", _("DigiD Machtigen")


class MachtigingStatus(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("waiting for the helper")
    ACTIEF = "actief", _("active")
    INGETROKKEN = "ingetrokken", _("revoked")


class Machtiging(models.Model):
    """Permission for a gemachtigde to act for a vertegenwoordigde.

    Field names follow DigiD Machtigen (vertegenwoordigde, gemachtigde, dienst,
    betrouwbaarheidsniveau, geldig van/tot, bron) so a real connection can replace the
    code flow without a schema change. Whether it is valid today is derived from the
    dates and the status, never stored.
    """

    DIENST_INVORDERING = "toeslagen-invordering"

    vertegenwoordigde = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.CASCADE,
        related_name="machtigingen",
        verbose_name=_("represented person"),
    )
    gemachtigde = models.ForeignKey(
        "invordering.Helper",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="machtigingen",
        verbose_name=_("authorised helper"),
    )
    dienst = models.CharField(_("service"), max_length=60, default=DIENST_INVORDERING)
    mag_inzien = models.BooleanField(_("may view"), default=True)
    mag_verzoeken = models.BooleanField(_("may submit requests"), default=False)
    mag_betalen = models.BooleanField(_("may pay"), default=False)
    betrouwbaarheidsniveau = models.CharField(
        _("assurance level"),
        max_length=16,
        choices=Betrouwbaarheidsniveau.choices,
        default=Betrouwbaarheidsniveau.MIDDEN,
    )
    geldig_van = models.DateField(_("valid from"))
    geldig_tot = models.DateField(_("valid until"))
    bron = models.CharField(_("source"), max_length=20, choices=MachtigingBron.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=MachtigingStatus.choices, default="aangevraagd"
    )
    # Only a hash of the one-time code is kept: the code itself is shown once.
    code_hash = models.CharField(max_length=128, blank=True, db_index=True)
    uitgenodigd_email = models.EmailField(_("invited e-mail"), blank=True)
    bewijs = models.FileField(_("proof"), upload_to="machtigingen/", blank=True)
    aangemaakt_op = models.DateTimeField(_("created"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ingetrokken_op = models.DateTimeField(_("revoked on"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mandate (machtiging)")
        verbose_name_plural = _("mandates (machtigingen)")
        ordering = ["-geldig_tot"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__gte=models.F("geldig_van")),
                name="machtiging_periode_geldig",
            ),
            models.CheckConstraint(
                condition=Q(mag_inzien=True),
                name="machtiging_altijd_inzien",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemachtigde} → {self.vertegenwoordigde}"

    def is_geldig_op(self, dag) -> bool:
        return (
            self.status == MachtigingStatus.ACTIEF
            and self.gemachtigde_id is not None
            and self.geldig_van <= dag <= self.geldig_tot
        )
