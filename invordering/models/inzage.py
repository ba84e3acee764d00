from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InzageQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")


class Inzage(models.Model):
    """One look at a burger's data by someone else (a helper or a staff member).

    Append-only, like the event log: what a helper or staff member did is an Event; what
    they only looked at is recorded here. The burger reads the helpers' part of it.
    """

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="inzages",
        verbose_name=_("citizen"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("looked by"),
    )
    rol = models.CharField(_("as"), max_length=12)
    machtiging = models.ForeignKey(
        "invordering.Machtiging",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inzages",
    )
    pagina = models.CharField(_("page"), max_length=80)
    pad = models.CharField(_("address"), max_length=300)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    tijdstip = models.DateTimeField(_("when"), db_index=True)

    objects = InzageQuerySet.as_manager()

    class Meta:
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["burger", "tijdstip"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.user} → {self.burger_id} ({self.pagina})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)
