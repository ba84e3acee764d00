"""Letters ("Berichten"): the list, PDF downloads and the overview PDF.

Every letter is looked up as ``Document.objects.filter(burger=burger, pk=pk)``: another
person's letter is "not found" (404), exactly like a letter that does not exist.

A PDF is in one of three states for the person: it can be downloaded (ready, or an
ordinary letter that is rendered on the spot), it is being made (the overview PDF, made by
a Celery task; "longer than usual" while the queue is away or a retry is pending), or
making it failed (a calm page with a "try again" button).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HTMX_STOP_POLLING

from citizen.sessie import passief
from invordering import clock, documents, policy, wachtrij
from invordering.models import Document, DocumentSoort, PdfStatus
from invordering.services.documenten import vraag_pdf_aan
from invordering.services.overzicht_pdf import maak_overzicht_document

logger = logging.getLogger(__name__)

DOWNLOAD, WACHT, MISLUKT = "download", "wacht", "mislukt"


def toestand(document: Document) -> str:
    """What the person can do with this letter's PDF right now."""
    if document.pdf_status == PdfStatus.MISLUKT:
        return MISLUKT
    if document.soort == DocumentSoort.OVERZICHT and document.pdf_status == PdfStatus.IN_WACHTRIJ:
        return WACHT
    return DOWNLOAD  # ready, or an ordinary letter rendered on the spot


def _eigen_document(request, pk: int) -> tuple[object, Document]:
    burger = policy.toegang(request).burger
    document = Document.objects.filter(burger=burger, pk=pk).first()
    if document is None:
        raise Http404
    document.toestand = toestand(document)
    return burger, document


def _terug(document: Document) -> str:
    return f"{reverse('citizen:berichten')}#bericht-{document.pk}"


@require_GET
def berichten(request):
    burger = policy.toegang(request).burger
    lijst = list(Document.objects.filter(burger=burger).order_by("-datum", "-pk"))
    for document in lijst:
        document.toestand = toestand(document)
    return render(
        request,
        "citizen/berichten.html",
        {
            "burger": burger,
            "actief": "berichten",
            "berichten": lijst,
            "ververs_url": reverse("citizen:berichten"),
        },
    )


def _wachtpagina(request, burger, document: Document):
    context = {
        "burger": burger,
        "actief": "berichten",
        "document": document,
        "ververs_url": reverse("citizen:bericht_pdf", args=[document.pk]),
    }
    return render(request, "citizen/bericht_wacht.html", context)


def _maak_nu(document: Document) -> Document | None:
    """Render an ordinary letter's PDF in the request; None (and recorded) when it fails."""
    try:
        return documents.maak_pdf_voor(document.pk)
    except Exception as exc:
        logger.exception("PDF for document %s could not be made", document.pk)
        documents.markeer_mislukt(document.pk, f"{type(exc).__name__}: {exc}", definitief=True)
        return None


def _serveer(document: Document) -> FileResponse | None:
    try:
        bestand = document.pdf.open("rb")
    except (OSError, ValueError):
        logger.warning("PDF file of document %s is missing; it will be made again", document.pk)
        return None
    response = FileResponse(
        bestand,
        as_attachment=True,
        filename=f"{document.kenmerk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def bericht_pdf(request, pk: int):
    """Download a letter; while the overview PDF is being made, or after a failure, a page."""
    burger, document = _eigen_document(request, pk)
    if document.pdf_status == PdfStatus.KLAAR and document.pdf:
        response = _serveer(document)
        if response is not None:
            return response
        Document.objects.filter(pk=document.pk).update(pdf_status=PdfStatus.NIET_GEMAAKT)
        document.pdf_status = PdfStatus.NIET_GEMAAKT
        document.toestand = toestand(document)
    if document.toestand in (WACHT, MISLUKT):
        return _wachtpagina(request, burger, document)
    gemaakt = _maak_nu(document)
    if gemaakt is None:
        document.refresh_from_db()
        document.toestand = toestand(document)
        return _wachtpagina(request, burger, document)
    return _serveer(gemaakt) or _wachtpagina(request, burger, gemaakt)


@require_POST
def bericht_opnieuw(request, pk: int):
    """Try a failed PDF again: the overview goes back to the queue, a letter is made now."""
    _burger, document = _eigen_document(request, pk)
    if document.pdf_status == PdfStatus.KLAAR and document.pdf:
        messages.info(request, _("This PDF is ready. You can download it now."))
        return redirect(_terug(document))
    Document.objects.filter(pk=document.pk).update(pdf_status=PdfStatus.NIET_GEMAAKT, pdf_fout="")
    if document.soort == DocumentSoort.OVERZICHT:
        if not in_wachtrij(request, lambda: _opnieuw_in_wachtrij(document)).pdf_vertraagd:
            messages.success(
                request,
                _("We are making your PDF again. It will be ready in a minute. Nothing is lost."),
            )
    elif _maak_nu(document) is not None:
        messages.success(request, _("The PDF is ready. You can download it now."))
    else:
        messages.error(
            request,
            _(
                "We still could not make this PDF. Nothing is lost: the letter stays here. "
                "Please try again later, or call the BelastingTelefoon: 0800-0543 (free)."
            ),
        )
    return redirect(_terug(document))


@passief  # the page polls by itself: waiting for a PDF is not activity (citizen.sessie)
@require_GET
def bericht_status(request, pk: int):
    """htmx polls this while the overview PDF is being made; it stops once that is over."""
    burger, document = _eigen_document(request, pk)
    if not request.htmx:
        return redirect("citizen:bericht_pdf", pk=document.pk)
    context = {
        "burger": burger,
        "document": document,
        "ververs_url": request.htmx.current_url_abs_path
        or reverse("citizen:bericht_pdf", args=[document.pk]),
    }
    response = render(request, "citizen/berichten.html#bericht_status", context)
    if document.toestand != WACHT:
        response.status_code = HTMX_STOP_POLLING
    return response


@require_POST
def overzicht_pdf(request):
    """Make a new overview PDF (works without JavaScript: a form and a redirect)."""
    burger = policy.toegang(request).burger
    if not vraag_overzicht_aan(request, burger).pdf_vertraagd:
        messages.success(
            request,
            _("We are making your overview (PDF). It will be under Letters in a minute."),
        )
    return redirect("citizen:berichten")


def vraag_overzicht_aan(request, burger) -> Document:
    """Queue a new overview PDF of ``burger``, or the one already being made.

    A double click, or a helper and the burger asking on the same day, makes one overview.
    """
    al_bezig = Document.objects.filter(
        burger=burger,
        soort=DocumentSoort.OVERZICHT,
        pdf_status=PdfStatus.IN_WACHTRIJ,
        datum=clock.today(),
    ).first()
    return al_bezig or in_wachtrij(
        request, lambda: maak_overzicht_document(burger=burger, door=request.user)
    )


def _opnieuw_in_wachtrij(document: Document) -> Document:
    vraag_pdf_aan(document)
    return document


def in_wachtrij(request, maak) -> Document:
    """Create or reset a document and queue its PDF once that is saved.

    A queue that cannot be reached leaves the PDF "being made" (the sweep hands it over
    when the queue is back, invordering.wachtrij), and the person is told it takes longer.
    """
    with transaction.atomic():
        document = maak()
    document.refresh_from_db(fields=["pdf_status", "pdf_gevraagd_op", "pdf_fout"])
    if document.pdf_vertraagd:
        wachtrij.al_gemeld()
        messages.warning(
            request,
            _(
                "Your PDF is being made; this takes a little longer than usual. It appears "
                "under Letters by itself: you do not need to ask again."
            ),
        )
    return document


urlpatterns = [
    path("berichten/", berichten, name="berichten"),
    path("berichten/<int:pk>/pdf/", bericht_pdf, name="bericht_pdf"),
    path("berichten/<int:pk>/opnieuw/", bericht_opnieuw, name="bericht_opnieuw"),
    path("berichten/<int:pk>/status/", bericht_status, name="bericht_status"),
    path("overzicht/pdf/", overzicht_pdf, name="overzicht_pdf"),
]
