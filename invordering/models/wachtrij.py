from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UitgesteldeTaak(models.Model):
    """Work for a worker that could not be handed to the queue (the broker was away).

    Written after the transaction that asked for the work committed (invordering.wachtrij),
    and handed over by the sweep (tasks.wachtrij_inhalen, every few minutes from beat);
    the row is deleted once the broker took it. PDFs do not come here: their Document
    keeps that state itself (pdf_status "being made" without pdf_gevraagd_op).
    """

    taak = models.CharField(_("task"), max_length=200)
    # Task arguments as the task takes them (ids, and for an invitation its code: the row
    # lives only until the broker is back, like the message in the queue would).
    argumenten = models.JSONField(_("arguments"), default=list)
    aangemaakt_op = models.DateTimeField(_("kept since"), default=timezone.now)
    pogingen = models.PositiveIntegerField(_("attempts"), default=1)
    laatste_fout = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("task waiting for the queue")
        verbose_name_plural = _("tasks waiting for the queue")
        ordering = ["aangemaakt_op", "id"]

    def __str__(self) -> str:
        return f"{self.taak} ({self.aangemaakt_op:%Y-%m-%d %H:%M})"
