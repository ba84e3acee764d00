"""Checking uploaded proof: size, and the type by the file's content (not its name).

A browser's content type and a file's extension are whatever the sender says; the first
bytes are what the file is. Only PDF, JPEG and PNG are accepted.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HANDTEKENINGEN = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


def soort_van_inhoud(begin: bytes) -> tuple[str, str] | None:
    for handtekening, soort in HANDTEKENINGEN.items():
        if begin.startswith(handtekening):
            return soort
    return None


def controleer_bestand(bestand) -> tuple[str, str]:
    """Return (content type, extension) or raise a ValidationError in plain words."""
    maximum = settings.UPLOAD_MAX_BYTES
    if bestand.size > maximum:
        raise ValidationError(
            _(
                "This file is too large. Send a file of at most %(mb)s MB, for example a photo "
                "taken with lower quality."
            ),
            params={"mb": maximum // (1024 * 1024)},
            code="te_groot",
        )
    if bestand.size == 0:
        raise ValidationError(_("This file is empty. Choose another file."), code="leeg")
    begin = bestand.read(16)
    bestand.seek(0)
    soort = soort_van_inhoud(begin)
    if soort is None:
        raise ValidationError(
            _(
                "We can only accept a PDF, JPG or PNG file. Save or photograph the document in one "
                "of these types and try again."
            ),
            code="soort",
        )
    return soort


def veilige_naam(extensie: str) -> str:
    """A random name on disk, so a file name never says anything about the person."""
    return f"{secrets.token_hex(16)}{extensie}"
