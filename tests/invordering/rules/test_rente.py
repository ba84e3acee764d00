from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.rente import invorderingsrente
from tests.invordering.rules.hulp import SNEL, bedragen

D = Decimal


@pytest.mark.parametrize(
    ("bedrag", "pct", "van", "tot", "verwacht"),
    [
        (D("1000.00"), D("4"), date(2025, 1, 1), date(2025, 4, 11), D("10.96")),
        (D("1000.00"), D("4"), date(2025, 1, 1), date(2026, 1, 1), D("40.00")),
        # a leap year has 366 days of 1/365th each: 1000 x 4 x 366 / 36500 = 40.109...
        (D("1000.00"), D("4"), date(2024, 1, 1), date(2025, 1, 1), D("40.11")),
        (D("640.00"), D("4.5"), date(2025, 3, 1), date(2025, 3, 2), D("0.08")),
    ],
)
def test_simple_interest_per_day(bedrag, pct, van, tot, verwacht):
    uitkomst = invorderingsrente(bedrag=bedrag, percentage_per_jaar=pct, van=van, tot=tot)
    assert uitkomst == verwacht


@pytest.mark.parametrize(
    ("pct", "van", "tot"),
    [
        (D("0"), date(2025, 1, 1), date(2026, 1, 1)),
        (D("4"), date(2025, 1, 1), date(2025, 1, 1)),
        (D("4"), date(2025, 2, 1), date(2025, 1, 1)),
    ],
)
def test_no_rate_or_no_time_is_no_interest(pct, van, tot):
    uitkomst = invorderingsrente(bedrag=D("1000.00"), percentage_per_jaar=pct, van=van, tot=tot)
    assert uitkomst == D("0.00")


def test_negative_input_is_refused():
    with pytest.raises(ValueError):
        invorderingsrente(
            bedrag=D("-1.00"),
            percentage_per_jaar=D("4"),
            van=date(2025, 1, 1),
            tot=date(2025, 2, 1),
        )


@SNEL
@given(bedragen(0, 10_000_000), bedragen(0, 2_000), st.integers(0, 3_000), st.integers(0, 3_000))
def test_interest_grows_with_time_and_is_cent_exact(bedrag, pct, dagen_a, dagen_b):
    van = date(2020, 1, 1)
    korter, langer = sorted((dagen_a, dagen_b))

    def rente(dagen):
        return invorderingsrente(
            bedrag=bedrag, percentage_per_jaar=pct, van=van, tot=van + timedelta(days=dagen)
        )

    assert D(0) <= rente(korter) <= rente(langer)
    assert rente(langer) == rente(langer).quantize(D("0.01"))
    assert abs(rente(langer) - bedrag * pct * langer / 36500) <= D("0.005")
