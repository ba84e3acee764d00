"""The monthly verrekening over a range of burgers: one chunk of a verrekening run.

For every burger with vorderingen in fase verrekening: withhold from the month's
voorschotten (the same toeslag only, or any voorschot, per the regime) the standard
termijn of those vorderingen, at no cost, never leaving less than the minimum payout
and never more than a known PBT capacity (invordering.rules.verrekening). The amount
goes to the oldest vordering first, kosten before rente before hoofdsom
(invordering.rules.allocatie), exactly as a payment would.

Everything for a chunk is read in a fixed number of queries and written with COPY
(services.bulk), in the caller's transaction, with the vorderingen locked so a payment
arriving at the same moment waits and then sees the new saldo.

Idempotent: one ``Verrekening`` per voorschot per month (unique constraint), one
ledger row per (month, vordering, voorschot, component) (unique ``Boeking.sleutel``),
and a burger that already has a verrekening this month is skipped as a whole.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db import connection

from invordering import clock
from invordering.models import (
    Boeking,
    BoekingSoort,
    Fase,
    Regeling,
    Verrekening,
    Vordering,
)
from invordering.rules.allocatie import Post, alloceer
from invordering.rules.geld import NUL, som
from invordering.rules.termijnen import standaard_termijnen
from invordering.rules.verrekening import (
    Vooruitblik,
    resterend,
    verdeel_over_voorschotten,
    vooruitblik,
)
from invordering.selectors.bereik import via
from invordering.selectors.feiten import Maandvoorschot, maandvoorschotten, met_actieve_pauze
from invordering.services.bulk import is_postgres, nieuwe_ids, schrijf
from invordering.services.escalatie_run import Uitslag
from invordering.services.ledger import COMPONENTEN, open_per_component
from invordering.services.verrekening_sql import Samenvatting, verreken_in_database
from invordering.services.verrekening_vooruit import kondig_aan


@dataclass(frozen=True)
class VRij:
    pk: int
    burger_id: int
    toeslag_soort: str
    hoofdsom: Decimal
    saldo: Decimal
    dagtekening: date
    kenmerk: str


VELDEN = ("pk", "burger_id", "toeslag__soort", "hoofdsom", "saldo", "dagtekening", "kenmerk")


@lru_cache(maxsize=4096)
def _standaard_termijn(hoofdsom: Decimal, max_termijnen: int, minimum: Decimal) -> Decimal:
    return standaard_termijnen(hoofdsom, max_termijnen=max_termijnen, minimum_termijn=minimum)[0]


@dataclass
class _Plan:
    """The rows one chunk will write, built in memory and written at the end."""

    verrekeningen: list[dict] = field(default_factory=list)
    boekingen: list[list[dict]] = field(default_factory=list)
    mutaties: dict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: NUL))
    vooruitblikken: list[tuple[int, list[int], Vooruitblik]] = field(default_factory=list)
    # One timestamp for the whole chunk: it is one transaction, and reading the (demo)
    # clock per row was a tenth of the chunk's time.
    nu: datetime = field(default_factory=clock.now)


def verreken_burgers(
    burgers: dict, *, maand: date, dag: date, beleid, in_database: bool | None = None
) -> Uitslag:
    """Offset ``maand``'s voorschotten for the burgers matched by ``burgers`` (on Burger).

    On PostgreSQL the database does the chunk in one statement (services.verrekening_sql);
    ``in_database=False`` plans it here in Python instead, as on SQLite.
    """
    maand = maand.replace(day=1)
    in_verrekening = {"fase": Fase.VERREKENING, **via("burger", burgers)}
    if is_postgres() if in_database is None else in_database:
        return _verreken_in_database(burgers, maand=maand, dag=dag, beleid=beleid)
    uitslag = Uitslag()
    rijen = [
        VRij(*waarden)
        for waarden in Vordering.objects.select_for_update(of=("self",))
        .filter(**in_verrekening)
        .order_by("burger_id", "dagtekening", "pk")
        .values_list(*VELDEN)
    ]
    if not rijen:
        return uitslag
    per_burger: dict[int, list[VRij]] = defaultdict(list)
    for rij in rijen:
        per_burger[rij.burger_id].append(rij)
    ids = [rij.pk for rij in rijen]
    al_gedaan = set(
        Verrekening.objects.filter(maand=maand, **via("burger", burgers)).values_list(
            "burger_id", flat=True
        )
    )
    gepauzeerd = (
        met_actieve_pauze(ids, dag, burgers) if beleid.pauze_schort_verrekening_op else set()
    )
    volgende_maand = _volgende_maand(maand)
    voorschotten = _per_burger(maandvoorschotten(per_burger, maand))
    volgende = _per_burger(maandvoorschotten(per_burger, volgende_maand))
    capaciteit = _bekende_capaciteiten(burgers)
    open_ = open_per_component(ids, vorderingen=in_verrekening)
    plan = _Plan()
    for burger_id, groep in per_burger.items():
        uitslag.verwerkt += len(groep)
        if burger_id in al_gedaan:
            uitslag.tel("al_verrekend", len(groep))
        elif any(rij.pk in gepauzeerd for rij in groep):
            uitslag.tel("pauze", len(groep))
        else:
            burger = _Burger(
                groep, voorschotten[burger_id], volgende[burger_id], capaciteit.get(burger_id)
            )
            _verreken_burger(
                burger,
                open_,
                beleid,
                plan,
                uitslag,
                maand=maand,
                dag=dag,
            )
    _rond_af(_schrijf(plan), dag=dag)
    kondig_aan(plan.vooruitblikken, maand=volgende_maand, dag=dag)
    return uitslag


def vergrendel_en_verreken(burgers: dict, *, maand: date, dag: date, beleid) -> list[Samenvatting]:
    """Lock the vorderingen in verrekening of ``burgers`` (lookups on Burger) and run the
    chunk's statement on them (PostgreSQL); the summary per burger, nothing announced.

    Locked in a statement of its own, in a fixed order: the statement after it then
    reads, in its own snapshot, what any payment that held a lock had committed.
    """
    maand = maand.replace(day=1)
    rijen = list(
        Vordering.objects.select_for_update(of=("self",))
        .filter(fase=Fase.VERREKENING, **via("burger", burgers))
        .order_by("burger_id", "dagtekening", "pk")
        .values_list("pk", "burger_id")
    )
    if not rijen:
        return []
    return verreken_in_database(
        [pk for pk, _burger in rijen],
        sorted({burger_id for _pk, burger_id in rijen}),
        maand=maand,
        volgende=_volgende_maand(maand),
        dag=dag,
        beleid=beleid,
    )


def _verreken_in_database(burgers: dict, *, maand: date, dag: date, beleid) -> Uitslag:
    uitslag = Uitslag()
    samenvattingen = vergrendel_en_verreken(burgers, maand=maand, dag=dag, beleid=beleid)
    vooruitblikken, betaald = [], []
    for rij in samenvattingen:
        uitslag.verwerkt += rij.aantal
        if rij.status != "actief":
            uitslag.tel(rij.status, rij.aantal)
            continue
        for uitkomst in ("geen_voorschot", "verrekend", "niets_ingehouden"):
            if getattr(rij, uitkomst):
                uitslag.tel(uitkomst, getattr(rij, uitkomst))
        blik = rij.vooruitblik()
        if blik is not None:
            vooruitblikken.append((rij.burger_id, rij.vorderingen, blik))
        betaald += rij.betaald
    _rond_af(betaald, dag=dag)
    kondig_aan(vooruitblikken, maand=_volgende_maand(maand), dag=dag)
    return uitslag


def _volgende_maand(maand: date) -> date:
    return (maand.replace(day=28) + timedelta(days=4)).replace(day=1)


def _per_burger(voorschotten: list[Maandvoorschot]) -> dict[int, list[Maandvoorschot]]:
    result: dict[int, list[Maandvoorschot]] = defaultdict(list)
    for voorschot in voorschotten:
        result[voorschot.burger_id].append(voorschot)
    return result


def _bekende_capaciteiten(burgers: dict) -> dict[int, Decimal]:
    """{burger_id: the betalingscapaciteit of the latest PBT}, when one was computed."""
    rijen = (
        Regeling.objects.filter(betalingscapaciteit__isnull=False, **via("burger", burgers))
        .order_by("burger_id", "-startdatum", "-pk")
        .values_list("burger_id", "betalingscapaciteit")
    )
    result: dict[int, Decimal] = {}
    for burger_id, capaciteit in rijen:
        result.setdefault(burger_id, capaciteit)
    return result


def _groepen(groep: list[VRij], beleid) -> dict[str | None, list[VRij]]:
    # The regime decides whether any voorschot may pay a vordering, or only its own toeslag.
    if beleid.verrekening_alle_toeslagen:
        return {None: groep}
    result: dict[str | None, list[VRij]] = defaultdict(list)
    for rij in groep:
        result[rij.toeslag_soort].append(rij)
    return result


@dataclass(frozen=True)
class _Burger:
    """One burger's vorderingen in verrekening and the voorschotten of this and next month."""

    vorderingen: list[VRij]
    voorschotten: list[Maandvoorschot]
    volgende: list[Maandvoorschot]
    capaciteit: Decimal | None


def _verdeel(bronnen, *, gewenst, openstaand, capaciteit, beleid):
    if not bronnen:
        return ()
    return verdeel_over_voorschotten(
        voorschotten=[(bron, bron.bedrag) for bron in bronnen],
        gewenst=gewenst,
        openstaand=openstaand,
        minimum_uitbetaling=beleid.minimum_uitbetaling,
        capaciteit=capaciteit,
    )


def _verreken_burger(burger: _Burger, open_, beleid, plan, uitslag, *, maand, dag):
    """Plan this month's verrekening and, when next month's differs, the advance notice."""
    was = wordt = open_na = NUL
    # The PBT capaciteit is what the burger can pay in all: each group (a toeslag soort,
    # in the order of its oldest vordering) gets what the groups before it left.
    rest, rest_volgend = burger.capaciteit, burger.capaciteit
    for soort, vorderingen in _groepen(burger.vorderingen, beleid).items():
        bronnen = [v for v in burger.voorschotten if soort is None or v.soort == soort]
        gewenst = som(
            _standaard_termijn(
                v.hoofdsom, beleid.standaard_max_termijnen, beleid.standaard_minimum_termijn
            )
            for v in vorderingen
        )
        openstaand = som(v.saldo for v in vorderingen)
        limieten = {"gewenst": gewenst, "beleid": beleid}
        uitkomsten = _verdeel(bronnen, openstaand=openstaand, capaciteit=rest, **limieten)
        basis = {
            "regime": beleid.regime_code,
            "gewenst": gewenst,
            "minimum_uitbetaling": beleid.minimum_uitbetaling,
            "capaciteit": burger.capaciteit,
        }
        genomen = _plan_groep(
            uitkomsten, vorderingen, open_, plan, uitslag, basis, maand=maand, dag=dag
        )
        # Next month, the same rule on next month's voorschotten and what is left then.
        volgende = [v for v in burger.volgende if soort is None or v.soort == soort]
        verwacht = _verdeel(
            volgende, openstaand=openstaand - genomen, capaciteit=rest_volgend, **limieten
        )
        verwacht_bedrag = som(uitkomst.bedrag for _bron, uitkomst in verwacht)
        rest = resterend(rest, genomen)
        rest_volgend = resterend(rest_volgend, verwacht_bedrag)
        was += genomen
        open_na += openstaand - genomen
        wordt += verwacht_bedrag
    blik = vooruitblik(was=was, wordt=wordt, open_na=max(open_na, NUL))
    if blik is not None:
        eerste = burger.vorderingen[0]
        plan.vooruitblikken.append((eerste.burger_id, [v.pk for v in burger.vorderingen], blik))


def _plan_groep(uitkomsten, vorderingen, open_, plan, uitslag, basis, *, maand, dag) -> Decimal:
    """Plan one group's verrekeningen; returns the amount withheld. ``basis`` is the
    specification every verrekening records: the regime and the limits that applied."""
    if not uitkomsten:
        uitslag.tel("geen_voorschot", len(vorderingen))
        return NUL
    geraakt: set[int] = set()
    genomen = NUL
    for bron, uitkomst in uitkomsten:
        if uitkomst.bedrag <= NUL:
            continue
        specificatie = {"begrensd_door": uitkomst.begrensd_door, **basis}
        genomen += uitkomst.bedrag
        geraakt |= _plan_verrekening(
            bron, uitkomst, vorderingen, open_, plan, specificatie, maand=maand, dag=dag
        )
    if geraakt:
        uitslag.tel("verrekend", len(geraakt))
    if len(vorderingen) > len(geraakt):
        uitslag.tel("niets_ingehouden", len(vorderingen) - len(geraakt))
    return genomen


def _plan_verrekening(bron, uitkomst, vorderingen, open_, plan, specificatie, *, maand, dag):
    """Add one voorschot's verrekening and its bookings to the plan (the timelines tell
    it from the Verrekening row; no event is written)."""
    posten = [
        Post(
            sleutel=v.pk,
            datum=v.dagtekening,
            **{c: max(open_[v.pk][c], NUL) for c in COMPONENTEN},
        )
        for v in vorderingen
    ]
    allocatie = alloceer(uitkomst.bedrag, posten)
    if allocatie.rest != NUL:
        raise ValueError("A verrekening may not exceed what is open.")
    boekingen = []
    for deel in allocatie.toewijzingen:
        open_[deel.sleutel][deel.component] -= deel.bedrag
        plan.mutaties[deel.sleutel] -= deel.bedrag
        boekingen.append(
            {
                "vordering_id": deel.sleutel,
                "soort": BoekingSoort.VERREKENING,
                "component": deel.component,
                "bedrag": -deel.bedrag,
                "boekdatum": dag,
                "omschrijving": f"{bron.soort} {maand:%Y-%m}",
                "betaling_id": None,
                "sleutel": (
                    f"verrekening:{maand:%Y-%m}:{deel.sleutel}:{bron.toeslag_id}:{deel.component}"
                ),
                "aangemaakt_op": plan.nu,
                "aangemaakt_door_id": None,
            }
        )
    plan.verrekeningen.append(
        {
            "burger_id": vorderingen[0].burger_id,
            "toeslag_id": bron.toeslag_id,
            "maand": maand,
            "voorschot": bron.bedrag,
            "bedrag": uitkomst.bedrag,
            "uitbetaald": uitkomst.uitbetaald,
            "specificatie": specificatie,
            "aangemaakt_op": plan.nu,
        }
    )
    plan.boekingen.append(boekingen)
    return {deel.sleutel for deel in allocatie.toewijzingen}


def _schrijf(plan: _Plan) -> list[int]:
    """Write the plan; returns the vorderingen it brought to zero."""
    if not plan.verrekeningen:
        return []
    ids = nieuwe_ids(Verrekening, len(plan.verrekeningen))
    if ids is None:  # SQLite (the embedded demo): small, so the ORM hands out the ids
        ids = [Verrekening.objects.create(**rij).pk for rij in plan.verrekeningen]
    else:
        schrijf(
            Verrekening, [{"id": i, **rij} for i, rij in zip(ids, plan.verrekeningen, strict=True)]
        )
    schrijf(
        Boeking,
        (
            {**boeking, "verrekening_id": verrekening_id}
            for verrekening_id, boekingen in zip(ids, plan.boekingen, strict=True)
            for boeking in boekingen
        ),
    )
    return _werk_saldi_bij(plan.mutaties)


def _werk_saldi_bij(mutaties: dict[int, Decimal]) -> list[int]:
    """Apply the saldo changes to the cached saldo (the ledger rows are already written);
    returns the vorderingen now at zero."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Vordering._meta.db_table} AS v SET saldo = v.saldo + d.bedrag "
                "FROM unnest(%s::bigint[], %s::numeric[]) AS d(id, bedrag) WHERE v.id = d.id "
                "RETURNING v.id, v.saldo",
                [list(mutaties), list(mutaties.values())],
            )
            return [pk for pk, saldo in cursor.fetchall() if saldo == NUL]
    from django.db.models import F

    for pk, bedrag in mutaties.items():
        Vordering.objects.filter(pk=pk).update(saldo=F("saldo") + bedrag)
    return list(
        Vordering.objects.filter(pk__in=list(mutaties), saldo=NUL).values_list("pk", flat=True)
    )


def _rond_af(betaald: list[int], *, dag: date) -> None:
    from invordering.services.fasen import rond_af

    if not betaald:
        return
    for vordering in Vordering.objects.filter(pk__in=betaald).select_related("burger", "toeslag"):
        rond_af(vordering, dag=dag)
