"""Bench data: fill a PostgreSQL database quickly with n open vorderingen and their voorschotten.

One job: ``vul(n, jaar=..., vervaldatum=...)`` empties the tables it fills and streams rows
into them with COPY, so the engines have realistic volume to chew on. Per burger that
owes: a login, two toeslagen (ZT and HT, year ``jaar``), per toeslag a voorschot
(version 1 from January, 100.00-300.00 a month) and a terugvorderingsbeschikking, the
vordering on it in fase "verrekening" (saldo = hoofdsom, 300.00-3000.00), and the
hoofdsom booking in the ledger. Everything varies deterministically with the row
number, so two runs give the same data.

With ``zonder_schuld=k`` every burger with vorderingen has k households without debt
between it and the next (burger ids k+1, 2(k+1), ... are the debtors), each with a
login, one ZT toeslag and its voorschot: nationally about 6 million households have
toeslagen and about 1 million vorderingen are open (DOMAIN.md §9), so a chunk's range of
burger ids holds many households that owe nothing.

The schema must be migrated. The database user must own the tables (TRUNCATE); as a
superuser the load skips the per-row foreign-key triggers and checks the keys afterwards
with one join per foreign key instead (1M vorderingen: about 50 s instead of 72 s).

    DATABASE_URL=postgres://root@127.0.0.1:5432/invordering_bench SECRET_KEY=... \\
        .venv/bin/python bench/engines_data.py [--n 1000000] [--zonder-schuld 5] \\
        [--jaar 2026] [--vervaldatum 2026-11-01]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

# Filled in this order (parents first); TRUNCATE ... CASCADE also empties every table that
# points at one of these (events, documents, regelingen, betalingen, helpers, ...).
TABELLEN = (
    "invordering_user",
    "invordering_burger",
    "invordering_toeslag",
    "invordering_beschikking",
    "invordering_vordering",
    "invordering_boeking",
)

# (table, column, referenced table) for every foreign key the load writes a value into.
SLEUTELS = (
    ("invordering_burger", "user_id", "invordering_user"),
    ("invordering_toeslag", "burger_id", "invordering_burger"),
    ("invordering_beschikking", "toeslag_id", "invordering_toeslag"),
    ("invordering_vordering", "burger_id", "invordering_burger"),
    ("invordering_vordering", "toeslag_id", "invordering_toeslag"),
    ("invordering_vordering", "beschikking_id", "invordering_beschikking"),
    ("invordering_boeking", "vordering_id", "invordering_vordering"),
)

SOORTEN = ("ZT", "HT")  # toeslag 2b-1 of burger b is ZT, toeslag 2b is HT
BSN_GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2)
VOORNAMEN = ("Anna", "Bram", "Chantal", "Daan", "Emma", "Fatima", "Gerrit", "Hanna", "Ibrahim")
ACHTERNAMEN = ("de Vries", "Jansen", "Bakker", "Yilmaz", "Visser", "Smit", "El Amrani", "Mulder")
BETAALTERMIJN = timedelta(weeks=6)  # dagtekening = vervaldatum - 42 days


def bedrag(centen: int) -> str:
    """Cents as the text PostgreSQL reads into numeric(12,2): 123456 -> '1234.56'."""
    return f"{centen // 100}.{centen % 100:02d}"


def hoofdsom_centen(vordering_id: int) -> int:
    """300.00 up to 3000.00, spread over the whole range (7919 is prime to 270001)."""
    return 30_000 + (vordering_id * 7_919) % 270_001


def maandbedrag_centen(toeslag_id: int) -> int:
    """100.00 up to 300.00 a month."""
    return 10_000 + (toeslag_id * 3_571) % 20_001


def bsns():
    """Distinct 9-digit BSNs that pass the eleven-test, in increasing order."""
    nummer = 10_000_000
    while True:
        cijfers = f"{nummer:08d}"
        rest = sum(int(c) * w for c, w in zip(cijfers, BSN_GEWICHTEN, strict=True)) % 11
        if rest != 10:  # the check digit is the rest itself; 10 does not fit in one digit
            yield cijfers + str(rest)
        nummer += 1


def schuldenaar(k: int, zonder_schuld: int) -> int:
    """The burger id of the k-th burger with vorderingen (1-based)."""
    return k * (zonder_schuld + 1)


def _users(burgers: int, bsn_lijst, ingeschreven: datetime):
    for b, bsn in zip(range(1, burgers + 1), bsn_lijst, strict=False):
        # "!" is an unusable password (Django's set_unusable_password prefix): no login.
        yield (b, "!", False, f"burger-{bsn}", "", "", "", False, True, ingeschreven, "nl")


def _burgers(burgers: int, bsn_lijst, geboren: date):
    nv, na = len(VOORNAMEN), len(ACHTERNAMEN)
    for b, bsn in zip(range(1, burgers + 1), bsn_lijst, strict=False):
        yield (
            b,
            b,
            bsn,
            VOORNAMEN[b % nv],
            ACHTERNAMEN[(b // nv) % na],
            geboren + timedelta(days=(b * 37) % 18_000),
            "nl",
            "",
            "",
            "",
            "",
            "",
            "",
        )


def _zonder_schuld(burgers: int, zonder_schuld: int):
    """The ids of the households without debt, ascending."""
    return (b for b in range(1, burgers + 1) if b % (zonder_schuld + 1))


def _toeslagen(n: int, jaar: int, zonder_schuld: int, burgers: int):
    for t in range(1, n + 1):
        yield (t, schuldenaar((t + 1) // 2, zonder_schuld), SOORTEN[(t + 1) % 2], jaar, False)
    for j, b in enumerate(_zonder_schuld(burgers, zonder_schuld), start=n + 1):
        yield (j, b, "ZT", jaar, False)


def _beschikkingen(
    n: int, jaar: int, voorschot_dag: date, dagtekening: date, extra: int, schuldenaars: int
):
    # Toeslag t has voorschot 2t-1 and terugvordering 2t; kenmerken are numbered per soort
    # and year like services.kenmerken does, so the number is the debtor's (k in schuldenaar).
    for t in range(1, n + 1):
        soort = SOORTEN[(t + 1) % 2]
        nummer = (t + 1) // 2
        maand = maandbedrag_centen(t)
        yield (
            2 * t - 1,
            t,
            "voorschot",
            f"VS{soort}-{jaar}-{nummer:07d}",
            voorschot_dag,
            1,
            bedrag(12 * maand),
            1,
            bedrag(maand),
            "",
        )
        yield (
            2 * t,
            t,
            "terugvordering",
            f"TV{soort}-{jaar}-{nummer:07d}",
            dagtekening,
            1,
            bedrag(hoofdsom_centen(t)),
            None,
            None,
            "inkomen_hoger",
        )
    # The households without debt: toeslag n+j has voorschot 2n+j, numbered on after the
    # debtors' ZT voorschotten.
    for j in range(1, extra + 1):
        t = n + j
        maand = maandbedrag_centen(t)
        kenmerk = f"VSZT-{jaar}-{schuldenaars + j:07d}"
        yield (
            2 * n + j,
            t,
            "voorschot",
            kenmerk,
            voorschot_dag,
            1,
            bedrag(12 * maand),
            1,
            bedrag(maand),
            "",
        )


def _vorderingen(n: int, jaar: int, dagtekening: date, vervaldatum: date, zonder_schuld: int):
    from invordering.validators import betalingskenmerk

    for v in range(1, n + 1):
        som = bedrag(hoofdsom_centen(v))
        yield (
            v,
            schuldenaar((v + 1) // 2, zonder_schuld),
            v,
            2 * v,
            f"TV{SOORTEN[(v + 1) % 2]}-{jaar}-{(v + 1) // 2:07d}",
            # Same block as services.kenmerken.nieuw_betalingskenmerk; the counter is set below.
            betalingskenmerk(900_000_000_000_000 + v),
            som,
            dagtekening,
            vervaldatum,
            "verrekening",
            vervaldatum,
            True,
            False,
            som,
        )


def _boekingen(n: int, jaar: int, dagtekening: date, geboekt: datetime):
    for v in range(1, n + 1):
        yield (
            v,
            v,
            "hoofdsom",
            "hoofdsom",
            bedrag(hoofdsom_centen(v)),
            dagtekening,
            f"TV{SOORTEN[(v + 1) % 2]}-{jaar}-{(v + 1) // 2:07d}",
            f"hoofdsom:{v}",
            geboekt,
        )


def _kopieer(cursor, tabel: str, kolommen: str, rijen, stdout) -> int:
    start = time.perf_counter()
    aantal = 0
    # FREEZE: the table was truncated in this transaction, so rows go in already frozen
    # and all-visible (no hint-bit rewrite or vacuum before index-only scans).
    with cursor.copy(f"COPY {tabel} ({kolommen}) FROM STDIN WITH (FREEZE)") as copy:
        for rij in rijen:
            copy.write_row(rij)
            aantal += 1
    stdout(f"  {tabel:<26}{aantal:>10,} rows {time.perf_counter() - start:7.1f}s")
    return aantal


def vul(n: int, *, jaar: int, vervaldatum: date, zonder_schuld: int = 0, stdout=print) -> dict:
    """Empty the bench tables and fill them with ``n`` open vorderingen (n/2 burgers owe
    them), and ``zonder_schuld`` households without debt per burger that owes.

    Returns {"tabellen": {table: rows}, "seconden": float}. The engines get ``jaar``'s
    voorschotten to offset against and vorderingen in fase "verrekening" since
    ``vervaldatum``. ``stdout`` receives one progress line per table.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from invordering.beleid import laad_standaard_beleid
    from invordering.models import Regime

    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    if zonder_schuld < 0:
        raise ValueError(f"zonder_schuld must be 0 or more, not {zonder_schuld}")
    start = time.perf_counter()
    if not Regime.objects.exists():
        stdout(f"beleid: {laad_standaard_beleid()} rows loaded from the standard file")
    schuldenaars = (n + 1) // 2  # an odd n gives the last debtor only the ZT vordering
    burgers = schuldenaar(schuldenaars, zonder_schuld)
    extra = burgers - schuldenaars
    dagtekening = vervaldatum - BETAALTERMIJN
    ingeschreven = timezone.make_aware(datetime(jaar - 1, 12, 1, 9))
    geboekt = timezone.make_aware(
        datetime.combine(dagtekening, datetime.min.time()).replace(hour=10)
    )
    stdout(
        f"vul: {n:,} vorderingen for {schuldenaars:,} of {burgers:,} burgers, jaar {jaar}, "
        f"vervaldatum {vervaldatum}"
    )

    connection.ensure_connection()
    counts = {}
    with transaction.atomic(), connection.connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            # Skips the per-row RI triggers (and the append-only triggers, which only fire
            # on UPDATE/DELETE anyway); the keys are checked in bulk below. CHECK, NOT NULL
            # and UNIQUE constraints still apply to every row.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(f"TRUNCATE {', '.join(TABELLEN)} RESTART IDENTITY CASCADE")

        counts["invordering_user"] = _kopieer(
            cursor,
            "invordering_user",
            "id, password, is_superuser, username, first_name, last_name, email, "
            "is_staff, is_active, date_joined, taal",
            _users(burgers, bsns(), ingeschreven),
            stdout,
        )
        counts["invordering_burger"] = _kopieer(
            cursor,
            "invordering_burger",
            "id, user_id, bsn, voornamen, achternaam, geboortedatum, taal, email, telefoon, "
            "straat, postcode, woonplaats, demo_sleutel",
            _burgers(burgers, bsns(), date(1950, 1, 1)),
            stdout,
        )
        counts["invordering_toeslag"] = _kopieer(
            cursor,
            "invordering_toeslag",
            "id, burger_id, soort, jaar, met_alo_kop",
            _toeslagen(n, jaar, zonder_schuld, burgers),
            stdout,
        )
        counts["invordering_beschikking"] = _kopieer(
            cursor,
            "invordering_beschikking",
            "id, toeslag_id, soort, kenmerk, dagtekening, versie, jaarbedrag, ingangsmaand, "
            "maandbedrag, reden",
            _beschikkingen(n, jaar, date(jaar - 1, 12, 1), dagtekening, extra, schuldenaars),
            stdout,
        )
        counts["invordering_vordering"] = _kopieer(
            cursor,
            "invordering_vordering",
            "id, burger_id, toeslag_id, beschikking_id, kenmerk, betalingskenmerk, hoofdsom, "
            "dagtekening, vervaldatum, fase, fase_sinds, op_definitieve_berekening, "
            "opzet_of_grove_schuld, saldo",
            _vorderingen(n, jaar, dagtekening, vervaldatum, zonder_schuld),
            stdout,
        )
        counts["invordering_boeking"] = _kopieer(
            cursor,
            "invordering_boeking",
            "id, vordering_id, soort, component, bedrag, boekdatum, omschrijving, sleutel, "
            "aangemaakt_op",
            _boekingen(n, jaar, dagtekening, geboekt),
            stdout,
        )

        if superuser:
            cursor.execute("SET LOCAL session_replication_role = origin")
            controle = time.perf_counter()
            for tabel, kolom, doel in SLEUTELS:
                cursor.execute(
                    f"SELECT count(*) FROM {tabel} t LEFT JOIN {doel} d ON d.id = t.{kolom} "
                    f"WHERE d.id IS NULL AND t.{kolom} IS NOT NULL"
                )
                (wees,) = cursor.fetchone()
                if wees:
                    raise RuntimeError(f"{wees} rows of {tabel}.{kolom} point nowhere")
            stdout(f"  foreign keys checked {time.perf_counter() - controle:14.1f}s")

        for tabel in TABELLEN:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), max(id)) FROM {tabel}"
            )
        # The kenmerk counters (services.kenmerken) continue after the numbers used here.
        tellers = [("betalingskenmerk", n)] + [
            (f"{prefix}{soort}-{jaar}", aantal)
            for prefix in ("VS", "TV")
            for soort, aantal in zip(SOORTEN, (schuldenaars + extra, n // 2), strict=True)
        ]
        cursor.executemany(
            "INSERT INTO invordering_volgnummer (prefix, laatste) VALUES (%s, %s) "
            "ON CONFLICT (prefix) DO UPDATE SET laatste = EXCLUDED.laatste",
            tellers,
        )

    analyse = time.perf_counter()
    with connection.connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABELLEN)}")
    stdout(f"  analyze {time.perf_counter() - analyse:28.1f}s")
    seconden = time.perf_counter() - start
    stdout(f"vul: {sum(counts.values()):,} rows in {seconden:.1f}s")
    return {"tabellen": counts, "seconden": round(seconden, 1)}


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="vorderingen (even)")
    parser.add_argument(
        "--zonder-schuld", type=int, default=5, help="households without debt per debtor"
    )
    parser.add_argument("--jaar", type=int, default=date.today().year)
    parser.add_argument(
        "--vervaldatum",
        type=date.fromisoformat,
        default=None,
        help="due date of every vordering (default: 1 November of --jaar)",
    )
    args = parser.parse_args()
    vervaldatum = args.vervaldatum or date(args.jaar, 11, 1)
    resultaat = vul(
        args.n, jaar=args.jaar, vervaldatum=vervaldatum, zonder_schuld=args.zonder_schuld
    )
    for tabel, aantal in resultaat["tabellen"].items():
        print(f"{tabel:<28}{aantal:>10,}")


if __name__ == "__main__":
    main()
