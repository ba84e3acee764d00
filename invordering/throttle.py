"""Rate limits: a few tries per window for logins, machtigingscodes and requests sent.

One limiter for every case. Counts live in Django's cache (``settings.CACHES``: Redis in
a deployment, so every web process shares them) per (kind, key), where the key is who or
what is being tried (a user name, an address, a helper account, a burger), hashed, never
a secret. The limits and windows are ``settings.RATE_LIMITS``, read on every call.

A window starts at the first counted attempt and lasts its number of seconds, whatever
happens in it; its end is stored next to the count, so a block says how long is left.
Windows run on real time (``_nu``), not on the demo clock: a tester who moves the clock
a month must not lock anyone out or let a guesser in.

When the shared cache is away (Redis restarting), counting goes on in this process's own
memory (``_cache``): logins and requests keep working, never a 500, and guessing is still
limited per web process; the shared counts return with Redis.

Example, logins per user name at 5 per 15 minutes: failures at 10:00, 10:01, 10:02, 10:03
and 10:04 block the name until 10:15 (``blokkade`` then says 11 minutes at 10:04); at
10:15 the count starts again from nothing. A successful login wipes the count at once.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache as gedeelde_cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from invordering import policy


@dataclass(frozen=True)
class Grens:
    """One kind of limit; its numbers are ``settings.RATE_LIMITS[soort]``."""

    soort: str

    @property
    def maximum(self) -> int:
        return int(settings.RATE_LIMITS[self.soort]["maximum"])

    @property
    def venster_seconden(self) -> int:
        return int(settings.RATE_LIMITS[self.soort]["seconden"])


logger = logging.getLogger(__name__)


def _cache_fouten() -> tuple[type[BaseException], ...]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return (OSError,)
    return (RedisError, OSError)


class _Cache:
    """The shared cache, or this process's memory while the shared one cannot be reached."""

    fouten = _cache_fouten()

    def __init__(self):
        self.reserve = LocMemCache("throttle-reserve", {"OPTIONS": {"MAX_ENTRIES": 10000}})

    def __getattr__(self, naam: str):
        def doe(*args, **kwargs):
            try:
                return getattr(gedeelde_cache, naam)(*args, **kwargs)
            except self.fouten as exc:
                logger.warning("Rate-limit cache unreachable, counting in memory: %s", exc)
                return getattr(self.reserve, naam)(*args, **kwargs)

        return doe


cache = _Cache()


INLOGGEN_NAAM = Grens("inloggen_naam")
INLOGGEN_IP = Grens("inloggen_ip")
MACHTIGINGSCODE = Grens("machtigingscode")
VERZOEK_INDIENEN = Grens("verzoek_indienen")


@dataclass(frozen=True)
class Blokkade:
    """A limit is reached: no more tries for ``wacht_seconden``."""

    wacht_seconden: int

    @property
    def minuten(self) -> int:
        """Whole minutes to wait, rounded up: "wait 1 minute" rather than "wait 0"."""
        return max(1, math.ceil(self.wacht_seconden / 60))

    @property
    def wachttijd(self) -> str:
        """The wait in words for the messages, translated: "14 minutes"."""
        return ngettext("%(minuten)s minute", "%(minuten)s minutes", self.minuten) % {
            "minuten": self.minuten
        }


def _nu() -> float:
    return time.time()


def _sleutels(grens: Grens, wie: str) -> tuple[str, str]:
    basis = "grens:" + grens.soort + ":" + hashlib.sha256(wie.encode()).hexdigest()[:32]
    return basis, basis + ":tot"


def blokkade(grens: Grens, wie: str) -> Blokkade | None:
    """The block on ``wie`` for this limit, or None while tries are left."""
    sleutel, tot_sleutel = _sleutels(grens, wie)
    waarden = cache.get_many([sleutel, tot_sleutel])
    if (waarden.get(sleutel) or 0) < grens.maximum:
        return None
    tot = waarden.get(tot_sleutel)
    wacht = grens.venster_seconden if tot is None else math.ceil(tot - _nu())
    if wacht <= 0:
        return None
    return Blokkade(min(wacht, grens.venster_seconden))


def tel(grens: Grens, wie: str) -> int:
    """Count one attempt for ``wie``; returns the count in the current window."""
    sleutel, tot_sleutel = _sleutels(grens, wie)
    nu, venster = _nu(), grens.venster_seconden
    # add is atomic (SET NX on Redis): of many tries at the same moment, one starts the
    # window and the others count in it.
    if cache.add(sleutel, 1, timeout=venster):
        cache.set(tot_sleutel, nu + venster, timeout=venster)
        return 1
    tot = cache.get(tot_sleutel)
    if tot is not None and tot <= nu:
        # Over, though the cache still has the count (the file cache's incr renews the
        # expiry, see below): this attempt starts a new window.
        cache.set_many({sleutel: 1, tot_sleutel: nu + venster}, timeout=venster)
        return 1
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired in between: start again
        cache.set_many({sleutel: 1, tot_sleutel: nu + venster}, timeout=venster)
        return 1
    if tot is not None:
        # Redis keeps the expiry on incr; the file cache writes the entry again with the
        # default timeout. Put the window's end back either way.
        cache.touch(sleutel, max(1, math.ceil(tot - nu)))
    return aantal


def wis(grens: Grens, wie: str) -> None:
    cache.delete_many(list(_sleutels(grens, wie)))


def te_vaak(response, blok: Blokkade):
    """Answer "429 Too Many Requests" and say in seconds when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(blok.wacht_seconden)
    return response


# --- Logins: per user name and per client address -----------------------------------
# Only failed logins count. The name's count is shared by the helper and the staff login
# (an account is one or the other), and is the same for names that do not exist, so a
# block says nothing about whether an account exists. A blocked name is refused even with
# the right password: otherwise the block would not stop guessing. The flip side, that
# someone can block another person's name for a while, is why the window is short and the
# message says what to do.


def _naam(username: str) -> str:
    return "naam:" + (username or "").strip().casefold()


def _adres(request) -> str | None:
    ip = policy.client_ip(request)
    return "ip:" + ip if ip else None


def inloggen_blokkade(request, username: str) -> Blokkade | None:
    """The longest block on this user name or this client's address, if any."""
    blokken = [blokkade(INLOGGEN_NAAM, _naam(username))]
    adres = _adres(request)
    if adres:
        blokken.append(blokkade(INLOGGEN_IP, adres))
    blokken = [b for b in blokken if b is not None]
    return max(blokken, key=lambda b: b.wacht_seconden) if blokken else None


def inloggen_mislukt(request, username: str) -> None:
    tel(INLOGGEN_NAAM, _naam(username))
    adres = _adres(request)
    if adres:
        tel(INLOGGEN_IP, adres)


def inloggen_gelukt(username: str) -> None:
    """A successful login wipes the name's failures. The address keeps its count: one
    account that works must not clear the way for guessing at others from there."""
    wis(INLOGGEN_NAAM, _naam(username))


class BeperktInloggen:
    """Mixin for an ``AuthenticationForm``: refuses while a limit holds, counts failures.

    After ``is_valid()``, ``form.blokkade`` is the block that refused the login (the view
    then answers 429) or None. Subclasses write the message in ``te_vaak_melding``: the
    same for every name, so it says nothing about which names exist.
    """

    blokkade: Blokkade | None = None

    def te_vaak_melding(self, blok: Blokkade) -> str:
        """How long to wait (``blok.wachttijd``) and what else this person can do."""
        raise NotImplementedError

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and self.cleaned_data.get("password"):
            self.blokkade = inloggen_blokkade(self.request, username)
            if self.blokkade is not None:
                raise ValidationError(self.te_vaak_melding(self.blokkade), code="te_vaak")
        try:
            cleaned = super().clean()
        except ValidationError as fout:
            # Only a refused name and password count (an inactive account and, on the
            # admin, a non-staff account are refused the same way); "not a helper
            # account" on the helper login comes after the password was right.
            if fout.code == "invalid_login":
                inloggen_mislukt(self.request, username)
            raise
        if getattr(self, "user_cache", None) is not None:
            inloggen_gelukt(username)
        return cleaned


# --- Requests sent (PBT, pauze, bundeling): per burger ------------------------------
# Counted when a request is sent, whoever sends it (the burger or a helper for them).


def _burger(burger) -> str:
    return f"burger:{burger.pk}"


def indienen_blokkade(burger) -> Blokkade | None:
    return blokkade(VERZOEK_INDIENEN, _burger(burger))


def tel_indiening(burger) -> None:
    tel(VERZOEK_INDIENEN, _burger(burger))


def indienen_melding(blok: Blokkade) -> str:
    return _(
        "You sent many requests in a short time, so we cannot take this one now. "
        "Wait %(wachttijd)s and send it again: what you filled in stays here. "
        "Is it urgent? Call the BelastingTelefoon: 0800-0543 (free)."
    ) % {"wachttijd": blok.wachttijd}
