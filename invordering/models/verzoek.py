from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from invordering.models.fields import BedragField


class VerzoekSoort(models.TextChoices):
    PBT = "pbt", _("personal payment plan")
    PAUZE = "pauze", _("collection pause")
    BUNDELING = "bundeling", _("combining debts")


class VerzoekStatus(models.TextChoices):
    """Labels for the states of invordering.rules.verzoek (the transition table)."""

    CONCEPT = "concept", _("draft")
    INGEDIEND = "ingediend", _("submitted")
    IN_BEHANDELING = "in_behandeling", _("being handled")
    INFO_GEVRAAGD = "info_gevraagd", _("we asked for more information")
    TOEGEKEND = "toegekend", _("granted")
    AFGEWEZEN = "afgewezen", _("refused")
    INGETROKKEN = "ingetrokken", _("withdrawn")


class Leefsituatie(models.TextChoices):
    """The living situation that sets the bijstandsnorm in the betalingscapaciteit."""

    ALLEENSTAAND = "alleenstaand", _("Single: no partner and no children under 18 living with you")
    ALLEENSTAANDE_OUDER = (
        "alleenstaande_ouder",
        _("Single parent: no partner, with children under 18 living with you"),
    )
    SAMENWONEND = (
        "samenwonend",
        _("With a partner: married, registered partners or living together"),
    )


class PauzeReden(models.TextChoices):
    """Life events that make a pause sensible (DOMAIN.md section 4.2)."""

    ZIEKTE = "ziekte", _("Illness (of yourself or someone you care for)")
    OVERLIJDEN = "overlijden", _("Death of your partner or a family member")
    SCHEIDING = "scheiding", _("Divorce or end of a relationship")
    WERKLOOS = "werkloos", _("Loss of your job or income")
    VERHUIZING = "verhuizing", _("Moving house")
    GEBOORTE = "geboorte", _("Birth of a child")
    ANDERS = "anders", _("Something else")


class Verzoek(models.Model):
    """A request (PBT, pauze, bundeling); while pending it suspends escalation."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="verzoeken",
        verbose_name=_("citizen"),
    )
    soort = models.CharField(_("kind"), max_length=12, choices=VerzoekSoort.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=VerzoekStatus.choices, default=VerzoekStatus.CONCEPT
    )
    vorderingen = models.ManyToManyField(
        "invordering.Vordering", related_name="verzoeken", blank=True, verbose_name=_("debts")
    )
    # The answers as given, so the decision can always be traced back to them.
    gegevens = models.JSONField(_("answers"), default=dict, encoder=DjangoJSONEncoder, blank=True)
    aangemaakt_op = models.DateTimeField(_("created"))
    ingediend_op = models.DateTimeField(_("submitted on"), null=True, blank=True)
    beslistermijn = models.DateField(_("decision due by"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verzoeken_in_behandeling",
        verbose_name=_("handled by"),
    )
    besloten_op = models.DateTimeField(_("decided on"), null=True, blank=True)
    besluit_toelichting = models.TextField(_("reason for the decision"), blank=True)
    toegekend_bedrag = BedragField(_("granted instalment"), null=True, blank=True)

    class Meta:
        verbose_name = _("request (verzoek)")
        verbose_name_plural = _("requests (verzoeken)")
        ordering = ["beslistermijn", "id"]
        indexes = [models.Index(fields=["status", "beslistermijn"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concept") | Q(ingediend_op__isnull=False),
                name="verzoek_ingediend_heeft_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} – {self.burger}"


class Pauze(models.Model):
    """An invorderingspauze: no escalation (and, by policy, no offsetting) in the period."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="pauzes",
        verbose_name=_("citizen"),
    )
    verzoek = models.OneToOneField(
        Verzoek, on_delete=models.PROTECT, null=True, blank=True, related_name="pauze"
    )
    vorderingen = models.ManyToManyField(
        "invordering.Vordering", related_name="pauzes", verbose_name=_("debts")
    )
    reden = models.TextField(_("reason"))
    startdatum = models.DateField(_("from"))
    einddatum = models.DateField(_("until"))
    afspraken = models.TextField(_("agreed next steps"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beeindigd_op = models.DateField(_("ended early on"), null=True, blank=True)

    class Meta:
        verbose_name = _("collection pause")
        verbose_name_plural = _("collection pauses")
        ordering = ["-startdatum"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__gte=models.F("startdatum")), name="pauze_periode_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.burger}: {self.startdatum} – {self.einddatum}"

    def is_actief_op(self, dag) -> bool:
        einde = self.beeindigd_op or self.einddatum
        return self.startdatum <= dag <= einde
