from dataclasses import replace
from decimal import Decimal

import pytest

from invordering.rules.escalatie import (
    GUARDS,
    dwangbevelkosten,
    guard_bezwaar_met_uitstel,
    guard_open_maatwerk_signaal,
    guard_pauze_actief,
    guard_regeling_lopend,
    guard_verzoek_in_behandeling,
    guards,
)
from tests.invordering.rules.hulp import maak_beleid, maak_feiten

D = Decimal
GUARD_FUNCTIES = {
    "verzoek_in_behandeling": guard_verzoek_in_behandeling,
    "pauze_actief": guard_pauze_actief,
    "bezwaar_met_uitstel": guard_bezwaar_met_uitstel,
    "regeling_lopend": guard_regeling_lopend,
    "open_maatwerk_signaal": guard_open_maatwerk_signaal,
}


def test_guards_in_their_fixed_order():
    assert [naam for naam, _ in GUARDS] == list(GUARD_FUNCTIES)


def test_no_guard_holds_for_plain_facts():
    assert guards(maak_feiten(), maak_beleid()) == ()


@pytest.mark.parametrize("naam", list(GUARD_FUNCTIES))
def test_each_guard_alone(naam):
    feiten = maak_feiten(**{naam: True})
    beleid = maak_beleid()
    assert GUARD_FUNCTIES[naam](feiten, beleid) is True
    assert GUARD_FUNCTIES[naam](maak_feiten(), beleid) is False
    assert guards(feiten, beleid) == (naam,)


def test_bezwaar_suspends_only_when_the_regime_says_so():
    feiten = maak_feiten(bezwaar_met_uitstel=True)
    assert guard_bezwaar_met_uitstel(feiten, maak_beleid(bezwaar_schort_op=False)) is False
    assert guards(feiten, maak_beleid(bezwaar_schort_op=False)) == ()


def test_all_guards_listed_when_all_hold():
    feiten = maak_feiten(**dict.fromkeys(GUARD_FUNCTIES, True))
    assert guards(feiten, maak_beleid()) == tuple(GUARD_FUNCTIES)


@pytest.mark.parametrize(
    ("saldo", "kosten"),
    [
        (D("0.01"), D("25.00")),
        (D("499.99"), D("25.00")),
        (D("500.00"), D("40.00")),
        (D("640.00"), D("40.00")),
        (D("5000.00"), D("90.00")),
        (D("99999.00"), D("90.00")),
    ],
)
def test_dwangbevelkosten_take_the_highest_drempel_not_above_saldo(saldo, kosten):
    assert dwangbevelkosten(saldo, maak_beleid()) == kosten


def test_dwangbevelkosten_below_the_lowest_drempel_are_zero():
    beleid = maak_beleid(dwangbevel_kosten=((D("100.00"), D("30.00")),))
    assert dwangbevelkosten(D("99.99"), beleid) == D("0.00")
    assert dwangbevelkosten(D("100.00"), beleid) == D("30.00")


def test_unknown_fase_in_feiten_is_refused():
    with pytest.raises(ValueError):
        maak_feiten(fase="gevangenis")


@pytest.mark.parametrize(
    "anders",
    [
        {"dwangbevel_kosten": ((D("500.00"), D("40.00")), (D("0.00"), D("25.00")))},
        {"dwangbevel_kosten": ((D("0.00"), D("25.00")), (D("0.00"), D("40.00")))},
        {"dwangbevel_kosten": ((D("0.00"), D("-1.00")),)},
        {"aanmaning_termijn_dagen": -1},
        {"aanmaningskosten": D("-0.01")},
    ],
)
def test_invalid_beleid_is_refused(anders):
    with pytest.raises(ValueError):
        maak_beleid(**anders)


def test_feiten_and_beleid_are_frozen():
    with pytest.raises(AttributeError):
        maak_feiten().saldo = D("1.00")  # type: ignore[misc]
    assert replace(maak_beleid(), aanmaningskosten=D("9.00")).aanmaningskosten == D("9.00")
