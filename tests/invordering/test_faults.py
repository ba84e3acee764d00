"""Faults: Redis away (work kept in the database and handed over later), PDF jobs that fail
(retried with a growing wait, then visible as failed), and PostgreSQL losing a session
between requests (the next request connects afresh).

Redis "down" is a Celery app and a cache on a closed port (tests.storingen); PostgreSQL
"restarting" is this test database's own backend terminated. No shared server is touched.
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import RequestFactory
from django.utils import timezone, translation

from invordering import throttle, wachtrij
from invordering.documents import fout_uitleg
from invordering.models import (
    Document,
    DocumentSoort,
    PdfStatus,
    UitgesteldeTaak,
    Verwerking,
    Vordering,
)
from invordering.services.documenten import maak_brief, vraag_pdf_aan
from invordering.services.meldingen import meld_nieuw_bericht
from invordering.services.verwerking import WachtrijOnbereikbaar, voer_uit
from invordering.tasks import maak_pdf, stuur_melding
from tests.factories import BurgerFactory, maak_vordering
from tests.storingen import beeindig_sessie, zonder_redis


@pytest.fixture(autouse=True)
def _in_het_engels():
    """The messages are checked in English, their source; the Dutch is the catalogue's."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db
NEP_PDF = b"%PDF-1.7 test"


def een_brief(**burger) -> Document:
    vordering = maak_vordering(BurgerFactory(**burger))
    return Document.objects.get(vordering=vordering, soort=DocumentSoort.TERUGVORDERING)


def wacht_tot(voorwaarde, timeout: float = 60) -> None:
    """Poll until ``voorwaarde()`` holds; a bound on waiting, not a timed assertion."""
    einde = time.monotonic() + timeout
    while not voorwaarde():
        if time.monotonic() > einde:
            raise AssertionError("the condition did not come true")
        time.sleep(0.1)


class NepTaak:
    """A task whose broker is away; counts how often the broker was tried."""

    name = "invordering.tasks.nep"
    app = SimpleNamespace(conf=SimpleNamespace(task_always_eager=False))

    def __init__(self):
        self.pogingen = 0

    def delay(self, *args):
        self.pogingen += 1
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")


# --- Redis away: the work is kept, and handed over once it is back --------------------


def test_with_redis_down_a_mail_task_is_kept_in_the_database_instead_of_lost(redis_weg):
    brief = een_brief(email="ria@example.nl")
    with wachtrij.volg() as uitgesteld:
        assert wachtrij.stuur(stuur_melding, brief.pk) is False
    rij = UitgesteldeTaak.objects.get()
    assert rij.taak == "invordering.tasks.stuur_melding" and rij.argumenten == [brief.pk]
    assert "6390" in rij.laatste_fout  # the real broker error: connection refused there
    assert uitgesteld == ["invordering.tasks.stuur_melding"]  # the page can say so


def test_a_hand_over_with_redis_down_gives_up_after_two_quick_connection_attempts(redis_weg):
    # What keeps a page from hanging: two tries (one retry), each allowed 1 s to connect,
    # and no visit to the result store (tasks ignore their results). Celery's defaults
    # tried 4 times, and the result store 20 times a second apart: 19 s per call.
    import redis.connection

    echt = redis.connection.AbstractConnection.connect
    pogingen = []

    def tel(verbinding, *args, **kwargs):
        pogingen.append((verbinding.port, verbinding.socket_connect_timeout))
        return echt(verbinding, *args, **kwargs)

    with mock.patch.object(redis.connection.AbstractConnection, "connect", tel):
        assert wachtrij.stuur(stuur_melding, 1) is False
    assert pogingen == [(6390, 1), (6390, 1)]


def test_every_task_the_product_hands_over_ignores_its_result():
    from invordering import tasks

    for taak in (
        tasks.maak_pdf,
        tasks.stuur_melding,
        tasks.stuur_uitnodiging,
        tasks.stuur_helperaccount_mail,
        tasks.verwerk_deel,
        tasks.engines_inhalen,
        tasks.wachtrij_inhalen,
    ):
        assert taak.ignore_result, taak.name


def test_after_one_failure_work_is_kept_at_once_without_trying_the_broker_again():
    taak = NepTaak()
    assert wachtrij.stuur(taak, 1) is False
    assert wachtrij.stuur(taak, 2) is False
    assert taak.pogingen == 1  # the second page did not wait for the broker
    assert list(UitgesteldeTaak.objects.values_list("argumenten", flat=True)) == [[1], [2]]


def test_the_sweep_stops_at_the_first_failure_and_keeps_everything(monkeypatch):
    taak = NepTaak()
    monkeypatch.setattr("invordering.wachtrij._taak", {taak.name: taak}.get)
    wachtrij.stuur(taak, 1)
    wachtrij.stuur(taak, 2)
    assert wachtrij.haal_in() == 0
    rijen = list(UitgesteldeTaak.objects.order_by("pk"))
    assert [r.argumenten for r in rijen] == [[1], [2]]
    assert [r.pogingen for r in rijen] == [2, 1]  # tried once more; the rest not even tried
    assert "Connection refused" in rijen[0].laatste_fout


def test_once_redis_is_back_the_sweep_hands_kept_work_over_oldest_first_and_removes_it(
    monkeypatch,
):
    for pk in (7, 8):
        UitgesteldeTaak.objects.create(taak=stuur_melding.name, argumenten=[pk])
    gegeven = []
    monkeypatch.setattr(stuur_melding, "delay", lambda *args: gegeven.append(args))
    assert wachtrij.haal_in() == 2
    assert gegeven == [(7,), (8,)]
    assert not UitgesteldeTaak.objects.exists()


def test_the_sweep_goes_on_in_rounds_until_nothing_waits(monkeypatch):
    for pk in (1, 2, 3):
        UitgesteldeTaak.objects.create(taak=stuur_melding.name, argumenten=[pk])
    gegeven = []
    monkeypatch.setattr(stuur_melding, "delay", lambda *args: gegeven.append(args))
    assert wachtrij.haal_in(per_keer=2) == 3
    assert gegeven == [(1,), (2,), (3,)]


def test_kept_work_for_a_task_that_no_longer_exists_stays_visible(monkeypatch):
    UitgesteldeTaak.objects.create(taak="invordering.tasks.bestaat_niet", argumenten=[1])
    assert wachtrij.haal_in() == 0
    assert UitgesteldeTaak.objects.get().laatste_fout == "unknown task"
    assert wachtrij.haal_in() == 0  # and it does not hold up the rest


def test_a_pdf_asked_for_while_redis_is_down_stays_being_made_and_is_handed_over_later(
    monkeypatch, django_capture_on_commit_callbacks
):
    brief = een_brief()
    with zonder_redis(), django_capture_on_commit_callbacks(execute=True):
        vraag_pdf_aan(brief)
    brief.refresh_from_db()
    # The Document is the memory: being made, never handed to the queue, "longer".
    assert brief.pdf_status == PdfStatus.IN_WACHTRIJ and brief.pdf_gevraagd_op is None
    assert brief.pdf_vertraagd
    assert not UitgesteldeTaak.objects.exists()

    gegeven = []
    monkeypatch.setattr(maak_pdf, "delay", lambda pk: gegeven.append(pk))  # Redis is back
    assert wachtrij.haal_in() == 1
    brief.refresh_from_db()
    assert gegeven == [brief.pk] and brief.pdf_gevraagd_op is not None
    assert wachtrij.haal_in() == 0  # handed over once, not on every sweep


def test_a_pdf_handed_over_long_ago_and_still_not_made_is_handed_over_again(monkeypatch, settings):
    settings.PDF_OPNIEUW_NA_SECONDEN = 15 * 60
    verloren, recent = een_brief(), een_brief()
    lang_geleden = timezone.now() - timedelta(minutes=16)
    Document.objects.filter(pk=verloren.pk).update(
        pdf_status=PdfStatus.IN_WACHTRIJ, pdf_gevraagd_op=lang_geleden
    )
    Document.objects.filter(pk=recent.pk).update(
        pdf_status=PdfStatus.IN_WACHTRIJ, pdf_gevraagd_op=timezone.now()
    )
    gegeven = []
    monkeypatch.setattr(maak_pdf, "delay", lambda pk: gegeven.append(pk))
    assert wachtrij.haal_in() == 1
    assert gegeven == [verloren.pk]  # its message was lost (Redis restarted empty)


@pytest.fixture
def lege_wachtrij():
    """Nothing left in the queue by earlier tests (set up before ``redis_worker``)."""
    from config.celery import app

    app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_redis_down_then_back_a_real_worker_makes_the_letter_and_sends_the_mail(
    lege_wachtrij, redis_worker, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("invordering.documents.pdf_van_html", lambda html: NEP_PDF)
    vordering = maak_vordering(BurgerFactory(email="sanne@example.nl"))
    with zonder_redis(), transaction.atomic():
        brief = maak_brief(
            burger=vordering.burger,
            soort=DocumentSoort.HERINNERING,
            dag=date(2026, 4, 20),
            vordering=vordering,
            pdf_maken=True,
        )
        meld_nieuw_bericht(brief)
    brief.refresh_from_db()
    assert brief.pdf_vertraagd and UitgesteldeTaak.objects.count() == 1
    assert mail.outbox == []

    assert wachtrij.haal_in() >= 2  # Redis is back: the sweep (beat, every 5 minutes)
    wacht_tot(lambda: Document.objects.get(pk=brief.pk).pdf_status == PdfStatus.KLAAR)
    wacht_tot(lambda: any(bericht.to == ["sanne@example.nl"] for bericht in mail.outbox))
    assert not UitgesteldeTaak.objects.exists()


def test_an_engine_run_through_workers_with_redis_down_is_done_here_and_says_so(redis_weg):
    Vordering.objects.update(fase="afgerond")  # only this test's debts (the world may exist)
    Verwerking.objects.all().delete()
    vorderingen = [maak_vordering(BurgerFactory()) for _ in range(2)]
    meldingen = []
    dag = date(2026, 4, 20)  # after the due date: each gets its reminder
    run = voer_uit("escalatie", dag=dag, via_workers=True, door="test", melding=meldingen.append)
    assert run.status == "klaar" and run.verwerkt == 2
    assert all(w.startswith("inline@") for w in run.delen.values_list("worker", flat=True))
    assert meldingen == [
        "The workers cannot be reached (the queue, Redis, does not answer), so this run is "
        "done here instead. It takes longer; the result is the same."
    ]
    for vordering in vorderingen:
        vordering.refresh_from_db()
        assert vordering.fase == "herinnering"


def test_without_waiting_an_engine_run_with_redis_down_is_refused_plainly_and_kept(redis_weg):
    Vordering.objects.update(fase="afgerond")
    Verwerking.objects.all().delete()
    maak_vordering(BurgerFactory())
    with pytest.raises(WachtrijOnbereikbaar) as fout:
        voer_uit("escalatie", dag=date(2026, 4, 20), via_workers=True, door="test", wacht=False)
    assert "the workers cannot be reached" in str(fout.value)
    assert "Nothing was changed yet" in str(fout.value)
    run = Verwerking.objects.get()
    assert run.status == "bezig" and run.delen.filter(status="open").count() == 1


def test_the_engine_command_with_workers_and_redis_down_says_so_and_finishes(redis_weg):
    Vordering.objects.update(fase="afgerond")
    Verwerking.objects.all().delete()
    maak_vordering(BurgerFactory())
    uit, fouten = io.StringIO(), io.StringIO()
    call_command("run_escalatie", "--datum", "2026-04-20", "--workers", stdout=uit, stderr=fouten)
    assert "The workers cannot be reached" in fouten.getvalue()
    assert "1 vorderingen" in uit.getvalue()


def test_moving_the_clock_with_redis_down_gives_a_note_not_an_error(redis_weg):
    from invordering.services.klok import engines_volgen

    assert engines_volgen() == (
        "The queue cannot be reached; the engines catch up when it is back."
    )


# --- a PDF job that fails: retried with a growing wait, bounded, then visible ---------


def test_a_failing_pdf_attempt_is_recorded_and_retried_after_10_20_40_80_seconds(
    monkeypatch, settings
):
    settings.PDF_HERPROBEER_SECONDEN = 10
    brief = een_brief()
    Document.objects.filter(pk=brief.pk).update(pdf_status=PdfStatus.IN_WACHTRIJ)

    def kapot(html):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("invordering.documents.pdf_van_html", kapot)
    wachttijden = []

    def retry(exc=None, countdown=None, **_opties):
        wachttijden.append(countdown)
        return Retry(exc=exc, when=countdown)  # what Celery raises; no new message here

    monkeypatch.setattr(maak_pdf, "retry", retry)
    for poging in range(4):
        resultaat = maak_pdf.apply(args=[brief.pk], retries=poging, throw=False)
        assert resultaat.state == "RETRY"
        brief.refresh_from_db()
        assert brief.pdf_status == PdfStatus.IN_WACHTRIJ and brief.pdf_vertraagd
        assert brief.pdf_pogingen == poging + 1
    assert wachttijden == [10, 20, 40, 80]

    resultaat = maak_pdf.apply(args=[brief.pk], retries=4, throw=False)  # the fifth: last
    assert resultaat.state == "FAILURE" and isinstance(resultaat.result, OSError)
    brief.refresh_from_db()
    assert brief.pdf_status == PdfStatus.MISLUKT and brief.pdf_pogingen == 5
    assert brief.pdf_fout == "OSError: [Errno 28] No space left on device"
    assert wachttijden == [10, 20, 40, 80]


@pytest.mark.django_db(transaction=True)
def test_a_pdf_job_on_a_real_worker_is_retried_until_it_succeeds(
    lege_wachtrij, redis_worker, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.PDF_HERPROBEER_SECONDEN = 0  # retry at once: the waits are tested above
    brief = een_brief()
    pogingen = []

    def twee_keer_kapot(html):
        pogingen.append(1)
        if len(pogingen) <= 2:
            raise OSError("disk full")
        return NEP_PDF

    monkeypatch.setattr("invordering.documents.pdf_van_html", twee_keer_kapot)
    naam = maak_pdf.apply_async([brief.pk], ignore_result=False).get(timeout=60)
    brief.refresh_from_db()
    assert brief.pdf_status == PdfStatus.KLAAR and (tmp_path / naam).read_bytes() == NEP_PDF
    assert brief.pdf_pogingen == 2 and brief.pdf_fout == "" and len(pogingen) == 3


@pytest.mark.django_db(transaction=True)
def test_a_pdf_job_that_keeps_failing_stops_after_five_attempts_and_shows_as_failed(
    lege_wachtrij, redis_worker, monkeypatch, settings
):
    settings.PDF_HERPROBEER_SECONDEN = 0
    brief = een_brief()
    pogingen = []

    def kapot(html):
        pogingen.append(1)
        raise OSError("disk full")

    monkeypatch.setattr("invordering.documents.pdf_van_html", kapot)
    resultaat = maak_pdf.apply_async([brief.pk], ignore_result=False)
    with pytest.raises(OSError):
        resultaat.get(timeout=60)
    brief.refresh_from_db()
    assert len(pogingen) == 5 and brief.pdf_pogingen == 5
    assert brief.pdf_status == PdfStatus.MISLUKT and brief.pdf_fout == "OSError: disk full"
    assert fout_uitleg(brief.pdf_fout).startswith("The file could not be written or read")


@pytest.mark.parametrize(
    ("fout", "uitleg"),
    [
        ("OperationalError: terminating connection", "The database could not be reached"),
        ("ConnectionError: Error 111", "The queue for background work (Redis)"),
        ("TemplateSyntaxError: Invalid block tag", "The template of this letter has an error"),
        ("GeweigerdeUrl: file:///etc/passwd", "The letter asked for a file"),
        ("ValueError: odd", "Making the PDF failed for a reason we did not foresee"),
        ("", ""),
    ],
)
def test_a_recorded_pdf_error_is_explained_in_plain_words(fout, uitleg):
    assert fout_uitleg(fout).startswith(uitleg)


# --- the rate limiter while the Redis cache is away ------------------------------------


def test_the_rate_limiter_counts_in_memory_while_the_redis_cache_is_away(redis_cache_weg):
    with pytest.raises(Exception, match="6390"):
        redis_cache_weg.get("x")  # the shared cache is really unreachable
    wie = f"naam:{time.monotonic_ns()}"
    grens = throttle.INLOGGEN_NAAM
    assert throttle.blokkade(grens, wie) is None
    assert [throttle.tel(grens, wie) for _ in range(grens.maximum)] == [1, 2, 3, 4, 5]
    assert throttle.blokkade(grens, wie) is not None  # still limited, in this process
    throttle.wis(grens, wie)
    assert throttle.blokkade(grens, wie) is None


# --- PostgreSQL: a connection that died between requests -----------------------------


def _vraag(pad: str, taal: str = "nl") -> tuple[int, bytes, dict]:
    """One request through Django's own WSGI handler, as gunicorn sends it: with the
    request_started/finished signals that close broken or old connections (the test
    client switches those off)."""
    antwoord = []
    environ = (
        RequestFactory().get(pad, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}={taal}").environ
    )
    body = WSGIHandler()(environ, lambda s, headers, *a: antwoord.append((s, dict(headers))))
    inhoud = b"".join(body)
    body.close()
    status, koppen = antwoord[0]
    return int(status.split()[0]), inhoud, koppen


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_between_requests_is_replaced_before_the_next_one():
    assert (
        connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"]
    )
    assert _vraag("/gezondheid/")[:2] == (200, b"ok")
    oud = connection.connection.info.backend_pid  # kept for the next request
    beeindig_sessie()  # PostgreSQL restarted while the process was idle
    assert _vraag("/gezondheid/")[:2] == (200, b"ok")
    assert connection.connection.info.backend_pid != oud


@pytest.mark.django_db(transaction=True)
def test_without_the_health_check_the_request_gets_a_calm_503_and_the_next_one_works(
    monkeypatch,
):
    # The same fault with CONN_HEALTH_CHECKS off: this shows what the setting buys, and
    # that even then a person sees "try again", not a crash, and only once.
    assert _vraag("/gezondheid/")[0] == 200
    monkeypatch.setattr(connections["default"], "health_check_enabled", False)
    beeindig_sessie()
    status, inhoud, kop = _vraag("/gezondheid/", "en")
    assert status == 503 and kop["Retry-After"] == "30"
    assert b"Nothing is ever saved halfway" in inhoud
    assert _vraag("/gezondheid/")[:2] == (200, b"ok")
