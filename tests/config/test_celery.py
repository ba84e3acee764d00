"""Celery: beat entries bind to real tasks, and tasks run on a real worker over the broker."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from django.conf import settings

from config.celery import app
from invordering import clock
from invordering.models import Document, PdfStatus
from invordering.tasks import klok_vandaag, maak_pdf
from tests.factories import BurgerFactory, maak_vordering


def test_every_beat_entry_imports_and_binds_to_its_task():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE, "the beat schedule is empty"
    for naam, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = app.tasks.get(entry["task"])
        assert task is not None, f"beat entry {naam} names unknown task {entry['task']}"
        task.s(*entry.get("args", ()), **entry.get("kwargs", {}))  # binds, or raises TypeError
        assert entry["schedule"].remaining_estimate(clock.now()) is not None


@pytest.mark.django_db(transaction=True)
def test_pdf_of_a_letter_is_made_by_a_real_worker(redis_worker, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    vordering = maak_vordering(BurgerFactory())
    document = Document.objects.get(vordering=vordering, soort="terugvordering")

    # The product never waits for this result (the task ignores it); the test asks for it.
    naam = maak_pdf.apply_async([document.pk], ignore_result=False).get(timeout=90)

    document.refresh_from_db()
    assert document.pdf_status == PdfStatus.KLAAR
    pad = tmp_path / naam
    assert pad.read_bytes().startswith(b"%PDF")
    tekst = subprocess.run(
        ["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert vordering.kenmerk in tekst
    assert "600,00" in tekst  # the amount, formatted in the letter's language (Dutch)


@pytest.mark.django_db(transaction=True)
def test_worker_reads_the_same_demo_clock(redis_worker, demo):
    clock.zet_datum(date(2027, 1, 15))
    demo.KLOK_CACHE_SECONDEN = 0
    assert klok_vandaag.delay().get(timeout=30) == "2027-01-15"


def test_a_worker_leaves_its_start_up_objects_out_of_garbage_collection():
    """Both the solo pool (worker_ready) and each prefork process (worker_process_init)
    freeze what start-up built, so full collections during a chunk skip it."""
    import gc

    from celery.signals import worker_process_init, worker_ready

    try:
        for signaal in (worker_ready, worker_process_init):
            gc.unfreeze()
            assert gc.get_freeze_count() == 0
            signaal.send(sender=None)
            assert gc.get_freeze_count() > 0, signaal.name
    finally:
        gc.unfreeze()
