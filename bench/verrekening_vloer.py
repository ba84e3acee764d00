"""Benchmark: the floor that its own writes set for the monthly verrekening.

A run must write, per verrekening, its row, its bookings and the new saldi, each row with
its foreign keys checked. This measures what those writes cost on their own, done the
fastest way PostgreSQL has (COPY, one UPDATE), so the verrekening's figure in
bench/engines.py can be read against it:

1. for each of ``--delen`` chunks of the bench database (the burger ranges a run makes),
   run the chunk's real statement in a transaction, keep the rows it wrote, roll back;
2. write exactly those rows again in a new transaction: COPY the verrekeningen and the
   bookings, UPDATE the saldi, fire the deferred key checks; time it; roll back.

Prints the median per chunk and the floor for a whole run: that time x chunks / workers,
next to bench/engines.py's COPY baseline for as many ledger rows, as a ratio. Nothing
stays in the database. Run it on the database bench/engines.py filled, after its run:

    DATABASE_URL=postgres://root@127.0.0.1:5432/invordering_bench SECRET_KEY=... \\
        .venv/bin/python bench/verrekening_vloer.py [--delen 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.engines import copy_baseline, mediaan  # noqa: E402
from invordering.beleid import beleid_op  # noqa: E402
from invordering.models import Boeking, Verrekening, VerwerkingSoort  # noqa: E402
from invordering.services.verrekening_run import vergrendel_en_verreken  # noqa: E402
from invordering.services.verwerking import _grenzen  # noqa: E402

# The month after the one bench/engines.py offsets: its voorschotten exist, nothing is
# booked for it yet.
DAG = date(2026, 12, 20)
MAAND = DAG.replace(day=1)
VERREKENING_VELDEN = [
    "id",
    "burger_id",
    "toeslag_id",
    "maand",
    "voorschot",
    "bedrag",
    "uitbetaald",
    "specificatie",
    "aangemaakt_op",
]
BOEKING_VELDEN = [
    "vordering_id",
    "soort",
    "component",
    "bedrag",
    "boekdatum",
    "omschrijving",
    "sleutel",
    "aangemaakt_op",
    "verrekening_id",
]


class _TerugDraaien(Exception):
    pass


def geschreven_rijen(van: int, tot: int) -> tuple[list, list, list]:
    """What the chunk's statement writes for burgers van..tot, rolled back afterwards
    (the statement alone: the advance notices it leads to are not what is measured)."""
    try:
        with transaction.atomic():
            vergrendel_en_verreken(
                {"pk__range": (van, tot)}, maand=MAAND, dag=DAG, beleid=beleid_op(DAG)
            )
            nieuw = Verrekening.objects.filter(maand=MAAND, burger__pk__range=(van, tot))
            verrekeningen = list(nieuw.values_list(*VERREKENING_VELDEN))
            boekingen = list(
                Boeking.objects.filter(verrekening__in=nieuw).values_list(*BOEKING_VELDEN)
            )
            raise _TerugDraaien
    except _TerugDraaien:
        pass
    saldi: dict[int, Decimal] = {}
    for boeking in boekingen:
        saldi[boeking[0]] = saldi.get(boeking[0], Decimal(0)) + boeking[3]
    return verrekeningen, boekingen, list(saldi.items())


def schrijf_opnieuw(verrekeningen: list, boekingen: list, saldi: list) -> dict[str, float]:
    """Seconds per part to write these rows again with COPY and one UPDATE, keys checked."""
    from psycopg.types.json import Jsonb

    delen = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            begin = time.perf_counter()
            with cursor.cursor.copy(
                f"COPY {Verrekening._meta.db_table} ({', '.join(VERREKENING_VELDEN)}) FROM STDIN"
            ) as copy:
                for rij in verrekeningen:
                    copy.write_row((*rij[:7], Jsonb(rij[7]), rij[8]))
            delen["COPY verrekeningen"] = time.perf_counter() - begin
            begin = time.perf_counter()
            with cursor.cursor.copy(
                f"COPY {Boeking._meta.db_table} ({', '.join(BOEKING_VELDEN)}) FROM STDIN"
            ) as copy:
                for rij in boekingen:
                    copy.write_row(rij)
            delen["COPY bookings"] = time.perf_counter() - begin
            begin = time.perf_counter()
            cursor.execute(
                "UPDATE invordering_vordering AS v SET saldo = v.saldo + d.bedrag "
                "FROM unnest(%s::bigint[], %s::numeric[]) AS d(id, bedrag) WHERE v.id = d.id",
                [[v for v, _b in saldi], [b for _v, b in saldi]],
            )
            delen["UPDATE saldi"] = time.perf_counter() - begin
            begin = time.perf_counter()
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            delen["foreign-key checks"] = time.perf_counter() - begin
            raise _TerugDraaien
    except _TerugDraaien:
        pass
    return delen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delen", type=int, default=10, help="chunks to measure")
    parser.add_argument("--workers", type=int, default=2, help="workers of a run")
    args = parser.parse_args()

    grenzen = _grenzen(VerwerkingSoort.VERREKENING)
    stap = max(1, len(grenzen) // args.delen)
    metingen, aantallen = [], []
    for van, tot in grenzen[::stap][: args.delen]:
        verrekeningen, boekingen, saldi = geschreven_rijen(van, tot)
        if not verrekeningen:
            raise SystemExit(
                f"Burgers {van}-{tot} get no verrekening in {MAAND:%Y-%m}: run bench/engines.py "
                "first, on the database this points at."
            )
        metingen.append(schrijf_opnieuw(verrekeningen, boekingen, saldi))
        aantallen.append((len(verrekeningen), len(boekingen), len(saldi)))

    per_deel = statistics.median(sum(meting.values()) for meting in metingen)
    boekingen = round(statistics.median(b for _v, b, _s in aantallen) * len(grenzen))
    vloer = per_deel * len(grenzen) / args.workers
    copies = [copy_baseline(boekingen) for _ in range(3)]
    copy, _spreiding = mediaan([c.vastgelegd for c in copies])
    tijdelijk, _spreiding = mediaan([c.tijdelijk for c in copies])
    v, b, s = (round(statistics.median(a[i] for a in aantallen)) for i in range(3))
    print(
        f"chunks of {settings.ENGINE_DEEL_GROOTTE:,}: {len(grenzen)} in a run, {len(metingen)} measured"
    )
    print(f"per chunk (median): {v:,} verrekeningen, {b:,} bookings, {s:,} saldi")
    print(f"writing them again with COPY and one UPDATE, keys checked: {per_deel * 1000:.0f} ms")
    for deel in metingen[0]:
        print(f"  {deel}: {statistics.median(m[deel] for m in metingen) * 1000:.0f} ms")
    print(
        f"floor for a run with {args.workers} workers: {vloer:.1f} s; COPY of {boekingen:,} "
        f"rows into the ledger, keys checked: {copy:.1f} s; ratio {vloer / copy:.2f}"
    )
    print(
        f"  against a COPY into a temporary copy (no WAL, no keys): {tijdelijk:.1f} s; "
        f"ratio {vloer / tijdelijk:.2f}"
    )


if __name__ == "__main__":
    main()
