from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from invordering.models.fields import NUL, BedragField


class RegelingSoort(models.TextChoices):
    STANDAARD = "standaard", _("standard payment plan")
    PBT = "pbt", _("personal payment plan")
    GEBUNDELD = "gebundeld", _("combined payment plan")


class RegelingStatus(models.TextChoices):
    LOPEND = "lopend", _("running")
    VOLTOOID = "voltooid", _("completed")
    INGETROKKEN = "ingetrokken", _("withdrawn")
    VERVANGEN = "vervangen", _("replaced by another plan")


class Regeling(models.Model):
    """A payment plan for one or more vorderingen with a schedule of termijnen."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="regelingen",
        verbose_name=_("citizen"),
    )
    soort = models.CharField(_("kind"), max_length=12, choices=RegelingSoort.choices)
    kenmerk = models.CharField(_("reference"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegelingStatus.choices, default=RegelingStatus.LOPEND
    )
    startdatum = models.DateField(_("start date"))
    termijnbedrag = BedragField(_("instalment"))
    aantal_termijnen = models.PositiveSmallIntegerField(_("number of instalments"))
    verschuivingen = models.PositiveSmallIntegerField(
        _("times moved after a missed instalment"), default=0
    )
    # PBT below the standard termijn: what is left after 36 paid months is waived.
    voorwaardelijke_restschuld = BedragField(_("conditionally waived remainder"), default=NUL)
    betalingscapaciteit = BedragField(_("ability to pay per month"), null=True, blank=True)
    verzoek = models.ForeignKey(
        "invordering.Verzoek",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regelingen",
        verbose_name=_("request"),
    )
    vorderingen = models.ManyToManyField(
        "invordering.Vordering",
        through="RegelingVordering",
        related_name="regelingen",
        verbose_name=_("debts"),
    )
    beeindigd_op = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment plan (regeling)")
        verbose_name_plural = _("payment plans (regelingen)")
        ordering = ["-startdatum", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(termijnbedrag__gt=0), name="regeling_termijn_positief"
            ),
            models.CheckConstraint(
                condition=Q(aantal_termijnen__gt=0), name="regeling_heeft_termijnen"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.kenmerk}"


class RegelingVordering(models.Model):
    """Membership of a vordering in a regeling; ``volgorde`` is the allocation order."""

    regeling = models.ForeignKey(Regeling, on_delete=models.CASCADE, related_name="leden")
    vordering = models.ForeignKey(
        "invordering.Vordering", on_delete=models.PROTECT, related_name="+"
    )
    volgorde = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["regeling", "volgorde"]
        verbose_name = _("debt in a payment plan")
        verbose_name_plural = _("debts in a payment plan")
        constraints = [
            models.UniqueConstraint(
                fields=["regeling", "vordering"], name="regeling_vordering_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regeling_id}: {self.vordering_id} (#{self.volgorde})"


class TermijnStatus(models.TextChoices):
    OPEN = "open", _("to be paid")
    BETAALD = "betaald", _("paid")
    GEMIST = "gemist", _("missed")
    VERVALLEN = "vervallen", _("cancelled")


class Termijn(models.Model):
    """One monthly instalment. ``betaald`` mirrors the payments booked for it."""

    regeling = models.ForeignKey(Regeling, on_delete=models.CASCADE, related_name="termijnen")
    nummer = models.PositiveSmallIntegerField(_("number"))
    vervaldatum = models.DateField(_("due date"))
    bedrag = BedragField(_("amount"))
    betaald = BedragField(_("paid"), default=NUL)
    status = models.CharField(
        _("status"), max_length=10, choices=TermijnStatus.choices, default=TermijnStatus.OPEN
    )
    voldaan_op = models.DateField(_("paid on"), null=True, blank=True)
    # The day the reminder for a missed termijn went out; its term runs from here.
    gemist_op = models.DateField(_("missed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment (termijn)")
        verbose_name_plural = _("instalments (termijnen)")
        ordering = ["regeling", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["regeling", "nummer"], name="termijn_uniek"),
            models.CheckConstraint(
                condition=Q(betaald__gte=0) & Q(betaald__lte=models.F("bedrag")),
                name="termijn_betaald_binnen_bedrag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regeling.kenmerk} #{self.nummer}"

    @property
    def open_bedrag(self):
        return self.bedrag - self.betaald
