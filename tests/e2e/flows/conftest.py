"""What every flow gets: the site, the tester controls, and the recorder of its metrics.

Without ``BASE_URL`` a flow runs against a live test server holding a fresh demo world.
With ``BASE_URL=http://127.0.0.1:8000`` it runs against that running demo (``make run``)
and resets the world through the tester controls first. Each flow writes its trace,
screenshots and metrics.json to ``E2E_UITVOER/<flow>/`` (default build/e2e); the summary
table of all flows is printed at the end and saved as metrics.md and metrics.json.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

from tests.e2e.flows.meting import ACTIES, Flow, tabel

ROOT = Path(__file__).resolve().parents[3]
UITVOER = Path(os.environ.get("E2E_UITVOER") or ROOT / "build" / "e2e")
UITKOMSTEN: list[dict] = []


def pytest_collection_modifyitems(items):
    # Without BASE_URL a flow reaches the live test server only at run time (``site``),
    # too late for pytest-django to set up the test database: ask for it here, or the
    # server would run on (and flush) the database in DATABASE_URL itself.
    if os.environ.get("BASE_URL"):
        return
    for item in items:
        if "flow" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture
def site(request) -> str:
    """The base URL of the demo the flow runs against."""
    if os.environ.get("BASE_URL"):
        return os.environ["BASE_URL"].rstrip("/")
    return request.getfixturevalue("live_demo")


@dataclass
class Tester:
    """The tester controls (/testkit/) over HTTP, as a researcher's script uses them.

    Calls go through the page's own request context, so ``login`` logs the browser in.
    """

    page: Page
    site: str

    def _post(self, pad: str, data: dict | None = None) -> dict:
        antwoord = self.page.request.post(f"{self.site}/testkit/{pad}/", data=data or {})
        assert antwoord.ok, f"/testkit/{pad}/ answered {antwoord.status}: {antwoord.text()}"
        return antwoord.json()

    def reset(self) -> dict:
        return self._post("reset")

    def login(self, wie: str) -> dict:
        return self._post("login", {"who": wie})

    def verzet_klok(self, dagen: int) -> dict:
        return self._post("clock", {"move": dagen})

    def zet_klok(self, dag: str) -> dict:
        return self._post("clock", {"set": dag})

    def engines(self) -> dict:
        return self._post("engines")

    def regime(self, code: str) -> dict:
        return self._post("regime", {"code": code})


@pytest.fixture
def tester(page: Page, site: str) -> Tester:
    controls = Tester(page, site)
    if os.environ.get("BASE_URL"):
        controls.reset()  # a running demo: start every flow from the seeded world
    return controls


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    uitkomst = yield
    rapport = uitkomst.get_result()
    if rapport.when == "call":
        item.flow_geslaagd = rapport.passed


def _tel_acties(monkeypatch, recorder: Flow) -> None:
    for klasse, methoden in ACTIES.items():
        for naam in methoden:
            origineel = getattr(klasse, naam)

            def geteld(self, *args, _origineel=origineel, **kwargs):
                recorder.actie()
                return _origineel(self, *args, **kwargs)

            monkeypatch.setattr(klasse, naam, geteld)


@pytest.fixture
def flow(request, page: Page, site: str, monkeypatch):
    """The recorder: ``with flow.stap("..."):`` around each step of the task."""
    naam = request.node.originalname.removeprefix("test_")
    map_ = UITVOER / naam
    shutil.rmtree(map_, ignore_errors=True)
    map_.mkdir(parents=True)
    recorder = Flow(naam, page, map_)
    _tel_acties(monkeypatch, recorder)
    page.on(
        "framenavigated",
        lambda frame: frame == page.main_frame and recorder.pagina(urlparse(frame.url).path),
    )
    page.context.tracing.start(screenshots=True, snapshots=True, title=naam)
    yield recorder
    page.context.tracing.stop(path=str(map_ / "trace.zip"))
    geslaagd = getattr(request.node, "flow_geslaagd", False)
    UITKOMSTEN.append(recorder.bewaar(geslaagd))
    if geslaagd:
        assert not recorder.alle_overtredingen, "\n".join(recorder.alle_overtredingen)


def pytest_terminal_summary(terminalreporter):
    if not UITKOMSTEN:
        return
    UITVOER.mkdir(parents=True, exist_ok=True)
    (UITVOER / "metrics.md").write_text(tabel(UITKOMSTEN) + "\n")
    (UITVOER / "metrics.json").write_text(json.dumps(UITKOMSTEN, indent=2, ensure_ascii=False))
    terminalreporter.write_sep("=", f"flow metrics (traces and screenshots in {UITVOER})")
    terminalreporter.write_line(tabel(UITKOMSTEN))
