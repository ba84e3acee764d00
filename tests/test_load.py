"""The load test's smoke run: bench/load.py's scenario, small, against a live gunicorn.

Ten simulated burgers and helpers log in and browse for ten seconds on gunicorn (a
subprocess on a free port, DEMO mode) over this test's PostgreSQL database. Every request
must succeed and every page kind must have been asked; the times are not asserted (the
full run's figures are in the README). bench/load.py runs the full 200-user scenario.
"""

from __future__ import annotations

import importlib.util

import pytest

from bench import load

# Never import locust here: it monkey-patches the whole process for gevent.
if importlib.util.find_spec("locust") is None:
    pytest.fail("locust is missing: pip install -e '.[load]' (make test does)", pytrace=False)

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

PAGE_KINDS = {
    "overview",
    "detail",
    "timeline",
    "pdf",
    "helper dashboard",
    "client overview",
    "login burger",
    "login helper",
}


@pytest.fixture
def server(demo, settings, tmp_path):
    """gunicorn on this test's database, with the prepared world and the same data folder."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    accounts = load.bereid_voor(
        extra_helpers=2, clienten_per_helper=3, personas=["mark", "fatima", "ria"]
    )
    poort = load.vrije_poort()
    proces = load.start_gunicorn(
        poort=poort,
        workers=2,
        env={
            "DATABASE_URL": load.database_url(settings.DATABASES["default"]),
            "DEMO": "true",
            "DATA_DIR": str(tmp_path / "data"),
            # Its own cache: counts of this run never meet another's.
            "CACHE_URL": "",
        },
        log=tmp_path / "gunicorn.log",
    )
    yield f"http://127.0.0.1:{poort}", accounts
    load.stop(proces)


def test_ten_people_browse_for_ten_seconds_without_a_single_failure(server, tmp_path):
    host, accounts = server
    uitslag = load.draai_locust(
        host=host,
        gebruikers=10,
        seconden=10,
        accounts=accounts,
        map_=tmp_path,
        spawn=10,
        wacht=(0.1, 0.5),  # every person's first visit of each page fits in the run
    )
    gunicorn = (tmp_path / "gunicorn.log").read_text()
    assert uitslag.fouten == 0, uitslag.tekst() + "\n" + gunicorn[-3000:]
    assert "Traceback" not in gunicorn, gunicorn[-3000:]
    gevraagd = {soort for soort, aantal in uitslag.per_soort.items() if aantal > 0}
    assert gevraagd >= PAGE_KINDS, f"never asked: {sorted(PAGE_KINDS - gevraagd)}"
    assert "pdf request" not in gevraagd  # the prepared overview PDFs were found and served
