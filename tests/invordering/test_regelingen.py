"""Regelingen: schedule, payments per termijn, missed termijnen, completion, PBT remainder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invordering import clock
from invordering.models import Document, Event
from invordering.services.betalingen import boek_betaling
from invordering.services.regelingen import (
    handel_gemiste_termijn_af,
    markeer_termijn_gemist,
    start_regeling,
    start_standaardregeling,
)
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db


def betaal_termijn(regeling, termijn, referentie):
    return boek_betaling(
        burger=regeling.burger,
        bedrag=termijn.bedrag,
        ontvangen_op=termijn.vervaldatum,
        methode="ideal",
        referentie=referentie,
        regeling=regeling,
    )


def test_standard_plan_has_24_termijnen_summing_to_the_debt_and_confirms_by_letter():
    vordering = maak_vordering(BurgerFactory(), maandbedrag="120.00", recht="400.00")  # 1040.00
    regeling = start_standaardregeling(vorderingen=[vordering], dag=date(2026, 3, 20))
    termijnen = list(regeling.termijnen.all())
    assert len(termijnen) == 24
    assert sum(t.bedrag for t in termijnen) == Decimal("1040.00")
    assert termijnen[0].bedrag == Decimal("43.33") and termijnen[-1].bedrag == Decimal("43.41")
    assert termijnen[0].vervaldatum == date(2026, 4, 20)
    vordering.refresh_from_db()
    assert vordering.fase == "regeling"
    assert Document.objects.filter(soort="regeling_bevestiging", burger=vordering.burger).exists()


def test_paying_every_termijn_completes_the_plan_and_settles_the_debt():
    vordering = maak_vordering(BurgerFactory(), maandbedrag="60.00", recht="600.00")  # 120.00
    regeling = start_standaardregeling(vorderingen=[vordering], dag=date(2026, 3, 20))
    assert regeling.aantal_termijnen == 6  # 120 / minimum 20
    for termijn in regeling.termijnen.all():
        betaal_termijn(regeling, termijn, f"T-{termijn.nummer}")
    regeling.refresh_from_db()
    vordering.refresh_from_db()
    assert regeling.status == "voltooid"
    assert vordering.saldo == 0 and vordering.fase == "afgerond"
    assert Document.objects.filter(soort="afgerond", vordering=vordering).count() == 1


def test_a_missed_termijn_moves_the_plan_twice_then_withdraws_it():
    vordering = maak_vordering(BurgerFactory())
    regeling = start_standaardregeling(vorderingen=[vordering], dag=date(2026, 3, 20))
    eerste = regeling.termijnen.get(nummer=1)
    markeer_termijn_gemist(eerste, dag=date(2026, 4, 21))
    burger = vordering.burger
    assert Document.objects.filter(soort="termijn_gemist", burger=burger).count() == 1
    assert handel_gemiste_termijn_af(eerste, dag=date(2026, 5, 6)) == "verschuiven"
    eerste.refresh_from_db()
    assert (eerste.status, eerste.vervaldatum) == ("open", date(2026, 5, 20))
    assert regeling.termijnen.get(nummer=24).vervaldatum == date(2028, 4, 20)  # no double payment

    markeer_termijn_gemist(eerste, dag=date(2026, 5, 21))
    assert handel_gemiste_termijn_af(eerste, dag=date(2026, 6, 5)) == "verschuiven"
    markeer_termijn_gemist(eerste, dag=date(2026, 6, 21))
    assert handel_gemiste_termijn_af(eerste, dag=date(2026, 7, 6)) == "intrekken"

    regeling.refresh_from_db()
    vordering.refresh_from_db()
    assert regeling.status == "ingetrokken"
    assert vordering.fase == "herinnering"  # the rest is due again, starting with a free reminder
    assert Document.objects.filter(soort="regeling_ingetrokken", burger=burger).count() == 1


def test_pbt_remainder_is_waived_only_after_every_termijn_is_paid():
    vordering = maak_vordering(BurgerFactory())  # 600.00
    regeling = start_regeling(
        burger=vordering.burger,
        soort="pbt",
        vorderingen=[vordering],
        termijnbedragen=[Decimal("100.00")] * 3,
        eerste_vervaldatum=date(2026, 4, 1),
        dag=date(2026, 3, 20),
        restschuld=Decimal("300.00"),
    )
    termijnen = list(regeling.termijnen.all())
    for termijn in termijnen[:2]:
        betaal_termijn(regeling, termijn, f"P-{termijn.nummer}")
    vordering.refresh_from_db()
    assert vordering.saldo == Decimal("400.00")
    betaal_termijn(regeling, termijnen[2], "P-3")
    vordering.refresh_from_db()
    regeling.refresh_from_db()
    assert vordering.saldo == 0 and regeling.status == "voltooid"
    assert vordering.boekingen.filter(soort="kwijtschelding").count() == 1
    assert Event.objects.filter(soort="kwijtschelding", vordering=vordering).exists()


def test_a_plan_that_does_not_add_up_is_refused():
    vordering = maak_vordering(BurgerFactory())
    with pytest.raises(ValueError, match="add up"):
        start_regeling(
            burger=vordering.burger,
            soort="pbt",
            vorderingen=[vordering],
            termijnbedragen=[Decimal("100.00")],
            eerste_vervaldatum=date(2026, 4, 1),
            dag=date(2026, 3, 20),
        )


def test_a_combined_plan_replaces_the_separate_ones():
    burger = BurgerFactory()
    a = maak_vordering(burger, soort="HT", dagtekening=date(2026, 1, 9))
    b = maak_vordering(burger, soort="ZT", dagtekening=date(2026, 2, 6))
    los = [start_standaardregeling(vorderingen=[v], dag=date(2026, 3, 1)) for v in (a, b)]
    with clock.vast_op(date(2026, 3, 10)):
        samen = start_standaardregeling(vorderingen=[b, a], dag=date(2026, 3, 10))
    assert samen.soort == "gebundeld"
    assert list(samen.leden.values_list("vordering", flat=True)) == [a.pk, b.pk]  # oldest first
    for regeling in los:
        regeling.refresh_from_db()
        assert regeling.status == "vervangen"


def test_a_bundled_termijn_pays_the_oldest_debt_first():
    burger = BurgerFactory()
    oud = maak_vordering(burger, soort="HT", dagtekening=date(2026, 1, 9))
    nieuw = maak_vordering(burger, soort="ZT", dagtekening=date(2026, 2, 6))
    regeling = start_standaardregeling(vorderingen=[nieuw, oud], dag=date(2026, 3, 10))
    for termijn in regeling.termijnen.all()[:12]:
        betaal_termijn(regeling, termijn, f"B-{termijn.nummer}")
    oud.refresh_from_db()
    nieuw.refresh_from_db()
    betaald = sum(t.bedrag for t in regeling.termijnen.all()[:12])
    assert oud.saldo == Decimal("600.00") - min(betaald, Decimal("600.00"))
    assert nieuw.saldo == Decimal("600.00") - max(Decimal("0.00"), betaald - Decimal("600.00"))
