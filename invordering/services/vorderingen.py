"""How vorderingen come about: voorschotten, the definitieve berekening, the terugvordering."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from invordering import clock
from invordering.beleid import beleid_op
from invordering.models import (
    ActorRol,
    Beschikking,
    BeschikkingSoort,
    BoekingSoort,
    Component,
    DocumentSoort,
    EventSoort,
    Fase,
    Toeslag,
    Vordering,
)
from invordering.rules.geld import cent
from invordering.rules.termijnen import standaard_termijnen
from invordering.rules.voorschot import VoorschotVersie, afrekening, totaal_voorschot
from invordering.services.documenten import maak_brief
from invordering.services.events import registreer_event
from invordering.services.kenmerken import kenmerk, nieuw_betalingskenmerk
from invordering.services.ledger import boek, herbereken_saldo


def registreer_toeslag(
    *, burger, soort: str, jaar: int, toeslagpartner=None, met_alo_kop=False
) -> Toeslag:
    toeslag, _created = Toeslag.objects.get_or_create(
        burger=burger,
        soort=soort,
        jaar=jaar,
        defaults={"toeslagpartner": toeslagpartner, "met_alo_kop": met_alo_kop},
    )
    return toeslag


def voorschot_versies(toeslag: Toeslag) -> list[VoorschotVersie]:
    return [
        VoorschotVersie(versie=b.versie, ingangsmaand=b.ingangsmaand, maandbedrag=b.maandbedrag)
        for b in toeslag.beschikkingen.filter(soort=BeschikkingSoort.VOORSCHOT)
    ]


@transaction.atomic
def registreer_voorschot(
    *, toeslag: Toeslag, dagtekening: date, ingangsmaand: int, maandbedrag: Decimal, reden: str = ""
) -> Beschikking:
    """A new voorschot version: ``maandbedrag`` per month from ``ingangsmaand`` on."""
    versies = voorschot_versies(toeslag)
    versie = max((v.versie for v in versies), default=0) + 1
    nieuw = VoorschotVersie(versie=versie, ingangsmaand=ingangsmaand, maandbedrag=cent(maandbedrag))
    beschikking = Beschikking.objects.create(
        toeslag=toeslag,
        soort=BeschikkingSoort.VOORSCHOT,
        kenmerk=kenmerk(f"VS{toeslag.soort}", toeslag.jaar),
        dagtekening=dagtekening,
        versie=versie,
        jaarbedrag=totaal_voorschot([*versies, nieuw]),
        ingangsmaand=ingangsmaand,
        maandbedrag=nieuw.maandbedrag,
        reden=reden,
    )
    registreer_event(
        burger=toeslag.burger,
        soort=EventSoort.VOORSCHOT,
        tijdstip=clock.op_dag(dagtekening),
        actor_rol=ActorRol.SYSTEEM,
        regel="toeslag.voorschot",
        data={
            "toeslag": toeslag.soort,
            "jaar": toeslag.jaar,
            "versie": versie,
            "kenmerk": beschikking.kenmerk,
            "maandbedrag": nieuw.maandbedrag,
            "vanaf_maand": ingangsmaand,
            "jaarbedrag": beschikking.jaarbedrag,
        },
    )
    return beschikking


@transaction.atomic
def registreer_definitieve_berekening(
    *,
    toeslag: Toeslag,
    dagtekening: date,
    recht: Decimal,
    reden: str,
    opzet_of_grove_schuld: bool = False,
) -> tuple[Beschikking, Vordering | None]:
    """The year's real entitlement; if the voorschotten were higher, a vordering follows.

    Example: voorschotten 12 x 120.00 = 1,440.00, recht 800.00 -> vordering of 640.00.
    """
    afr = afrekening(versies=voorschot_versies(toeslag), definitief=cent(recht))
    versie = toeslag.beschikkingen.filter(soort=BeschikkingSoort.DEFINITIEF).count() + 1
    beschikking = Beschikking.objects.create(
        toeslag=toeslag,
        soort=BeschikkingSoort.DEFINITIEF,
        kenmerk=kenmerk(f"DB{toeslag.soort}", toeslag.jaar),
        dagtekening=dagtekening,
        versie=versie,
        jaarbedrag=cent(recht),
        reden=reden,
    )
    registreer_event(
        burger=toeslag.burger,
        soort=EventSoort.DEFINITIEVE_BEREKENING,
        tijdstip=clock.op_dag(dagtekening),
        actor_rol=ActorRol.SYSTEEM,
        regel="toeslag.definitieve_berekening",
        data={
            "toeslag": toeslag.soort,
            "jaar": toeslag.jaar,
            "kenmerk": beschikking.kenmerk,
            "voorschot_totaal": afr.voorschot_totaal,
            "recht": afr.definitief,
            "verschil": afr.verschil,
            "uitkomst": afr.soort,
        },
    )
    vordering = None
    if afr.soort == "terugvordering":
        vordering = registreer_terugvordering(
            toeslag=toeslag,
            dagtekening=dagtekening,
            bedrag=afr.verschil,
            reden=reden,
            op_definitieve_berekening=True,
            opzet_of_grove_schuld=opzet_of_grove_schuld,
            voorschot_totaal=afr.voorschot_totaal,
            recht=afr.definitief,
        )
    return beschikking, vordering


@transaction.atomic
def registreer_herziening(
    *, toeslag: Toeslag, dagtekening: date, recht: Decimal, reden: str
) -> tuple[Beschikking, Vordering | None]:
    """A revised award after the definitieve berekening (e.g. a partner added later).

    Only the difference with the previous award is demanded. Example: award 4,200.00
    revised to 3,215.00 -> a new vordering of 985.00.
    """
    vorige = (
        toeslag.beschikkingen.filter(
            soort__in=[BeschikkingSoort.DEFINITIEF, BeschikkingSoort.HERZIENING]
        )
        .order_by("-dagtekening", "-pk")
        .first()
    )
    if vorige is None:
        raise ValueError("A herziening needs an earlier definitieve berekening.")
    recht = cent(recht)
    versie = toeslag.beschikkingen.filter(soort=BeschikkingSoort.HERZIENING).count() + 1
    beschikking = Beschikking.objects.create(
        toeslag=toeslag,
        soort=BeschikkingSoort.HERZIENING,
        kenmerk=kenmerk(f"HZ{toeslag.soort}", toeslag.jaar),
        dagtekening=dagtekening,
        versie=versie,
        jaarbedrag=recht,
        reden=reden,
    )
    verschil = vorige.jaarbedrag - recht
    registreer_event(
        burger=toeslag.burger,
        soort=EventSoort.HERZIENING,
        tijdstip=clock.op_dag(dagtekening),
        actor_rol=ActorRol.SYSTEEM,
        regel="toeslag.herziening",
        data={
            "toeslag": toeslag.soort,
            "jaar": toeslag.jaar,
            "kenmerk": beschikking.kenmerk,
            "vorig_recht": vorige.jaarbedrag,
            "recht": recht,
            "verschil": abs(verschil),
            "uitkomst": "terugvordering"
            if verschil > 0
            else "nabetaling"
            if verschil < 0
            else "gelijk",
        },
    )
    if verschil <= 0:
        return beschikking, None
    vordering = registreer_terugvordering(
        toeslag=toeslag,
        dagtekening=dagtekening,
        bedrag=verschil,
        reden=reden,
        recht=recht,
        vorig_recht=vorige.jaarbedrag,
    )
    return beschikking, vordering


@transaction.atomic
def registreer_terugvordering(
    *,
    toeslag: Toeslag,
    dagtekening: date,
    bedrag: Decimal,
    reden: str,
    op_definitieve_berekening: bool = True,
    opzet_of_grove_schuld: bool = False,
    voorschot_totaal: Decimal | None = None,
    recht: Decimal | None = None,
    vorig_recht: Decimal | None = None,
) -> Vordering:
    """The terugvorderingsbeschikking and its vordering, with the standard regeling offered."""
    beleid = beleid_op(dagtekening)
    bedrag = cent(bedrag)
    versie = toeslag.beschikkingen.filter(soort=BeschikkingSoort.TERUGVORDERING).count() + 1
    beschikking = Beschikking.objects.create(
        toeslag=toeslag,
        soort=BeschikkingSoort.TERUGVORDERING,
        kenmerk=kenmerk(f"TV{toeslag.soort}", toeslag.jaar),
        dagtekening=dagtekening,
        versie=versie,
        jaarbedrag=bedrag,
        reden=reden,
    )
    vordering = Vordering.objects.create(
        burger=toeslag.burger,
        toeslagpartner=toeslag.toeslagpartner,
        toeslag=toeslag,
        beschikking=beschikking,
        kenmerk=beschikking.kenmerk,
        betalingskenmerk=nieuw_betalingskenmerk(),
        hoofdsom=bedrag,
        dagtekening=dagtekening,
        vervaldatum=dagtekening + timedelta(weeks=beleid.betaaltermijn_weken),
        fase=Fase.OPEN,
        fase_sinds=dagtekening,
        op_definitieve_berekening=op_definitieve_berekening,
        opzet_of_grove_schuld=opzet_of_grove_schuld,
    )
    boek(
        vordering=vordering,
        soort=BoekingSoort.HOOFDSOM,
        component=Component.HOOFDSOM,
        bedrag=bedrag,
        boekdatum=dagtekening,
        omschrijving=beschikking.kenmerk,
        sleutel=f"hoofdsom:{vordering.pk}",
    )
    herbereken_saldo(vordering, dag=dagtekening)
    termijnen = standaard_termijnen(
        bedrag,
        max_termijnen=beleid.standaard_max_termijnen,
        minimum_termijn=beleid.standaard_minimum_termijn,
    )
    event = registreer_event(
        burger=toeslag.burger,
        soort=EventSoort.TERUGVORDERING,
        tijdstip=clock.op_dag(dagtekening, 10),
        vordering=vordering,
        actor_rol=ActorRol.SYSTEEM,
        regel="toeslag.terugvordering",
        data={"kenmerk": vordering.kenmerk, "bedrag": bedrag, "reden": reden},
    )
    maak_brief(
        burger=toeslag.burger,
        soort=DocumentSoort.TERUGVORDERING,
        dag=dagtekening,
        vordering=vordering,
        event=event,
        data={
            "reden": reden,
            "voorschot_totaal": voorschot_totaal,
            "recht": recht,
            "vorig_recht": vorig_recht,
            "vervaldatum": vordering.vervaldatum,
            "standaard_aantal": len(termijnen),
            "standaard_termijn": termijnen[0],
            "standaard_laatste": termijnen[-1],
        },
    )
    return vordering


@transaction.atomic
def registreer_bezwaar(
    *, vordering: Vordering, ingediend_op: date, uitstel_van_betaling: bool, toelichting: str = ""
):
    """An objection against the beschikking; with uitstel, collection waits (policy switch)."""
    from invordering.models import Bezwaar

    bezwaar = Bezwaar.objects.create(
        vordering=vordering,
        ingediend_op=ingediend_op,
        uitstel_van_betaling=uitstel_van_betaling,
        toelichting=toelichting,
    )
    registreer_event(
        burger=vordering.burger,
        soort=EventSoort.BEZWAAR_INGEDIEND,
        tijdstip=clock.op_dag(ingediend_op, 12),
        vordering=vordering,
        actor_rol=ActorRol.BURGER,
        data={"kenmerk": vordering.kenmerk, "uitstel": uitstel_van_betaling},
    )
    return bezwaar
