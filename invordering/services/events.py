"""Writing to the append-only event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from invordering import audit, clock
from invordering.models import ActorRol, Event


def registreer_event(
    *,
    burger,
    soort: str,
    tijdstip: datetime | None = None,
    vordering=None,
    regeling=None,
    verzoek=None,
    actor=None,
    actor_rol: str = ActorRol.SYSTEEM,
    machtiging=None,
    regel: str = "",
    data: dict[str, Any] | None = None,
    sleutel: str | None = None,
    ip: str | None = None,
) -> Event:
    """Append one event. With ``sleutel`` it is idempotent: a second call returns the first.

    An event by a person (not ``SYSTEEM``) records the address they acted from: ``ip``, or
    by default the address of the request being served (``audit.AuditMiddleware``).

    Example: ``registreer_event(burger=b, soort=EventSoort.HERINNERING, vordering=v,
    regel="escalatie.herinnering", sleutel=f"stap:{v.pk}:herinnering")``.
    """
    if sleutel:
        bestaand = Event.objects.filter(sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    return Event.objects.create(
        burger=burger,
        soort=soort,
        tijdstip=tijdstip or clock.now(),
        vordering=vordering,
        regeling=regeling,
        verzoek=verzoek,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
        regel=regel,
        data=data or {},
        sleutel=sleutel,
        ip=None if actor_rol == ActorRol.SYSTEEM else (ip or audit.huidig_ip()),
    )
