from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentSoort(models.TextChoices):
    """Letter kinds; each has a template invordering/brieven/<soort>.html."""

    TERUGVORDERING = "terugvordering", _("repayment decision")
    HERINNERING = "herinnering", _("reminder")
    CONTACTVERZOEK = "contactverzoek", _("we would like to talk to you")
    AANMANING = "aanmaning", _("formal notice")
    DWANGBEVEL = "dwangbevel", _("writ of execution")
    BESLAG = "beslag", _("seizure")
    VERREKENING_AANGEKONDIGD = "verrekening_aangekondigd", _("offsetting announced")
    VERREKENING_GEWIJZIGD = "verrekening_gewijzigd", _("offsetting changes next month")
    REGELING_BEVESTIGING = "regeling_bevestiging", _("payment plan confirmed")
    TERMIJN_GEMIST = "termijn_gemist", _("instalment missed")
    REGELING_INGETROKKEN = "regeling_ingetrokken", _("payment plan withdrawn")
    VERZOEK_ONTVANGEN = "verzoek_ontvangen", _("request received")
    INFO_GEVRAAGD = "info_gevraagd", _("we need more information")
    BESLUIT_VERZOEK = "besluit_verzoek", _("decision on your request")
    BETAALBEVESTIGING = "betaalbevestiging", _("payment received")
    AFGEROND = "afgerond", _("debt settled")
    OVERZICHT = "overzicht", _("overview of what you owe")


class PdfStatus(models.TextChoices):
    NIET_GEMAAKT = "niet_gemaakt", _("not made yet")
    IN_WACHTRIJ = "in_wachtrij", _("being made")
    KLAAR = "klaar", _("ready")
    MISLUKT = "mislukt", _("failed")


class Document(models.Model):
    """A letter the product made, with the data snapshot it was made from.

    The snapshot holds every value the letter shows, so the letter can be rendered again
    exactly as issued, in the language it was issued in, whatever changed since.
    """

    burger = models.ForeignKey(
        "invordering.Burger",
        on_delete=models.PROTECT,
        related_name="documenten",
        verbose_name=_("citizen"),
    )
    soort = models.CharField(_("kind"), max_length=32, choices=DocumentSoort.choices)
    event = models.OneToOneField(
        "invordering.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document",
    )
    vordering = models.ForeignKey(
        "invordering.Vordering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documenten",
    )
    kenmerk = models.CharField(_("reference"), max_length=40, unique=True)
    datum = models.DateField(_("date"))
    taal = models.CharField(_("language"), max_length=8)
    snapshot = models.JSONField(_("data snapshot"), default=dict, encoder=DjangoJSONEncoder)
    pdf = models.FileField(_("PDF"), upload_to="brieven/%Y/", blank=True)
    pdf_status = models.CharField(
        _("PDF status"), max_length=16, choices=PdfStatus.choices, default=PdfStatus.NIET_GEMAAKT
    )
    pdf_pogingen = models.PositiveSmallIntegerField(_("attempts"), default=0)
    pdf_fout = models.TextField(_("last error"), blank=True)
    # When the PDF task was handed to the queue. Empty while the PDF is "being made" means
    # the queue could not be reached: the sweep (invordering.wachtrij.haal_in) hands it
    # over later, and one handed over long ago without a result is handed over again.
    pdf_gevraagd_op = models.DateTimeField(_("PDF queued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["burger", "datum"])]

    def __str__(self) -> str:
        return f"{self.datum} {self.get_soort_display()} ({self.kenmerk})"

    @property
    def pdf_vertraagd(self) -> bool:
        """Being made, but the queue was away or an attempt failed: it takes longer."""
        return self.pdf_status == PdfStatus.IN_WACHTRIJ and (
            self.pdf_gevraagd_op is None or bool(self.pdf_fout)
        )
