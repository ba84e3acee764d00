from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bijlage(models.Model):
    """A proof document sent with a verzoek (payslip, rent contract). Stored privately.

    Served only through a view that asks the policy module; the file name on disk is
    random, the name the person gave is kept for display.
    """

    verzoek = models.ForeignKey(
        "invordering.Verzoek",
        on_delete=models.CASCADE,
        related_name="bijlagen",
        verbose_name=_("request"),
    )
    bestand = models.FileField(_("file"), upload_to="bijlagen/%Y/%m/")
    naam = models.CharField(_("file name"), max_length=200)
    soort = models.CharField(_("file type"), max_length=40)
    grootte = models.PositiveIntegerField(_("size in bytes"))
    omschrijving = models.CharField(_("what it shows"), max_length=200, blank=True)
    toegevoegd_op = models.DateTimeField(_("added on"))
    # The file is deleted after the retention term (settings.BIJLAGEN_BEWAAR_DAGEN); the
    # row stays, so the request still shows what was sent and when it was removed.
    verwijderd_op = models.DateTimeField(_("file deleted on"), null=True, blank=True)
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["toegevoegd_op", "pk"]

    def __str__(self) -> str:
        return self.naam
