"""The settings module: embedded defaults, switches, and clear start-up errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHOON = {
    k: v
    for k, v in os.environ.items()
    if k
    not in {
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "SECRET_KEY",
        "DEBUG",
        "DEMO",
        "HTTPS",
        "KLOK_CACHE_SECONDEN",
        "LOG_LEVEL",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "DATA_DIR",
        "TRUSTED_PROXIES",
    }
}


def laad(tmp_path, **env) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with only ``env`` set."""
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'],"
        "'broker': settings.CELERY_BROKER_URL, 'debug': settings.DEBUG, 'demo': settings.DEMO,"
        "'secure': settings.SESSION_COOKIE_SECURE}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **SCHOON,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_needs_no_servers(tmp_path):
    result = laad(tmp_path, DEMO="true")
    assert result.returncode == 0, result.stderr
    assert '"db": "django.db.backends.sqlite3"' in result.stdout
    assert '"broker": "filesystem://"' in result.stdout
    assert '"debug": false' in result.stdout
    assert (tmp_path / "broker" / "queue").is_dir()


def test_urls_switch_to_postgresql_and_redis(tmp_path):
    result = laad(
        tmp_path,
        DEMO="1",
        DATABASE_URL="postgres://u:p@db.example:5432/toeslagen",
        CELERY_BROKER_URL="redis://cache.example:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert '"db": "django.db.backends.postgresql"' in result.stdout
    assert '"broker": "redis://cache.example:6379/0"' in result.stdout


def _start(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **SCHOON,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_web_worker_and_beat_refuse_to_start_without_a_secret_key(tmp_path):
    web = _start(tmp_path, "import config.wsgi")
    assert web.returncode != 0
    assert "Environment variable SECRET_KEY: expected a long random value" in web.stderr
    worker = _start(
        tmp_path, "from config.celery import _eis_geheime_sleutel; _eis_geheime_sleutel()"
    )
    assert worker.returncode != 0 and "Environment variable SECRET_KEY" in worker.stderr
    with_key = _start(tmp_path, "import config.wsgi", SECRET_KEY="x" * 40)
    assert with_key.returncode == 0, with_key.stderr


def test_code_only_commands_need_no_secret_key(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**SCHOON, "DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert not (tmp_path / "secret_key").exists()  # nothing generated on the side


def test_demo_and_debug_are_off_by_default_and_production_needs_a_secret_key(tmp_path):
    result = _start(
        tmp_path,
        "import django; from django.conf import settings; django.setup(); settings.SECRET_KEY",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    ok = laad(tmp_path, SECRET_KEY="x" * 40, HTTPS="true")
    assert ok.returncode == 0, ok.stderr
    assert '"demo": false' in ok.stdout and '"debug": false' in ok.stdout
    assert '"secure": true' in ok.stdout


@pytest.mark.parametrize(
    ("variable", "waarde"),
    [
        ("DEBUG", "misschien"),
        ("DEMO", "2"),
        ("DATABASE_URL", "mysql://localhost/db"),
        ("DATABASE_URL", "postgres://localhost"),
        ("CELERY_BROKER_URL", "amqp://localhost"),
        ("KLOK_CACHE_SECONDEN", "-1"),
        ("KLOK_CACHE_SECONDEN", "soms"),
        ("LOG_LEVEL", "LOUD"),
        ("SECRET_KEY", "short"),
        ("TRUSTED_PROXIES", "proxy.internal"),
        ("TRUSTED_PROXIES", "10.0.0.0/33"),
        ("TRUSTED_PROXIES", "10.0.0.1, 10.0.0.300"),
    ],
)
def test_invalid_value_stops_start_up_naming_the_variable(tmp_path, variable, waarde):
    result = laad(tmp_path, **{"DEMO": "true", variable: waarde})
    assert result.returncode != 0
    assert f"Environment variable {variable}" in result.stderr


def test_trusted_proxies_are_none_by_default_and_read_as_networks(tmp_path):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.TRUSTED_PROXIES)"
    )
    geen = _start(tmp_path, code, DEMO="true")
    assert geen.returncode == 0, geen.stderr
    assert geen.stdout.strip() == "[]"
    lijst = _start(
        tmp_path, code, DEMO="true", TRUSTED_PROXIES=" 10.0.0.0/8, 192.0.2.7,2001:DB8::/32 "
    )
    assert lijst.returncode == 0, lijst.stderr
    assert lijst.stdout.strip() == "['10.0.0.0/8', '192.0.2.7/32', '2001:db8::/32']"
