"""Machtigingen: granting, revoking and expiry (helpers acting for a burger)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from invordering import clock, wachtrij
from invordering.beleid import beleid_op
from invordering.models import ActorRol, EventSoort, Machtiging, MachtigingBron, MachtigingStatus
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


# Letters and digits that cannot be mistaken for each other when read aloud or typed.
CODE_TEKENS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class CodeOngeldig(ValueError):
    """The code does not match a machtiging that can be accepted (wrong, used, expired)."""


def _hash(code: str) -> str:
    schoon = "".join(c for c in code.upper() if c.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), schoon.encode(), hashlib.sha256).hexdigest()


def nieuwe_code() -> str:
    """Nine characters in three groups, e.g. ``K7P-4QZ-9WD``."""
    tekens = "".join(secrets.choice(CODE_TEKENS) for _ in range(9))
    return f"{tekens[:3]}-{tekens[3:6]}-{tekens[6:]}"


@transaction.atomic
def maak_machtigingscode(
    *,
    burger,
    geldig_tot: date,
    mag_verzoeken: bool,
    mag_betalen: bool,
    uitnodigen_email: str = "",
    door=None,
) -> tuple[Machtiging, str]:
    """A machtiging waiting for its helper, and the one-time code to give them.

    Only a hash of the code is stored: it is shown once. The helper accepts it with
    ``verzilver_code``; until then nothing can be seen.
    """
    vandaag = clock.today()
    maximum = plus_maanden(vandaag, beleid_op(vandaag).machtiging_max_maanden)
    if not vandaag <= geldig_tot <= maximum:
        raise ValueError("The end date must be between today and the policy maximum.")
    code = nieuwe_code()
    machtiging = Machtiging.objects.create(
        vertegenwoordigde=burger,
        mag_inzien=True,
        mag_verzoeken=mag_verzoeken,
        mag_betalen=mag_betalen,
        geldig_van=vandaag,
        geldig_tot=geldig_tot,
        bron=MachtigingBron.UITNODIGING if uitnodigen_email else MachtigingBron.CODE,
        status=MachtigingStatus.AANGEVRAAGD,
        code_hash=_hash(code),
        uitgenodigd_email=uitnodigen_email,
        aangemaakt_op=clock.now(),
        aangemaakt_door=door,
    )
    registreer_event(
        burger=burger,
        soort=EventSoort.MACHTIGING_AANGEVRAAGD,
        machtiging=machtiging,
        actor=door,
        actor_rol=ActorRol.BURGER if door is not None else ActorRol.SYSTEEM,
        data={"scope": _scope(machtiging), "geldig_tot": geldig_tot},
    )
    if uitnodigen_email:
        from invordering.tasks import stuur_uitnodiging

        wachtrij.na_commit(stuur_uitnodiging, machtiging.pk, code)
    return machtiging, code


def code_verlopen(machtiging: Machtiging) -> bool:
    dagen = beleid_op(clock.today()).machtigingscode_geldig_dagen
    return clock.now() > machtiging.aangemaakt_op + timedelta(days=dagen)


@transaction.atomic
def verzilver_code(*, helper, code: str) -> Machtiging:
    """The helper accepts a code: the machtiging becomes active for them. Once only.

    Raises CodeOngeldig for a wrong, used or expired code, with the same message for
    each, so a guess learns nothing about which codes or people exist.
    """
    machtiging = (
        Machtiging.objects.select_for_update()
        .filter(
            code_hash=_hash(code), status=MachtigingStatus.AANGEVRAAGD, gemachtigde__isnull=True
        )
        .select_related("vertegenwoordigde")
        .first()
    )
    if machtiging is None or code_verlopen(machtiging):
        raise CodeOngeldig(code)
    Machtiging.objects.filter(pk=machtiging.pk).update(
        gemachtigde=helper, status=MachtigingStatus.ACTIEF, code_hash=""
    )
    machtiging.refresh_from_db()
    registreer_event(
        burger=machtiging.vertegenwoordigde,
        soort=EventSoort.MACHTIGING_VERLEEND,
        machtiging=machtiging,
        actor=helper.user,
        actor_rol=ActorRol.HELPER,
        data={
            "helper": helper.naam,
            "scope": _scope(machtiging),
            "geldig_tot": machtiging.geldig_tot,
        },
    )
    return machtiging


@transaction.atomic
def trek_aanvraag_in(machtiging: Machtiging, *, actor) -> None:
    """The burger cancels a code nobody accepted yet."""
    gewijzigd = Machtiging.objects.filter(
        pk=machtiging.pk, status=MachtigingStatus.AANGEVRAAGD
    ).update(
        status=MachtigingStatus.INGETROKKEN,
        ingetrokken_op=clock.now(),
        ingetrokken_door=actor,
        code_hash="",
    )
    if gewijzigd:
        registreer_event(
            burger=machtiging.vertegenwoordigde,
            soort=EventSoort.MACHTIGINGSCODE_INGETROKKEN,
            machtiging=machtiging,
            actor=actor,
            actor_rol=ActorRol.BURGER,
        )
