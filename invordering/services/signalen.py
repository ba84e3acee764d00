"""Signalen and contact: personal contact instead of the next automatic step."""

from __future__ import annotations

from django.db import transaction

from invordering import clock
from invordering.models import (
    ActorRol,
    Contactmoment,
    EventSoort,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    SignaalUitkomst,
)
from invordering.services.events import registreer_event


@transaction.atomic
def maak_signaal(
    *, burger, soort: str, vorderingen=(), toelichting: str = "", contact_voor=None
) -> Signaal:
    signaal = Signaal.objects.create(
        burger=burger,
        soort=soort,
        toelichting=toelichting,
        aangemaakt_op=clock.now(),
        contact_voor=contact_voor,
    )
    signaal.vorderingen.set(vorderingen)
    registreer_event(
        burger=burger,
        soort=EventSoort.SIGNAAL,
        regel=f"signaal.{soort}",
        data={"signaal": signaal.pk, "soort": soort, "contact_voor": contact_voor},
    )
    return signaal


def maak_maatwerk_signaal(*, burger, toelichting: str, vorderingen=()) -> Signaal:
    """ "Ik kan dit niet betalen": a person asks for a custom solution; escalation holds."""
    return maak_signaal(
        burger=burger, soort=SignaalSoort.MAATWERK, vorderingen=vorderingen, toelichting=toelichting
    )


@transaction.atomic
def leg_contact_vast(
    *, burger, medewerker, kanaal: str, samenvatting: str, signaal=None, met_helper=False
) -> Contactmoment:
    contact = Contactmoment.objects.create(
        burger=burger,
        signaal=signaal,
        medewerker=medewerker,
        kanaal=kanaal,
        tijdstip=clock.now(),
        met_helper=met_helper,
        samenvatting=samenvatting,
    )
    if signaal is not None and signaal.status == SignaalStatus.OPEN:
        Signaal.objects.filter(pk=signaal.pk).update(status=SignaalStatus.IN_BEHANDELING)
        signaal.status = SignaalStatus.IN_BEHANDELING
    registreer_event(
        burger=burger,
        soort=EventSoort.CONTACT,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
        data={"kanaal": kanaal, "met_helper": met_helper, "samenvatting": samenvatting},
    )
    return contact


@transaction.atomic
def handel_signaal_af(signaal: Signaal, *, medewerker, uitkomst: str) -> None:
    gewijzigd = (
        Signaal.objects.filter(pk=signaal.pk)
        .exclude(status=SignaalStatus.AFGEHANDELD)
        .update(
            status=SignaalStatus.AFGEHANDELD,
            uitkomst=uitkomst,
            afgehandeld_op=clock.now(),
            afgehandeld_door=medewerker,
        )
    )
    if not gewijzigd:
        raise RuntimeError("This signal was already handled.")
    signaal.status, signaal.uitkomst = SignaalStatus.AFGEHANDELD, uitkomst
    registreer_event(
        burger=signaal.burger,
        soort=EventSoort.SIGNAAL_AFGEHANDELD,
        actor=medewerker,
        actor_rol=ActorRol.MEDEWERKER,
        data={"signaal": signaal.pk, "soort": signaal.soort, "uitkomst": uitkomst},
    )


def sluit_stilgevallen_signalen(vorderingen, *, uitkomst: str, dag) -> int:
    """The person reacted (a regeling, a request) or paid: the "no reaction" call is moot.

    A signal about several debts closes only when none of them still waits. Returns the
    number closed.
    """
    from invordering.models import Fase

    ids = [v.pk for v in vorderingen]
    gesloten = 0
    open_ = Signaal.objects.filter(
        vorderingen__in=ids,
        soort=SignaalSoort.STILGEVALLEN,
        status__in=[SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING],
    ).distinct()
    for signaal in open_:
        wachtend = signaal.vorderingen.exclude(pk__in=ids).exclude(fase=Fase.AFGEROND)
        if uitkomst == SignaalUitkomst.VERVALLEN and wachtend.exists():
            continue
        gesloten += Signaal.objects.filter(pk=signaal.pk).update(
            status=SignaalStatus.AFGEHANDELD,
            uitkomst=uitkomst,
            afgehandeld_op=clock.op_dag(dag, 12),
        )
    return gesloten
