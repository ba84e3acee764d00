"""Benchmark: the audit trail at size. Searching it, and what recording a look costs.

Fills a fresh test database with ``--looks`` looks (Inzage), as many automatic events in
the newest hour (a monthly offsetting run, the worst case for "newest changes by people")
and ``--changes`` changes by staff, spread over 2,000 users and 100,000 citizens, all in
time order as production writes them. Then prints the median time of the search page's
selector for each kind of search, and of recording one look (one INSERT, committed) next
to the same INSERT without waiting for the WAL flush, so the figure can be read apart
from the machine's disk.

    DATABASE_URL=postgres://root@127.0.0.1:5432/invordering SECRET_KEY=... \\
        .venv/bin/python bench/audit.py [--looks 1000000 --changes 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BURGERS, USERS = 100_000, 2_000


def vul(looks: int, changes: int) -> None:
    """Rows straight in SQL (generate_series): the ORM would take longer than the bench."""
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO invordering_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined, taal) "
            "SELECT '!', false, 'u' || i, 'Voor' || i, 'Achter' || i, '', true, true, now(), "
            "'nl' FROM generate_series(1, %s) i",
            [USERS],
        )
        c.execute(
            "INSERT INTO invordering_burger (bsn, voornamen, achternaam, geboortedatum, taal, "
            "email, telefoon, straat, postcode, woonplaats, demo_sleutel) "
            "SELECT lpad(i::text, 9, '0'), 'B', 'Burger' || i, '1980-01-01', 'nl', '', '', "
            "'', '', '', '' FROM generate_series(1, %s) i",
            [BURGERS],
        )
        c.execute("SELECT min(id) FROM invordering_burger")
        b0 = c.fetchone()[0]
        c.execute("SELECT min(id) FROM invordering_user")
        u0 = c.fetchone()[0]
        c.execute(
            "INSERT INTO invordering_inzage (rol, pagina, pad, ip, tijdstip, burger_id, user_id) "
            "SELECT 'medewerker', 'staff:totaalbeeld', '/beheer/burgers/1/', '192.0.2.1', "
            "now() - ((%(n)s + 1 - i) || ' seconds')::interval, %(b0)s + i %% %(b)s, "
            "%(u0)s + i %% %(u)s FROM generate_series(1, %(n)s) i",
            {"n": looks, "b0": b0, "b": BURGERS, "u0": u0, "u": USERS},
        )
        c.execute(
            "INSERT INTO invordering_event (soort, tijdstip, actor_rol, regel, data, "
            "geregistreerd_op, burger_id, actor_id, ip) "
            "SELECT 'contact', now() - interval '1 hour' - ((%(n)s + 1 - i) * 7 || ' seconds')"
            "::interval, 'medewerker', '', '{}', now(), %(b0)s + i %% %(b)s, %(u0)s + i %% %(u)s, "
            "'192.0.2.2' FROM generate_series(1, %(n)s) i",
            {"n": changes, "b0": b0, "b": BURGERS, "u0": u0, "u": USERS},
        )
        c.execute(
            "INSERT INTO invordering_event (soort, tijdstip, actor_rol, regel, data, "
            "geregistreerd_op, burger_id) "
            "SELECT 'verrekening', now() - interval '1 hour' + (i * 3 || ' milliseconds')"
            "::interval, 'systeem', 'verrekening', '{}', now(), %(b0)s + i %% %(b)s "
            "FROM generate_series(1, %(n)s) i",
            {"n": looks, "b0": b0, "b": BURGERS},
        )
        c.execute("ANALYZE")


def mediaan(doe, keer: int = 15) -> float:
    doe()  # warm-up
    tijden = []
    for _ in range(keer):
        start = time.perf_counter()
        doe()
        tijden.append((time.perf_counter() - start) * 1000)
    return statistics.median(tijden)


def zoektijden() -> list[tuple[str, float]]:
    from invordering.models import Burger
    from invordering.selectors.audit import Zoekvraag, zoek

    bsn = Burger.objects.order_by("pk")[500].bsn
    dag = timezone.localdate() - timedelta(days=2)
    gevallen = {
        "newest page, no search": (Zoekvraag(), 1),
        "page 20, no search": (Zoekvraag(), 20),
        "one citizen (BSN)": (Zoekvraag(bsn=bsn), 1),
        "one user name": (Zoekvraag(gebruiker="u77"), 1),
        "part of a name (111 users)": (Zoekvraag(gebruiker="Achter77"), 1),
        "one day, changes only": (Zoekvraag(van=dag, tot=dag, soort="wijzigen"), 1),
    }
    return [
        (naam, mediaan(lambda v=vraag, n=nummer: zoek(v, nummer=n)))
        for naam, (vraag, nummer) in gevallen.items()
    ]


def opnametijden() -> list[tuple[str, float]]:
    from invordering import audit
    from invordering.models import ActorRol, Burger, User

    user = User.objects.order_by("pk").first()
    burger = Burger.objects.order_by("pk").first()

    def een_blik():
        request = RequestFactory().get("/beheer/burgers/1/")
        request.user = user
        audit.lees(request, burger, rol=ActorRol.MEDEWERKER)
        audit.schrijf_inzagen(request)

    gewoon = mediaan(een_blik, 50)
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = off")
    zonder_flush = mediaan(een_blik, 50)
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = on")
    return [
        ("record one look (INSERT, committed)", gewoon),
        ("the same, not waiting for the WAL flush", zonder_flush),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--looks", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=100_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("needs PostgreSQL (DATABASE_URL)")

    setup_test_environment()
    naam = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        vul(args.looks, args.changes)
        gevuld = time.perf_counter() - start
        regels = zoektijden() + opnametijden()
    finally:
        connection.creation.destroy_test_db(naam, verbosity=0)

    print(
        f"{args.looks:,} looks, {args.looks:,} automatic events in the newest hour, "
        f"{args.changes:,} changes by staff (filled in {gevuld:.0f} s)"
    )
    print(f"{'what':<44}{'median ms':>10}")
    for wat, ms in regels:
        print(f"{wat:<44}{ms:>10.1f}")


if __name__ == "__main__":
    main()
