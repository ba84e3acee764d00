"""The beat schedule as staff read it: what runs when, and when it runs next."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TAAK_TEKST = {
    "invordering.tasks.engines_inhalen": _(
        "escalation for every day not yet done, and the monthly offsetting on its day"
    ),
    "invordering.tasks.meld_verlopen_machtigingen": _("tell people a mandate expired"),
    "invordering.tasks.wachtrij_inhalen": _(
        "send the letters and e-mails that waited while the queue was away"
    ),
}


def beat_overzicht() -> list[dict]:
    """[{naam, taak, wat, schema, volgende}] from CELERY_BEAT_SCHEDULE (real time)."""
    nu = timezone.now()
    rijen = []
    for naam, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schema = entry["schedule"]
        if isinstance(schema, int | float):
            tekst, volgende = _("every %(s)d seconds") % {"s": schema}, None
        else:
            tekst = str(schema).removeprefix("<crontab: ").removesuffix(">")
            volgende = nu + schema.remaining_estimate(nu)
        rijen.append(
            {
                "naam": naam,
                "taak": entry["task"],
                "wat": TAAK_TEKST.get(entry["task"], ""),
                "schema": tekst,
                "volgende": volgende,
            }
        )
    return rijen
