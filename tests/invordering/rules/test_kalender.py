from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.kalender import (
    eerste_van_maand,
    feestdagen,
    is_werkdag,
    pasen,
    plus_maanden,
    werkdagen_later,
)
from tests.invordering.rules.hulp import SNEL

datums = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@pytest.mark.parametrize(
    ("d", "n", "verwacht"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2025, 5, 10), 0, date(2025, 5, 10)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
    ],
)
def test_plus_maanden_clamps_to_month_end(d, n, verwacht):
    assert plus_maanden(d, n) == verwacht


@SNEL
@given(datums, st.integers(-120, 120))
def test_plus_maanden_moves_exactly_n_months_and_keeps_the_day_when_it_exists(d, n):
    uitkomst = plus_maanden(d, n)
    assert (uitkomst.year * 12 + uitkomst.month) - (d.year * 12 + d.month) == n
    assert uitkomst.day <= d.day
    if uitkomst.day < d.day:
        # clamped: it must be the last day of its month
        assert (uitkomst + timedelta(days=1)).day == 1


def test_eerste_van_maand():
    assert eerste_van_maand(date(2025, 3, 17)) == date(2025, 3, 1)
    assert eerste_van_maand(date(2025, 3, 1)) == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("jaar", "verwacht"),
    [
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_pasen_follows_the_gregorian_computus(jaar, verwacht):
    assert pasen(jaar) == verwacht


def test_feestdagen_2025_include_lustrum_bevrijdingsdag_and_koningsdag_on_saturday():
    assert feestdagen(2025) == {
        date(2025, 1, 1),
        date(2025, 4, 20),
        date(2025, 4, 21),
        date(2025, 4, 26),
        date(2025, 5, 5),
        date(2025, 5, 29),
        date(2025, 6, 8),
        date(2025, 6, 9),
        date(2025, 12, 25),
        date(2025, 12, 26),
    }


def test_feestdagen_2026_have_no_bevrijdingsdag_and_no_goede_vrijdag():
    assert feestdagen(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 14),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    }
    assert date(2026, 4, 3) not in feestdagen(2026)  # Goede Vrijdag


@SNEL
@given(st.integers(1990, 2200))
def test_easter_based_holidays_keep_their_weekdays(jaar):
    dagen = feestdagen(jaar)
    paasdag = pasen(jaar)
    assert paasdag.weekday() == 6 and paasdag in dagen
    assert (paasdag + timedelta(days=39)).weekday() == 3  # Hemelvaart on a Thursday
    assert (paasdag + timedelta(days=49)) in dagen
    zevenentwintig = date(jaar, 4, 27)
    if zevenentwintig.weekday() == 6:
        assert date(jaar, 4, 26) in dagen
    else:
        assert zevenentwintig in dagen
    bevrijdingsdag = date(jaar, 5, 5)
    beweeglijk = {paasdag + timedelta(days=n) for n in (0, 1, 39, 49, 50)}
    if jaar % 5 == 0:
        assert bevrijdingsdag in dagen
    elif bevrijdingsdag not in beweeglijk:
        assert bevrijdingsdag not in dagen


@pytest.mark.parametrize(
    ("d", "verwacht"),
    [
        (date(2025, 3, 3), True),  # Monday
        (date(2025, 3, 1), False),  # Saturday
        (date(2025, 3, 2), False),  # Sunday
        (date(2025, 5, 29), False),  # Hemelvaart
        (date(2025, 4, 18), True),  # Goede Vrijdag is a working day
        (date(2026, 5, 5), True),  # no lustrum
        (date(2025, 12, 26), False),
    ],
)
def test_is_werkdag(d, verwacht):
    assert is_werkdag(d) is verwacht


@pytest.mark.parametrize(
    ("d", "n", "verwacht"),
    [
        (date(2025, 3, 3), 0, date(2025, 3, 3)),
        (date(2025, 3, 1), 0, date(2025, 3, 3)),
        (date(2025, 3, 1), 1, date(2025, 3, 3)),
        (date(2025, 3, 1), 2, date(2025, 3, 4)),
        (date(2025, 5, 2), 1, date(2025, 5, 6)),
        (date(2025, 5, 28), 1, date(2025, 5, 30)),
        (date(2025, 3, 3), 10, date(2025, 3, 17)),
        (date(2025, 12, 23), 2, date(2025, 12, 29)),
    ],
)
def test_werkdagen_later_skips_weekends_and_holidays(d, n, verwacht):
    assert werkdagen_later(d, n) == verwacht


def test_werkdagen_later_refuses_negative_n():
    with pytest.raises(ValueError):
        werkdagen_later(date(2025, 3, 3), -1)


@SNEL
@given(datums, st.integers(0, 40))
def test_werkdagen_later_counts_exactly_n_working_days(d, n):
    uitkomst = werkdagen_later(d, n)
    assert is_werkdag(uitkomst)
    tussen = [d + timedelta(days=i) for i in range(1, (uitkomst - d).days + 1)]
    if n == 0:
        assert uitkomst >= d
        assert not any(is_werkdag(x) for x in [d, *tussen][: (uitkomst - d).days])
    else:
        assert sum(is_werkdag(x) for x in tussen) == n
