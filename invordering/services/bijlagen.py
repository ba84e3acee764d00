"""Proof documents sent with a verzoek: checked by content, stored under a random name."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from invordering import clock
from invordering.models import Bijlage
from invordering.uploads import controleer_bestand, veilige_naam

MAX_PER_VERZOEK = 10


@transaction.atomic
def voeg_bijlage_toe(*, verzoek, bestand, omschrijving: str = "", door=None) -> Bijlage:
    """Store an uploaded file with a verzoek. Raises ValidationError in plain words."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if verzoek.bijlagen.count() >= MAX_PER_VERZOEK:
        raise ValidationError(
            _("You can add at most %(aantal)s files to one request."),
            params={"aantal": MAX_PER_VERZOEK},
        )
    soort, extensie = controleer_bestand(bestand)
    inhoud = bestand.read()
    bijlage = Bijlage(
        verzoek=verzoek,
        naam=(getattr(bestand, "name", "") or "bestand")[:200],
        soort=soort,
        grootte=len(inhoud),
        omschrijving=omschrijving[:200],
        toegevoegd_op=clock.now(),
        toegevoegd_door=door,
    )
    bijlage.bestand.save(veilige_naam(extensie), ContentFile(inhoud), save=False)
    bijlage.save()
    return bijlage
