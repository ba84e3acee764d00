"""Checks a serving process makes before it starts (web, worker, beat)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_ONTBREEKT = (
    "Environment variable SECRET_KEY: expected a long random value "
    "(it may only be left out when DEBUG or DEMO is on)."
)


def eis_geheime_sleutel(**_signaal) -> None:
    try:
        aanwezig = bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        aanwezig = False
    if not aanwezig:
        raise ImproperlyConfigured(SECRET_KEY_ONTBREEKT)
