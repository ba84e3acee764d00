"""The ledger: every change of what someone owes is a booking; every saldo is derived.

Allocation order (documented for the burger as "eerst naar de oudste vordering"): money
goes to the oldest vordering first, and within a vordering to kosten, then rente, then
hoofdsom (invordering.rules.allocatie). The cached ``Vordering.saldo`` is recomputed from
the bookings in the same transaction as every booking.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from invordering import clock
from invordering.models import (
    ActorRol,
    Boeking,
    BoekingSoort,
    Component,
    EventSoort,
    Fase,
    Vordering,
)
from invordering.rules.allocatie import Allocatie, Post, alloceer
from invordering.rules.geld import NUL, cent
from invordering.services.events import registreer_event

COMPONENTEN = (Component.KOSTEN, Component.RENTE, Component.HOOFDSOM)


def open_per_component(vordering_ids, *, vorderingen=None) -> dict[int, dict[str, Decimal]]:
    """{vordering_id: {"kosten": .., "rente": .., "hoofdsom": ..}} in one query.

    ``vorderingen`` (lookups on Vordering) selects them instead of the ids: an engine
    chunk names its thousands of vorderingen by burger range, far cheaper to send.
    """
    result: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(COMPONENTEN, NUL))
    filter_ = (
        {f"vordering__{sleutel}": waarde for sleutel, waarde in vorderingen.items()}
        if vorderingen is not None
        else {"vordering_id__in": list(vordering_ids)}
    )
    rows = (
        Boeking.objects.filter(**filter_)
        .values_list("vordering_id", "component")
        .annotate(totaal=Sum("bedrag"))
    )
    for vordering_id, component, totaal in rows:
        result[vordering_id][component] = cent(totaal)
    return result


def saldo_uit_grootboek(vordering: Vordering) -> Decimal:
    totaal = Boeking.objects.filter(vordering=vordering).aggregate(s=Sum("bedrag"))["s"]
    return cent(totaal or NUL)


def boek(
    *,
    vordering: Vordering,
    soort: str,
    component: str,
    bedrag: Decimal,
    boekdatum: date,
    omschrijving: str = "",
    betaling=None,
    verrekening=None,
    sleutel: str | None = None,
    door=None,
) -> Boeking:
    """Append one booking (positive raises the debt, negative lowers it)."""
    return Boeking.objects.create(
        vordering=vordering,
        soort=soort,
        component=component,
        bedrag=cent(bedrag),
        boekdatum=boekdatum,
        omschrijving=omschrijving[:200],
        betaling=betaling,
        verrekening=verrekening,
        sleutel=sleutel,
        aangemaakt_op=clock.now(),
        aangemaakt_door=door,
    )


def herbereken_saldo(vordering: Vordering, *, dag: date) -> Decimal:
    """Refresh the cached saldo from the ledger; a vordering at zero becomes afgerond."""
    saldo = saldo_uit_grootboek(vordering)
    Vordering.objects.filter(pk=vordering.pk).update(saldo=saldo)
    vordering.saldo = saldo
    if saldo == NUL and vordering.fase != Fase.AFGEROND:
        from invordering.services.fasen import rond_af

        rond_af(vordering, dag=dag)
    return saldo


def verdeel(bedrag: Decimal, vorderingen: list[Vordering]) -> Allocatie:
    """How ``bedrag`` would be allocated over ``vorderingen`` (oldest first)."""
    open_ = open_per_component(v.pk for v in vorderingen)
    posten = [
        Post(
            sleutel=v.pk,
            datum=v.dagtekening,
            kosten=max(open_[v.pk][Component.KOSTEN], NUL),
            rente=max(open_[v.pk][Component.RENTE], NUL),
            hoofdsom=max(open_[v.pk][Component.HOOFDSOM], NUL),
        )
        for v in vorderingen
    ]
    return alloceer(cent(bedrag), posten)


def boek_allocatie(
    *,
    allocatie: Allocatie,
    vorderingen: dict[int, Vordering],
    soort: str,
    boekdatum: date,
    sleutel_prefix: str,
    omschrijving: str,
    betaling=None,
    verrekening=None,
    door=None,
) -> list[dict]:
    """Book each part of an allocation as a credit; returns the split for event data."""
    verdeling = []
    for deel in allocatie.toewijzingen:
        vordering = vorderingen[deel.sleutel]
        boek(
            vordering=vordering,
            soort=soort,
            component=deel.component,
            bedrag=-deel.bedrag,
            boekdatum=boekdatum,
            omschrijving=omschrijving,
            betaling=betaling,
            verrekening=verrekening,
            sleutel=f"{sleutel_prefix}:{vordering.pk}:{deel.component}",
            door=door,
        )
        verdeling.append(
            {"vordering": vordering.kenmerk, "component": deel.component, "bedrag": deel.bedrag}
        )
    for vordering_id in {deel.sleutel for deel in allocatie.toewijzingen}:
        herbereken_saldo(vorderingen[vordering_id], dag=boekdatum)
    return verdeling


@transaction.atomic
def boek_kosten(
    *, vordering: Vordering, soort: str, bedrag: Decimal, dag: date, sleutel: str, omschrijving: str
) -> Boeking | None:
    """Book costs or interest once per ``sleutel`` (an escalation step, an interest period)."""
    if bedrag <= NUL:
        return None
    bestaand = Boeking.objects.filter(sleutel=sleutel).first()
    if bestaand is not None:
        return bestaand
    boeking = boek(
        vordering=vordering,
        soort=soort,
        component=soort,
        bedrag=bedrag,
        boekdatum=dag,
        omschrijving=omschrijving,
        sleutel=sleutel,
    )
    herbereken_saldo(vordering, dag=dag)
    return boeking


@transaction.atomic
def kwijtschelden(
    *, vordering: Vordering, dag: date, reden: str, sleutel: str, door=None
) -> list[dict]:
    """Waive everything still open on a vordering (e.g. a PBT's voorwaardelijke restschuld)."""
    vordering = Vordering.objects.select_for_update().get(pk=vordering.pk)
    allocatie = verdeel(saldo_uit_grootboek(vordering), [vordering])
    verdeling = boek_allocatie(
        allocatie=allocatie,
        vorderingen={vordering.pk: vordering},
        soort=BoekingSoort.KWIJTSCHELDING,
        boekdatum=dag,
        sleutel_prefix=sleutel,
        omschrijving=reden,
        door=door,
    )
    registreer_event(
        burger=vordering.burger,
        soort=EventSoort.KWIJTSCHELDING,
        tijdstip=clock.op_dag(dag),
        vordering=vordering,
        actor=door,
        actor_rol=ActorRol.MEDEWERKER if door else ActorRol.SYSTEEM,
        regel="" if door else "regeling.voorwaardelijke_restschuld",
        data={"reden": reden, "verdeling": verdeling},
        sleutel=f"event:{sleutel}",
    )
    return verdeling
