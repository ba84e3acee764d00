from dataclasses import fields, replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.capaciteit import (
    LEEFSITUATIES,
    CapaciteitInvoer,
    Stap,
    betalingscapaciteit,
)
from tests.invordering.rules.hulp import SNEL, bedragen

D = Decimal
NORMEN = {
    "alleenstaand": D("1345.56"),
    "alleenstaande_ouder": D("1345.56"),
    "samenwonend": D("1922.23"),
}
PERCENTAGES = {"normpercentage": D("90"), "capaciteitspercentage": D("80")}
VOORBEELD = CapaciteitInvoer(
    leefsituatie="alleenstaand",
    netto_inkomen=D("1960.00"),
    vakantiegeld_per_jaar=D("1881.60"),
    overig_inkomen=D("408.00"),
    woonlasten=D("575.00"),
    zorgpremie=D("150.00"),
    andere_regelingen=D("95.00"),
    alimentatie=D("0.00"),
)
BEDRAG_VELDEN = [f.name for f in fields(CapaciteitInvoer) if f.name != "leefsituatie"]


def bereken(invoer: CapaciteitInvoer = VOORBEELD, **anders):
    return betalingscapaciteit(invoer, bijstandsnormen=NORMEN, **{**PERCENTAGES, **anders})


def test_worked_example_from_the_domain_handbook():
    uitkomst = bereken()
    assert uitkomst.inkomen == D("2524.80")
    assert uitkomst.aftrek == D("820.00")
    assert uitkomst.norm == D("1211.00")
    assert uitkomst.ruimte == D("493.80")
    assert uitkomst.capaciteit == D("395.00")


def test_every_step_is_returned_in_reading_order():
    assert bereken().stappen == (
        Stap("netto_inkomen", D("1960.00"), "+"),
        Stap("vakantiegeld", D("156.80"), "+"),
        Stap("overig_inkomen", D("408.00"), "+"),
        Stap("inkomen", D("2524.80"), "="),
        Stap("woonlasten", D("575.00"), "-"),
        Stap("zorgpremie", D("150.00"), "-"),
        Stap("andere_regelingen", D("95.00"), "-"),
        Stap("alimentatie", D("0.00"), "-"),
        Stap("aftrek", D("820.00"), "="),
        Stap("bijstandsnorm", D("1345.56"), "="),
        Stap("norm", D("1211.00"), "%", D("90")),
        Stap("ruimte", D("493.80"), "="),
        Stap("capaciteit", D("395.00"), "%", D("80")),
    )


def test_samenwonend_uses_its_own_norm():
    uitkomst = bereken(replace(VOORBEELD, leefsituatie="samenwonend"))
    # 90% of 1922.23 = 1730.007 -> 1730.01; 2524.80 - 820.00 - 1730.01 = -25.21 -> 0
    assert uitkomst.norm == D("1730.01")
    assert uitkomst.ruimte == D("0.00")
    assert uitkomst.capaciteit == D("0.00")


def test_costs_above_income_give_zero_capacity_not_negative():
    uitkomst = bereken(replace(VOORBEELD, woonlasten=D("3000.00")))
    assert uitkomst.ruimte == D("0.00")
    assert uitkomst.capaciteit == D("0.00")


def test_capacity_is_rounded_down_to_whole_euros():
    # ruimte 493.80 + 1.24 = 495.04; 80% = 396.032 -> 396.00
    uitkomst = bereken(replace(VOORBEELD, overig_inkomen=D("409.24")))
    assert uitkomst.ruimte == D("495.04")
    assert uitkomst.capaciteit == D("396.00")


def test_vakantiegeld_per_month_is_rounded_to_the_cent():
    # 1000.00 / 12 = 83.333... -> 83.33
    uitkomst = bereken(replace(VOORBEELD, vakantiegeld_per_jaar=D("1000.00")))
    assert uitkomst.stappen[1] == Stap("vakantiegeld", D("83.33"), "+")
    assert uitkomst.inkomen == D("2451.33")


@pytest.mark.parametrize("veld", BEDRAG_VELDEN)
def test_negative_amount_is_refused_naming_the_field(veld):
    with pytest.raises(ValueError, match=veld):
        replace(VOORBEELD, **{veld: D("-1.00")})


@pytest.mark.parametrize("veld", BEDRAG_VELDEN)
def test_float_amount_is_refused_naming_the_field(veld):
    with pytest.raises(TypeError, match=veld):
        replace(VOORBEELD, **{veld: 1.5})


def test_unknown_leefsituatie_is_refused():
    with pytest.raises(ValueError, match="leefsituatie"):
        replace(VOORBEELD, leefsituatie="student")


def test_missing_norm_for_the_leefsituatie_is_refused():
    with pytest.raises(ValueError, match="samenwonend"):
        betalingscapaciteit(
            replace(VOORBEELD, leefsituatie="samenwonend"),
            bijstandsnormen={"alleenstaand": D("1345.56")},
            **PERCENTAGES,
        )


@pytest.mark.parametrize(
    "anders",
    [
        {"normpercentage": D("-1")},
        {"capaciteitspercentage": D("-1")},
        {"capaciteitspercentage": D("100.01")},
    ],
)
def test_percentages_out_of_range_are_refused(anders):
    with pytest.raises(ValueError):
        bereken(**anders)


invoeren = st.builds(
    CapaciteitInvoer,
    leefsituatie=st.sampled_from(LEEFSITUATIES),
    netto_inkomen=bedragen(0, 1_000_000),
    vakantiegeld_per_jaar=bedragen(0, 1_000_000),
    overig_inkomen=bedragen(0, 500_000),
    woonlasten=bedragen(0, 300_000),
    zorgpremie=bedragen(0, 50_000),
    andere_regelingen=bedragen(0, 50_000),
    alimentatie=bedragen(0, 100_000),
)


@SNEL
@given(invoeren, st.integers(0, 150), st.integers(0, 100))
def test_steps_add_up_and_capacity_stays_within_ruimte(invoer, normpct, cappct):
    uitkomst = bereken(invoer, normpercentage=D(normpct), capaciteitspercentage=D(cappct))
    plus = sum(s.bedrag for s in uitkomst.stappen if s.bewerking == "+")
    min_ = sum(s.bedrag for s in uitkomst.stappen if s.bewerking == "-")
    assert uitkomst.inkomen == plus
    assert uitkomst.aftrek == min_
    assert uitkomst.ruimte == max(D(0), uitkomst.inkomen - uitkomst.aftrek - uitkomst.norm)
    assert 0 <= uitkomst.capaciteit <= uitkomst.ruimte
    assert uitkomst.capaciteit == uitkomst.capaciteit.to_integral_value()
    assert uitkomst.capaciteit > uitkomst.ruimte * D(cappct) / 100 - 1
    assert [s.code for s in uitkomst.stappen][-1] == "capaciteit"
