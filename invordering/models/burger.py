from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from invordering.validators import validate_bsn


class Huishouden(models.Model):
    """The household a toeslag is computed for; partners in it are jointly liable."""

    naam = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.naam


class Burger(models.Model):
    """The person who owes: the legal subject of vorderingen and requests."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="burger",
        verbose_name=_("login"),
    )
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    voornamen = models.CharField(_("first names"), max_length=120)
    achternaam = models.CharField(_("surname"), max_length=120)
    geboortedatum = models.DateField(_("date of birth"))
    taal = models.CharField(
        _("language for letters"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    huishouden = models.ForeignKey(
        Huishouden,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leden",
        verbose_name=_("household"),
    )
    toeslagpartner = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_van",
        verbose_name=_("benefit partner"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    telefoon = models.CharField(_("telephone"), max_length=20, blank=True)
    straat = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    woonplaats = models.CharField(_("town"), max_length=80, blank=True)
    # Stable key of a demo persona ("mark", "sanne", ...); empty for everyone else.
    demo_sleutel = models.SlugField(_("demo key"), max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["achternaam", "voornamen"]

    def __str__(self) -> str:
        return self.naam

    @property
    def naam(self) -> str:
        return f"{self.voornamen} {self.achternaam}"

    @property
    def bsn_gemaskeerd(self) -> str:
        """Only the last three digits: enough to recognise, too little to misuse."""
        return f"******{self.bsn[-3:]}"
