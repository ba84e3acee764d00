from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. A burger, a helper and a staff member each have one (see their models)."""

    taal = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language this person chose; pages and letters use it."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
