"""Moving the demo clock, for ``manage.py klok`` and the tester controls (testkit/).

Each move refuses outside DEMO mode, forgets this process's cached offset and asks the
worker to bring the engines up to the new day (beat would within a minute anyway, see
``demo-klok-volgen`` in the settings); days are caught up in order, so the personas move
as if the time had passed.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from invordering import clock, wachtrij


class KlokVast(Exception):
    """The clock cannot move: not in DEMO mode."""


def _alleen_in_demo() -> None:
    if not settings.DEMO:
        raise KlokVast("The clock can only be moved in DEMO mode (set DEMO=true).")


def zet_klok(dag: date) -> str | None:
    """Today becomes ``dag``; returns a note when the worker could not be asked."""
    _alleen_in_demo()
    clock.zet_datum(dag)
    return engines_volgen()


def verschuif_klok(delta: timedelta) -> str | None:
    """Move the clock by ``delta`` from where it is now (negative moves back)."""
    _alleen_in_demo()
    clock.verschuif(delta)
    return engines_volgen()


def klok_echte_tijd() -> str | None:
    """Back to real time (which may lie ahead of a demo world, so the engines follow)."""
    _alleen_in_demo()
    clock.zet_offset(0)
    return engines_volgen()


def engines_volgen() -> str | None:
    """Let the worker bring the engines up to the clock now; a note if the broker is away."""
    from invordering.tasks import engines_inhalen

    clock.vergeet_cache()
    if not wachtrij.stuur(engines_inhalen, bewaar=False):
        # Nothing to keep: beat catches up every missed day once the queue is back.
        return "The queue cannot be reached; the engines catch up when it is back."
    return None
