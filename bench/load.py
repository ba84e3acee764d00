"""Load test: simulated burgers and helpers browse the product on gunicorn and PostgreSQL.

Prepares a database (the demo world, extra helpers with their clients, and an overview
PDF for every persona, as if each had asked for one earlier), starts gunicorn on a free
port in DEMO mode, and runs the locust scenario of bench/locustfile.py headless: every
simulated person logs in once and browses the overview, a debt's explanation, the
timeline and the overview PDF (burgers), or the dashboard and a client's overview
(helpers). People log in at --spawn a second and look around once (the ramp-up); once
all are in, the statistics start again and --seconds are measured. It prints, for the measured part and
the ramp-up apart, requests per second, p50, p95 and max response time and the figures
per page kind, and the failures of the whole run. Not a test (tests/test_load.py runs a
short version): run it by hand.

    .venv/bin/python bench/load.py [--users 200] [--seconds 60] [--workers 4] [--wait 3,10]

Needs PostgreSQL; with CACHE_URL=redis://... the rate limits count in Redis, as in a
deployment. The bench database (``--db``, default invordering_load) is created when
missing and wiped on every run; never point it at a database you need. Exit status 1
when any request failed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = ROOT / "bench" / "locustfile.py"

VOORNAMEN = ("Noor", "Daan", "Emma", "Sem", "Fenna", "Bram", "Lotte", "Mehmet", "Aisha", "Joost")
ACHTERNAMEN = ("Visser", "Mulder", "Bos", "Yildiz", "Peters", "Hendriks", "Bakker", "Ozturk")


# --------------------------------------------------------------------------- the database


def bereid_voor(
    *, extra_helpers: int, clienten_per_helper: int, personas: list[str] | None = None
) -> dict:
    """Fill the (empty or demo) database and return the accounts for the locustfile.

    Builds the demo world if it is not there, adds ``extra_helpers`` maatschappelijk
    werkers with ``clienten_per_helper`` clients each (full histories, through the demo
    builder), and makes the overview PDF of every burger persona (or of ``personas``)
    through the product's own service and task. Needs DEMO mode (persona logins, clock).
    """
    from invordering import clock
    from invordering.demo.personas import DEMO_WACHTWOORD, PERSONAS
    from invordering.demo.seed import bouw_wereld
    from invordering.demo.wereld import ANKER
    from invordering.models import Burger

    bouw_wereld()
    clock.zet_datum(ANKER)  # also when the world was there already
    helpers = [
        {"username": p.sleutel, "password": DEMO_WACHTWOORD} for p in PERSONAS if p.rol == "helper"
    ]
    helpers += _extra_helpers(extra_helpers, clienten_per_helper)
    burgers = [p.sleutel for p in PERSONAS if p.rol == "burger"]
    if personas is not None:
        burgers = [b for b in burgers if b in personas]
    for burger in Burger.objects.filter(demo_sleutel__in=burgers):
        _maak_overzicht_pdf(burger)
    return {"burgers": burgers, "helpers": helpers}


def _extra_helpers(aantal: int, clienten: int) -> list[dict]:
    from invordering.demo import helpers as h
    from invordering.demo.personas import DEMO_WACHTWOORD
    from invordering.demo.seed import demo_bsns
    from invordering.models import Burger, Helper, HelperSoort

    accounts = []
    # Above the demo world's own BSNs (999990000 on) and the tests' (below it).
    bsns = (b for b in demo_bsns(van=999_993_000) if not Burger.objects.filter(bsn=b).exists())
    for i in range(1, aantal + 1):
        naam = f"Laadtest Helper{i:03d}"
        username = naam.lower().replace(" ", ".")
        if not Helper.objects.filter(user__username=username).exists():
            helper = h.maak_helper(
                f"laadtest-{i:03d}", naam, HelperSoort.MAATSCHAPPELIJK_WERKER, demo=False
            )
            namen = [
                f"{VOORNAMEN[(i + j) % len(VOORNAMEN)]} {ACHTERNAMEN[(i * 3 + j) % len(ACHTERNAMEN)]}"
                for j in range(clienten)
            ]
            h.maak_clienten(
                helper,
                namen,
                bsns,
                start_nummer=100 + (i - 1) * clienten,
                geldigheid=lambda _i: ("2026-01-01", "2027-12-31"),
            )
        accounts.append({"username": username, "password": DEMO_WACHTWOORD})
    return accounts


def _maak_overzicht_pdf(burger) -> None:
    """The overview PDF as the Letters page's button makes it, rendered here and now."""
    from config.celery import app
    from invordering.models import Document, DocumentSoort, PdfStatus
    from invordering.services.overzicht_pdf import maak_overzicht_document

    if Document.objects.filter(
        burger=burger, soort=DocumentSoort.OVERZICHT, pdf_status=PdfStatus.KLAAR
    ).exists():
        return
    eerder = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the PDF task runs on commit, in this process
    try:
        maak_overzicht_document(burger=burger, door=burger.user)
    finally:
        app.conf.task_always_eager = eerder


# --------------------------------------------------------------------------- the server


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(instellingen: dict) -> str:
    """The URL of a Django database (``settings.DATABASES["default"]``)."""
    gebruiker = instellingen.get("USER") or ""
    if instellingen.get("PASSWORD"):
        gebruiker += ":" + instellingen["PASSWORD"]
    host = instellingen.get("HOST") or "127.0.0.1"
    poort = instellingen.get("PORT") or "5432"
    return f"postgres://{gebruiker}@{host}:{poort}/{instellingen['NAME']}"


def start_gunicorn(*, poort: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    """gunicorn as the Procfile runs it, on ``poort``; returns once /gezondheid/ answers."""
    with open(log, "ab") as uitvoer:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{poort}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
        )
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{poort}/gezondheid/", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


def stop(proces: subprocess.Popen) -> None:
    proces.terminate()
    try:
        proces.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proces.kill()
        proces.wait()


# --------------------------------------------------------------------------- locust


@dataclass
class Fase:
    """Locust's figures of one part of a run (times in ms)."""

    seconden: float = 0.0
    verzoeken: int = 0
    fouten: int = 0
    per_seconde: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    max: float = 0.0
    regels: list[dict] = field(default_factory=list)  # per method and page kind
    foutmeldingen: list[str] = field(default_factory=list)

    def tekst(self) -> list[str]:
        return [
            f"  {self.seconden:.0f} s, requests {self.verzoeken}, failures {self.fouten}, "
            f"{self.per_seconde:.1f} requests/s, p50 {self.p50:.0f} ms, p95 {self.p95:.0f} ms, "
            f"max {self.max:.0f} ms",
            "  page kind                      requests  failures  p50 ms  p95 ms",
            *(
                f"  {r['soort']:<30} {r['aantal']:>8} {r['fouten']:>9} {r['p50']:>7.0f} "
                f"{r['p95']:>7.0f}"
                for r in self.regels
                if r["aantal"]
            ),
            *(f"  failure: {m}" for m in self.foutmeldingen),
        ]


@dataclass
class Uitslag:
    """A run: the ramp-up (everyone logs in and looks around once) and the measured part
    after it, with all simulated people browsing."""

    aanloop: Fase
    meting: Fase
    uitzonderingen: list[str]  # exceptions in the locustfile's own code

    @classmethod
    def uit_json(cls, data: dict) -> Uitslag:
        return cls(Fase(**data["aanloop"]), Fase(**data["meting"]), data["uitzonderingen"])

    @property
    def fouten(self) -> int:
        """Failed requests in the whole run, and exceptions: the number that must be 0."""
        return self.aanloop.fouten + self.meting.fouten + len(self.uitzonderingen)

    @property
    def per_soort(self) -> dict[str, int]:
        """Requests per page kind in the whole run."""
        aantallen: dict[str, int] = {}
        for regel in self.aanloop.regels + self.meting.regels:
            aantallen[regel["naam"]] = aantallen.get(regel["naam"], 0) + regel["aantal"]
        return aantallen

    def tekst(self) -> str:
        return "\n".join(
            [
                f"failures in the whole run: {self.fouten}",
                "measured (everyone logged in, browsing):",
                *self.meting.tekst(),
                "ramp-up (logging in, a first look at every page):",
                *self.aanloop.tekst(),
                *(f"failure: {m}" for m in self.uitzonderingen),
            ]
        )


def draai_locust(
    *,
    host: str,
    gebruikers: int,
    seconden: int,
    accounts: dict,
    map_: Path,
    spawn: int = 10,
    wacht: tuple[float, float] = (3, 10),
) -> Uitslag:
    """Run the scenario headless: ``spawn`` people a second log in and look around once
    (the ramp-up); once all are in, the statistics start again and all of them browse for
    ``seconden``, ``wacht`` seconds between pages. The locustfile stops locust then and
    writes both parts to ``map_/uitslag.json``."""
    (map_ / "accounts.json").write_text(json.dumps(accounts))
    rapport = map_ / "uitslag.json"
    rapport.unlink(missing_ok=True)
    aanloop = math.ceil(gebruikers / spawn)
    resultaat = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            host,
            "--users",
            str(gebruikers),
            "--spawn-rate",
            str(spawn),
            # An upper bound only: the locustfile stops the run after the measured part.
            "--run-time",
            f"{aanloop + seconden + 120}s",
            # Who is busy at the end finishes the page (its time counts), then stops.
            "--stop-timeout",
            "30",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "LOAD_ACCOUNTS": str(map_ / "accounts.json"),
            "LOAD_REPORT": str(rapport),
            "LOAD_WAIT": f"{wacht[0]},{wacht[1]}",
            "LOAD_USERS": str(gebruikers),
            "LOAD_SECONDS": str(seconden),
        },
        capture_output=True,
        text=True,
        timeout=aanloop + seconden + 300,
    )
    (map_ / "locust.log").write_text(resultaat.stdout + resultaat.stderr)
    if not rapport.exists():
        raise RuntimeError(f"locust wrote no figures:\n{resultaat.stderr[-3000:]}")
    return Uitslag.uit_json(json.loads(rapport.read_text()))


# --------------------------------------------------------------------------- main


def argumenten():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="simulated people (200)")
    parser.add_argument(
        "--seconds", type=int, default=60, help="seconds measured once all are in (60)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument(
        "--wait", default="3,10", help="seconds between a person's pages, min,max (3,10)"
    )
    parser.add_argument("--spawn", type=int, default=10, help="people logging in a second (10)")
    parser.add_argument("--helpers", type=int, default=20, help="extra helpers (20)")
    parser.add_argument("--clients", type=int, default=10, help="clients per extra helper (10)")
    parser.add_argument("--db", default="invordering_load", help="the bench database")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--user", default="root")
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is")
    return parser.parse_args()


def maak_database(args) -> str:
    import psycopg

    with psycopg.connect(host=args.host, user=args.user, dbname="postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone():
            c.execute(f'CREATE DATABASE "{args.db}"')
    return f"postgres://{args.user}@{args.host}:5432/{args.db}"


def main() -> int:
    args = argumenten()
    # One folder per bench database: its letters (PDFs) stay next to it for --keep.
    werkmap = Path(tempfile.gettempdir()) / f"invordering-load-{args.db}"
    werkmap.mkdir(exist_ok=True)
    env = {
        "DATABASE_URL": maak_database(args),
        "DEMO": "true",
        "DATA_DIR": str(werkmap / "data"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from invordering.demo.seed import wis_wereld

    call_command("migrate", verbosity=0)
    if not args.keep:
        wis_wereld()
    begin = time.monotonic()
    accounts = bereid_voor(extra_helpers=args.helpers, clienten_per_helper=args.clients)
    print(
        f"prepared in {time.monotonic() - begin:.0f} s: {len(accounts['burgers'])} burger "
        f"personas, {len(accounts['helpers'])} helper accounts; work folder {werkmap}"
    )
    from django.db import connections

    connections.close_all()
    wacht = tuple(float(x) for x in args.wait.split(","))
    belasting = os.getloadavg()[0]
    poort = vrije_poort()
    server = start_gunicorn(
        poort=poort, workers=args.workers, env=env, log=werkmap / "gunicorn.log"
    )
    try:
        uitslag = draai_locust(
            host=f"http://127.0.0.1:{poort}",
            gebruikers=args.users,
            seconden=args.seconds,
            accounts=accounts,
            map_=werkmap,
            spawn=args.spawn,
            wacht=wacht,
        )
    finally:
        stop(server)
    print(
        f"{args.users} users ({args.spawn} logging in a second) browsing for {args.seconds} s, "
        f"{wacht[0]:g}-{wacht[1]:g} s between pages, against gunicorn ({args.workers} "
        f"workers) and PostgreSQL; {os.cpu_count()} cores, load average before the run "
        f"{belasting:.1f} (other work on the machine)"
    )
    print(uitslag.tekst())
    return 1 if uitslag.fouten else 0


if __name__ == "__main__":
    sys.exit(main())
