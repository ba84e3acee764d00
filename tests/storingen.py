"""Faults on demand for tests: Redis away (a closed port) and PostgreSQL losing a session.

Nothing here stops or restarts a shared server. Redis "down" is a Celery app and a cache
pointed at a port nobody listens on; a PostgreSQL restart is this test database's own
backend terminated (pg_terminate_backend) from a second connection to the same database.
The fixtures ``redis_weg`` and ``redis_cache_weg`` (tests/conftest.py) use these.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from unittest import mock

import psycopg
from django.conf import settings
from django.db import connections
from django.test import override_settings

# Nobody listens here (the shared Redis is on 6379): connecting is refused at once.
GESLOTEN_REDIS = "redis://127.0.0.1:6390/0"


@contextmanager
def zonder_redis():
    """The broker and the result store unreachable, as when Redis is down.

    A fresh Celery app made from the settings with both URLs on a closed port, made
    current for the block: the product's shared tasks resolve to it (they are proxies for
    the current app's tasks), so every ``.delay`` meets a broker that is not there.
    """
    from celery import Celery

    from config.celery import app as echte_app

    # Celery reads these environment variables before any configuration.
    omgeving = {"CELERY_BROKER_URL": GESLOTEN_REDIS, "CELERY_RESULT_BACKEND": GESLOTEN_REDIS}
    with (
        mock.patch.dict(os.environ, omgeving),
        override_settings(
            CELERY_BROKER_URL=GESLOTEN_REDIS,
            CELERY_RESULT_BACKEND=GESLOTEN_REDIS,
            CELERY_BROKER_TRANSPORT_OPTIONS=settings.REDIS_BROKER_OPTIES,
        ),
    ):
        weg = Celery("invordering-zonder-redis", set_as_current=False)
        weg.config_from_object("django.conf:settings", namespace="CELERY")
        assert weg.conf.broker_url == GESLOTEN_REDIS
        weg.set_current()
        try:
            yield weg
        finally:
            echte_app.set_current()
            weg.close()


@contextmanager
def redis_cache_onbereikbaar(settings):
    """The shared cache (rate limits) is Redis on a closed port; yields that cache."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GESLOTEN_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield cache


def beeindig_sessie(alias: str = "default") -> int:
    """Terminate the backend behind Django's connection, as a database restart does.

    From a second connection to the same (test) database, and only that backend: the
    query also checks that the pid belongs to this database. Returns the pid.
    """
    verbinding = connections[alias]
    verbinding.ensure_connection()
    pid = verbinding.connection.info.backend_pid
    db = verbinding.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    ) as tweede:
        rij = tweede.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid = %s AND datname = current_database()",
            [pid],
        ).fetchone()
    assert rij and rij[0], "the backend was not terminated"
    return pid


def sterf_voor_commit(monkeypatch, wanneer: Callable[[], bool], alias: str = "default") -> list:
    """Terminate the session right before the COMMIT of the first transaction for which
    ``wanneer()`` (asked inside that transaction) is true; once. Returns a list that gets
    the terminated pid, so a test can check the fault really happened."""
    verbinding = connections[alias]
    echte_commit = verbinding.commit
    gebeurd: list[int] = []

    def commit():
        if not gebeurd and wanneer():
            gebeurd.append(beeindig_sessie(alias))
        return echte_commit()

    monkeypatch.setattr(verbinding, "commit", commit)
    return gebeurd
