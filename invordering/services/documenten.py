"""Letters: a Document row with the data snapshot it is rendered from.

The PDF is made later by a Celery task (invordering.tasks.maak_pdf), after commit, so a
page or an engine run never waits for WeasyPrint.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from invordering import wachtrij
from invordering.models import Document, PdfStatus, Vordering
from invordering.services.kenmerken import kenmerk


def burger_snapshot(burger) -> dict[str, Any]:
    return {
        "naam": burger.naam,
        "straat": burger.straat,
        "postcode": burger.postcode,
        "woonplaats": burger.woonplaats,
    }


def vordering_snapshot(vordering: Vordering) -> dict[str, Any]:
    from invordering.services.ledger import open_per_component

    delen = open_per_component([vordering.pk])[vordering.pk]
    return {
        "kenmerk": vordering.kenmerk,
        "betalingskenmerk": vordering.betalingskenmerk,
        "toeslag": vordering.toeslag.soort,
        "jaar": vordering.toeslag.jaar,
        "dagtekening": vordering.dagtekening,
        "vervaldatum": vordering.vervaldatum,
        "hoofdsom": vordering.hoofdsom,
        "open": dict(delen),
        "saldo": sum(delen.values()),
    }


@transaction.atomic
def maak_brief(
    *,
    burger,
    soort: str,
    dag: date,
    vordering: Vordering | None = None,
    event=None,
    data: dict[str, Any] | None = None,
    pdf_maken: bool = False,
) -> Document:
    """Create a letter with its snapshot; one letter per event (idempotent on the event).

    With ``pdf_maken`` the PDF task is queued after commit; otherwise the PDF is made on
    first download.
    """
    if event is not None:
        bestaand = Document.objects.filter(event=event).first()
        if bestaand is not None:
            return bestaand
    snapshot = {
        "burger": burger_snapshot(burger),
        "vordering": vordering_snapshot(vordering) if vordering else None,
        "data": data or {},
    }
    document = Document.objects.create(
        burger=burger,
        soort=soort,
        event=event,
        vordering=vordering,
        kenmerk=kenmerk("BR"),
        datum=dag,
        taal=burger.taal,
        snapshot=snapshot,
    )
    if pdf_maken:
        vraag_pdf_aan(document)
    return document


def vraag_pdf_aan(document: Document) -> None:
    """Queue the PDF after commit; the status lets a page say "being made".

    The Document itself remembers the work: when the queue cannot be reached it stays
    "being made" without a queue time, the page says it takes longer than usual, and the
    sweep (invordering.wachtrij.haal_in) hands it over once the queue is back.
    """
    nu = timezone.now()
    Document.objects.filter(pk=document.pk).update(
        pdf_status=PdfStatus.IN_WACHTRIJ, pdf_gevraagd_op=nu
    )
    document.pdf_status = PdfStatus.IN_WACHTRIJ
    document.pdf_gevraagd_op = nu
    transaction.on_commit(lambda: _geef_pdf_af(document.pk))


def _geef_pdf_af(document_id: int) -> None:
    from invordering.tasks import maak_pdf

    if not wachtrij.stuur(maak_pdf, document_id, bewaar=False):
        Document.objects.filter(pk=document_id, pdf_status=PdfStatus.IN_WACHTRIJ).update(
            pdf_gevraagd_op=None
        )
