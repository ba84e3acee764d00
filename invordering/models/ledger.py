from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from invordering.models.fields import NUL, BedragField


class BoekingSoort(models.TextChoices):
    HOOFDSOM = "hoofdsom", _("principal")
    RENTE = "rente", _("interest")
    KOSTEN = "kosten", _("costs")
    BETALING = "betaling", _("payment")
    VERREKENING = "verrekening", _("offset")
    KWIJTSCHELDING = "kwijtschelding", _("remission")
    CORRECTIE = "correctie", _("correction")


class Component(models.TextChoices):
    """Which part of the debt a booking changes; payments go to kosten, rente, hoofdsom."""

    HOOFDSOM = "hoofdsom", _("principal")
    RENTE = "rente", _("interest")
    KOSTEN = "kosten", _("costs")


# Bookings that raise the debt are positive, bookings that lower it negative.
DEBET = (BoekingSoort.HOOFDSOM, BoekingSoort.RENTE, BoekingSoort.KOSTEN)
CREDIT = (BoekingSoort.BETALING, BoekingSoort.VERREKENING, BoekingSoort.KWIJTSCHELDING)


class BoekingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The ledger is append-only: book a correctie instead of updating.")

    def delete(self):
        raise TypeError("The ledger is append-only: book a correctie instead of deleting.")


class Boeking(models.Model):
    """One line of the append-only ledger. Every saldo is a sum over these rows.

    ``sleutel`` makes a booking idempotent: the same unit of work (a betaling, a
    verrekening for a month, costs for an escalation step) can only be booked once.
    """

    vordering = models.ForeignKey(
        "invordering.Vordering",
        on_delete=models.PROTECT,
        related_name="boekingen",
        verbose_name=_("debt"),
        db_index=False,  # the (vordering, component) index serves every lookup by vordering
    )
    soort = models.CharField(_("kind"), max_length=16, choices=BoekingSoort.choices)
    component = models.CharField(_("part"), max_length=10, choices=Component.choices)
    bedrag = BedragField(_("amount"))
    boekdatum = models.DateField(_("booking date"))
    omschrijving = models.CharField(_("description"), max_length=200, blank=True)
    betaling = models.ForeignKey(
        "invordering.Betaling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boekingen",
        db_index=False,  # a partial index (Meta): most bookings come from no betaling
    )
    verrekening = models.ForeignKey(
        "invordering.Verrekening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boekingen",
    )
    # Unique through Meta.constraints (no second index for LIKE searches nobody makes).
    sleutel = models.CharField(max_length=120, null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("recorded at"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index (Meta): the engines book without a user
    )

    objects = BoekingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("ledger")
        ordering = ["boekdatum", "id"]
        indexes = [
            models.Index(fields=["vordering", "component"]),
            # Only the bookings that have one: an engine run books hundreds of thousands
            # of rows with neither, and every index entry is written in the run.
            models.Index(
                fields=["betaling"], name="boeking_betaling", condition=Q(betaling__isnull=False)
            ),
            models.Index(
                fields=["aangemaakt_door"],
                name="boeking_aangemaakt_door",
                condition=Q(aangemaakt_door__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sleutel"], name="boeking_sleutel_uniek"),
            models.CheckConstraint(
                condition=(Q(soort__in=DEBET) & Q(bedrag__gt=0))
                | (Q(soort__in=CREDIT) & Q(bedrag__lt=0))
                | (Q(soort=BoekingSoort.CORRECTIE) & ~Q(bedrag=0)),
                name="boeking_teken_per_soort",
            ),
            models.CheckConstraint(
                condition=~Q(soort__in=DEBET) | Q(component=models.F("soort")),
                name="boeking_debet_eigen_component",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.boekdatum} {self.get_soort_display()} {self.bedrag}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The ledger is append-only: book a correctie instead of updating.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The ledger is append-only: book a correctie instead of deleting.")


class BetaalMethode(models.TextChoices):
    IDEAL = "ideal", _("iDEAL")
    DEMO_IDEAL = "demo_ideal", _("iDEAL (demo, no real money)")
    OVERBOEKING = "overboeking", _("bank transfer")
    INCASSO = "incasso", _("direct debit")


class Betaling(models.Model):
    """Money received from (or for) a burger; its bookings say where it went."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="betalingen",
        verbose_name=_("citizen"),
    )
    bedrag = BedragField(_("amount"))
    ontvangen_op = models.DateField(_("received on"))
    methode = models.CharField(_("method"), max_length=16, choices=BetaalMethode.choices)
    referentie = models.CharField(_("transaction reference"), max_length=64, unique=True)
    regeling = models.ForeignKey(
        "invordering.Regeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="betalingen",
        verbose_name=_("payment plan"),
    )
    # Part of the money that did not fit any open amount; it is paid back, never lost.
    onverdeeld = BedragField(_("not allocated"), default=NUL)
    aangemaakt_op = models.DateTimeField(_("recorded at"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-ontvangen_op", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="betaling_positief"),
            models.CheckConstraint(
                condition=Q(onverdeeld__gte=0) & Q(onverdeeld__lte=models.F("bedrag")),
                name="betaling_onverdeeld_binnen_bedrag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ontvangen_op} €{self.bedrag}"
