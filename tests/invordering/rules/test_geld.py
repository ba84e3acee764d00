from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.geld import CENT, NUL, cent, floor_cent, floor_euro, som
from tests.invordering.rules.hulp import SNEL

D = Decimal
exacte_decimals = st.decimals(
    min_value=D("-1000000"), max_value=D("1000000"), places=6, allow_nan=False
)


def test_constants_are_two_decimal_amounts():
    assert D("0.01") == CENT
    assert D("0") == NUL and NUL.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        (D("1.005"), D("1.01")),
        (D("1.004"), D("1.00")),
        (D("-1.005"), D("-1.01")),
        (D("156.8"), D("156.80")),
        (7, D("7.00")),
        ("12.345", D("12.35")),
    ],
)
def test_cent_rounds_half_up_to_two_decimals(invoer, verwacht):
    uitkomst = cent(invoer)
    assert uitkomst == verwacht
    assert uitkomst.as_tuple().exponent == -2


@pytest.mark.parametrize("fout", [0.1, 1.0, True])
def test_cent_refuses_float_and_bool(fout):
    with pytest.raises(TypeError):
        cent(fout)


def test_cent_refuses_text_that_is_no_amount():
    with pytest.raises(ValueError):
        cent("twaalf")


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [(D("41.6666"), D("41.66")), (D("41.669"), D("41.66")), (D("-0.001"), D("-0.01"))],
)
def test_floor_cent_rounds_down(invoer, verwacht):
    assert floor_cent(invoer) == verwacht


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [(D("395.04"), D("395.00")), (D("0.99"), D("0.00")), (12, D("12.00"))],
)
def test_floor_euro_rounds_down_to_whole_euros_with_two_decimals(invoer, verwacht):
    uitkomst = floor_euro(invoer)
    assert uitkomst == verwacht
    assert uitkomst.as_tuple().exponent == -2


def test_som_of_nothing_is_nul():
    assert som([]) == NUL


def test_som_is_exact_where_float_is_not():
    assert som([D("0.10"), D("0.20")]) == D("0.30")
    assert som(D("0.01") for _ in range(100)) == D("1.00")


def test_som_refuses_float_items():
    with pytest.raises(TypeError):
        som([D("1.00"), 0.5])


@SNEL
@given(exacte_decimals)
def test_cent_is_within_half_a_cent(x):
    assert abs(cent(x) - x) <= D("0.005")


@SNEL
@given(exacte_decimals)
def test_floor_cent_is_the_largest_cent_not_above(x):
    assert floor_cent(x) <= x < floor_cent(x) + CENT


@SNEL
@given(exacte_decimals)
def test_floor_euro_is_the_largest_euro_not_above(x):
    uitkomst = floor_euro(x)
    assert uitkomst <= x < uitkomst + 1
    assert uitkomst == uitkomst.to_integral_value()


@SNEL
@given(st.lists(st.integers(-10_000_000, 10_000_000), max_size=30))
def test_som_equals_sum_of_cents(centen):
    assert som(D(c).scaleb(-2) for c in centen) == D(sum(centen)).scaleb(-2)
