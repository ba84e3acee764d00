"""Verrekening for one burger: the monthly run's code path, restricted to that person.

The demo history and tests use this; the monthly run (services.verwerking) calls
``verreken_burgers`` for a chunk of burgers at a time. Both book the same rows.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from invordering.models import Verrekening
from invordering.services.escalatie_run import Uitslag
from invordering.services.verrekening_run import verreken_burgers


@transaction.atomic
def verreken_maand(burger, *, maand: date, dag: date, beleid) -> list[Verrekening]:
    """Offset this month's voorschotten against the burger's vorderingen in verrekening."""
    uitslag: Uitslag = verreken_burgers({"pk": burger.pk}, maand=maand, dag=dag, beleid=beleid)
    if uitslag.fouten:
        raise RuntimeError(uitslag.fouten)
    return list(Verrekening.objects.filter(burger=burger, maand=maand.replace(day=1)))
