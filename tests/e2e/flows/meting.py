"""Task metrics for one flow: time per step, actions, pages visited, accessibility.

A flow is split into named steps (``with flow.stap("Vraag een pauze aan"):``). For each
step the recorder keeps the seconds it took, how many actions the script did (clicks,
typing, choosing, going to a page), which pages the browser opened, and what axe-core
found on the page at the end of the step; it takes a screenshot too. The whole flow is
recorded as a Playwright trace. So two designs of the same task can be compared by the
numbers, and every number can be checked in the trace.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Locator, Page

# What counts as one action of a participant.
ACTIES = {
    Locator: ("click", "dblclick", "fill", "press", "check", "uncheck", "select_option",
              "set_input_files"),
    Page: ("goto", "go_back"),
}  # fmt: skip
AXE_REGELS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@dataclass
class Stap:
    naam: str
    seconden: float = 0.0
    acties: int = 0
    paginas: list[str] = field(default_factory=list)
    overtredingen: list[str] = field(default_factory=list)
    screenshot: str = ""
    titel: str = ""


@dataclass
class Flow:
    """The recorder of one flow; made by the ``flow`` fixture (tests/e2e/flows/conftest.py)."""

    naam: str
    page: Page
    map: Path
    stappen: list[Stap] = field(default_factory=list)
    _huidige: Stap | None = None
    _titels: dict[str, set[str]] = field(default_factory=dict)

    @contextmanager
    def stap(self, naam: str):
        stap = Stap(naam)
        self.stappen.append(stap)
        self._huidige = stap
        begin = time.perf_counter()
        try:
            yield stap
        finally:
            stap.seconden = round(time.perf_counter() - begin, 2)
            self._huidige = None
        # Only a step that finished gets its picture and its accessibility check.
        nummer = len(self.stappen)
        bestand = self.map / f"{nummer:02d}-{_slug(naam)}.png"
        self.page.screenshot(path=str(bestand), full_page=True)
        stap.screenshot = bestand.name
        stap.titel = self.page.title()
        stap.overtredingen = overtredingen(self.page) + self._kop_en_titel(stap.titel)

    def _kop_en_titel(self, titel: str) -> list[str]:
        """Every page has one h1 and a title of its own: a screen reader user hears the
        title first, and a title shared by two pages tells them nothing."""
        problemen = []
        koppen = self.page.get_by_role("heading", level=1).count()
        if koppen != 1:
            problemen.append(f"page-h1: {koppen} level-1 headings on {self.page.url}")
        pad = _patroon(urlparse(self.page.url).path)
        self._titels.setdefault(titel, set()).add(pad)
        if not titel.strip():
            problemen.append(f"page-title: no title on {self.page.url}")
        elif len(self._titels[titel]) > 1:
            problemen.append(f"page-title: “{titel}” is the title of {sorted(self._titels[titel])}")
        return problemen

    def actie(self) -> None:
        if self._huidige is not None:
            self._huidige.acties += 1

    def pagina(self, url: str) -> None:
        if self._huidige is not None and (
            not self._huidige.paginas or self._huidige.paginas[-1] != url
        ):
            self._huidige.paginas.append(url)

    # ------------------------------------------------------------------ totals

    @property
    def seconden(self) -> float:
        return round(sum(s.seconden for s in self.stappen), 2)

    @property
    def acties(self) -> int:
        return sum(s.acties for s in self.stappen)

    @property
    def paginas(self) -> int:
        return sum(len(s.paginas) for s in self.stappen)

    @property
    def alle_overtredingen(self) -> list[str]:
        return [f"{s.naam}: {o}" for s in self.stappen for o in s.overtredingen]

    def bewaar(self, geslaagd: bool) -> dict:
        samenvatting = {
            "flow": self.naam,
            "geslaagd": geslaagd,
            "seconden": self.seconden,
            "stappen": len(self.stappen),
            "acties": self.acties,
            "paginas": self.paginas,
            "overtredingen": len(self.alle_overtredingen),
            "per_stap": [asdict(s) for s in self.stappen],
        }
        (self.map / "metrics.json").write_text(
            json.dumps(samenvatting, indent=2, ensure_ascii=False)
        )
        return samenvatting


def overtredingen(page: Page) -> list[str]:
    """What axe-core finds against WCAG 2.2 A/AA on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(page, options=AXE_REGELS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in resultaat.response["violations"]
    ]


def _patroon(pad: str) -> str:
    """/vorderingen/12/ and /vorderingen/13/ are the same page for a different debt."""
    return re.sub(r"/\d+(?=/|$)", "/<id>", pad)


def _slug(tekst: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")[:50] or "stap"


def tabel(uitkomsten: list[dict]) -> str:
    """The summary of every flow as a Markdown table (printed, and saved as metrics.md)."""
    regels = [
        "| flow | result | steps | seconds | actions | pages | a11y violations |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for u in uitkomsten:
        regels.append(
            f"| {u['flow']} | {'passed' if u['geslaagd'] else 'FAILED'} | {u['stappen']} | "
            f"{u['seconden']:.1f} | {u['acties']} | {u['paginas']} | {u['overtredingen']} |"
        )
    return "\n".join(regels)
