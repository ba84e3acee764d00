from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventSoort(models.TextChoices):
    """Everything that can happen; the timelines, letters list and audit read these."""

    VOORSCHOT = "voorschot", _("advance decided")
    DEFINITIEVE_BEREKENING = "definitieve_berekening", _("final award")
    HERZIENING = "herziening", _("award revised")
    TERUGVORDERING = "terugvordering", _("repayment decision")
    BETALING = "betaling", _("payment received")
    VERREKENING = "verrekening", _("offset against an advance")
    VERREKENING_AANGEKONDIGD = "verrekening_aangekondigd", _("offsetting announced")
    VERREKENING_GEWIJZIGD = "verrekening_gewijzigd", _("offsetting changes next month")
    HERINNERING = "herinnering", _("reminder sent")
    CONTACTVERZOEK = "contactverzoek", _("we will call you")
    AANMANING = "aanmaning", _("formal notice sent")
    DWANGBEVEL = "dwangbevel", _("writ of execution")
    BESLAG = "beslag", _("seizure")
    REGELING_GESTART = "regeling_gestart", _("payment plan started")
    REGELING_VOLTOOID = "regeling_voltooid", _("payment plan completed")
    REGELING_VERSCHOVEN = "regeling_verschoven", _("payment plan moved one month")
    REGELING_INGETROKKEN = "regeling_ingetrokken", _("payment plan withdrawn")
    TERMIJN_GEMIST = "termijn_gemist", _("instalment missed")
    VERZOEK_INGEDIEND = "verzoek_ingediend", _("request submitted")
    VERZOEK_INFO_GEVRAAGD = "verzoek_info_gevraagd", _("more information asked")
    VERZOEK_AANGEVULD = "verzoek_aangevuld", _("information sent")
    VERZOEK_IN_BEHANDELING = "verzoek_in_behandeling", _("request taken on by an employee")
    VERZOEK_TOEGEKEND = "verzoek_toegekend", _("request granted")
    VERZOEK_AFGEWEZEN = "verzoek_afgewezen", _("request refused")
    VERZOEK_INGETROKKEN = "verzoek_ingetrokken", _("request withdrawn")
    PAUZE_GESTART = "pauze_gestart", _("collection paused")
    PAUZE_BEEINDIGD = "pauze_beeindigd", _("collection pause ended")
    SIGNAAL = "signaal", _("signal for personal contact")
    SIGNAAL_AFGEHANDELD = "signaal_afgehandeld", _("signal handled")
    CONTACT = "contact", _("conversation")
    MACHTIGING_AANGEVRAAGD = "machtiging_aangevraagd", _("code for a helper made")
    MACHTIGINGSCODE_INGETROKKEN = "machtigingscode_ingetrokken", _("code for a helper cancelled")
    MACHTIGING_VERLEEND = "machtiging_verleend", _("mandate granted")
    MACHTIGING_INGETROKKEN = "machtiging_ingetrokken", _("mandate revoked")
    MACHTIGING_VERLOPEN = "machtiging_verlopen", _("mandate expired")
    BEZWAAR_INGEDIEND = "bezwaar_ingediend", _("objection submitted")
    BEZWAAR_BESLOTEN = "bezwaar_besloten", _("objection decided")
    KWIJTSCHELDING = "kwijtschelding", _("remission")
    CORRECTIE = "correctie", _("correction")
    GEGEVENS_GEWIJZIGD = "gegevens_gewijzigd", _("personal details changed")
    AFGEROND = "afgerond", _("debt settled")


class ActorRol(models.TextChoices):
    SYSTEEM = "systeem", _("automatic rule")
    BURGER = "burger", _("citizen")
    HELPER = "helper", _("helper")
    MEDEWERKER = "medewerker", _("staff member")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only.")

    def delete(self):
        raise TypeError("The event log is append-only.")


class Event(models.Model):
    """One entry of the append-only event log: what happened, when, why, by whom, for whom.

    ``burger`` is whom it concerns; ``actor`` acted (a helper acts under ``machtiging``);
    ``regel`` names the rule when the system acted. ``sleutel`` makes it idempotent.
    """

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("citizen"),
        db_index=False,  # the (burger, tijdstip) index serves every lookup by burger
    )
    soort = models.CharField(_("kind"), max_length=32, choices=EventSoort.choices)
    tijdstip = models.DateTimeField(_("when"), db_index=True)
    vordering = models.ForeignKey(
        "invordering.Vordering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    regeling = models.ForeignKey(
        "invordering.Regeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    verzoek = models.ForeignKey(
        "invordering.Verzoek",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    actor_rol = models.CharField(_("acted as"), max_length=12, choices=ActorRol.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acted by"),
    )
    machtiging = models.ForeignKey(
        "invordering.Machtiging",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    regel = models.CharField(_("rule"), max_length=80, blank=True)
    # Where a person acted from (their request's address); empty when the system acted.
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, encoder=DjangoJSONEncoder, blank=True)
    # Unique through Meta.constraints: ``unique=True`` would add a second index for LIKE
    # searches that nothing makes, and every event written pays for each index.
    sleutel = models.CharField(max_length=120, null=True, blank=True)
    geregistreerd_op = models.DateTimeField(_("recorded at (wall clock)"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("event log")
        ordering = ["tijdstip", "id"]
        indexes = [
            models.Index(fields=["burger", "tijdstip"]),
            # The audit trail's changes, newest first: only what people did, so a month of
            # automatic offsetting (a million system events) is not read past.
            models.Index(
                fields=["tijdstip"],
                condition=~models.Q(actor_rol="systeem"),
                name="event_door_persoon_idx",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["sleutel"], name="event_sleutel_uniek")]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d} {self.get_soort_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The event log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The event log is append-only.")
