"""betaal_nu: the burger pays one termijn or one whole debt now, once per referentie."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invordering import clock
from invordering.models import Betaling, Boeking, Document, Event
from invordering.services.betalingen import (
    BedragGewijzigd,
    betaal_nu,
    boek_betaling,
    te_betalen,
    verdeling_van,
    volgende_termijn,
)
from invordering.services.regelingen import start_standaardregeling
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def _vandaag():
    with clock.vast_op(VANDAAG, 10):
        yield


def _regeling(*vorderingen):
    return start_standaardregeling(vorderingen=list(vorderingen), dag=date(2026, 4, 1))


def _betaal(burger, referentie="REF-1", **doel):
    return betaal_nu(
        burger=burger,
        bedrag=te_betalen(**doel),
        referentie=referentie,
        actor=burger.user,
        actor_rol="burger",
        **doel,
    )


def test_paying_the_next_termijn_marks_it_paid_and_lowers_the_debt_by_exactly_that():
    vordering = maak_vordering(BurgerFactory())  # 600.00 -> 24 x 25.00
    regeling = _regeling(vordering)
    termijn = volgende_termijn(regeling)
    assert te_betalen(termijn=termijn) == Decimal("25.00")

    betaling = _betaal(vordering.burger, termijn=termijn)

    termijn.refresh_from_db()
    vordering.refresh_from_db()
    assert (termijn.status, termijn.voldaan_op) == ("betaald", VANDAAG)
    assert vordering.saldo == Decimal("575.00")
    assert (betaling.methode, betaling.ontvangen_op, betaling.regeling) == (
        "demo_ideal",
        VANDAAG,
        regeling,
    )
    assert volgende_termijn(regeling).nummer == 2


def test_the_same_referentie_books_one_payment_and_one_letter():
    vordering = maak_vordering(BurgerFactory())
    termijn = volgende_termijn(_regeling(vordering))
    eerste = _betaal(vordering.burger, referentie="DUBBEL", termijn=termijn)
    # The second click arrives with the amount the page showed, which is now paid.
    tweede = betaal_nu(
        burger=vordering.burger,
        bedrag=Decimal("25.00"),
        referentie="DUBBEL",
        termijn=termijn,
        actor=None,
        actor_rol="burger",
    )
    assert tweede.pk == eerste.pk
    assert Betaling.objects.filter(burger=vordering.burger).count() == 1
    assert Boeking.objects.filter(betaling=eerste).count() == 1
    assert Document.objects.filter(burger=vordering.burger, soort="betaalbevestiging").count() == 1


def test_the_letter_hangs_on_the_betaling_event_and_says_how_it_was_split():
    vordering = maak_vordering(BurgerFactory())
    betaling = _betaal(vordering.burger, vordering=vordering)
    event = Event.objects.get(sleutel=f"betaling:{betaling.pk}")
    brief = Document.objects.get(event=event)
    assert brief.soort == "betaalbevestiging" and brief.vordering == vordering
    data = brief.snapshot["data"]
    assert Decimal(data["bedrag"]) == Decimal("600.00")
    assert [(d["vordering"], d["component"], Decimal(d["bedrag"])) for d in data["verdeling"]] == [
        (vordering.kenmerk, "hoofdsom", Decimal("600.00"))
    ]
    assert Decimal(data["nog_open"]) == Decimal("0.00")
    assert [(d.vordering, d.component, d.bedrag) for d in verdeling_van(betaling)] == [
        (vordering, "hoofdsom", Decimal("600.00"))
    ]


def test_paying_the_only_debt_of_a_plan_in_full_completes_the_plan():
    vordering = maak_vordering(BurgerFactory())
    regeling = _regeling(vordering)
    _betaal(vordering.burger, vordering=vordering)
    vordering.refresh_from_db()
    regeling.refresh_from_db()
    assert (vordering.saldo, vordering.fase) == (Decimal("0.00"), "afgerond")
    assert regeling.status == "voltooid"
    assert set(regeling.termijnen.values_list("status", flat=True)) == {"vervallen"}
    assert Event.objects.filter(soort="regeling_voltooid", regeling=regeling).count() == 1


def test_paying_one_debt_of_a_combined_plan_in_full_keeps_the_plan_for_the_other():
    burger = BurgerFactory()
    oud = maak_vordering(burger, jaar=2023, dagtekening=date(2026, 2, 6))
    nieuw = maak_vordering(burger, jaar=2024)
    regeling = _regeling(oud, nieuw)
    _betaal(burger, vordering=nieuw)
    regeling.refresh_from_db()
    oud.refresh_from_db()
    assert regeling.status == "lopend" and oud.saldo == Decimal("600.00")
    # Only the debts still open are what a termijn can go to.
    assert te_betalen(termijn=volgende_termijn(regeling)) == volgende_termijn(regeling).bedrag


def test_a_termijn_never_asks_more_than_the_debts_in_the_plan_still_hold():
    vordering = maak_vordering(BurgerFactory())
    regeling = _regeling(vordering)  # 24 x 25.00
    boek_betaling(  # a bank transfer outside the plan leaves 10.00 open
        burger=vordering.burger,
        bedrag=Decimal("590.00"),
        ontvangen_op=date(2026, 11, 2),
        methode="overboeking",
        referentie="BANK-1",
        vorderingen=[vordering],
    )
    termijn = volgende_termijn(regeling)
    assert te_betalen(termijn=termijn) == Decimal("10.00")

    betaling = _betaal(vordering.burger, termijn=termijn)

    regeling.refresh_from_db()
    assert (betaling.bedrag, betaling.onverdeeld) == (Decimal("10.00"), Decimal("0.00"))
    assert regeling.status == "voltooid"


def test_a_changed_amount_books_nothing():
    vordering = maak_vordering(BurgerFactory())
    with pytest.raises(BedragGewijzigd) as fout:
        betaal_nu(
            burger=vordering.burger,
            bedrag=Decimal("1.00"),
            referentie="X",
            vordering=vordering,
            actor=None,
            actor_rol="burger",
        )
    assert fout.value.nu == Decimal("600.00")
    assert not Betaling.objects.filter(burger=vordering.burger).exists()


def test_a_later_termijn_cannot_be_paid_before_the_oldest_open_one():
    vordering = maak_vordering(BurgerFactory())
    regeling = _regeling(vordering)
    tweede = regeling.termijnen.get(nummer=2)
    assert te_betalen(termijn=tweede) == Decimal("0.00")
    with pytest.raises(BedragGewijzigd):
        betaal_nu(
            burger=vordering.burger,
            bedrag=tweede.bedrag,
            referentie="X",
            termijn=tweede,
            actor=None,
            actor_rol="burger",
        )


def test_someone_elses_debt_or_termijn_is_refused():
    vordering = maak_vordering(BurgerFactory())
    termijn = volgende_termijn(_regeling(vordering))
    ander = BurgerFactory()
    with pytest.raises(ValueError):
        betaal_nu(
            burger=ander,
            bedrag=vordering.saldo,
            referentie="X",
            vordering=vordering,
            actor=None,
            actor_rol="burger",
        )
    with pytest.raises(ValueError):
        betaal_nu(
            burger=ander,
            bedrag=termijn.bedrag,
            referentie="Y",
            termijn=termijn,
            actor=None,
            actor_rol="burger",
        )
    assert not Betaling.objects.filter(burger__in=[vordering.burger, ander]).exists()
