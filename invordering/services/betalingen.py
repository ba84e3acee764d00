"""Booking money received: allocated oldest vordering first, kosten before rente and hoofdsom."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction

from invordering import clock
from invordering.models import (
    ActorRol,
    Betaling,
    BoekingSoort,
    EventSoort,
    Fase,
    Regeling,
    Vordering,
)
from invordering.rules.geld import NUL, cent
from invordering.services.events import registreer_event
from invordering.services.ledger import boek_allocatie, verdeel
from invordering.services.regelingen import verwerk_termijnbetaling


def _te_betalen(burger, vorderingen, regeling) -> list[Vordering]:
    if regeling is not None:
        ids = list(regeling.leden.values_list("vordering_id", flat=True))
    elif vorderingen is not None:
        ids = [v.pk for v in vorderingen]
    else:
        ids = list(burger.vorderingen.exclude(fase=Fase.AFGEROND).values_list("pk", flat=True))
    # Lock the rows so two payments for the same person cannot allocate the same euro.
    return list(
        Vordering.objects.select_for_update()
        .filter(pk__in=ids, burger=burger)
        .select_related("burger")
        .order_by("dagtekening", "pk")
    )


@transaction.atomic
def boek_betaling(
    *,
    burger,
    bedrag: Decimal,
    ontvangen_op: date,
    methode: str,
    referentie: str,
    vorderingen: Sequence[Vordering] | None = None,
    regeling: Regeling | None = None,
    actor=None,
    actor_rol: str = ActorRol.BURGER,
    machtiging=None,
) -> Betaling:
    """Book a payment once per ``referentie`` (a replayed bank message changes nothing).

    Without ``vorderingen`` or ``regeling`` the money goes to all open vorderingen, oldest
    first. Money that fits no open amount stays on the betaling as ``onverdeeld``.
    Example: 100.00 on a vordering with 8.00 kosten and 500.00 hoofdsom books -8.00
    kosten and -92.00 hoofdsom.
    """
    bestaand = Betaling.objects.filter(referentie=referentie).first()
    if bestaand is not None:
        return bestaand
    bedrag = cent(bedrag)
    if bedrag <= NUL:
        raise ValueError("A payment must be more than zero.")
    doelen = _te_betalen(burger, vorderingen, regeling)
    allocatie = verdeel(bedrag, doelen)
    betaling = Betaling.objects.create(
        burger=burger,
        bedrag=bedrag,
        ontvangen_op=ontvangen_op,
        methode=methode,
        referentie=referentie,
        regeling=regeling,
        onverdeeld=allocatie.rest,
        aangemaakt_op=clock.now(),
        aangemaakt_door=actor,
    )
    verdeling = boek_allocatie(
        allocatie=allocatie,
        vorderingen={v.pk: v for v in doelen},
        soort=BoekingSoort.BETALING,
        boekdatum=ontvangen_op,
        sleutel_prefix=f"betaling:{betaling.pk}",
        omschrijving=referentie,
        betaling=betaling,
        door=actor,
    )
    if regeling is not None:
        verwerk_termijnbetaling(regeling, bedrag=bedrag - allocatie.rest, dag=ontvangen_op)
    registreer_event(
        burger=burger,
        soort=EventSoort.BETALING,
        tijdstip=clock.op_dag(ontvangen_op, 15),
        regeling=regeling,
        vordering=doelen[0] if len(doelen) == 1 else None,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
        data={
            "bedrag": bedrag,
            "methode": methode,
            "referentie": referentie,
            "verdeling": verdeling,
            "onverdeeld": allocatie.rest,
        },
        sleutel=f"betaling:{betaling.pk}",
    )
    return betaling
