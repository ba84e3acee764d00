"""The tester controls (DEMO mode only): reset, log in, clock, engines and regime.

Usability researchers drive these from Playwright (``testkit.views``, JSON over HTTP),
from a page at ``/testkit/`` and from ``manage.py testkit``. Callers check
``policy.mag_testkit_gebruiken`` first. Every function checks its input before it
changes anything and refuses with ``ControlError``, whose message says in plain words
what was wrong and what to do instead.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from invordering import clock
from invordering.demo.personas import DEMO_WACHTWOORD, DemoAccount, demo_account, demo_accounts
from invordering.demo.wereld import ANKER
from invordering.models import Regime, Verwerking
from invordering.services.klok import KlokVast, klok_echte_tijd, verschuif_klok, zet_klok
from invordering.services.verwerking import VerwerkingGeweigerd, haal_in

# A login link works once, for this long: long enough to open it on the participant's
# device, short enough that a link left in a chat or a log is useless soon.
LINK_SECONDS = 5 * 60
LINK_SALT = "testkit.login-link"
# The clock stays within dates the product's calendars and letters can handle.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
RECENT_RUNS = 5


class ControlError(Exception):
    """Bad input or a refused action; nothing was changed. ``status`` is for HTTP."""

    status = 400


class EnginesRefused(ControlError):
    """The engines did not start (an incomplete regime, a run held elsewhere)."""

    status = 409


class LinkGone(ControlError):
    """A login link that was used already or is too old."""

    status = 410


# ---------------------------------------------------------------------------- state


def state() -> dict:
    """Everything a script needs to know before it acts (``GET /testkit/``)."""
    return {
        "clock": clock_state(),
        "regime": active_regime_code(),
        "regimes": regimes(),
        "personas": personas(),
        "engine_runs": [run_summary(v) for v in Verwerking.objects.all()[:RECENT_RUNS]],
    }


def personas() -> list[dict]:
    return [
        {
            "who": a.sleutel,
            "name": a.naam,
            "role": a.rol,
            "username": a.user.username,
            # Helpers and staff also have the demo password, for scripts that test the
            # real login forms; burgers log in with DigiD, so only through the controls.
            "password": DEMO_WACHTWOORD if a.rol != "burger" else None,
            "description": str(a.omschrijving),
        }
        for a in demo_accounts()
    ]


def persona(who: str) -> DemoAccount:
    account = demo_account(who) if isinstance(who, str) else None
    if account is None:
        known = ", ".join(a.sleutel for a in demo_accounts()) or _("none: reset the world first")
        raise ControlError(
            _("There is no persona “%(who)s”. Choose one of: %(known)s.")
            % {"who": who, "known": known}
        )
    return account


# ---------------------------------------------------------------------------- reset


def reset_world() -> dict:
    """Back to the freshly seeded world: wipe everything, then build it as seed_demo does.

    ``bouw_wereld`` alone changes nothing once the world exists, so the world is wiped
    first (``wis_wereld``: like ``flush``, which also restores the default regime and
    policy values and clears engine runs and sessions, so everyone is logged out). The
    rebuild puts the clock back on the seeded date. One transaction: other requests wait
    and then see the new world, never half of it.
    """
    from invordering.demo.seed import bouw_wereld, wis_wereld

    with transaction.atomic():
        wis_wereld()
        bouw_wereld()
    clock.vergeet_cache()
    return state()


# ---------------------------------------------------------------------------- login links


def login_link(who: str) -> str:
    """The path of a signed link that logs in as ``who`` once, within LINK_SECONDS."""
    return reverse("testkit:use_link", args=[login_token(who)])


def login_token(who: str) -> str:
    # The nonce makes every link its own: spending one leaves the others for this persona.
    account = persona(who)
    return signing.dumps(
        {"who": account.sleutel, "nonce": secrets.token_urlsafe(12)}, salt=LINK_SALT
    )


def link_account(token: str, *, use: bool) -> DemoAccount:
    """Whom the link logs in as; ``use`` spends it, so the next call refuses it."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_SECONDS)
    except signing.SignatureExpired:
        raise LinkGone(_gone()) from None
    except signing.BadSignature:
        raise ControlError(
            _("This login link is not complete or not right. Copy the whole link again.")
        ) from None
    # The spent mark lives in the cache that every web process shares (settings.CACHES).
    key = f"testkit:link-used:{data['nonce']}"
    account = persona(data["who"])
    if use and not cache.add(key, True, timeout=LINK_SECONDS * 2):
        raise LinkGone(_gone())
    if not use and cache.get(key):
        raise LinkGone(_gone())
    return account


def _gone() -> str:
    return _(
        "This login link no longer works: it was used already, or it is older than "
        "%(minutes)s minutes. Ask for a new link."
    ) % {"minutes": LINK_SECONDS // 60}


# ---------------------------------------------------------------------------- clock


def clock_state(note: str | None = None) -> dict:
    clock.vergeet_cache()
    result = {
        "today": clock.today().isoformat(),
        "now": timezone.localtime(clock.now()).isoformat(timespec="seconds"),
        "moved": clock.is_verzet(),
        "seeded_on": ANKER.isoformat(),
    }
    if note:
        result["note"] = note
    return result


def check_day(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ControlError(
            _("Choose a date from %(first)s to %(last)s; %(day)s is outside that.")
            % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat(), "day": day.isoformat()}
        )
    return day


def set_clock(day: date) -> dict:
    """Today becomes ``day``; the worker is asked to bring the engines along."""
    return clock_state(_clock(zet_klok, check_day(day)))


def move_clock(days: int) -> dict:
    """Move today by ``days`` (negative moves back)."""
    if abs(days) > (LATEST - EARLIEST).days:
        raise ControlError(
            _("Move the clock by at most %(days)s days.") % {"days": (LATEST - EARLIEST).days}
        )
    check_day(clock.today() + timedelta(days=days))
    return clock_state(_clock(verschuif_klok, timedelta(days=days)))


def reset_clock() -> dict:
    """Back to real time, as ``manage.py klok --reset``."""
    return clock_state(_clock(klok_echte_tijd))


def _clock(move, *args):
    try:
        return move(*args)
    except KlokVast as exc:
        raise ControlError(str(exc)) from None


# ---------------------------------------------------------------------------- engines


def run_engines() -> dict:
    """Bring escalation and verrekening up to the clock now, here, and say what ran."""
    try:
        runs = haal_in(via_workers=False, door="testkit")
    except (VerwerkingGeweigerd, TimeoutError) as exc:
        raise EnginesRefused(str(exc)) from None
    totals: dict[str, Counter] = defaultdict(Counter)
    for run in runs:
        totals[run.soort].update(run.uitkomsten)
    return {
        "today": clock.today().isoformat(),
        "days": sorted({run.dag.isoformat() for run in runs}),
        "runs": [run_summary(run) for run in runs],
        "totals": {kind: dict(counts.most_common()) for kind, counts in totals.items()},
    }


def run_summary(run: Verwerking) -> dict:
    return {
        "kind": run.soort,
        "day": run.dag.isoformat(),
        "status": run.status,
        "regime": run.regime,
        "looked_at": run.verwerkt,
        "errors": run.fouten,
        "outcomes": run.uitkomsten,
        "started_by": run.gestart_door,
    }


# ---------------------------------------------------------------------------- regime


def regimes() -> list[dict]:
    return [
        {"code": r.code, "name": r.naam, "description": r.omschrijving, "active": r.actief}
        for r in Regime.objects.order_by("code")
    ]


def active_regime_code() -> str | None:
    return Regime.objects.filter(actief=True).values_list("code", flat=True).first()


def regime(code: str) -> Regime:
    found = Regime.objects.filter(code=code).first() if isinstance(code, str) else None
    if found is None:
        known = ", ".join(Regime.objects.order_by("code").values_list("code", flat=True))
        raise ControlError(
            _("There is no policy regime “%(code)s”. Choose one of: %(known)s.")
            % {"code": code, "known": known}
        )
    return found


@transaction.atomic
def switch_regime(code: str) -> dict:
    """Make ``code`` the one active regime (as the admin does), from the next run on."""
    chosen = regime(code)
    # Off first: the database allows one active regime at any moment.
    Regime.objects.exclude(pk=chosen.pk).update(actief=False)
    Regime.objects.filter(pk=chosen.pk).update(actief=True)
    return {"regime": chosen.code, "regimes": regimes()}
