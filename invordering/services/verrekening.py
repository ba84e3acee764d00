"""Booking a verrekening: part of a month's voorschot withheld for vorderingen, at no cost."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction

from invordering import clock
from invordering.models import (
    ActorRol,
    BoekingSoort,
    EventSoort,
    Fase,
    Regeling,
    RegelingStatus,
    Toeslag,
    Verrekening,
    Vordering,
)
from invordering.rules.geld import NUL, cent, som
from invordering.rules.termijnen import standaard_termijnen
from invordering.rules.verrekening import verdeel_over_voorschotten
from invordering.services.events import registreer_event
from invordering.services.ledger import boek_allocatie, verdeel
from invordering.services.regelingen import verwerk_termijnbetaling


@transaction.atomic
def boek_verrekening(
    *,
    toeslag: Toeslag,
    maand: date,
    voorschot: Decimal,
    bedrag: Decimal,
    vorderingen: Sequence[Vordering],
    specificatie: dict,
    dag: date,
) -> Verrekening:
    """Withhold ``bedrag`` from the month's ``voorschot`` of ``toeslag``; once per month.

    Precondition: ``bedrag`` was computed by invordering.rules.verrekening (never more
    than what is open, never below the minimum payout). A second call for the same
    toeslag and month returns the first verrekening and books nothing.
    """
    maand = maand.replace(day=1)
    bestaand = Verrekening.objects.filter(toeslag=toeslag, maand=maand).first()
    if bestaand is not None:
        return bestaand
    bedrag = cent(bedrag)
    doelen = list(
        Vordering.objects.select_for_update()
        .filter(pk__in=[v.pk for v in vorderingen])
        .order_by("dagtekening", "pk")
    )
    allocatie = verdeel(bedrag, doelen)
    if allocatie.rest != NUL:
        raise ValueError("A verrekening may not exceed what is open.")
    verrekening = Verrekening.objects.create(
        burger=toeslag.burger,
        toeslag=toeslag,
        maand=maand,
        voorschot=cent(voorschot),
        bedrag=bedrag,
        uitbetaald=cent(voorschot) - bedrag,
        specificatie=specificatie,
        aangemaakt_op=clock.now(),
    )
    verdeling = boek_allocatie(
        allocatie=allocatie,
        vorderingen={v.pk: v for v in doelen},
        soort=BoekingSoort.VERREKENING,
        boekdatum=dag,
        sleutel_prefix=f"verrekening:{verrekening.pk}",
        omschrijving=f"{toeslag.soort} {maand:%Y-%m}",
        verrekening=verrekening,
    )
    for regeling in Regeling.objects.filter(
        vorderingen__in=doelen, status=RegelingStatus.LOPEND
    ).distinct():
        deel = sum(
            (
                d["bedrag"]
                for d in verdeling
                if d["vordering"] in {v.kenmerk for v in regeling.vorderingen.all()}
            ),
            NUL,
        )
        if deel > NUL:
            verwerk_termijnbetaling(regeling, bedrag=deel, dag=dag)
    registreer_event(
        burger=toeslag.burger,
        soort=EventSoort.VERREKENING,
        tijdstip=clock.op_dag(dag, 8),
        vordering=doelen[0] if len(doelen) == 1 else None,
        actor_rol=ActorRol.SYSTEEM,
        regel="verrekening.maandelijks",
        data={
            "toeslag": toeslag.soort,
            "maand": maand,
            "voorschot": verrekening.voorschot,
            "bedrag": bedrag,
            "uitbetaald": verrekening.uitbetaald,
            "verdeling": verdeling,
            "specificatie": specificatie,
        },
        sleutel=f"verrekening:{verrekening.pk}",
    )
    return verrekening


def _standaard_termijn(vordering: Vordering, beleid) -> Decimal:
    return standaard_termijnen(
        vordering.hoofdsom,
        max_termijnen=beleid.standaard_max_termijnen,
        minimum_termijn=beleid.standaard_minimum_termijn,
    )[0]


def _bekende_capaciteit(burger) -> Decimal | None:
    """The betalingscapaciteit of the latest PBT, when one was computed (never exceeded)."""
    return (
        Regeling.objects.filter(burger=burger, betalingscapaciteit__isnull=False)
        .order_by("-startdatum", "-pk")
        .values_list("betalingscapaciteit", flat=True)
        .first()
    )


def verreken_maand(burger, *, maand: date, dag: date, beleid) -> list[Verrekening]:
    """Offset this month's voorschotten against the burger's vorderingen in verrekening.

    Per the regime: only against a voorschot of the same toeslag, or against any voorschot.
    The amount wanted is the standard termijn of each vordering; the rule caps it at what
    is open, the minimum payout and a known PBT capacity (invordering.rules.verrekening).
    """
    from invordering.services.voorschotten import lopende_voorschotten

    vorderingen = list(
        burger.vorderingen.filter(fase=Fase.VERREKENING)
        .select_related("toeslag")
        .order_by("dagtekening", "pk")
    )
    if not vorderingen or _pauze_houdt_tegen(burger, vorderingen, dag, beleid):
        return []
    groepen = (
        {None: vorderingen}
        if beleid.verrekening_alle_toeslagen
        else {
            s: [v for v in vorderingen if v.toeslag.soort == s]
            for s in {v.toeslag.soort for v in vorderingen}
        }
    )
    resultaat = []
    for soort, groep in groepen.items():
        voorschotten = lopende_voorschotten(
            burger, maand, soorten=None if soort is None else {soort}
        )
        if not voorschotten:
            continue
        uitkomsten = verdeel_over_voorschotten(
            voorschotten=[(t.pk, bedrag) for t, bedrag in voorschotten],
            gewenst=som(_standaard_termijn(v, beleid) for v in groep),
            openstaand=som(v.saldo for v in groep),
            minimum_uitbetaling=beleid.minimum_uitbetaling,
            capaciteit=_bekende_capaciteit(burger),
        )
        per_toeslag = {t.pk: (t, bedrag) for t, bedrag in voorschotten}
        for toeslag_id, uitkomst in uitkomsten:
            if uitkomst.bedrag <= NUL:
                continue
            toeslag, voorschot = per_toeslag[toeslag_id]
            resultaat.append(
                boek_verrekening(
                    toeslag=toeslag,
                    maand=maand,
                    voorschot=voorschot,
                    bedrag=uitkomst.bedrag,
                    vorderingen=groep,
                    specificatie={
                        "begrensd_door": uitkomst.begrensd_door,
                        "regime": beleid.regime_code,
                    },
                    dag=dag,
                )
            )
    return resultaat


def _pauze_houdt_tegen(burger, vorderingen, dag: date, beleid) -> bool:
    if not beleid.pauze_schort_verrekening_op:
        return False
    return any(p.is_actief_op(dag) for v in vorderingen for p in v.pauzes.all())
