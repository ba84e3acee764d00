"""Benchmark: the monthly verrekening and one daily escalation pass at national scale.

Fills a separate PostgreSQL database with N vorderingen in fase verrekening, each with a
running voorschot, and 5 households without debt (a toeslag and its voorschot each) for
every burger that owes (bench/engines_data.py; ``--zonder-schuld``): nationally about 6
million households have toeslagen and about 1 million vorderingen are open, so a chunk's
range of burger ids holds many who owe nothing. It starts real Celery worker processes
on the Redis broker and times on the same rows in the same run:

- the monthly verrekening through the workers, next to a baseline: PostgreSQL COPY of as
  many rows as the run wrote to the ledger, into the ledger table itself, with the
  foreign-key checks its commit runs (then rolled back). Two lighter COPYs are printed
  for comparison: the same without the key checks, and into a temporary copy of the
  table (no WAL, no foreign keys), which is what this bench measured until 2026-11-25;
- a daily escalation pass through the workers, next to a baseline: one indexed SELECT
  of the vorderingen the pass must read (every open one), fetched into Python. The first
  pass after loading also writes every vordering's first reason for waiting (the history
  keeps changes only); the daily pass is the one after it, the next day, and the ratio
  is taken on that one. Both are printed.

Each baseline is measured three times and the daily pass runs on three days in a row;
the ratio is taken on the medians, and the spread is printed next to them. Baselines
run with cyclic GC off, as every chunk does (with it on, one SELECT of the same rows took
anywhere from 1.5 to 3.4 s, depending on when the collections fell), and the SELECT runs
once untimed first, as the daily passes it is compared with run on warm caches.

Between the runs the bench vacuums the vorderingen (untimed), as autovacuum does in the
day between two runs in production; the development machines run PostgreSQL with
autovacuum off.

It prints vorderingen per second, the ratio to each baseline (goal: at most 3) and the
peak memory (VmHWM) of each worker. Not a test: run it by hand.

    SECRET_KEY=... CELERY_BROKER_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python bench/engines.py [--n 1000000] [--workers 2] [--chunk 5000] \\
        [--zonder-schuld 5]

The bench database (``--db``, default invordering_bench) is created when missing and
emptied of its engine data on every run; never point it at a database you need.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from math import ceil
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
JAAR = 2026
VERVALDATUM = date(2026, 10, 1)
VERREKENDAG = date(2026, 11, 20)
ESCALATIEDAG = date(2026, 11, 21)
DAGELIJKS = (date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24))
HERHALINGEN = 3


def argumenten():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="vorderingen (default 1M)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--chunk", type=int, default=5000, help="vorderingen per chunk")
    parser.add_argument(
        "--zonder-schuld",
        type=int,
        default=5,
        help="households without debt per burger that owes (default 5; 0: everyone owes)",
    )
    parser.add_argument("--db", default="invordering_bench", help="the bench database")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default="root")
    return parser.parse_args()


def maak_database(args) -> str:
    import psycopg

    with psycopg.connect(host=args.host, user=args.user, dbname="postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone():
            c.execute(f'CREATE DATABASE "{args.db}"')
    return f"postgres://{args.user}@{args.host}:5432/{args.db}"


def start_workers(aantal: int, env: dict) -> list[subprocess.Popen]:
    from config.worker_process import start_worker

    return [start_worker(f"bench{i}", env) for i in range(1, aantal + 1)]


def piekgeheugen_mb(proces: subprocess.Popen) -> float:
    for regel in Path(f"/proc/{proces.pid}/status").read_text().splitlines():
        if regel.startswith("VmHWM:"):
            return int(regel.split()[1]) / 1024
    return float("nan")


class Copy(NamedTuple):
    """One COPY baseline, in seconds."""

    grootboek: float  # COPY into the ledger table itself: written to the WAL, its indexes
    sleutels: float  # then the deferred foreign-key checks, as its commit runs them
    tijdelijk: float  # COPY into a temporary copy: no WAL, no foreign keys

    @property
    def vastgelegd(self) -> float:
        """What putting the rows in the ledger for good costs: COPY plus its key checks."""
        return self.grootboek + self.sleutels


def copy_baseline(aantal: int) -> Copy:
    """COPY ``aantal`` ledger rows the way the run writes them: into the ledger itself,
    pointing at the vorderingen and verrekeningen the run's own bookings point at, then
    the key checks its commit would run; rolled back, so nothing stays. For comparison
    also into a temporary copy of the ledger (what this bench measured before: such a
    table skips the WAL and has no foreign keys, so no durable ledger can be written as
    fast). Measured with cyclic GC off, as every chunk runs.
    """
    from django.db import connection, transaction

    from invordering import clock
    from invordering.services.verwerking import zonder_gc

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vordering_id, verrekening_id FROM invordering_boeking "
            "WHERE soort = 'verrekening' ORDER BY id LIMIT %s",
            [aantal],
        )
        verwijzingen = cursor.fetchall()
    if not verwijzingen:
        raise SystemExit("No verrekening bookings to copy: the verrekening booked nothing.")
    verwijzingen = (verwijzingen * ceil(aantal / len(verwijzingen)))[:aantal]
    nu = clock.now()

    def kopieer(cursor, tabel: str) -> None:
        with cursor.cursor.copy(
            f"COPY {tabel} (vordering_id, verrekening_id, soort, component, bedrag, boekdatum, "
            "omschrijving, sleutel, aangemaakt_op) FROM STDIN"
        ) as copy:
            for i, (vordering, verrekening) in enumerate(verwijzingen):
                rij = (vordering, verrekening, "verrekening", "hoofdsom", "-25.00")
                copy.write_row((*rij, VERREKENDAG, "ZT 2026-11", f"bench:{i}", nu))

    with zonder_gc():
        with transaction.atomic(), connection.cursor() as cursor:
            begin = time.perf_counter()
            kopieer(cursor, "invordering_boeking")
            grootboek = time.perf_counter() - begin
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            sleutels = time.perf_counter() - begin - grootboek
            transaction.set_rollback(True)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_grootboek (LIKE invordering_boeking INCLUDING ALL) "
                "ON COMMIT DROP"
            )
            begin = time.perf_counter()
            kopieer(cursor, "bench_grootboek")
            tijdelijk = time.perf_counter() - begin
    return Copy(grootboek, sleutels, tijdelijk)


def select_baseline() -> tuple[float, int]:
    """One indexed SELECT of the rows the escalation pass reads, into Python; seconds.

    With cyclic GC off, as every chunk runs: with it on, the collections over the growing
    result made the same SELECT take anywhere from 1.5 to 3.3 s.
    """
    from django.db import connection

    from invordering.services.verwerking import zonder_gc

    begin = time.perf_counter()
    with zonder_gc(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.id, v.burger_id, v.fase, v.fase_sinds, v.vervaldatum, v.saldo, "
            "v.op_definitieve_berekening, v.opzet_of_grove_schuld, t.soort "
            "FROM invordering_vordering v JOIN invordering_toeslag t ON t.id = v.toeslag_id "
            "WHERE v.fase <> 'afgerond' ORDER BY v.burger_id, v.dagtekening, v.id"
        )
        rijen = cursor.fetchall()
    return time.perf_counter() - begin, len(rijen)


def een_dag_later() -> None:
    """What the day between two runs does to the tables: vacuum them (untimed).

    In production autovacuum clears the old row versions a run leaves (the first pass
    rewrites every vordering's reason for waiting) long before the next day's run. The
    PostgreSQL on the development machines runs with autovacuum off, so without this the
    next timed run would do that cleaning itself, row by row, as it reads.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) invordering_vordering, invordering_wachtperiode")


def mediaan(tijden: list[float]) -> tuple[float, str]:
    """The median of ``tijden`` and their spread as text ("2.1-2.6 s")."""
    return statistics.median(tijden), f"{min(tijden):.1f}-{max(tijden):.1f} s"


def wacht_op_workers(app, aantal: int) -> None:
    einde = time.monotonic() + 60
    while len(app.control.ping(timeout=0.5)) < aantal:
        if time.monotonic() > einde:
            raise SystemExit("The workers did not start within 60 s (is Redis running?).")


def main() -> None:
    args = argumenten()
    url = maak_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ["ENGINE_DEEL_GROOTTE"] = str(args.chunk)
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.engines_data import vul
    from config.celery import app
    from invordering.models import Boeking, Verwerking
    from invordering.services.verwerking import voer_uit

    call_command("migrate", verbosity=0)
    Verwerking.objects.all().delete()
    print(f"Filling {args.n:,} vorderingen ...")
    vul(
        args.n,
        jaar=JAAR,
        vervaldatum=VERVALDATUM,
        zonder_schuld=args.zonder_schuld,
        stdout=lambda *a: None,
    )
    app.control.purge()
    workers = start_workers(args.workers, {**os.environ})
    try:
        wacht_op_workers(app, args.workers)
        begin = time.perf_counter()
        verrekening = voer_uit("verrekening", dag=VERREKENDAG, via_workers=True, door="bench")
        t_verrekening = time.perf_counter() - begin
        rijen = Boeking.objects.filter(soort="verrekening").count()
        copies = [copy_baseline(rijen) for _ in range(HERHALINGEN)]
        t_copy, copy_spreiding = mediaan([copy.vastgelegd for copy in copies])
        t_zonder_sleutels = statistics.median(copy.grootboek for copy in copies)
        t_tijdelijk = statistics.median(copy.tijdelijk for copy in copies)
        een_dag_later()

        begin = time.perf_counter()
        voer_uit("escalatie", dag=ESCALATIEDAG, via_workers=True, door="bench")
        t_eerste = time.perf_counter() - begin
        dagen = []
        for dag in DAGELIJKS:
            een_dag_later()
            begin = time.perf_counter()
            escalatie = voer_uit("escalatie", dag=dag, via_workers=True, door="bench")
            dagen.append(time.perf_counter() - begin)
        t_escalatie, dag_spreiding = mediaan(dagen)
        select_baseline()  # untimed: the daily passes ran on warm caches, so does this
        selects = [select_baseline() for _ in range(HERHALINGEN)]
        t_select, select_spreiding = mediaan([t for t, _gelezen in selects])
        gelezen = selects[0][1]
        geheugen = [piekgeheugen_mb(w) for w in workers]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        app.control.purge()

    n = args.n
    print()
    print(
        f"engines, {n:,} vorderingen, {args.workers} workers, chunks of {args.chunk:,}, "
        f"{args.zonder_schuld} households without debt per debtor"
    )
    print(f"{'run':<34}{'seconds':>9}{'vord/s':>11}{'baseline s':>12}{'ratio':>7}")
    print(
        f"{'monthly verrekening':<34}{t_verrekening:>9.1f}{n / t_verrekening:>11,.0f}"
        f"{t_copy:>12.1f}{t_verrekening / t_copy:>7.2f}   (COPY of {rijen:,} rows into the "
        "ledger, keys checked)"
    )
    print(
        f"{'  vs the same COPY, keys unchecked':<54}{t_zonder_sleutels:>12.1f}"
        f"{t_verrekening / t_zonder_sleutels:>7.2f}"
    )
    print(
        f"{'  vs COPY into a temporary copy':<54}{t_tijdelijk:>12.1f}"
        f"{t_verrekening / t_tijdelijk:>7.2f}   (no WAL, no keys; the baseline until 2026-11-25)"
    )
    print(
        f"{'first escalation pass (history)':<34}{t_eerste:>9.1f}{n / t_eerste:>11,.0f}"
        f"{t_select:>12.1f}{t_eerste / t_select:>7.2f}   (writes every first reason)"
    )
    print(
        f"{'daily escalation pass':<34}{t_escalatie:>9.1f}{n / t_escalatie:>11,.0f}"
        f"{t_select:>12.1f}{t_escalatie / t_select:>7.2f}   (SELECT of {gelezen:,} vorderingen)"
    )
    print(
        f"medians; spread: COPY {copy_spreiding} ({HERHALINGEN} times), SELECT "
        f"{select_spreiding} ({HERHALINGEN} times), daily pass {dag_spreiding} "
        f"({len(DAGELIJKS)} days)"
    )
    print(f"verrekening outcomes: {verrekening.uitkomsten}; errors: {verrekening.fouten}")
    print(f"escalation outcomes: {escalatie.uitkomsten}; errors: {escalatie.fouten}")
    print("worker peak memory (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in geheugen))


if __name__ == "__main__":
    main()
