from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from invordering.models.fields import NUL, BedragField


class Fase(models.TextChoices):
    """Where a vordering stands in collection; transitions: invordering.rules.escalatie."""

    OPEN = "open", _("to be paid")
    HERINNERING = "herinnering", _("reminder sent")
    SIGNAAL = "signaal", _("we will contact you")
    VERREKENING = "verrekening", _("offset against your allowance")
    AANMANING = "aanmaning", _("formal notice sent")
    DWANGBEVEL = "dwangbevel", _("writ of execution")
    BESLAG = "beslag", _("seizure")
    REGELING = "regeling", _("in a payment plan")
    AFGEROND = "afgerond", _("settled")


class Vordering(models.Model):
    """What must be paid back for one toeslag and one year.

    The saldo is derived from the ledger (``Boeking``); ``saldo`` here is a cache that
    the booking service recomputes in the same transaction as every booking.
    """

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="vorderingen",
        verbose_name=_("debtor"),
    )
    toeslagpartner = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vorderingen_als_partner",
        verbose_name=_("jointly liable partner"),
    )
    toeslag = models.ForeignKey(
        "invordering.Toeslag",
        on_delete=models.PROTECT,
        related_name="vorderingen",
        verbose_name=_("allowance"),
    )
    beschikking = models.OneToOneField(
        "invordering.Beschikking",
        on_delete=models.PROTECT,
        related_name="vordering",
        verbose_name=_("repayment decision"),
    )
    kenmerk = models.CharField(_("reference"), max_length=40, unique=True)
    betalingskenmerk = models.CharField(_("payment reference"), max_length=16, unique=True)
    hoofdsom = BedragField(_("principal"))
    dagtekening = models.DateField(_("date of the decision"))
    vervaldatum = models.DateField(_("due date"))
    fase = models.CharField(_("stage"), max_length=16, choices=Fase.choices, default=Fase.OPEN)
    fase_sinds = models.DateField(_("stage since"))
    op_definitieve_berekening = models.BooleanField(
        _("based on a final award"),
        default=True,
        help_text=_("Off when the vordering follows an in-year revision of the advance."),
    )
    opzet_of_grove_schuld = models.BooleanField(_("intent or gross negligence"), default=False)
    saldo = BedragField(_("open amount (cached from the ledger)"), default=NUL)
    afgerond_op = models.DateField(_("settled on"), null=True, blank=True)
    # Why the daily pass last left it where it was, and since when (the latest
    # Wachtperiode, kept here so the pass reads it with the row it reads anyway).
    wacht_reden = models.CharField(_("waits because"), max_length=40, blank=True, db_default="")
    wacht_sinds = models.DateField(_("waits since"), null=True, blank=True)

    class Meta:
        verbose_name = _("debt (vordering)")
        verbose_name_plural = _("debts (vorderingen)")
        ordering = ["dagtekening", "id"]
        indexes = [
            models.Index(fields=["burger", "fase"]),
            models.Index(fields=["fase", "fase_sinds"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hoofdsom__gt=0), name="vordering_hoofdsom_positief"),
            models.CheckConstraint(condition=Q(saldo__gte=0), name="vordering_saldo_niet_negatief"),
            models.CheckConstraint(
                condition=Q(vervaldatum__gte=models.F("dagtekening")),
                name="vordering_vervaldatum_na_dagtekening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.toeslag} ({self.kenmerk})"

    @property
    def is_open(self) -> bool:
        return self.fase != Fase.AFGEROND

    @property
    def toeslag_soort(self) -> str:
        """The soort of its toeslag; the engine's light rows carry the same attribute."""
        return self.toeslag.soort


class BezwaarStatus(models.TextChoices):
    IN_BEHANDELING = "in_behandeling", _("being handled")
    GEGROND = "gegrond", _("upheld")
    ONGEGROND = "ongegrond", _("not upheld")
    INGETROKKEN = "ingetrokken", _("withdrawn")


class Bezwaar(models.Model):
    """An objection against the beschikking behind a vordering."""

    vordering = models.ForeignKey(
        Vordering, on_delete=models.PROTECT, related_name="bezwaren", verbose_name=_("debt")
    )
    ingediend_op = models.DateField(_("submitted on"))
    status = models.CharField(
        _("status"), max_length=16, choices=BezwaarStatus.choices, default="in_behandeling"
    )
    uitstel_van_betaling = models.BooleanField(_("payment deferred"), default=False)
    besloten_op = models.DateField(_("decided on"), null=True, blank=True)
    toelichting = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("objection (bezwaar)")
        verbose_name_plural = _("objections (bezwaren)")
        ordering = ["-ingediend_op"]

    def __str__(self) -> str:
        return f"{self.vordering.kenmerk}: {self.get_status_display()}"
