"""The engines on real Celery workers over Redis: chunks shared by workers, a worker
killed with SIGKILL halfway, and two workers offered the same chunks."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count, Sum

from config.celery import app
from config.worker_process import start_worker
from invordering.models import Boeking, Verrekening, Verwerking, Verwerkingsdeel, Vordering
from invordering.services.verwerking import start, voer_uit
from tests.factories import BurgerFactory, maak_voorschot, maak_vordering

pytestmark = pytest.mark.django_db(transaction=True)
DAG = date(2026, 6, 20)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_broker():
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://... (make test sets it)")
    app.control.purge()
    yield
    app.control.purge()


@pytest.fixture(autouse=True)
def _alleen_eigen_gegevens():
    """A run covers the whole database, where an earlier test's world may still be."""
    from invordering.models import Regeling

    Vordering.objects.update(fase="afgerond")
    Regeling.objects.filter(status="lopend").update(status="vervangen")
    Verwerking.objects.all().delete()


def burgers_in_verrekening(aantal: int) -> list[Vordering]:
    vorderingen = []
    for _ in range(aantal):
        burger = BurgerFactory()
        vordering = maak_vordering(burger, dagtekening=date(2026, 3, 6))
        maak_voorschot(burger, soort="ZT", jaar=2026, maandbedrag="150.00")
        vorderingen.append(vordering)
    Vordering.objects.filter(pk__in=[v.pk for v in vorderingen]).update(fase="verrekening")
    return vorderingen


def precies_eens(vorderingen) -> None:
    """One verrekening per burger, one booking per vordering, and the ledger balances."""
    ids = [v.pk for v in vorderingen]
    assert Verrekening.objects.filter(burger__vorderingen__in=ids).count() == len(vorderingen)
    per_vordering = (
        Boeking.objects.filter(soort="verrekening", vordering__in=ids)
        .values("vordering")
        .annotate(n=Count("pk"))
    )
    assert sorted(r["n"] for r in per_vordering) == [1] * len(vorderingen)
    for vordering in Vordering.objects.filter(pk__in=[v.pk for v in vorderingen]):
        totaal = Boeking.objects.filter(vordering=vordering).aggregate(s=Sum("bedrag"))["s"]
        assert vordering.saldo == totaal == Decimal("575.00")


def worker(naam: str) -> subprocess.Popen:
    """A separate worker process on the test database, as on a second machine."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    return start_worker(naam, env, stderr=subprocess.PIPE)


def wacht_tot(voorwaarde, timeout: float = 60) -> None:
    einde = time.monotonic() + timeout
    while not voorwaarde():
        assert time.monotonic() < einde, "timed out"
        time.sleep(0.05)


def test_a_run_split_over_a_real_worker_books_everything_once(redis_broker, redis_worker, settings):
    settings.ENGINE_DEEL_GROOTTE = 3
    vorderingen = burgers_in_verrekening(10)
    run = voer_uit("verrekening", dag=DAG, via_workers=True, timeout=120)
    assert run.status == "klaar" and run.aantal_delen >= 4
    assert run.uitkomsten == {"verrekend": 10}
    werkers = set(run.delen.values_list("worker", flat=True))
    assert werkers and not any(w.startswith("inline@") for w in werkers)
    precies_eens(vorderingen)


def test_a_worker_killed_mid_chunk_leaves_nothing_half_done_and_a_rerun_completes(
    redis_broker, settings, monkeypatch
):
    monkeypatch.setenv("ENGINE_DEEL_GROOTTE", "1")
    settings.ENGINE_DEEL_GROOTTE = 1
    vorderingen = burgers_in_verrekening(6)
    run = start("verrekening", dag=DAG, via_workers=True, door="test")
    delen = list(run.delen.order_by("nummer"))
    vast = delen[3]
    # Hold one vordering of the fourth chunk: the worker blocks inside that chunk's
    # transaction, after the first three chunks committed.
    db = connection.settings_dict
    slot = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=False
    )
    slot.execute(
        "SELECT id FROM invordering_vordering WHERE burger_id = %s FOR UPDATE", [vast.burger_van]
    )
    proces = worker("sneuvelt")
    try:
        from invordering.tasks import verwerk_deel

        for deel in delen:
            verwerk_deel.delay(deel.pk)
        wacht_tot(
            lambda: Verwerkingsdeel.objects.filter(verwerking=run, status="klaar").count() == 3
        )
        wacht_tot(lambda: _wacht_op_slot(slot))
        proces.send_signal(signal.SIGKILL)  # no cleanup, no goodbye: like a pulled plug
        proces.wait(timeout=30)
    finally:
        if proces.poll() is None:
            proces.kill()
        slot.rollback()
        slot.close()
    assert Verwerkingsdeel.objects.get(pk=vast.pk).status == "open"
    ids = [v.pk for v in vorderingen]
    assert Verrekening.objects.filter(burger__vorderingen__in=ids).count() == 3  # none of it

    opnieuw = voer_uit("verrekening", dag=DAG, timeout=60)  # resumes the same run
    assert opnieuw.pk == run.pk and opnieuw.status == "klaar"
    assert opnieuw.uitkomsten == {"verrekend": 6}
    precies_eens(vorderingen)


def _wacht_op_slot(slot) -> bool:
    """True when another backend is waiting for a lock (the worker, inside its chunk)."""
    rij = slot.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()
    return rij[0] > 0


def test_two_workers_offered_every_chunk_twice_book_each_month_once(redis_broker, settings):
    settings.ENGINE_DEEL_GROOTTE = 2
    vorderingen = burgers_in_verrekening(16)
    run = start("verrekening", dag=DAG, via_workers=True, door="test")
    processen = [worker("een"), worker("twee")]
    try:
        from invordering.tasks import verwerk_deel

        wacht_tot(lambda: len(app.control.ping(timeout=0.5)) >= 2)  # both are listening

        for deel_id in run.delen.values_list("pk", flat=True):
            verwerk_deel.delay(deel_id)
            verwerk_deel.delay(deel_id)  # a duplicate delivery, as after a redelivery
        wacht_tot(lambda: Verwerking.objects.get(pk=run.pk).status != "bezig", timeout=120)
    finally:
        for proces in processen:
            proces.terminate()
            proces.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == "klaar" and run.fouten == 0
    assert run.uitkomsten == {"verrekend": 16}
    precies_eens(vorderingen)
    assert len(set(run.delen.values_list("worker", flat=True))) == 2  # both took chunks
    # A second pass on the next day's run of the same month finds it all done.
    assert voer_uit("verrekening", dag=DAG + timedelta(days=1)).uitkomsten == {"al_verrekend": 16}
