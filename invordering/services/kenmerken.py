"""Kenmerken (references): readable, unique, deterministic in creation order."""

from invordering.models import Volgnummer
from invordering.validators import betalingskenmerk


def volgend_nummer(prefix: str) -> int:
    """Hand out the next number for ``prefix``; the row lock serialises concurrent callers."""
    Volgnummer.objects.get_or_create(prefix=prefix)
    teller = Volgnummer.objects.select_for_update().get(prefix=prefix)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return teller.laatste


def kenmerk(prefix: str, jaar: int | None = None) -> str:
    """E.g. ``TV-2024-0000012`` (a terugvordering) or ``BR-0000345`` (a letter)."""
    nummer = volgend_nummer(prefix if jaar is None else f"{prefix}-{jaar}")
    return f"{prefix}-{jaar}-{nummer:07d}" if jaar is not None else f"{prefix}-{nummer:07d}"


def nieuw_betalingskenmerk() -> str:
    # A fixed leading block keeps these visibly different from other payment references.
    return betalingskenmerk(900_000_000_000_000 + volgend_nummer("betalingskenmerk"))
