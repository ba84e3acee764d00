"""Handing work to the Celery workers without ever breaking a page or losing the work.

The broker (Redis) can be away: restarting, full, unreachable. A page must still work and
the work must still happen, so every enqueue in the product goes through here:

- ``na_commit(taak, *args)`` hands the task over once the transaction committed. When the
  broker cannot be reached, the task is kept in ``UitgesteldeTaak`` instead (a PDF keeps
  that state in its own Document, see services.documenten), and the request is noted so
  the page can say that a letter or e-mail comes a little later (config.storingen).
- ``haal_in()`` (the beat task ``wachtrij_inhalen``, every few minutes) hands over what
  was kept, oldest first, and stops at the first failure: the broker is still away.

Fail fast: the settings give the broker a connect timeout of a second and a short publish
retry (config/settings.py, "Celery"), so one failed hand-over costs about a second; after
one this process does not try again for ``PAUZE_SECONDEN`` but keeps the work at once. An
engine chunk that writes 5,000 letters while Redis is down then costs 5,000 inserts, not
5,000 timeouts.

With ``CELERY_TASK_ALWAYS_EAGER`` tasks run inline and their own errors propagate; nothing
is kept then, since there is no broker to miss.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# After a failed hand-over, keep work without trying the broker for this long.
PAUZE_SECONDEN = 30.0
_onbereikbaar_tot = 0.0

# The names of the tasks kept during the current request (None outside a request).
_uitgesteld: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "uitgesteld", default=None
)


def vergeet_storing() -> None:
    """Try the broker again on the next hand-over (after a test, or an operator's fix)."""
    global _onbereikbaar_tot
    _onbereikbaar_tot = 0.0


def _gretig(taak) -> bool:
    return bool(taak.app.conf.task_always_eager)


def _geef_af(taak, args: list) -> None:
    """Hand over now, or raise. Results are never waited for (tasks ignore_result)."""
    global _onbereikbaar_tot
    if time.monotonic() < _onbereikbaar_tot:
        raise ConnectionError("the queue was unreachable a moment ago")
    try:
        taak.delay(*args)
    except Exception:
        _onbereikbaar_tot = time.monotonic() + PAUZE_SECONDEN
        raise


def stuur(taak, *args, bewaar: bool = True) -> bool:
    """Hand ``taak(*args)`` to the broker; False when it could not.

    Then, with ``bewaar``, the task is kept in UitgesteldeTaak for the sweep; without it
    the caller keeps the state itself (a Document "being made"; an engine run whose open
    chunks the next beat tick hands out again).
    """
    if _gretig(taak):
        taak.delay(*args)
        return True
    try:
        _geef_af(taak, list(args))
    except Exception as exc:
        fout = _fouttekst(exc)
        logger.warning("Queue unreachable, %s kept for later: %s", taak.name, fout)
        if bewaar:
            _bewaar(taak.name, list(args), fout)
        _noteer(taak.name)
        return False
    return True


def na_commit(taak, *args, bewaar: bool = True) -> None:
    """``stuur`` once the current transaction committed (at once outside one)."""
    transaction.on_commit(lambda: stuur(taak, *args, bewaar=bewaar))


def _fouttekst(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _bewaar(naam: str, args: list, fout: str) -> None:
    from invordering.models import UitgesteldeTaak

    try:
        UitgesteldeTaak.objects.create(taak=naam, argumenten=args, laatste_fout=fout)
    except Exception:  # the database is away too: nothing left to write it to
        logger.exception("Task %s could not be queued nor kept", naam)


# --- what a request left for later (the page says so: config.storingen) --------------


@contextmanager
def volg() -> Iterator[list[str]]:
    """Collect the names of the tasks kept during the block (one request)."""
    lijst: list[str] = []
    token = _uitgesteld.set(lijst)
    try:
        yield lijst
    finally:
        _uitgesteld.reset(token)


def _noteer(naam: str) -> None:
    lijst = _uitgesteld.get()
    if lijst is not None:
        lijst.append(naam)


def al_gemeld() -> None:
    """The view told the person itself; the general message is not needed."""
    lijst = _uitgesteld.get()
    if lijst is not None:
        lijst.clear()


# --- the sweep ------------------------------------------------------------------------


class _NogWeg(Exception):
    """The queue is still away: the sweep stops here and tries again next time."""


ONBEKEND = "unknown task"


def haal_in(*, per_keer: int = 500, maximum: int = 50_000) -> int:
    """Hand over what waited for the queue; the number handed over.

    First PDFs still "being made" that were never handed over, or were handed over longer
    than ``PDF_OPNIEUW_NA_SECONDEN`` ago (the message was lost, e.g. Redis restarted
    without its data), then kept tasks, oldest first; in rounds of ``per_keer`` until
    nothing waits (at most ``maximum`` a sweep: a hand-over takes about a millisecond).
    Stops at the first failure. Safe to run twice at once (kept rows are locked with SKIP
    LOCKED) and a PDF made twice is stored once (tasks.maak_pdf skips a ready one).
    """
    vergeet_storing()  # the sweep itself tells whether the broker is back
    gedaan = [0]
    try:
        while gedaan[0] < maximum:
            voor = gedaan[0]
            _pdfs_inhalen(per_keer, gedaan)
            _taken_inhalen(per_keer, gedaan)
            if gedaan[0] == voor:
                break
    except _NogWeg as exc:
        logger.warning("Queue still unreachable: %s", exc)
    return gedaan[0]


def _pdfs_inhalen(aantal: int, gedaan: list[int]) -> None:
    from invordering.models import Document, PdfStatus
    from invordering.tasks import maak_pdf

    grens = timezone.now() - timedelta(seconds=settings.PDF_OPNIEUW_NA_SECONDEN)
    wachtend = (
        Document.objects.filter(pdf_status=PdfStatus.IN_WACHTRIJ)
        .filter(Q(pdf_gevraagd_op__isnull=True) | Q(pdf_gevraagd_op__lt=grens))
        .order_by("pk")
        .values_list("pk", flat=True)[:aantal]
    )
    for pk in wachtend:
        try:
            _geef_af(maak_pdf, [pk])
        except Exception as exc:
            raise _NogWeg(_fouttekst(exc)) from exc
        Document.objects.filter(pk=pk).update(pdf_gevraagd_op=timezone.now())
        gedaan[0] += 1


def _taak(naam: str):
    from celery import current_app

    return current_app.tasks.get(naam)


def _taken_inhalen(aantal: int, gedaan: list[int]) -> None:
    from invordering.models import UitgesteldeTaak

    rijen = UitgesteldeTaak.objects.exclude(laatste_fout=ONBEKEND).values_list("pk", flat=True)
    for pk in rijen[:aantal]:
        with transaction.atomic():
            rij = UitgesteldeTaak.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if rij is None:  # another sweep has it
                continue
            taak = _taak(rij.taak)
            if taak is None:  # renamed or removed since: a developer must look at it
                logger.error("Kept task %s no longer exists", rij.taak)
                _mislukt(rij, ONBEKEND)
                continue
            fout = None
            try:
                _geef_af(taak, rij.argumenten)
            except Exception as exc:
                fout = _fouttekst(exc)
            else:
                rij.delete()
        if fout is not None:  # recorded outside the block, which would roll it back
            _mislukt(rij, fout)
            raise _NogWeg(fout)
        gedaan[0] += 1


def _mislukt(rij, fout: str) -> None:
    type(rij).objects.filter(pk=rij.pk).update(pogingen=rij.pogingen + 1, laatste_fout=fout)
