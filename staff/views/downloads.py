"""Staff downloads of a burger's letters and of the proof sent with a request.

Files are never served from a public URL: these views ask the policy module first, and
send the file as an attachment that is not cached.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from invordering import audit, documents
from invordering.models import ActorRol, Bijlage, Document, PdfStatus
from invordering.policy import mag_bijlage_downloaden, mag_brief_downloaden
from staff.views.basis import medewerker_met

logger = logging.getLogger(__name__)


def _als_bijlage(bestand, naam: str, soort: str) -> FileResponse:
    response = FileResponse(bestand, as_attachment=True, filename=naam, content_type=soort)
    response["Cache-Control"] = "private, no-store"
    return response


def _open_pdf(document: Document):
    try:
        return document.pdf.open("rb")
    except (OSError, ValueError):
        return None


@require_GET
@medewerker_met(mag_brief_downloaden)
def document_pdf(request, pk: int):
    """A letter as the burger got it; made now when its PDF is not there (yet)."""
    document = get_object_or_404(Document, pk=pk)
    bestand = None
    if document.pdf_status == PdfStatus.KLAAR and document.pdf:
        bestand = _open_pdf(document)
    if bestand is None:
        try:
            if document.pdf_status == PdfStatus.KLAAR:  # the file went missing: make it again
                Document.objects.filter(pk=document.pk).update(pdf_status=PdfStatus.NIET_GEMAAKT)
            document = documents.maak_pdf_voor(document.pk)
            bestand = _open_pdf(document)
        except Exception:
            logger.exception("PDF for document %s could not be made (staff download)", pk)
    if bestand is None:
        messages.error(
            request,
            _("The PDF of this letter could not be made. Please try again in a few minutes."),
        )
        return redirect(reverse("staff:totaalbeeld", args=[document.burger_id]) + "#brieven")
    audit.lees(request, document.burger_id, rol=ActorRol.MEDEWERKER)
    return _als_bijlage(bestand, f"{document.kenmerk}.pdf", "application/pdf")


@require_GET
@medewerker_met(mag_bijlage_downloaden)
def bijlage(request, pk: int):
    """A file the person sent with a request (PDF, JPG or PNG, checked on upload)."""
    gevonden = get_object_or_404(
        Bijlage.objects.select_related("verzoek"), pk=pk, verwijderd_op__isnull=True
    )
    try:
        bestand = gevonden.bestand.open("rb")
    except (OSError, ValueError):
        logger.warning("File of bijlage %s is missing", pk)
        raise Http404 from None
    audit.lees(request, gevonden.verzoek.burger_id, rol=ActorRol.MEDEWERKER)
    return _als_bijlage(bestand, gevonden.naam, gevonden.soort)
