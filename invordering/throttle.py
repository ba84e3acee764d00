"""Rate limits: a few tries per window for codes, logins and submissions.

Counted in the shared cache per (kind, key); the key is what is being guessed at (an
account, an IP address), never a secret itself. A limit says how long to wait, in words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Grens:
    soort: str
    maximum: int
    venster_seconden: int


MACHTIGINGSCODE = Grens("machtigingscode", maximum=5, venster_seconden=15 * 60)


def _sleutel(grens: Grens, wie: str) -> str:
    return "grens:" + grens.soort + ":" + hashlib.sha256(wie.encode()).hexdigest()[:32]


def geblokkeerd(grens: Grens, wie: str) -> bool:
    return (cache.get(_sleutel(grens, wie)) or 0) >= grens.maximum


def tel_poging(grens: Grens, wie: str) -> int:
    """Count one (failed) attempt; the window starts at the first one."""
    sleutel = _sleutel(grens, wie)
    if cache.add(sleutel, 1, timeout=grens.venster_seconden):
        return 1
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.add(sleutel, 1, timeout=grens.venster_seconden)
        return 1


def wis(grens: Grens, wie: str) -> None:
    cache.delete(_sleutel(grens, wie))


def minuten(grens: Grens) -> int:
    return grens.venster_seconden // 60
