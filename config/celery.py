"""The Celery application shared by the web process, the workers and beat."""

import gc
import os

from celery import Celery
from celery.signals import (
    beat_init,
    setup_logging,
    worker_init,
    worker_process_init,
    worker_ready,
)

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


@worker_process_init.connect  # each process of the prefork pool, once started
@worker_ready.connect  # the worker itself: the solo pool runs its tasks there
def _startobjecten_buiten_gc(**_signaal):
    """Leave what start-up built out of garbage collection from now on.

    A worker holds Django, Celery and every module of the app: objects that live as
    long as the process. An engine chunk makes tens of thousands of small objects, and
    every full collection walked all those start-up objects again. Measured with
    bench/engines.py (1M vorderingen): a daily escalation chunk 81 ms -> 67 ms.
    """
    gc.freeze()
