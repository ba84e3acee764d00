"""The one clock. Every date and time in the product comes from here.

In DEMO mode the clock can be moved (``manage.py klok``): the offset lives in the
database, so web, worker and beat move together. Each process caches the offset for
``KLOK_CACHE_SECONDEN`` so a page costs one lookup at most. Outside DEMO mode the clock
is real time and the database is never asked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

_cache: dict[str, float] = {}
# Set only while seed_demo builds a history ("what happened on that day"), per thread.
_vast: ContextVar[datetime | None] = ContextVar("klok_vast", default=None)


def _offset() -> timedelta:
    if not settings.DEMO:
        return timedelta(0)
    now = time.monotonic()
    if _cache.get("until", 0.0) > now:
        return timedelta(seconds=_cache["offset"])
    from invordering.models import Klok

    seconds = Klok.objects.filter(pk=1).values_list("offset_seconden", flat=True).first() or 0
    _cache.update(offset=seconds, until=now + settings.KLOK_CACHE_SECONDEN)
    return timedelta(seconds=seconds)


def vergeet_cache() -> None:
    """Forget the cached offset (after the clock was moved in this process)."""
    _cache.clear()


def now() -> datetime:
    vast = _vast.get()
    if vast is not None:
        return vast
    return timezone.now() + _offset()


def today() -> date:
    return timezone.localdate(now())


def is_verzet() -> bool:
    return _offset() != timedelta(0)


def zet_offset(seconden: int) -> None:
    from invordering.models import Klok

    Klok.objects.update_or_create(pk=1, defaults={"offset_seconden": int(seconden)})
    vergeet_cache()


def zet_datum(dag: date) -> None:
    """Move the clock so that today is ``dag``, keeping the time of day running."""
    echte = timezone.localtime(timezone.now())
    doel = echte.replace(year=dag.year, month=dag.month, day=dag.day)
    # Via timestamps: subtracting two datetimes with the same zoneinfo ignores DST.
    zet_offset(round(doel.timestamp() - echte.timestamp()))


def verschuif(delta: timedelta) -> None:
    vergeet_cache()
    zet_offset(round((_offset() + delta).total_seconds()))


def op_dag(dag: date, uur: int = 9) -> datetime:
    """A moment on ``dag`` (local time), for events that happen on a business date."""
    return timezone.make_aware(datetime(dag.year, dag.month, dag.day, uur))


@contextmanager
def vast_op(dag: date, uur: int = 9) -> Iterator[None]:
    """Within the block, now() is ``dag`` at ``uur`` in this thread (building history)."""
    token = _vast.set(op_dag(dag, uur))
    try:
        yield
    finally:
        _vast.reset(token)
