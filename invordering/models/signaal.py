from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignaalSoort(models.TextChoices):
    STILGEVALLEN = "stilgevallen", _("no reaction: call the person")
    MAATWERK = "maatwerk", _("custom solution needed")
    GEMISTE_TERMIJN = "gemiste_termijn", _("missed instalment")
    BESLAG_BESLUIT = "beslag_besluit", _("decision on seizure needed")
    BESLISTERMIJN = "beslistermijn", _("decision deadline near")


class SignaalStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_BEHANDELING = "in_behandeling", _("being handled")
    AFGEHANDELD = "afgehandeld", _("handled")


class SignaalUitkomst(models.TextChoices):
    REGELING = "regeling", _("payment plan agreed")
    PBT = "pbt", _("personal payment plan requested")
    PAUZE = "pauze", _("collection pause")
    DOORVERWIJZING = "doorverwijzing", _("referred (Geldfit, debt help, municipality)")
    DOORGAAN = "doorgaan", _("continue the process")
    BESLAG = "beslag", _("seizure decided")
    GEEN_BESLAG = "geen_beslag", _("no seizure")
    VERVALLEN = "vervallen", _("no longer needed: the debt is paid")


class Signaal(models.Model):
    """A reason for personal contact instead of the next automatic step."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="signalen",
        verbose_name=_("citizen"),
    )
    # One signal per person and reason: several debts that went quiet make one call.
    vorderingen = models.ManyToManyField(
        "invordering.Vordering", related_name="signalen", blank=True, verbose_name=_("debts")
    )
    soort = models.CharField(_("kind"), max_length=20, choices=SignaalSoort.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=SignaalStatus.choices, default=SignaalStatus.OPEN
    )
    toelichting = models.TextField(_("explanation"), blank=True)
    aangemaakt_op = models.DateTimeField(_("created"))
    contact_voor = models.DateField(_("contact before"), null=True, blank=True)
    uitkomst = models.CharField(
        _("outcome"), max_length=16, choices=SignaalUitkomst.choices, blank=True
    )
    afgehandeld_op = models.DateTimeField(_("handled on"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["contact_voor", "id"]
        indexes = [models.Index(fields=["status", "contact_voor"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} – {self.burger}"


class Kanaal(models.TextChoices):
    TELEFOON = "telefoon", _("telephone")
    BALIE = "balie", _("at the desk")
    VIDEO = "video", _("video call")
    BRIEF = "brief", _("letter")
    EMAIL = "email", _("e-mail")


class Contactmoment(models.Model):
    """A recorded conversation with the burger or their helper."""

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="contacten",
        verbose_name=_("citizen"),
    )
    signaal = models.ForeignKey(
        Signaal, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacten"
    )
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    kanaal = models.CharField(_("channel"), max_length=10, choices=Kanaal.choices)
    tijdstip = models.DateTimeField(_("when"))
    met_helper = models.BooleanField(_("with the helper"), default=False)
    samenvatting = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d} {self.get_kanaal_display()} – {self.burger}"
