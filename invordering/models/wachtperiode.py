from django.db import models
from django.utils.translation import gettext_lazy as _


class WachtperiodeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The history of waiting is append-only.")

    def delete(self):
        raise TypeError("The history of waiting is append-only.")


class Wachtperiode(models.Model):
    """From this day on, the daily escalation pass left the vordering where it was, for
    this reason (the rule's reden: a term running, a guard holding it, ...).

    Written only when the reason changes, so a vordering that waits a year for the same
    reason has one row, and staff can still read why it did not move on any past day:
    the reason of the latest period that began on or before that day. Moves themselves
    are events; the run of that day is the escalation Verwerking of ``vanaf``.
    """

    vordering = models.ForeignKey(
        "invordering.Vordering",
        on_delete=models.PROTECT,
        related_name="wachtperiodes",
        verbose_name=_("debt"),
    )
    reden = models.CharField(_("reason"), max_length=40)
    vanaf = models.DateField(_("from"))

    objects = WachtperiodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("period of waiting")
        verbose_name_plural = _("periods of waiting")
        ordering = ["vordering", "vanaf", "pk"]
        indexes = [models.Index(fields=["vordering", "vanaf"])]

    def __str__(self) -> str:
        return f"{self.vordering_id} {self.vanaf:%Y-%m-%d} {self.reden}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The history of waiting is append-only.")
        super().save(*args, **kwargs)
