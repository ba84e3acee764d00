"""Typed access to environment variables.

Every setting that can come from the environment is read through these helpers, so a
wrong value stops start-up with one message that names the variable and says what is
expected, instead of a stack trace somewhere later.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on", "ja", "aan"}
FALSE = {"0", "false", "no", "off", "nee", "uit", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def fail(name: str, expected: str, got: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"Environment variable {name}: expected {expected}, got {got!r}.")


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise fail(name, "true or false (1/0, yes/no, on/off)", raw)


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise fail(name, "a whole number", raw) from None
    if minimum is not None and value < minimum:
        raise fail(name, f"a whole number of at least {minimum}", raw)
    return value


def env_str(name: str, default: str | None = None) -> str | None:
    raw = _raw(name)
    return default if raw in (None, "") else raw


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated addresses or networks in CIDR notation (``10.0.0.0/8, ::1``), empty
    when unset; each written back in its normal form (``10.0.0.0/8``, ``2001:db8::/32``)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise fail(
                name, "IP addresses or networks such as 10.0.0.0/8, separated by commas", item
            ) from None
    return networks


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = _raw(name)
    if raw in (None, ""):
        return default
    if raw not in choices:
        raise fail(name, "one of " + ", ".join(choices), raw)
    return raw


def env_path(name: str, default: Path) -> Path:
    raw = _raw(name)
    return Path(raw).expanduser().resolve() if raw else default


def database_from_url(name: str, url: str, *, sqlite_default: Path) -> dict:
    """``postgres://user:pass@host:port/db`` or ``sqlite:///path`` -> DATABASES['default']."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        if not parts.path.strip("/"):
            raise fail(name, "a database name in the URL (postgres://host/dbname)", url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # Keep connections for a minute: pages do a handful of queries each.
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        # sqlite:///relative/file and sqlite:////absolute/file, as in SQLAlchemy.
        path = unquote(parts.path)[1:]
        return sqlite_database(Path(path) if path else sqlite_default)
    raise fail(name, "a postgres:// or sqlite:/// URL", url)


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # Web, worker and beat share one file: WAL lets readers and one writer work
            # together, IMMEDIATE avoids lock upgrades that fail under contention.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
