"""Machtigingen: granting, revoking and expiry (helpers acting for a burger)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import ActorRol, EventSoort, Machtiging, MachtigingStatus
from invordering.rules.kalender import plus_maanden
from invordering.services.events import registreer_event


def _scope(m: Machtiging) -> list[str]:
    return [
        naam
        for naam, aan in (
            ("inzien", m.mag_inzien),
            ("verzoeken", m.mag_verzoeken),
            ("betalen", m.mag_betalen),
        )
        if aan
    ]


@transaction.atomic
def registreer_machtiging(
    *,
    vertegenwoordigde,
    gemachtigde,
    geldig_van: date,
    geldig_tot: date,
    bron: str,
    mag_verzoeken: bool = False,
    mag_betalen: bool = False,
    actor=None,
    actor_rol: str = ActorRol.BURGER,
) -> Machtiging:
    """An active machtiging (staff registration, or a helper who redeemed a code)."""
    maximum = plus_maanden(geldig_van, beleid_op(geldig_van).machtiging_max_maanden)
    if geldig_tot > maximum:
        raise ValueError("A mandate may not last longer than the policy maximum.")
    machtiging = Machtiging.objects.create(
        vertegenwoordigde=vertegenwoordigde,
        gemachtigde=gemachtigde,
        mag_inzien=True,
        mag_verzoeken=mag_verzoeken,
        mag_betalen=mag_betalen,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        bron=bron,
        status=MachtigingStatus.ACTIEF,
        aangemaakt_op=clock.now(),
        aangemaakt_door=actor,
    )
    registreer_event(
        burger=vertegenwoordigde,
        soort=EventSoort.MACHTIGING_VERLEEND,
        machtiging=machtiging,
        actor=actor,
        actor_rol=actor_rol,
        data={"helper": gemachtigde.naam, "scope": _scope(machtiging), "geldig_tot": geldig_tot},
    )
    return machtiging


@transaction.atomic
def trek_machtiging_in(machtiging: Machtiging, *, actor, actor_rol: str) -> None:
    """Revoke at once; the helper loses access on their next request."""
    gewijzigd = (
        Machtiging.objects.filter(pk=machtiging.pk)
        .exclude(status=MachtigingStatus.INGETROKKEN)
        .update(
            status=MachtigingStatus.INGETROKKEN, ingetrokken_op=clock.now(), ingetrokken_door=actor
        )
    )
    if not gewijzigd:
        return
    machtiging.status = MachtigingStatus.INGETROKKEN
    registreer_event(
        burger=machtiging.vertegenwoordigde,
        soort=EventSoort.MACHTIGING_INGETROKKEN,
        machtiging=machtiging,
        actor=actor,
        actor_rol=actor_rol,
        data={"helper": machtiging.gemachtigde.naam if machtiging.gemachtigde else ""},
    )


def meld_verlopen_machtigingen(dag: date) -> int:
    """Write one event per machtiging that expired (geldig_tot before ``dag``); idempotent."""
    verlopen = (
        Machtiging.objects.filter(status=MachtigingStatus.ACTIEF, geldig_tot__lt=dag)
        .exclude(events__soort=EventSoort.MACHTIGING_VERLOPEN)
        .select_related("vertegenwoordigde", "gemachtigde")
    )
    aantal = 0
    for machtiging in verlopen:
        registreer_event(
            burger=machtiging.vertegenwoordigde,
            soort=EventSoort.MACHTIGING_VERLOPEN,
            tijdstip=clock.op_dag(machtiging.geldig_tot, 23),
            machtiging=machtiging,
            regel="machtiging.verlopen",
            data={"helper": machtiging.gemachtigde.naam if machtiging.gemachtigde else ""},
            sleutel=f"machtiging_verlopen:{machtiging.pk}",
        )
        aantal += 1
    return aantal
