"""Fixtures for the tester controls: DEMO on, the demo world, the clock on its day."""

from __future__ import annotations

import pytest
from django.urls import reverse

from invordering import clock
from invordering.demo.wereld import ANKER


@pytest.fixture(autouse=True)
def worker_asked(monkeypatch):
    """A moved clock asks the worker to catch up; here the asks are only counted."""
    asked: list[int] = []
    monkeypatch.setattr("invordering.tasks.engines_inhalen.delay", lambda: asked.append(1))
    return asked


@pytest.fixture
def kit(demo, wereld):
    """DEMO mode with the session's demo world, the clock on the seeded day."""
    clock.zet_datum(ANKER)
    return demo


@pytest.fixture
def api(client):
    """POST a JSON control, as Playwright's page.request.post(url, data=...) does."""

    def post(name: str, data=None, **extra):
        adres = reverse(f"testkit:{name}")
        return client.post(adres, data if data is not None else {}, "application/json", **extra)

    return post
