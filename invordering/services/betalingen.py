"""Booking money received: allocated oldest vordering first, kosten before rente and hoofdsom.

``boek_betaling`` books any money received (bank, demo world); ``betaal_nu`` is the
burger's own "pay now" of one termijn or one whole debt, confirmed by letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from invordering import clock
from invordering.models import (
    ActorRol,
    BetaalMethode,
    Betaling,
    BoekingSoort,
    Burger,
    DocumentSoort,
    Event,
    EventSoort,
    Fase,
    Regeling,
    RegelingStatus,
    Termijn,
    TermijnStatus,
    Vordering,
)
from invordering.rules.geld import NUL, cent, som
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.ledger import boek_allocatie, verdeel
from invordering.services.regelingen import controleer_voltooiing, verwerk_termijnbetaling


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


# ---------------------------------------------------------------- paying now (iDEAL)


class BedragGewijzigd(Exception):
    """What is open changed after the page was shown (or nothing is open): nothing booked."""

    def __init__(self, nu: Decimal):
        super().__init__(f"The amount to pay is now {nu}.")
        self.nu = nu


@dataclass(frozen=True)
class Deel:
    """One part of a payment: which vordering, which component, how much."""

    vordering: Vordering
    component: str
    bedrag: Decimal


def volgende_termijn(regeling: Regeling) -> Termijn | None:
    """The termijn a payment for ``regeling`` goes to: the lowest unpaid number.

    The same order as ``verwerk_termijnbetaling``, so "pay termijn N" marks N paid.
    """
    return (
        regeling.termijnen.filter(status__in=[TermijnStatus.OPEN, TermijnStatus.GEMIST])
        .order_by("nummer")
        .first()
    )


def _open_vorderingen(regeling: Regeling) -> list[Vordering]:
    return list(
        regeling.vorderingen.select_related("toeslag")
        .filter(saldo__gt=NUL)
        .order_by("dagtekening", "pk")
    )


def te_betalen(*, termijn: Termijn | None = None, vordering: Vordering | None = None) -> Decimal:
    """What paying now asks, read fresh from the database; ``NUL`` if there is nothing to pay.

    A termijn: its open part, if it is the next termijn of a running regeling, and never
    more than the regeling's debts still hold (offsetting may have paid some already).
    A vordering: its whole saldo. Example: termijn 43.33 of which 0.00 paid, debts 500.00
    open -> 43.33; the same termijn with only 20.00 left on the debts -> 20.00.
    """
    if termijn is not None:
        regeling = Regeling.objects.get(pk=termijn.regeling_id)
        volgende = volgende_termijn(regeling)
        if regeling.status != RegelingStatus.LOPEND or volgende is None:
            return NUL
        if volgende.pk != termijn.pk:
            return NUL
        return min(volgende.open_bedrag, som(v.saldo for v in _open_vorderingen(regeling)))
    if vordering is not None:
        saldo = Vordering.objects.filter(pk=vordering.pk).values_list("saldo", flat=True).first()
        return max(cent(saldo or NUL), NUL)
    raise ValueError("Give a termijn or a vordering.")


def gedekte_vorderingen(
    *, termijn: Termijn | None = None, vordering: Vordering | None = None
) -> list[Vordering]:
    """The debts a payment for this termijn or vordering can go to, oldest first."""
    if termijn is not None:
        return _open_vorderingen(termijn.regeling)
    if vordering is not None:
        return [vordering]
    raise ValueError("Give a termijn or a vordering.")


def verdeling_vooraf(bedrag: Decimal, vorderingen: Sequence[Vordering]) -> list[Deel]:
    """How ``bedrag`` would be split over ``vorderingen`` now (a preview; books nothing)."""
    per_pk = {v.pk: v for v in vorderingen}
    allocatie = verdeel(bedrag, list(vorderingen))
    return [Deel(per_pk[t.sleutel], t.component, t.bedrag) for t in allocatie.toewijzingen]


def verdeling_van(betaling: Betaling) -> list[Deel]:
    """Where a booked betaling went, from its ledger rows (oldest vordering first)."""
    rijen = (
        betaling.boekingen.select_related("vordering__toeslag")
        .filter(soort=BoekingSoort.BETALING)
        .order_by("vordering__dagtekening", "vordering_id", "id")
    )
    return [Deel(r.vordering, r.component, -r.bedrag) for r in rijen]


def _controleer_regelingen(vordering: Vordering, *, dag: date) -> None:
    # boek_betaling only checks completion when it pays through a regeling; a whole debt
    # paid on its own can leave a running regeling with nothing to collect.
    for regeling in Regeling.objects.select_for_update().filter(
        leden__vordering=vordering, status=RegelingStatus.LOPEND
    ):
        controleer_voltooiing(regeling, dag=dag)


@transaction.atomic
def betaal_nu(
    *,
    burger,
    bedrag: Decimal,
    referentie: str,
    termijn: Termijn | None = None,
    vordering: Vordering | None = None,
    actor,
    actor_rol: str,
    machtiging=None,
    methode: str = BetaalMethode.DEMO_IDEAL,
) -> Betaling:
    """Pay one termijn or one whole vordering now, book it today and confirm it by letter.

    Preconditions: exactly one of ``termijn`` and ``vordering``, and it is ``burger``'s;
    ``bedrag`` is what ``te_betalen`` says now, otherwise ``BedragGewijzigd`` is raised and
    nothing is booked (the page showed an amount that no longer holds).
    Idempotent on ``referentie``: a second call (a double click, a replayed form) returns
    the first betaling and books nothing. Effects: the ledger bookings, the BETALING event,
    termijnen marked paid, a finished regeling completed, a betaalbevestiging letter.
    Example: Sanne pays termijn 7 of 43.33 -> one betaling of 43.33, termijn 7 "betaald",
    her open total 43.33 lower, one letter.
    """
    if (termijn is None) == (vordering is None):
        raise ValueError("Pay either a termijn or a vordering.")
    # One payment per person at a time: the second of two clicks waits here and then
    # finds the first one's betaling.
    Burger.objects.select_for_update().only("pk").get(pk=burger.pk)
    bestaand = Betaling.objects.filter(referentie=referentie).first()
    if bestaand is not None:
        if bestaand.burger_id != burger.pk:
            raise ValueError("This reference belongs to someone else's payment.")
        return bestaand
    if termijn is not None:
        termijn = (
            Termijn.objects.select_related("regeling")
            .filter(pk=termijn.pk, regeling__burger=burger)
            .first()
        )
        if termijn is None:
            raise ValueError("This termijn belongs to someone else.")
    elif vordering.burger_id != burger.pk:
        raise ValueError("This vordering belongs to someone else.")
    nu = te_betalen(termijn=termijn, vordering=vordering)
    if nu <= NUL or cent(bedrag) != nu:
        raise BedragGewijzigd(nu)
    dag = clock.today()
    betaling = boek_betaling(
        burger=burger,
        bedrag=nu,
        ontvangen_op=dag,
        methode=methode,
        referentie=referentie,
        vorderingen=None if termijn else [vordering],
        regeling=termijn.regeling if termijn else None,
        actor=actor,
        actor_rol=actor_rol,
        machtiging=machtiging,
    )
    if vordering is not None:
        _controleer_regelingen(vordering, dag=dag)
    _bevestig(betaling, termijn=termijn, dag=dag)
    return betaling


def _bevestig(betaling: Betaling, *, termijn: Termijn | None, dag: date) -> None:
    event = Event.objects.get(sleutel=f"betaling:{betaling.pk}")
    burger = betaling.burger
    nog_open = som(burger.vorderingen.exclude(fase=Fase.AFGEROND).values_list("saldo", flat=True))
    maak_brief(
        burger=burger,
        soort=DocumentSoort.BETAALBEVESTIGING,
        dag=dag,
        vordering=event.vordering,
        event=event,
        data={
            **event.data,
            "ontvangen_op": dag,
            "termijn": (
                {
                    "nummer": termijn.nummer,
                    "van": termijn.regeling.aantal_termijnen,
                    "regeling": termijn.regeling.kenmerk,
                }
                if termijn
                else None
            ),
            "nog_open": nog_open,
        },
    )
