"""Benchmark: server time of the overview page for a burger with 50 vorderingen.

Prints the median and p95 time per request of the overview, next to a trivial one-query
view (/gezondheid/) measured in the same run on the same database, so the figure can be
read independently of the machine. In-process (Django test client): no network, no
browser; every request goes through the full middleware stack and renders the template.

    DATABASE_URL=postgres://root@127.0.0.1:5432/invordering SECRET_KEY=... \\
        .venv/bin/python bench/overview.py [--requests 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEMO", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def maak_burger(aantal: int):
    """A burger with ``aantal`` vorderingen, payments, a regeling and a running voorschot."""
    from invordering import clock
    from invordering.models import Burger, User
    from invordering.services.betalingen import boek_betaling
    from invordering.services.regelingen import start_standaardregeling
    from invordering.services.vorderingen import (
        registreer_definitieve_berekening,
        registreer_toeslag,
        registreer_voorschot,
    )

    user = User.objects.create(username="bench-burger")
    burger = Burger.objects.create(
        user=user,
        bsn="999999990",
        voornamen="Bench",
        achternaam="Persoon",
        geboortedatum=date(1980, 1, 1),
    )
    vorderingen = []
    for i in range(aantal):
        toeslag = registreer_toeslag(
            burger=burger, soort=("ZT", "HT", "KGB", "KOT")[i % 4], jaar=1970 + i
        )
        registreer_voorschot(
            toeslag=toeslag,
            dagtekening=date(1969 + i, 12, 1),
            ingangsmaand=1,
            maandbedrag=Decimal("100.00"),
        )
        dag = date(2025, 1, 3) + timedelta(days=7 * i)
        with clock.vast_op(dag):
            _b, v = registreer_definitieve_berekening(
                toeslag=toeslag, dagtekening=dag, recht=Decimal("400.00"), reden="inkomen_hoger"
            )
        vorderingen.append(v)
    lopend = registreer_toeslag(burger=burger, soort="ZT", jaar=clock.today().year)
    registreer_voorschot(
        toeslag=lopend, dagtekening=date(2025, 12, 5), ingangsmaand=1, maandbedrag=Decimal("120.00")
    )
    for i, v in enumerate(vorderingen[:10]):
        v.refresh_from_db()
        boek_betaling(
            burger=burger,
            bedrag=Decimal("100.00"),
            ontvangen_op=date(2026, 3, 1),
            methode="ideal",
            referentie=f"bench-{i}",
            vorderingen=[v],
        )
    start_standaardregeling(vorderingen=[vorderingen[-1]], dag=date(2026, 4, 1))
    return burger


def meet(client: Client, url: str, aantal: int) -> list[float]:
    for _ in range(5):  # warm-up: template caches, connection
        client.get(url)
    tijden = []
    for _ in range(aantal):
        start = time.perf_counter()
        response = client.get(url)
        tijden.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return tijden


def p95(tijden: list[float]) -> float:
    return statistics.quantiles(tijden, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--vorderingen", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    naam = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        burger = maak_burger(args.vorderingen)
        client = Client()
        client.force_login(burger.user)
        overzicht = meet(client, "/overzicht/", args.requests)
        basis = meet(client, "/gezondheid/", args.requests)
    finally:
        connection.creation.destroy_test_db(naam, verbosity=0)

    print(
        f"database: {connection.vendor}; {args.vorderingen} vorderingen; {args.requests} requests each"
    )
    print(f"{'view':<36}{'median ms':>10}{'p95 ms':>10}")
    print(
        f"{'/overzicht/ (50 vorderingen)':<36}{statistics.median(overzicht):>10.1f}{p95(overzicht):>10.1f}"
    )
    print(
        f"{'/gezondheid/ (one query, baseline)':<36}{statistics.median(basis):>10.1f}{p95(basis):>10.1f}"
    )
    print(
        f"overview / baseline (median): {statistics.median(overzicht) / statistics.median(basis):.1f}x"
    )


if __name__ == "__main__":
    main()
