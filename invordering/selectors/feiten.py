"""The escalation facts (rules.escalatie.Feiten) for many vorderingen in a fixed number of queries.

Used by the pages ("als u niets doet") and by the engine, so both see the same guards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from invordering.models import (
    Beschikking,
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
    Verzoek,
    Vordering,
)
from invordering.rules.escalatie import Feiten
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.rules.voorschot import maandbedrag
from invordering.selectors.bereik import op_vorderingen, via

OPEN_SIGNAAL = (SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING)


def _met_lopende_regeling(ids, burgers=None) -> set[int]:
    rijen = RegelingVordering.objects.filter(
        **op_vorderingen(ids, burgers), regeling__status=RegelingStatus.LOPEND
    )
    return set(rijen.values_list("vordering_id", flat=True))


def _met_open_verzoek(ids, burgers=None) -> set[int]:
    return set(
        Verzoek.vorderingen.through.objects.filter(
            **op_vorderingen(ids, burgers), verzoek__status__in=OPEN_STATUSSEN
        ).values_list("vordering_id", flat=True)
    )


def met_actieve_pauze(ids, dag: date, burgers=None) -> set[int]:
    loopt_nog = Q(pauze__beeindigd_op__isnull=True, pauze__einddatum__gte=dag)
    actief = Q(pauze__startdatum__lte=dag) & (loopt_nog | Q(pauze__beeindigd_op__gte=dag))
    rijen = Pauze.vorderingen.through.objects.filter(actief, **op_vorderingen(ids, burgers))
    return set(rijen.values_list("vordering_id", flat=True))


def _met_bezwaar_uitstel(ids, burgers=None) -> set[int]:
    return set(
        Bezwaar.objects.filter(
            **op_vorderingen(ids, burgers),
            status=BezwaarStatus.IN_BEHANDELING,
            uitstel_van_betaling=True,
        ).values_list("vordering_id", flat=True)
    )


def _signalen(vorderingen: Sequence, burgers=None) -> dict[str, dict[int, list[Signaal]]]:
    """Signals per kind per vordering; a signal without vorderingen covers all of the burger's."""
    burger_ids = {v.burger_id for v in vorderingen}
    per_burger = defaultdict(list)
    filter_ = via("burger", burgers) if burgers is not None else {"burger_id__in": burger_ids}
    signalen = Signaal.objects.filter(**filter_).prefetch_related("vorderingen")
    for signaal in signalen:
        per_burger[signaal.burger_id].append(signaal)
    result: dict[str, dict[int, list[Signaal]]] = defaultdict(lambda: defaultdict(list))
    if not per_burger:  # most chunks: nobody has a signal, so nothing to hand out
        return result
    for vordering in vorderingen:
        for signaal in per_burger.get(vordering.burger_id, ()):
            gekoppeld = {v.pk for v in signaal.vorderingen.all()}
            if not gekoppeld or vordering.pk in gekoppeld:
                result[signaal.soort][vordering.pk].append(signaal)
    return result


# Today's step can only lead to offsetting from these fasen; the engine reads the
# voorschotten for these alone (the pages project further ahead, so they read all).
VERREKEN_FASEN = ("herinnering", "signaal", "verrekening")


def _lopende_voorschot_soorten(vorderingen: Sequence, dag: date, fasen) -> dict[int, set[str]]:
    """{burger_id: {toeslag soorten with a voorschot paid in dag's month}}."""
    nodig = {v.burger_id for v in vorderingen if fasen is None or v.fase in fasen}
    result: dict[int, set[str]] = defaultdict(set)
    if not nodig:
        return result
    for voorschot in maandvoorschotten(nodig, dag):
        result[voorschot.burger_id].add(voorschot.soort)
    return result


class Maandvoorschot(NamedTuple):
    """One toeslag's voorschot of a month (a tuple: the daily pass reads one per toeslag)."""

    toeslag_id: int
    burger_id: int
    soort: str
    bedrag: Decimal


def maandvoorschotten(burger_ids, dag: date) -> list[Maandvoorschot]:
    """The voorschotten paid in dag's month (bedrag > 0) to these burgers, in one query.

    By the ids of the burgers who owe, never by an engine chunk's range of burger ids:
    nationally a range holds several households without debt for each one with it, and
    reading their voorschotten too made this the largest read of a chunk. Ordered by
    toeslag id, so every caller walks them in the same order.
    """
    if not burger_ids:
        return []
    filter_ = {"toeslag__burger__pk__een_van": list(burger_ids)}
    rijen = (
        # Versies that begin after dag's month cannot be the one in effect: not read. No
        # ORDER BY: the rule picks the versie by number, and the result is sorted below
        # (sorting in the database was a third of this query at an engine chunk's size).
        Beschikking.objects.filter(
            soort=BeschikkingSoort.VOORSCHOT,
            toeslag__jaar=dag.year,
            ingangsmaand__lte=dag.month,
            **filter_,
        )
        .order_by()
        .values_list(
            "toeslag_id",
            "toeslag__burger_id",
            "toeslag__soort",
            "versie",
            "ingangsmaand",
            "maandbedrag",
            named=True,  # the rule reads versie, ingangsmaand and maandbedrag by name
        )
    )
    versies: dict[int, list] = defaultdict(list)
    for rij in rijen:
        versies[rij.toeslag_id].append(rij)
    result = []
    for toeslag_id in sorted(versies):
        lijst = versies[toeslag_id]
        bedrag = maandbedrag(lijst, dag.month)
        if bedrag > 0:
            result.append(
                Maandvoorschot(
                    toeslag_id, lijst[0].toeslag__burger_id, lijst[0].toeslag__soort, bedrag
                )
            )
    return result


def _doorgaan_besloten(signalen: list[Signaal], vordering: Vordering) -> bool:
    # Only a decision taken in the current fase counts, not one from an earlier round.
    return bool(signalen) and any(
        s.uitkomst == SignaalUitkomst.DOORGAAN
        and s.afgehandeld_op is not None
        and timezone.localdate(s.afgehandeld_op) >= vordering.fase_sinds
        for s in signalen
    )


def feiten_voor_vorderingen(
    vorderingen: Sequence, dag: date, beleid, *, voorschot_fasen=None, burgers=None
) -> dict[int, Feiten]:
    """{vordering_id: Feiten} on ``dag``, in a fixed number of queries.

    Takes Vordering instances (with ``toeslag`` loaded) or the engine's light rows
    (invordering.services.escalatie_run.Rij); both have ``toeslag_soort``. With
    ``voorschot_fasen`` only vorderingen in those fasen get ``voorschot_loopt`` read; with
    ``burgers`` (lookups on Burger covering all of them) the queries filter by burger.
    """
    ids = [v.pk for v in vorderingen]
    regeling = _met_lopende_regeling(ids, burgers)
    verzoek = _met_open_verzoek(ids, burgers)
    pauze = met_actieve_pauze(ids, dag, burgers)
    bezwaar = _met_bezwaar_uitstel(ids, burgers)
    signalen = _signalen(vorderingen, burgers)
    voorschotten = _lopende_voorschot_soorten(vorderingen, dag, voorschot_fasen)
    # .get, not [], on the defaultdicts: most vorderingen have no signal, and creating an
    # empty list for each of them was a third of this loop at an engine chunk's size.
    stilgevallen = signalen.get(SignaalSoort.STILGEVALLEN, {})
    maatwerk = signalen.get(SignaalSoort.MAATWERK, {})
    beslag = signalen.get(SignaalSoort.BESLAG_BESLUIT, {})
    maatwerk_open = {
        pk for pk, lijst in maatwerk.items() if any(s.status in OPEN_SIGNAAL for s in lijst)
    }
    beslag_besloten = {
        pk
        for pk, lijst in beslag.items()
        if any(s.uitkomst == SignaalUitkomst.BESLAG for s in lijst)
    }
    alle_toeslagen = beleid.verrekening_alle_toeslagen  # read once: a lookup per row showed
    result = {}
    for v in vorderingen:
        lopend = voorschotten.get(v.burger_id, ())
        stil = stilgevallen.get(v.pk)
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
            open_maatwerk_signaal=v.pk in maatwerk_open,
            op_definitieve_berekening=v.op_definitieve_berekening,
            opzet_of_grove_schuld=v.opzet_of_grove_schuld,
            voorschot_loopt=bool(lopend) if alle_toeslagen else v.toeslag_soort in lopend,
            signaal_afgehandeld=_doorgaan_besloten(stil, v) if stil else False,
            beslag_besloten=v.pk in beslag_besloten,
        )
    return result
