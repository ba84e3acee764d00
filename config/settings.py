"""The one settings module. Every deployment difference comes from the environment.

Without any environment variables the product runs embedded: a SQLite file and a
filesystem Celery broker in ``data/``, so a fresh machine needs no servers. Set
``DATABASE_URL`` for PostgreSQL and ``CELERY_BROKER_URL`` for Redis. See README.md.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_str,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("DATA_DIR", BASE_DIR / "data")
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# DEMO turns on the persona login, the movable clock and the tester controls. It is off
# unless asked for, so a production deployment can never expose them by accident.
DEMO = env_bool("DEMO", False)
# HTTPS turns on secure cookies, HSTS and the redirect; `make run` serves plain HTTP on
# localhost, a real deployment sets HTTPS=true behind its TLS proxy.
HTTPS = env_bool("HTTPS", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured(
                "Environment variable SECRET_KEY: expected at least 32 characters."
            )
        return key
    if not (DEBUG or DEMO):
        # Commands that only read the code (makemigrations --check, makemessages,
        # collectstatic) need no key. Whatever serves or signs refuses to start without
        # one (config.opstart, called by config.wsgi and the Celery worker and beat), and
        # Django itself refuses an empty key wherever it is used.
        return ""
    # Local runs keep one generated key in the data folder, so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "invordering",
    "citizen",
    "staff",
    "testkit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",  # CSP and Permissions-Policy, see below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail: records what a response showed of whom, and the address of changes.
    "invordering.audit.AuditMiddleware",
    "citizen.middleware.TaalMiddleware",
    "citizen.middleware.InloggenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Faults: a database that is away gives a calm 503, and work kept for a queue that is
    # away gives a message (after messages, which it uses).
    "config.storingen.StoringMiddleware",
    # Ends idle sessions (after auth and messages: it logs out and leaves a message).
    "citizen.sessie.SessieMiddleware",
    # A method a page does not take (a bookmarked logout, a form's address opened): the
    # product's own 405 page instead of Django's empty one.
    "citizen.middleware.MethodeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "citizen.context_processors.product",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
DATABASES = {
    "default": (
        database_from_url("DATABASE_URL", _database_url, sqlite_default=DATA_DIR / "db.sqlite3")
        if _database_url
        else sqlite_database(DATA_DIR / "db.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "invordering.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "citizen:login"
LOGIN_REDIRECT_URL = "citizen:start"
LOGOUT_REDIRECT_URL = "citizen:login"

# Dutch is the default language; msgids are English (see locale/).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"  # private: letters and uploads, served only through views
# Never routed: letters and uploads are served only by views that ask the policy module.
MEDIA_URL = "/prive/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed file names let browsers cache static files forever; needs collectstatic,
    # which `make run`, `make test` and the Docker image do.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Proof sent with a request (PDF, JPG, PNG): kept in MEDIA_ROOT/bijlagen, never served
# directly. The files are deleted this many days after the request ended (decided or
# withdrawn; a draft: after it was started), by the daily task bijlagen-opruimen: long
# enough for bezwaar and beroep against the decision and a PBT's first review, no longer.
BIJLAGEN_BEWAAR_DAGEN = env_int("BIJLAGEN_BEWAAR_DAGEN", 730, minimum=1)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_PERMISSIONS = 0o600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# The reverse proxies in front of gunicorn (addresses or CIDR networks, comma-separated).
# Only a request whose direct peer is one of them may name the client in X-Forwarded-For;
# from anyone else the header is ignored, so nobody can choose the address that the rate
# limits count and the audit trail records (invordering.proxies). Empty: no proxy.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy and Permissions-Policy (config.security) -------------------
# Every page, partial, admin page, static file and download carries both headers. The
# policy allows nothing inline and no eval: all script and style are files in static/
# (tests/config/test_inline_code.py scans the templates), and htmx is configured in base.html
# not to add its indicator <style>, not to eval and not to run scripts in swapped HTML.
# The shape is Django 6's SECURE_CSP, so the upgrade swaps in django.middleware.csp.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # data: for the small SVG icons inlined in the vendored component library's CSS.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # htmx requests
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],  # as X_FRAME_OPTIONS, for browsers that prefer CSP
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# Browser features the product never uses, off for the site and anything it could embed:
# a page that is tricked into asking for them gets a refusal, never a prompt.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# E-mail: a real SMTP server (the mail catcher in docker-compose) when EMAIL_HOST is set,
# otherwise each message is written as a file to data/mail for local runs.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mijn Toeslagen <noreply@mijntoeslagen.example>")

# --- Sessions that end when idle (security baseline, issue 8) ---------------------------
# A session without activity for this long ends on the server (citizen.sessie): 15
# minutes, as DigiD and most government services, so a shared or lost device does not stay
# logged in. Pages warn this long before the end with a "Stay logged in" button; WCAG
# 2.2.1 asks for at least 20 seconds to answer, two minutes is calmer.
SESSION_IDLE_SECONDEN = env_int("SESSION_IDLE_SECONDEN", 15 * 60, minimum=60)
SESSION_WAARSCHUWING_SECONDEN = env_int("SESSION_WAARSCHUWING_SECONDEN", 2 * 60, minimum=20)
if SESSION_WAARSCHUWING_SECONDEN >= SESSION_IDLE_SECONDEN:
    raise ImproperlyConfigured(
        "Environment variable SESSION_WAARSCHUWING_SECONDEN: expected fewer seconds than "
        f"SESSION_IDLE_SECONDEN ({SESSION_IDLE_SECONDEN}), got {SESSION_WAARSCHUWING_SECONDEN}."
    )

# --- Cache: rate limits and short-lived counters ------------------------------------------
# Shared by every process: Redis when CACHE_URL is set (docker-compose), otherwise files in
# the data folder, which web, worker and beat on one machine all see.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            f"Environment variable CACHE_URL: expected redis://..., got {CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # Redis away must not hold a page: give up within a second, and the rate
            # limiter counts in this process meanwhile (invordering.throttle).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# --- Rate limits (invordering.throttle) -------------------------------------------------
# At most "maximum" within "seconden", counted from the first attempt, in the cache above
# (Redis in a deployment, so every web process counts together). Whoever is stopped gets
# 429, their form back and a message that says how long to wait and what else they can do.
RATE_LIMITS = {
    # Failed logins per user name (helper and staff login together): 5 in 15 minutes makes
    # guessing one account's password hopeless (at most 480 tries a day), while someone
    # who mistypes a few times never notices. Short, because someone else can use it to
    # block a name for a while.
    "inloggen_naam": {"maximum": 5, "seconden": 15 * 60},
    # Failed logins per client address: 20 in 15 minutes stops one machine trying a few
    # passwords on many names. Higher than per name: a debt counselling office or a
    # bewindvoerder's staff log in from one address.
    "inloggen_ip": {"maximum": 20, "seconden": 15 * 60},
    # Wrong machtigingscodes per helper account: 5 in 15 minutes. A code is nine random
    # characters, valid for days (a policy parameter, 14); this keeps guessing hopeless,
    # and a helper who mistypes can ask the person for the code again.
    "machtigingscode": {"maximum": 5, "seconden": 15 * 60},
    # Requests sent per burger (PBT, pauze, bundeling), by the burger or a helper: 10 an
    # hour. Each one pauses collection, makes a letter and lands in staff's queue; nobody
    # needs more, and a script that sends more must not fill the queue.
    "verzoek_indienen": {"maximum": 10, "seconden": 60 * 60},
}

# --- Celery ---------------------------------------------------------------------------
BROKER_DIR = DATA_DIR / "broker"
REDIS_BROKER_OPTIES = {
    # A page hands work over on commit; with Redis away it must give up quickly (the work
    # is kept in the database, invordering.wachtrij) instead of waiting for the operating
    # system's connect timeout of minutes on an unreachable host.
    "socket_connect_timeout": 1,
    # A connection that died without closing (failover, a firewall) fails a publish after
    # 10 s instead of never; above the workers' 1 s BRPOP wait.
    "socket_timeout": 10,
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    # One folder in and out: every process on this machine sees the same queue.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
    _default_results = f"file://{DATA_DIR / 'results'}"
    (DATA_DIR / "results").mkdir(exist_ok=True)
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _default_results = CELERY_BROKER_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_OPTIES
else:
    raise ImproperlyConfigured(
        f"Environment variable CELERY_BROKER_URL: expected filesystem://, redis:// or "
        f"rediss://, got {CELERY_BROKER_URL!r}."
    )
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", _default_results)
CELERY_RESULT_EXPIRES = 3600
# Publishing: one quick retry (a Redis restart takes a moment), then the caller keeps the
# work in the database; with the 1 s connect timeout a page waits about 2 s at most when
# Redis is away, and after one failure a process stops trying for 30 s (wachtrij).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The product never waits for results (its tasks ignore_result); a caller that does
# (tests, a shell) should not spend 20 s on the result store's retries when Redis is away.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
# Work is acknowledged after it ran, so a killed worker's task is delivered again; every
# task is written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One task at a time per worker process: tasks are chunks of a few thousand rows, and
# prefetching more would hold work hostage when a worker dies.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# What beat starts, and when (Europe/Amsterdam). Every entry names a task that exists:
# tests/config/test_celery.py imports and binds each one.
CELERY_BEAT_SCHEDULE = {
    # The daily escalation pass, early in the night; it also catches up days a stopped
    # beat missed, in order (invordering.services.verwerking.haal_in).
    "escalatie-dagelijks": {
        "task": "invordering.tasks.engines_inhalen",
        "schedule": crontab(hour=1, minute=30),
    },
    # The monthly verrekening runs on the verrekendag, a policy parameter, so beat looks
    # every morning and the coordinator acts only on that day (before the voorschotten
    # are paid out).
    "verrekening-maandelijks": {
        "task": "invordering.tasks.engines_inhalen",
        "schedule": crontab(hour=5, minute=0),
    },
    "bijlagen-opruimen": {
        "task": "invordering.tasks.ruim_bijlagen_op",
        "schedule": crontab(hour=2, minute=30),
    },
    "machtigingen-verlopen": {
        "task": "invordering.tasks.meld_verlopen_machtigingen",
        # Early, so a helper whose machtiging ended sees it before starting the day.
        "schedule": crontab(hour=1, minute=15),
    },
    # PDFs and e-mails that waited while the queue was away go out within minutes of its
    # return (invordering.wachtrij); a cheap query when nothing waits.
    "wachtrij-inhalen": {
        "task": "invordering.tasks.wachtrij_inhalen",
        "schedule": crontab(minute="*/5"),
    },
}
if DEMO:
    # The demo clock can jump; the engines follow it within a minute.
    CELERY_BEAT_SCHEDULE["demo-klok-volgen"] = {
        "task": "invordering.tasks.engines_inhalen",
        "schedule": 60.0,
    }
# Run tasks inline (tests of services that enqueue work, or a deployment without
# workers). Off by default: the product runs a real worker.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True

# --- The product ----------------------------------------------------------------------
# The demo clock is read from the database; each process caches it this long so a page
# does one lookup at most, and a `klok` command reaches every process within seconds.
KLOK_CACHE_SECONDEN = env_int("KLOK_CACHE_SECONDEN", 2, minimum=0)
PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:8000")
# A failed PDF is tried again after this many seconds, doubling each time (10, 20, 40, 80:
# five attempts within about 2.5 minutes, enough for a database restart or a full disk
# that someone clears), then shown as failed with "try again" (invordering.tasks.maak_pdf).
PDF_HERPROBEER_SECONDEN = env_int("PDF_HERPROBEER_SECONDEN", 10, minimum=0)
# A PDF handed to the queue this long ago and still not made is handed over again: its
# message was lost (Redis restarted without its data). Longer than all retries together.
PDF_OPNIEUW_NA_SECONDEN = env_int("PDF_OPNIEUW_NA_SECONDEN", 15 * 60, minimum=60)
# Vorderingen per chunk of an engine run: big enough to amortise the per-chunk queries,
# small enough that a chunk's transaction stays short and many workers can share a run.
ENGINE_DEEL_GROOTTE = env_int("ENGINE_DEEL_GROOTTE", 5000, minimum=1)

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No BSN or amount of money reaches a log (config/logprivacy.py).
    "filters": {"privacy": {"()": "config.logprivacy.PrivacyFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["privacy"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
