from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VerwerkingSoort(models.TextChoices):
    ESCALATIE = "escalatie", _("daily escalation")
    VERREKENING = "verrekening", _("monthly offsetting")


class VerwerkingStatus(models.TextChoices):
    BEZIG = "bezig", _("running")
    KLAAR = "klaar", _("finished")
    MET_FOUTEN = "met_fouten", _("finished with errors")


class Verwerking(models.Model):
    """One run of an engine for one day (escalation) or one month (verrekening).

    The coordinator splits the run into ``Verwerkingsdeel`` chunks by burger range; any
    worker can take a chunk. At most one run per kind is running at a time (database
    constraint), so a beat task and a command can never process the same day twice in
    parallel; running a day again after it finished changes nothing (idempotency keys).
    """

    soort = models.CharField(_("kind"), max_length=12, choices=VerwerkingSoort.choices)
    dag = models.DateField(_("processing day"))
    maand = models.DateField(_("month"), null=True, blank=True)
    regime = models.CharField(_("policy regime"), max_length=40)
    status = models.CharField(
        _("status"), max_length=12, choices=VerwerkingStatus.choices, default="bezig"
    )
    via_workers = models.BooleanField(_("through the workers"), default=False)
    gestart_door = models.CharField(_("started by"), max_length=60, blank=True)
    gestart_op = models.DateTimeField(_("started"))
    klaar_op = models.DateTimeField(_("finished"), null=True, blank=True)
    aantal_delen = models.PositiveIntegerField(_("chunks"), default=0)
    verwerkt = models.PositiveIntegerField(_("debts looked at"), default=0)
    fouten = models.PositiveIntegerField(_("errors"), default=0)
    uitkomsten = models.JSONField(
        _("outcomes"), default=dict, encoder=DjangoJSONEncoder, blank=True
    )

    class Meta:
        verbose_name = _("engine run")
        verbose_name_plural = _("engine runs")
        ordering = ["-gestart_op", "-id"]
        indexes = [models.Index(fields=["soort", "dag"])]
        constraints = [
            models.UniqueConstraint(
                fields=["soort"], condition=Q(status="bezig"), name="een_lopende_verwerking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.dag}"

    @property
    def duur(self):
        return (self.klaar_op - self.gestart_op) if self.klaar_op else None


class DeelStatus(models.TextChoices):
    OPEN = "open", _("waiting")
    KLAAR = "klaar", _("done")


class Verwerkingsdeel(models.Model):
    """One chunk of a run: the burgers with ids in [burger_van, burger_tot].

    A worker takes a chunk with ``SELECT ... FOR UPDATE SKIP LOCKED`` and does all of
    its work in that one transaction, so a killed worker leaves the chunk open and
    unchanged for the next one, and two workers never hold the same chunk.
    """

    verwerking = models.ForeignKey(
        Verwerking, on_delete=models.CASCADE, related_name="delen", verbose_name=_("run")
    )
    nummer = models.PositiveIntegerField(_("number"))
    burger_van = models.BigIntegerField(_("from citizen id"))
    burger_tot = models.BigIntegerField(_("to citizen id"))
    status = models.CharField(
        _("status"), max_length=8, choices=DeelStatus.choices, default=DeelStatus.OPEN
    )
    verwerkt = models.PositiveIntegerField(_("debts looked at"), default=0)
    uitkomsten = models.JSONField(
        _("outcomes"), default=dict, encoder=DjangoJSONEncoder, blank=True
    )
    fouten = models.JSONField(_("errors"), default=list, encoder=DjangoJSONEncoder, blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    klaar_op = models.DateTimeField(_("finished"), null=True, blank=True)
    duur_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("run chunk")
        verbose_name_plural = _("run chunks")
        ordering = ["verwerking", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["verwerking", "nummer"], name="deel_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.verwerking} #{self.nummer}"


__all__ = ["DeelStatus", "Verwerking", "VerwerkingSoort", "VerwerkingStatus", "Verwerkingsdeel"]
