"""Moving a vordering between fasen: compare-and-set plus an event, in one transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from invordering import clock
from invordering.models import (
    ActorRol,
    DocumentSoort,
    EventSoort,
    Fase,
    SignaalUitkomst,
    Vordering,
)
from invordering.rules.escalatie import mag_overgaan
from invordering.services.events import registreer_event


class FaseConflict(RuntimeError):
    """The vordering was not in the expected fase (someone else moved it first)."""


@transaction.atomic
def wijzig_fase(vordering: Vordering, *, naar: str, dag: date, van: str | None = None) -> None:
    """Move ``vordering`` from its current fase (or ``van``) to ``naar``.

    Raises ValueError for a transition the table does not allow and FaseConflict when the
    row changed underneath (the update then touches no row).
    """
    van = van or vordering.fase
    if not mag_overgaan(van, naar):
        raise ValueError(f"Transition {van} -> {naar} is not allowed.")
    gewijzigd = Vordering.objects.filter(pk=vordering.pk, fase=van).update(
        fase=naar, fase_sinds=dag
    )
    if gewijzigd != 1:
        raise FaseConflict(f"Vordering {vordering.pk} is no longer in fase {van}.")
    vordering.fase = naar
    vordering.fase_sinds = dag


@transaction.atomic
def rond_af(vordering: Vordering, *, dag: date) -> None:
    """A vordering at zero: fase afgerond, an event and a letter the person can keep."""
    from invordering.services.documenten import maak_brief

    wijzig_fase(vordering, naar=Fase.AFGEROND, dag=dag)
    Vordering.objects.filter(pk=vordering.pk).update(afgerond_op=dag)
    vordering.afgerond_op = dag
    event = registreer_event(
        burger=vordering.burger,
        soort=EventSoort.AFGEROND,
        tijdstip=clock.op_dag(dag, 12),
        vordering=vordering,
        actor_rol=ActorRol.SYSTEEM,
        regel="ledger.saldo_nul",
        data={"kenmerk": vordering.kenmerk, "hoofdsom": vordering.hoofdsom},
        sleutel=f"afgerond:{vordering.pk}",
    )
    maak_brief(
        burger=vordering.burger,
        soort=DocumentSoort.AFGEROND,
        dag=dag,
        vordering=vordering,
        event=event,
    )
    from invordering.services.signalen import sluit_stilgevallen_signalen

    sluit_stilgevallen_signalen([vordering], uitkomst=SignaalUitkomst.VERVALLEN, dag=dag)
