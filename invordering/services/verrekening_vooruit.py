"""Telling people in advance that next month's verrekening changes, ends or starts.

The monthly run (services.verrekening_run) applies the same rule to next month's
voorschotten and to what stays open after this month (rules.verrekening.vooruitblik).
When that amount differs, or next month pays off the rest, the person gets a letter and
a timeline moment now, before the next voorschot is paid: the research behind this
product found that money silently changing on a payout is what frightens people most.

Idempotent: one event per burger per month announced (``Event.sleutel``), one letter
per event.
"""

from __future__ import annotations

from datetime import date

from invordering import clock
from invordering.models import ActorRol, Burger, DocumentSoort, EventSoort, Vordering
from invordering.rules.verrekening import Vooruitblik
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.meldingen import meld_nieuw_bericht


def kondig_aan(
    vooruitblikken: list[tuple[int, list[int], Vooruitblik]], *, maand: date, dag: date
) -> None:
    """Announce each burger's change of ``maand``; ``vooruitblikken`` holds, per burger,
    its id, the ids of its vorderingen in verrekening and what changes."""
    if not vooruitblikken:
        return
    burgers = Burger.objects.in_bulk({burger_id for burger_id, _ids, _blik in vooruitblikken})
    enige = _enige_vorderingen(vooruitblikken)
    for burger_id, _ids, blik in vooruitblikken:
        burger = burgers[burger_id]
        _kondig_aan(burger, enige.get(burger.pk), blik, maand=maand, dag=dag)


def _enige_vorderingen(vooruitblikken) -> dict[int, Vordering]:
    """{burger_id: vordering} for burgers with one vordering in verrekening: their letter
    names it and shows how its amount is built."""
    ids = [ids[0] for _burger_id, ids, _blik in vooruitblikken if len(ids) == 1]
    vorderingen = Vordering.objects.filter(pk__in=ids).select_related("toeslag")
    return {v.burger_id: v for v in vorderingen}


def _kondig_aan(burger, vordering, blik: Vooruitblik, *, maand: date, dag: date) -> None:
    data = {
        "soort": blik.soort,
        "maand": maand,
        "was": blik.was,
        "wordt": blik.wordt,
        "resteert": blik.resteert,
    }
    event = registreer_event(
        burger=burger,
        soort=EventSoort.VERREKENING_GEWIJZIGD,
        tijdstip=clock.op_dag(dag, 9),
        vordering=vordering,
        actor_rol=ActorRol.SYSTEEM,
        regel=f"verrekening.vooruitblik_{blik.soort}",
        data=data,
        sleutel=f"verrekening_vooruit:{burger.pk}:{maand:%Y-%m}",
    )
    brief = maak_brief(
        burger=burger,
        soort=DocumentSoort.VERREKENING_GEWIJZIGD,
        dag=dag,
        vordering=vordering,
        event=event,
        data=data,
    )
    meld_nieuw_bericht(brief)
