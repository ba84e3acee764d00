"""The set-based verrekening (services/verrekening_sql.sql) writes exactly what the Python
planner writes: the same verrekeningen, bookings, events, saldi, counts and advance
notices, on generated worlds that reach every limit, both regimes and every skip."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from invordering import clock
from invordering.beleid import beleid_op
from invordering.demo.bouw import toeslagjaar
from invordering.models import (
    Boeking,
    Event,
    Pauze,
    Regeling,
    Regime,
    Toeslag,
    Verrekening,
    Vordering,
)
from invordering.services.betalingen import boek_betaling
from invordering.services.ledger import boek_kosten
from invordering.services.regelingen import start_standaardregeling
from invordering.services.verrekening_run import verreken_burgers
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db

D = Decimal
DAG = date(2026, 6, 20)
MAAND = date(2026, 6, 1)


def _bedrag(rng: random.Random, van: int, tot: int) -> str:
    return f"{rng.randint(van * 100, tot * 100) / 100:.2f}"


def _voorschot(burger, soort: str, rng: random.Random, soort_volgende: str, klein: bool) -> None:
    """A 2026 voorschot; small ones leave little above the minimum payout; some change or
    stop next month (the advance notice)."""
    bedrag = _bedrag(rng, 10, 40) if klein or rng.random() < 0.2 else _bedrag(rng, 60, 300)
    versies = [("2025-12-01", 1, bedrag)]
    if soort_volgende == "anders":
        versies.append(("2026-06-05", 7, rng.choice(["0.00", _bedrag(rng, 15, 200)])))
    toeslagjaar(burger, soort, 2026, versies)


def _burger(rng: random.Random, soort: str) -> object:
    """One burger of archetype ``soort``, with random amounts."""
    burger = BurgerFactory()
    soorten = ["ZT", "HT"] if soort in {"capaciteit", "twee"} else ["ZT"]
    vorderingen = []
    for i, toeslagsoort in enumerate(soorten):
        vorderingen.append(
            maak_vordering(
                burger,
                soort=toeslagsoort,
                jaar=2024 + i,
                maandbedrag="100.00",
                recht=_bedrag(rng, 100, 1100),
                dagtekening=date(2026, 3, rng.randint(1, 28)),
            )
        )
    if soort == "oud_en_kosten":
        vorderingen.append(
            maak_vordering(
                burger, soort="ZT", jaar=2023, recht=_bedrag(rng, 700, 1150),
                dagtekening=date(2026, 1, 5),
            )
        )  # fmt: skip
        for v in vorderingen:
            for component in ("kosten", "rente"):
                boek_kosten(
                    vordering=v, soort=component, bedrag=D(_bedrag(rng, 1, 40)),
                    dag=date(2026, 4, 1), sleutel=f"{component}:{v.pk}", omschrijving="test",
                )  # fmt: skip
        # Leave a few euros on the oldest, so one verrekening spans two vorderingen.
        oudste = Vordering.objects.get(pk=vorderingen[-1].pk)
        boek_betaling(
            burger=burger, bedrag=oudste.saldo - D(_bedrag(rng, 1, 10)),
            ontvangen_op=date(2026, 5, 1), methode="overboeking", referentie=f"oud-{burger.pk}",
        )  # fmt: skip
    if soort == "bijna_betaald":
        open_ = sum((v.saldo for v in Vordering.objects.filter(burger=burger)), D(0))
        boek_betaling(
            burger=burger, bedrag=open_ - D(_bedrag(rng, 1, 30)), ontvangen_op=date(2026, 5, 1),
            methode="overboeking", referentie=f"vooraf-{burger.pk}",
        )  # fmt: skip
    if soort == "capaciteit":
        regeling = start_standaardregeling(
            vorderingen=vorderingen[:1], dag=date(2026, 2, 1), eerste_vervaldatum=date(2026, 3, 1)
        )
        Regeling.objects.filter(pk=regeling.pk).update(betalingscapaciteit=_bedrag(rng, 5, 60))
    Vordering.objects.filter(burger=burger).update(fase="verrekening")
    voorschot_soorten = {
        "ander_voorschot": ["HT"],
        "capaciteit": ["ZT", "HT"],
        "twee": ["ZT", "HT"],
    }
    for toeslagsoort in voorschot_soorten.get(soort, ["ZT"]):
        volgende = "anders" if rng.random() < 0.4 else "gelijk"
        _voorschot(burger, toeslagsoort, rng, volgende, klein=soort == "klein_voorschot")
    if soort == "pauze":
        pauze = Pauze.objects.create(
            burger=burger, reden="test", startdatum=date(2026, 6, 1), einddatum=date(2026, 8, 31)
        )
        pauze.vorderingen.add(vorderingen[0])
    if soort == "al_verrekend":
        Verrekening.objects.create(
            burger=burger, toeslag=Toeslag.objects.filter(burger=burger, jaar=2026).first(),
            maand=MAAND, voorschot=D("100.00"), bedrag=D("10.00"), uitbetaald=D("90.00"),
            specificatie={}, aangemaakt_op=timezone.now(),
        )  # fmt: skip
    return burger


ARCHETYPES = (
    "gewoon",
    "klein_voorschot",
    "bijna_betaald",
    "oud_en_kosten",
    "capaciteit",
    "twee",
    "ander_voorschot",
    "pauze",
    "al_verrekend",
)


def _wereld(seed: int) -> list[int]:
    rng = random.Random(seed)
    return [_burger(rng, soort).pk for soort in ARCHETYPES * 4]


def _vastgelegd(burger_ids: list[int]) -> dict:
    """Everything a run writes, keyed so two runs with other row ids compare equal."""
    verrekeningen = Verrekening.objects.filter(burger_id__in=burger_ids, maand=MAAND)
    toeslag_van = dict(verrekeningen.values_list("pk", "toeslag_id"))
    boekingen = Boeking.objects.filter(verrekening_id__in=list(toeslag_van))
    # Neither path writes an event per verrekening (the timelines read the rows above).
    assert not Event.objects.filter(burger_id__in=burger_ids, soort="verrekening").exists()
    return {
        "verrekeningen": sorted(
            verrekeningen.values_list(
                "burger_id", "toeslag_id", "voorschot", "bedrag", "uitbetaald", "specificatie"
            ),
            key=repr,
        ),
        "boekingen": sorted(
            (*b[:-1], toeslag_van[b[-1]])
            for b in boekingen.values_list(
                "vordering_id",
                "soort",
                "component",
                "bedrag",
                "boekdatum",
                "omschrijving",
                "sleutel",
                "aangemaakt_op",
                "verrekening_id",
            )
        ),
        "vorderingen": sorted(
            Vordering.objects.filter(burger_id__in=burger_ids).values_list("pk", "saldo", "fase")
        ),
        "aankondigingen": sorted(
            Event.objects.filter(
                burger_id__in=burger_ids, soort="verrekening_gewijzigd"
            ).values_list("burger_id", "vordering_id", "regel", "data"),
            key=repr,
        ),
    }


class _TerugDraaien(Exception):
    pass


def _draai(burger_ids: list[int], *, in_database: bool) -> tuple[dict, dict]:
    """Run one path inside a savepoint; return what it wrote and its counts, undone."""
    beleid = beleid_op(DAG)
    try:
        with transaction.atomic(), clock.vast_op(DAG, 6):
            uitslag = verreken_burgers(
                {"pk__in": burger_ids}, maand=MAAND, dag=DAG, beleid=beleid,
                in_database=in_database,
            )  # fmt: skip
            vastgelegd = _vastgelegd(burger_ids)
            raise _TerugDraaien
    except _TerugDraaien:
        pass
    return vastgelegd, dict(uitslag.uitkomsten) | {"verwerkt": uitslag.verwerkt}


@pytest.mark.parametrize("code", ["huidig-2026", "doel"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_path_writes_what_the_python_planner_writes(code, seed):
    Vordering.objects.update(fase="afgerond")  # set the session's demo world aside
    Regime.objects.update(actief=False)
    Regime.objects.filter(code=code).update(actief=True)
    burger_ids = _wereld(seed)

    python, python_telling = _draai(burger_ids, in_database=False)
    database, database_telling = _draai(burger_ids, in_database=True)

    assert database_telling == python_telling
    for soort in python:
        assert database[soort] == python[soort], soort
    # Not vacuous: the worlds reach every limit, every skip and the advance notice.
    grenzen = {spec.get("begrensd_door") for *_rest, spec in python["verrekeningen"]}
    assert {"gewenst", "minimum_uitbetaling", "capaciteit"} <= grenzen
    assert python_telling.keys() >= {"verrekend", "pauze", "al_verrekend"}
    assert python["aankondigingen"]


def test_every_chunk_runs_one_prepared_statement_on_its_generic_plan():
    """The statement is prepared once per connection (Django's own cursors switch that
    off) and every chunk after that runs the same generic plan, whatever its ids."""
    Vordering.objects.update(fase="afgerond")
    burger_ids = _wereld(1)
    helft = len(burger_ids) // 2
    with transaction.atomic(), clock.vast_op(DAG, 6):
        for deel in (burger_ids[:helft], burger_ids[helft:]):
            verreken_burgers(
                {"pk__in": deel}, maand=MAAND, dag=DAG, beleid=beleid_op(DAG), in_database=True
            )
        assert Verrekening.objects.filter(burger_id__in=burger_ids[:helft]).exists()
        assert Verrekening.objects.filter(burger_id__in=burger_ids[helft:]).exists()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                "WHERE statement LIKE %s",
                ["%INSERT INTO invordering_verrekening%"],
            )
            assert cursor.fetchall() == [(2, 0)]
