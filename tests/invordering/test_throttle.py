"""The one rate limiter: counts per kind and key, a window from the first attempt, the
wait it reports, and counts that every process sees (file cache and Redis)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

from invordering import throttle
from tests.conftest import DREMPEL_T0 as T0

ROOT = Path(__file__).resolve().parents[2]
NAAM, IP, CODE = throttle.INLOGGEN_NAAM, throttle.INLOGGEN_IP, throttle.MACHTIGINGSCODE


@pytest.fixture
def klok(drempelklok):
    return drempelklok


def test_the_defaults_are_five_logins_per_name_twenty_per_address_and_ten_requests_an_hour():
    assert (NAAM.maximum, NAAM.venster_seconden) == (5, 900)
    assert (IP.maximum, IP.venster_seconden) == (20, 900)
    assert (CODE.maximum, CODE.venster_seconden) == (5, 900)
    assert (throttle.VERZOEK_INDIENEN.maximum, throttle.VERZOEK_INDIENEN.venster_seconden) == (
        10,
        3600,
    )


def test_a_limit_blocks_after_the_maximum_and_not_before(klok):
    for poging in range(1, 6):
        assert throttle.blokkade(NAAM, "ahmed") is None, poging
        assert throttle.tel(NAAM, "ahmed") == poging
    assert throttle.blokkade(NAAM, "ahmed") is not None


def test_counts_are_per_key_and_per_kind(klok):
    for _ in range(5):
        throttle.tel(NAAM, "ahmed")
    assert throttle.blokkade(NAAM, "ahmed") is not None
    assert throttle.blokkade(NAAM, "eva") is None
    assert throttle.blokkade(CODE, "ahmed") is None
    assert throttle.blokkade(IP, "ahmed") is None


def test_the_block_says_how_long_is_left_rounded_up_to_minutes(klok):
    for _ in range(5):
        throttle.tel(NAAM, "ahmed")
    klok.nu = T0 + 240
    blok = throttle.blokkade(NAAM, "ahmed")
    assert blok.wacht_seconden == 660 and blok.minuten == 11
    klok.nu = T0 + 899.5
    assert throttle.blokkade(NAAM, "ahmed").minuten == 1
    with translation.override("en"):
        assert throttle.blokkade(NAAM, "ahmed").wachttijd == "1 minute"
        klok.nu = T0
        assert throttle.blokkade(NAAM, "ahmed").wachttijd == "15 minutes"


def test_the_window_runs_from_the_first_attempt_and_then_counting_starts_again(klok):
    throttle.tel(NAAM, "ahmed")
    klok.nu = T0 + 800
    for _ in range(4):
        throttle.tel(NAAM, "ahmed")
    assert throttle.blokkade(NAAM, "ahmed") is not None
    klok.nu = T0 + 899
    assert throttle.blokkade(NAAM, "ahmed") is not None
    klok.nu = T0 + 900
    assert throttle.blokkade(NAAM, "ahmed") is None
    assert throttle.tel(NAAM, "ahmed") == 1
    assert throttle.blokkade(NAAM, "ahmed") is None


def test_limits_and_windows_come_from_settings(klok, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "inloggen_naam": {"maximum": 2, "seconden": 60}}
    throttle.tel(NAAM, "ahmed")
    assert throttle.blokkade(NAAM, "ahmed") is None
    throttle.tel(NAAM, "ahmed")
    assert throttle.blokkade(NAAM, "ahmed").wacht_seconden == 60
    klok.nu = T0 + 60
    assert throttle.blokkade(NAAM, "ahmed") is None


def test_wis_forgets_the_count(klok):
    for _ in range(5):
        throttle.tel(NAAM, "ahmed")
    throttle.wis(NAAM, "ahmed")
    assert throttle.blokkade(NAAM, "ahmed") is None
    assert throttle.tel(NAAM, "ahmed") == 1


def test_keys_in_the_cache_hold_no_name_or_address():
    throttle.tel(IP, "ip:192.0.2.7")
    sleutels = throttle._sleutels(IP, "ip:192.0.2.7")
    assert all("192.0.2.7" not in s for s in sleutels)
    assert cache.get(sleutels[0]) == 1


def test_the_file_cache_keeps_the_window_when_it_counts(settings, tmp_path):
    # The file cache's incr writes the entry again with the default timeout (5 minutes);
    # an hour's window must still hold after the second attempt.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    grens = throttle.VERZOEK_INDIENEN
    throttle.tel(grens, "burger:1")
    assert throttle.tel(grens, "burger:1") == 2
    bestand = cache._key_to_file(throttle._sleutels(grens, "burger:1")[0])
    with open(bestand, "rb") as f:
        verloopt = pickle.load(f)
    assert verloopt > throttle._nu() + 3500


def _redis_url() -> str | None:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return broker if broker.startswith("redis://") else None


@pytest.mark.parametrize("backend", ["files", "redis"])
def test_counts_made_by_another_process_block_here(backend, settings, tmp_path):
    """Web processes share their counts: five failures in another process block a name
    here, through the file cache (no CACHE_URL) and through Redis (CACHE_URL)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATA_DIR": str(tmp_path)}
    env.pop("CACHE_URL", None)
    if backend == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("needs CELERY_BROKER_URL=redis://... (make test sets it)")
        env["CACHE_URL"] = url
        caches = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        caches = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    naam = f"naam:{uuid.uuid4()}"  # a fresh key: Redis is shared with other runs
    script = (
        "import django; django.setup()\n"
        "from invordering import throttle\n"
        f"for _ in range(5): throttle.tel(throttle.INLOGGEN_NAAM, {naam!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)
    settings.CACHES = {"default": caches}
    try:
        blok = throttle.blokkade(NAAM, naam)
        assert blok is not None and 0 < blok.wacht_seconden <= 900
    finally:
        throttle.wis(NAAM, naam)
