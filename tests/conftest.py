"""Shared fixtures. Run through `make test` (it sets the database and broker URLs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def _static_files():
    # Pages use hashed static names (manifest storage); build them once if missing.
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _lege_cache(settings):
    """Rate limits count in the cache: every test starts without earlier attempts.

    The cache is this test process's own (the live server runs in a thread of it): the
    default, files in data/, is shared with `make run` and with other test runs on the
    machine, whose counts would leak in and whose counts a clear here would wipe.
    """
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _wachtrij_bereikbaar():
    """A test that made the queue unreachable must not leave the next one waiting out
    the pause after a failure (invordering.wachtrij)."""
    from invordering import wachtrij

    wachtrij.vergeet_storing()
    yield
    wachtrij.vergeet_storing()


@pytest.fixture
def redis_weg():
    """Redis down for the whole test: the Celery broker on a closed port (tests.storingen)."""
    from tests.storingen import zonder_redis

    with zonder_redis() as weg:
        yield weg


@pytest.fixture
def redis_cache_weg(settings):
    """The Redis cache on a closed port (tests.storingen)."""
    from tests.storingen import redis_cache_onbereikbaar

    with redis_cache_onbereikbaar(settings) as cache:
        yield cache


@pytest.fixture
def demo(settings):
    """DEMO mode on for one test (persona login, movable clock)."""
    from invordering import clock

    settings.DEMO = True
    clock.vergeet_cache()
    yield settings
    clock.vergeet_cache()


@pytest.fixture(scope="session")
def wereld(django_db_setup, django_db_blocker):
    """The demo world, built once per session for tests that only read it."""
    from invordering.demo.seed import bouw_wereld

    with django_db_blocker.unblock():
        bouw_wereld()
    return True


@pytest.fixture
def redis_worker():
    """A real Celery worker (in a thread) on the Redis broker that `make test` sets."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://... (make test sets it)")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


# --- the rate limiter's own clock (invordering.throttle runs on real time) -----------
DREMPEL_T0 = 1_800_000_000.0


class DrempelKlok:
    """Real time for the limiter, moved by hand: ``klok.nu = DREMPEL_T0 + 900``."""

    def __init__(self):
        self.nu = DREMPEL_T0

    def __call__(self) -> float:
        return self.nu


@pytest.fixture
def drempelklok(monkeypatch) -> DrempelKlok:
    from invordering import throttle

    klok = DrempelKlok()
    monkeypatch.setattr(throttle, "_nu", klok)
    return klok
