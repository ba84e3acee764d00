"""The flow recorder itself: it counts, and it catches a page without one h1 or with a
title that another page has too (tests/e2e/flows/meting.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.flows.meting import Flow, tabel

pytestmark = pytest.mark.e2e


def pagina(page: Page, pad: str, titel: str, body: str) -> None:
    page.route(f"http://demo.test{pad}", lambda route: route.fulfill(
        content_type="text/html",
        body=f'<!DOCTYPE html><html lang="nl"><head><title>{titel}</title></head>'
        f"<body><main>{body}</main></body></html>",
    ))  # fmt: skip
    page.goto(f"http://demo.test{pad}")


def test_the_recorder_counts_steps_and_flags_headings_and_titles(page: Page, tmp_path):
    flow = Flow("voorbeeld", page, tmp_path)
    with flow.stap("A good page"):
        flow.actie()
        flow.pagina("/a/1/")
        pagina(page, "/a/1/", "Overzicht", "<h1>Overzicht</h1>")
    with flow.stap("The same page for another debt"):
        pagina(page, "/a/2/", "Overzicht", "<h1>Overzicht</h1>")
    with flow.stap("Two h1s and a borrowed title"):
        pagina(page, "/b/", "Overzicht", "<h1>Een</h1><h1>Twee</h1>")
    eerste, tweede, derde = flow.stappen
    assert eerste.overtredingen == [] and tweede.overtredingen == []
    assert any(o.startswith("page-h1: 2 level-1") for o in derde.overtredingen)
    assert any(o.startswith("page-title: “Overzicht”") for o in derde.overtredingen)
    assert (flow.acties, flow.paginas, len(flow.stappen)) == (1, 1, 3)
    assert (tmp_path / "01-a-good-page.png").exists()
    samenvatting = flow.bewaar(geslaagd=True)
    assert "| voorbeeld | passed | 3 |" in tabel([samenvatting])
    assert (tmp_path / "metrics.json").exists()
