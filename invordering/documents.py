"""Rendering letters and overviews: HTML from templates, PDF with WeasyPrint.

WeasyPrint is imported inside the function (it is slow to import and only workers need
it). Its URL fetcher serves our own static files from disk and refuses everything else,
so a letter can never make a network request or read an arbitrary file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from invordering.models import Document, PdfStatus

logger = logging.getLogger(__name__)


class GeweigerdeUrl(ValueError):
    pass


def _static_pad(url: str) -> Path:
    prefix = settings.STATIC_URL
    pad = url.split("?", 1)[0]
    if pad.startswith(("http://", "https://")):
        pad = "/" + pad.split("://", 1)[1].split("/", 1)[-1]
    if not pad.startswith(prefix):
        raise GeweigerdeUrl(url)
    relatief = pad[len(prefix) :]
    gevonden = finders.find(relatief) or (Path(settings.STATIC_ROOT) / relatief)
    gevonden = Path(gevonden)
    if not gevonden.is_file():
        raise GeweigerdeUrl(url)
    return gevonden


def veilige_url_fetcher(url: str, timeout: int = 10, ssl_context=None) -> dict:
    """Serve /static/... from disk; refuse file:, data from elsewhere and the network."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)
    pad = _static_pad(url)
    mime = {
        ".css": "text/css",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".png": "image/png",
    }
    return {
        "string": pad.read_bytes(),
        "mime_type": mime.get(pad.suffix, "application/octet-stream"),
    }


def pdf_van_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=html, base_url="https://pdf.invalid/", url_fetcher=veilige_url_fetcher
    ).write_pdf()


def brief_context(document: Document) -> dict:
    snapshot = document.snapshot
    return {
        "document": document,
        "burger": snapshot.get("burger", {}),
        "vordering": snapshot.get("vordering"),
        "data": snapshot.get("data", {}),
    }


def brief_html(document: Document) -> str:
    """The letter as issued: its own template, its own language, its own snapshot."""
    with translation.override(document.taal):
        return render_to_string(
            f"invordering/brieven/{document.soort}.html", brief_context(document)
        )


def maak_pdf_voor(document_id: int) -> Document:
    """Render and store the PDF of one document. Safe to run twice."""
    document = Document.objects.get(pk=document_id)
    if document.pdf_status == PdfStatus.KLAAR and document.pdf:
        return document
    pdf = pdf_van_html(brief_html(document))
    document.pdf.save(f"{document.kenmerk}.pdf", ContentFile(pdf), save=False)
    document.pdf_status = PdfStatus.KLAAR
    document.pdf_fout = ""
    document.save(update_fields=["pdf", "pdf_status", "pdf_fout"])
    return document


def markeer_mislukt(document_id: int, fout: str, *, definitief: bool) -> None:
    """Record a failed attempt; after the last retry the page offers "try again".

    Before the last one the PDF stays "being made" and its retry counts as queued now
    (``pdf_gevraagd_op``), so the sweep for lost PDFs leaves it to that retry.
    """
    document = Document.objects.get(pk=document_id)
    document.pdf_pogingen += 1
    document.pdf_fout = fout[:2000]
    if definitief:
        document.pdf_status = PdfStatus.MISLUKT
    else:
        document.pdf_gevraagd_op = timezone.now()
    document.save(update_fields=["pdf_pogingen", "pdf_fout", "pdf_status", "pdf_gevraagd_op"])
    logger.warning("PDF for document %s failed (attempt %s)", document_id, document.pdf_pogingen)


# What a recorded error means, for staff who are not programmers: the first matching
# exception name (the start of ``pdf_fout``) decides.
_UITLEG = (
    (("OperationalError", "InterfaceError"), "database"),
    (("ConnectionError", "TimeoutError"), "wachtrij"),
    (("TemplateDoesNotExist", "TemplateSyntaxError", "VariableDoesNotExist"), "sjabloon"),
    (("GeweigerdeUrl",), "url"),
    (("OSError", "FileNotFoundError", "PermissionError"), "bestand"),
)


def fout_uitleg(fout: str) -> str:
    """A recorded PDF error in plain words; the technical text stays beside it.

    Example: "OSError: [Errno 28] No space left on device" -> "The file could not be
    written or read (disk full, or a folder that is missing or not writable)."
    """
    if not fout:
        return ""
    naam = fout.split(":", 1)[0].strip()
    teksten = {
        "database": _("The database could not be reached while the PDF was being made."),
        "wachtrij": _("The queue for background work (Redis) could not be reached."),
        "sjabloon": _("The template of this letter has an error; a developer must fix it."),
        "url": _("The letter asked for a file that letters may not use."),
        "bestand": _(
            "The file could not be written or read (disk full, or a folder that is missing "
            "or not writable)."
        ),
    }
    for namen, soort in _UITLEG:
        if naam in namen:
            return teksten[soort]
    return _("Making the PDF failed for a reason we did not foresee; see the technical text.")
