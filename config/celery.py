"""The Celery application shared by the web process, the workers and beat."""

import os

from celery import Celery
from celery.signals import beat_init, setup_logging, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("invordering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _eis_geheime_sleutel(**signaal):
    from django.core.exceptions import ImproperlyConfigured

    from config.opstart import eis_geheime_sleutel

    try:
        eis_geheime_sleutel(**signaal)
    except ImproperlyConfigured as fout:
        # Celery logs and ignores exceptions from signal handlers; this must stop it.
        raise SystemExit(str(fout)) from None


@setup_logging.connect
def _django_logging(**_signaal):
    """Workers and beat log through settings.LOGGING, so the privacy filter
    (config/logprivacy.py) masks BSNs and amounts there too, not Celery's own setup."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
