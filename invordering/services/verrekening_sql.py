"""The monthly verrekening of one chunk, set-based in PostgreSQL.

The rule is invordering.rules.verrekening; services/verrekening_run.py plans it row by
row in Python (the embedded SQLite demo, and the reference this path is tested against).
At national scale that planning, and shipping every row to Python and back, was most of
a run: here one statement (verrekening_sql.sql) reads the chunk, computes every
verrekening in closed form, writes the verrekeningen and bookings, updates the saldi,
and returns one summary row per burger for the counts and the advance notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import psycopg
from django.db import connection

from invordering import clock
from invordering.models import BoekingSoort, Verrekening
from invordering.rules.verrekening import Vooruitblik, vooruitblik

SQL = Path(__file__).with_suffix(".sql")


@cache
def _sql() -> str:
    """The statement, with the sequence that hands out verrekening ids written in (the
    statement draws them itself; a literal, so the text stays the same and is prepared
    once per connection)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Verrekening._meta.db_table])
        reeks = cursor.fetchone()[0]
    return SQL.read_text().replace("{reeks}", "'" + reeks.replace("'", "''") + "'")


@dataclass(frozen=True)
class Samenvatting:
    """One burger's part of the chunk, as the statement returns it."""

    burger_id: int
    status: str  # "actief", "al_verrekend" or "pauze"
    aantal: int
    vorderingen: list[int]
    geen_voorschot: int
    verrekend: int
    niets_ingehouden: int
    was: Decimal | None
    wordt: Decimal | None
    open_na: Decimal | None
    te_veel: bool
    betaald: list[int]

    def vooruitblik(self) -> Vooruitblik | None:
        if self.status != "actief":
            return None
        return vooruitblik(was=self.was, wordt=self.wordt, open_na=max(self.open_na, Decimal(0)))


def _parameters(
    ids: list[int], burgers: list[int], *, maand: date, volgende: date, dag: date, beleid
) -> dict:
    return {
        "ids": ids,
        "burgers": burgers,
        "maand": maand,
        "maandtekst": f"{maand:%Y-%m}",
        "jaar": maand.year,
        "maand_nr": maand.month,
        "volgend_jaar": volgende.year,
        "volgend_nr": volgende.month,
        "alle": bool(beleid.verrekening_alle_toeslagen),
        "minimum": beleid.minimum_uitbetaling,
        "max_termijnen": beleid.standaard_max_termijnen,
        "minimum_termijn": beleid.standaard_minimum_termijn,
        "pauze": bool(beleid.pauze_schort_verrekening_op),
        "dag": dag,
        "regime": beleid.regime_code,
        "nu": clock.now(),
        "soort_boeking": BoekingSoort.VERREKENING.value,
    }


@contextmanager
def _voorbereid(verbinding: psycopg.Connection) -> Iterator[None]:
    """Let this statement be prepared on the server, once per connection.

    Django's cursors bind parameters into the text on the client and switch preparing
    off (for connection poolers in transaction mode, which this product does not use).
    Here the parameters go separately, the id arrays in binary instead of as long text
    literals parsed again in five places, and the statement is prepared with one generic
    plan that every later chunk reuses: a chunk no longer parses or plans it. (psycopg
    forgets its prepared statements on any rollback and prepares again next time.)
    """
    vorige = verbinding.prepare_threshold
    verbinding.prepare_threshold = 0
    try:
        yield
    finally:
        verbinding.prepare_threshold = vorige


def verreken_in_database(
    ids: list[int], burgers: list[int], *, maand: date, volgende: date, dag: date, beleid
) -> list[Samenvatting]:
    """Offset ``maand`` for the vorderingen ``ids`` (locked, in fase verrekening) of
    ``burgers``; to be called inside a transaction (the settings last until its end).

    Raises ValueError, leaving the caller's transaction to roll back, when a group would
    withhold more than its open components hold (the Python planner refuses the same).
    """
    parameters = _parameters(ids, burgers, maand=maand, volgende=volgende, dag=dag, beleid=beleid)
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor, _voorbereid(connection.connection):
        cursor.execute("SET LOCAL enable_nestloop = off", prepare=False)
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan", prepare=False)
        cursor.execute(_sql(), parameters, prepare=True)
        rijen = [Samenvatting(*rij) for rij in cursor.fetchall()]
        cursor.execute("SET LOCAL plan_cache_mode = auto", prepare=False)
        cursor.execute("SET LOCAL enable_nestloop = on", prepare=False)
    if any(rij.te_veel for rij in rijen):
        raise ValueError("A verrekening may not exceed what is open.")
    return rijen
