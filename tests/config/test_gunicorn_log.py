"""gunicorn's access log leaves query values out (config/gunicorn_logger.py).

Runs the web command of the Procfile, as `make run` does, on a free port: gunicorn must
find ./gunicorn.conf.py by itself and log the search below, and the login it is sent to
(the search in ``next``), without the BSN or the amount.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench import load
from config.gunicorn_logger import adres_zonder_waarden

ROOT = Path(__file__).resolve().parents[2]
BSN = "123456782"


def web_command(poort: int) -> list[str]:
    """The Procfile's web line, its ${HOST}/${PORT} defaults replaced by ours."""
    regel = next(r for r in (ROOT / "Procfile").read_text().splitlines() if r.startswith("web:"))
    woorden = shlex.split(regel.removeprefix("web:"))
    assert woorden[0] == "gunicorn", woorden
    adres = f"127.0.0.1:{poort}"
    woorden = [adres if w == "${HOST:-127.0.0.1}:${PORT:-8000}" else w for w in woorden]
    assert adres in woorden, f"the Procfile binds differently now: {woorden}"
    return [sys.executable, "-m", "gunicorn", *woorden[1:]]


def vraag(url: str) -> None:
    # An error page is logged all the same; the line is what this test reads.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(url, timeout=10).close()


def wacht_tot_hij_antwoordt(server: subprocess.Popen, poort: int, log: Path) -> None:
    einde = time.monotonic() + 60
    while time.monotonic() < einde:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped at start-up:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{poort}/gezondheid/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer within 60 s")


@pytest.mark.django_db(transaction=True)
def test_the_access_log_of_the_procfile_web_command_leaves_out_a_searched_bsn_and_amount(
    settings, tmp_path
):
    poort = load.vrije_poort()
    log = tmp_path / "web.log"
    env = {
        "DATABASE_URL": load.database_url(settings.DATABASES["default"]),
        "DEMO": "true",
        "DATA_DIR": str(tmp_path / "data"),
        "CACHE_URL": "",
    }
    with open(log, "ab") as uitvoer:
        server = subprocess.Popen(
            web_command(poort),
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
        )
    try:
        wacht_tot_hij_antwoordt(server, poort, log)
        vraag(f"http://127.0.0.1:{poort}/beheer/audit/?bsn={BSN}&bedrag=1234.56")
    finally:
        load.stop(server)
    tekst = log.read_text()
    regels = [r for r in tekst.splitlines() if "/beheer/audit/" in r]
    assert regels, f"the request was not logged:\n{tekst[-3000:]}"
    assert BSN not in tekst and "1234.56" not in tekst, tekst[-3000:]
    assert '"GET /beheer/audit/?bsn=***&bedrag=*** HTTP/1.1" 302' in regels[0], regels[0]
    assert '"GET /beheer/login/?next=*** HTTP/1.1" 200' in tekst, tekst[-3000:]


@pytest.mark.parametrize(
    ("adres", "verwacht"),
    [
        ("/beheer/audit/?bsn=123456782&pagina=2", "/beheer/audit/?bsn=***&pagina=***"),
        ("https://mijn.example/overzicht/?filter", "https://mijn.example/overzicht/?filter"),
        ("/beheer/audit/", "/beheer/audit/"),
        ("-", "-"),
    ],
)
def test_query_values_are_left_out_and_the_names_stay(adres, verwacht):
    assert adres_zonder_waarden(adres) == verwacht
