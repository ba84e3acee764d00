"""The escalation facts (rules.escalatie.Feiten) for many vorderingen in a fixed number of queries.

Used by the pages ("als u niets doet") and by the engine, so both see the same guards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.db.models import Q
from django.utils import timezone

from invordering.models import (
    BeschikkingSoort,
    Bezwaar,
    BezwaarStatus,
    Pauze,
    RegelingStatus,
    RegelingVordering,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    SignaalUitkomst,
    Toeslag,
    Verzoek,
    Vordering,
)
from invordering.rules.escalatie import Feiten
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.rules.voorschot import VoorschotVersie, maandbedragen

OPEN_SIGNAAL = (SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING)


def _met_lopende_regeling(ids) -> set[int]:
    rijen = RegelingVordering.objects.filter(
        vordering_id__in=ids, regeling__status=RegelingStatus.LOPEND
    )
    return set(rijen.values_list("vordering_id", flat=True))


def _met_open_verzoek(ids) -> set[int]:
    return set(
        Verzoek.vorderingen.through.objects.filter(
            vordering_id__in=ids, verzoek__status__in=OPEN_STATUSSEN
        ).values_list("vordering_id", flat=True)
    )


def _met_actieve_pauze(ids, dag: date) -> set[int]:
    loopt_nog = Q(pauze__beeindigd_op__isnull=True, pauze__einddatum__gte=dag)
    actief = Q(pauze__startdatum__lte=dag) & (loopt_nog | Q(pauze__beeindigd_op__gte=dag))
    rijen = Pauze.vorderingen.through.objects.filter(actief, vordering_id__in=ids)
    return set(rijen.values_list("vordering_id", flat=True))


def _met_bezwaar_uitstel(ids) -> set[int]:
    return set(
        Bezwaar.objects.filter(
            vordering_id__in=ids, status=BezwaarStatus.IN_BEHANDELING, uitstel_van_betaling=True
        ).values_list("vordering_id", flat=True)
    )


def _signalen(vorderingen: Sequence[Vordering]) -> dict[str, dict[int, list[Signaal]]]:
    """Signals per kind per vordering; a signal without vorderingen covers all of the burger's."""
    burger_ids = {v.burger_id for v in vorderingen}
    per_burger = defaultdict(list)
    signalen = Signaal.objects.filter(burger_id__in=burger_ids).prefetch_related("vorderingen")
    for signaal in signalen:
        per_burger[signaal.burger_id].append(signaal)
    result: dict[str, dict[int, list[Signaal]]] = defaultdict(lambda: defaultdict(list))
    for vordering in vorderingen:
        for signaal in per_burger[vordering.burger_id]:
            gekoppeld = {v.pk for v in signaal.vorderingen.all()}
            if not gekoppeld or vordering.pk in gekoppeld:
                result[signaal.soort][vordering.pk].append(signaal)
    return result


def _lopende_voorschot_soorten(vorderingen: Sequence[Vordering], dag: date) -> dict[int, set[str]]:
    """{burger_id: {toeslag soorten with a voorschot paid in dag's month}}."""
    result: dict[int, set[str]] = defaultdict(set)
    toeslagen = Toeslag.objects.filter(
        burger_id__in={v.burger_id for v in vorderingen}, jaar=dag.year
    ).prefetch_related("beschikkingen")
    for toeslag in toeslagen:
        versies = [
            VoorschotVersie(versie=b.versie, ingangsmaand=b.ingangsmaand, maandbedrag=b.maandbedrag)
            for b in toeslag.beschikkingen.all()
            if b.soort == BeschikkingSoort.VOORSCHOT
        ]
        if versies and maandbedragen(versies)[dag.month - 1] > 0:
            result[toeslag.burger_id].add(toeslag.soort)
    return result


def _doorgaan_besloten(signalen: list[Signaal], vordering: Vordering) -> bool:
    # Only a decision taken in the current fase counts, not one from an earlier round.
    return any(
        s.uitkomst == SignaalUitkomst.DOORGAAN
        and s.afgehandeld_op is not None
        and timezone.localdate(s.afgehandeld_op) >= vordering.fase_sinds
        for s in signalen
    )


def feiten_voor_vorderingen(
    vorderingen: Sequence[Vordering], dag: date, beleid
) -> dict[int, Feiten]:
    """{vordering_id: Feiten} on ``dag``. Vorderingen need ``toeslag`` loaded (select_related)."""
    ids = [v.pk for v in vorderingen]
    regeling = _met_lopende_regeling(ids)
    verzoek = _met_open_verzoek(ids)
    pauze = _met_actieve_pauze(ids, dag)
    bezwaar = _met_bezwaar_uitstel(ids)
    signalen = _signalen(vorderingen)
    voorschotten = _lopende_voorschot_soorten(vorderingen, dag)
    result = {}
    for v in vorderingen:
        lopend = voorschotten[v.burger_id]
        stil = signalen[SignaalSoort.STILGEVALLEN][v.pk]
        result[v.pk] = Feiten(
            vandaag=dag,
            fase=v.fase,
            fase_sinds=v.fase_sinds,
            vervaldatum=v.vervaldatum,
            saldo=v.saldo,
            regeling_lopend=v.pk in regeling,
            verzoek_in_behandeling=v.pk in verzoek,
            pauze_actief=v.pk in pauze,
            bezwaar_met_uitstel=v.pk in bezwaar,
            open_maatwerk_signaal=any(
                s.status in OPEN_SIGNAAL for s in signalen[SignaalSoort.MAATWERK][v.pk]
            ),
            op_definitieve_berekening=v.op_definitieve_berekening,
            opzet_of_grove_schuld=v.opzet_of_grove_schuld,
            voorschot_loopt=(
                bool(lopend) if beleid.verrekening_alle_toeslagen else v.toeslag.soort in lopend
            ),
            signaal_afgehandeld=_doorgaan_besloten(stil, v),
            beslag_besloten=any(
                s.uitkomst == SignaalUitkomst.BESLAG
                for s in signalen[SignaalSoort.BESLAG_BESLUIT][v.pk]
            ),
        )
    return result
