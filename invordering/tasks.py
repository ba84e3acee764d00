"""Celery tasks: thin, taking ids, each calling one service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from invordering import clock


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=10)
def maak_pdf(self, document_id: int) -> str:
    """Render a letter's PDF; retried three times, then marked failed for a manual retry."""
    from invordering.documents import maak_pdf_voor, markeer_mislukt

    try:
        document = maak_pdf_voor(document_id)
    except Exception as exc:
        laatste = self.request.retries >= self.max_retries
        markeer_mislukt(document_id, f"{type(exc).__name__}: {exc}", definitief=laatste)
        if laatste:
            raise
        raise self.retry(exc=exc) from exc
    return document.pdf.name


@shared_task(acks_late=True)
def meld_verlopen_machtigingen() -> int:
    """Daily: write an event for every machtiging that expired (the burger sees it)."""
    from invordering.services.machtigingen import meld_verlopen_machtigingen as meld

    return meld(clock.today())


@shared_task
def klok_vandaag() -> str:
    """The clock as a worker sees it: lets tests and tester controls check it moved."""
    return clock.today().isoformat()
