"""The ledger: append-only, every saldo derived, allocation conserves every cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invordering.models import Betaling, Boeking, Event, Verrekening, Vordering
from invordering.services.betalingen import boek_betaling
from invordering.services.ledger import boek_kosten, open_per_component, saldo_uit_grootboek
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db
NUL = Decimal("0.00")


def betaal(burger, bedrag, referentie, **kwargs):
    return boek_betaling(
        burger=burger,
        bedrag=Decimal(bedrag),
        ontvangen_op=date(2026, 5, 1),
        methode="overboeking",
        referentie=referentie,
        **kwargs,
    )


def test_orm_refuses_to_change_or_delete_bookings_and_events():
    vordering = maak_vordering(BurgerFactory())
    boeking = vordering.boekingen.first()
    with pytest.raises(TypeError):
        boeking.save()
    with pytest.raises(TypeError):
        Boeking.objects.filter(pk=boeking.pk).update(bedrag=1)
    with pytest.raises(TypeError):
        Event.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("sql", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
@pytest.mark.parametrize("tabel", ["invordering_boeking", "invordering_event"])
def test_database_itself_refuses_to_rewrite_history(sql, tabel):
    maak_vordering(BurgerFactory())
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(sql.format(t=tabel))


def test_payment_pays_costs_first_then_the_oldest_vordering():
    burger = BurgerFactory()
    oud = maak_vordering(burger, soort="HT", dagtekening=date(2026, 1, 9))
    nieuw = maak_vordering(burger, soort="ZT", dagtekening=date(2026, 3, 6))
    boek_kosten(
        vordering=nieuw,
        soort="kosten",
        bedrag=Decimal("8.00"),
        dag=date(2026, 4, 1),
        sleutel="test-kosten",
        omschrijving="aanmaning",
    )
    betaal(burger, "600.00", "REF-1")
    delen = open_per_component([oud.pk, nieuw.pk])
    assert delen[oud.pk]["hoofdsom"] == NUL  # the oldest vordering is paid in full first
    assert delen[nieuw.pk] == {
        "kosten": Decimal("8.00"),
        "rente": NUL,
        "hoofdsom": Decimal("600.00"),
    }
    oud.refresh_from_db()
    assert oud.fase == "afgerond" and oud.afgerond_op == date(2026, 5, 1)
    betaal(burger, "10.00", "REF-2")
    delen = open_per_component([nieuw.pk])[nieuw.pk]
    assert delen["kosten"] == NUL and delen["hoofdsom"] == Decimal(
        "598.00"
    )  # costs before principal


def test_a_replayed_payment_books_nothing_twice():
    burger = BurgerFactory()
    vordering = maak_vordering(burger)
    eerste = betaal(burger, "100.00", "BANK-42")
    tweede = betaal(burger, "100.00", "BANK-42")
    assert eerste.pk == tweede.pk
    assert saldo_uit_grootboek(vordering) == Decimal("500.00")
    assert Betaling.objects.filter(burger=burger).count() == 1


def test_overpayment_is_kept_not_lost_and_no_saldo_goes_below_zero():
    burger = BurgerFactory()
    vordering = maak_vordering(burger)
    betaling = betaal(burger, "650.00", "REF-OVER")
    assert betaling.onverdeeld == Decimal("50.00")
    vordering.refresh_from_db()
    assert vordering.saldo == NUL == saldo_uit_grootboek(vordering)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bedragen=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("900"), places=2),
        min_size=1,
        max_size=5,
    ),
    kosten=st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2),
)
def test_any_sequence_of_payments_conserves_every_cent(bedragen, kosten):
    with transaction.atomic():
        burger = BurgerFactory()
        vorderingen = [
            maak_vordering(burger, soort=s, dagtekening=date(2026, m, 6))
            for s, m in (("HT", 1), ("ZT", 2))
        ]
        if kosten:
            boek_kosten(
                vordering=vorderingen[1],
                soort="kosten",
                bedrag=kosten,
                dag=date(2026, 4, 1),
                sleutel=f"k-{burger.pk}",
                omschrijving="test",
            )
        schuld = Decimal("1200.00") + kosten
        for i, bedrag in enumerate(bedragen):
            betaal(burger, bedrag, f"P-{burger.pk}-{i}")
        betaald = -Boeking.objects.filter(vordering__burger=burger, soort="betaling").aggregate(
            s=Sum("bedrag")
        )["s"]
        onverdeeld = Betaling.objects.filter(burger=burger).aggregate(s=Sum("onverdeeld"))["s"]
        assert betaald + onverdeeld == sum(bedragen)
        assert sum(v.saldo for v in Vordering.objects.filter(burger=burger)) == schuld - betaald
        for delen in open_per_component(v.pk for v in vorderingen).values():
            assert all(waarde >= NUL for waarde in delen.values())
        transaction.set_rollback(True)


def test_in_the_demo_world_every_saldo_is_the_sum_of_its_bookings(wereld):
    vorderingen = list(Vordering.objects.all())
    assert len(vorderingen) > 30
    sommen = dict(Boeking.objects.values_list("vordering").annotate(s=Sum("bedrag")))
    for vordering in vorderingen:
        assert vordering.saldo == sommen[vordering.pk], vordering.kenmerk
        assert (vordering.saldo == NUL) == (vordering.fase == "afgerond"), vordering.kenmerk
    for delen in open_per_component(v.pk for v in vorderingen).values():
        assert all(waarde >= NUL for waarde in delen.values())


def test_in_the_demo_world_payments_and_offsets_are_booked_in_full(wereld):
    for betaling in Betaling.objects.all():
        geboekt = -(betaling.boekingen.aggregate(s=Sum("bedrag"))["s"] or NUL)
        assert geboekt + betaling.onverdeeld == betaling.bedrag
    verrekeningen = list(Verrekening.objects.all())
    assert verrekeningen, "the demo world has offsetting in its histories"
    for verrekening in verrekeningen:
        assert -verrekening.boekingen.aggregate(s=Sum("bedrag"))["s"] == verrekening.bedrag
        assert verrekening.uitbetaald + verrekening.bedrag == verrekening.voorschot
        assert verrekening.uitbetaald >= Decimal("20.00")  # the minimum payout
