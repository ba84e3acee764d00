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


def ruim_op(dag=None) -> int:
    """Delete the files of requests that ended more than BIJLAGEN_BEWAAR_DAGEN ago.

    A request ends when it is decided or withdrawn (its last event); a draft that was
    never sent counts from the day it was started. The row stays with ``verwijderd_op``.
    Returns how many files were deleted. Safe to run again: deleted files are skipped.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Max, Q

    from invordering.models import VerzoekStatus

    dag = dag or clock.today()
    grens = clock.op_dag(dag - timedelta(days=settings.BIJLAGEN_BEWAAR_DAGEN), 0)
    afgelopen = (VerzoekStatus.TOEGEKEND, VerzoekStatus.AFGEWEZEN, VerzoekStatus.INGETROKKEN)
    oud = (
        Bijlage.objects.filter(verwijderd_op__isnull=True)
        .annotate(laatst=Max("verzoek__events__tijdstip"))
        .filter(
            Q(verzoek__status__in=afgelopen, laatst__lt=grens)
            | Q(verzoek__status=VerzoekStatus.CONCEPT, verzoek__aangemaakt_op__lt=grens)
        )
    )
    aantal = 0
    for bijlage in oud:
        with transaction.atomic():
            bijlage.bestand.delete(save=False)
            Bijlage.objects.filter(pk=bijlage.pk).update(verwijderd_op=clock.now())
        aantal += 1
    return aantal
