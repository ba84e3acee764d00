import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.kalender import plus_maanden
from invordering.rules.termijnen import (
    PbtVoorstel,
    gemiste_termijn_actie,
    pbt_voorstel,
    standaard_termijnen,
    termijn_vervaldata,
    verschoven_vervaldata,
)
from tests.invordering.rules.hulp import SNEL, bedragen

D = Decimal
STANDAARD = {"max_termijnen": 24, "minimum_termijn": D("20.00")}


def voorstel(**anders) -> PbtVoorstel:
    waarden = {
        "openstaand": D("1000.00"),
        "capaciteit": D("395.00"),
        "vermogen": D("0.00"),
        "vrijgesteld_vermogen": D("7500.00"),
        "max_termijnen_standaard": 24,
        "minimum_termijn": D("20.00"),
        "pbt_looptijd_maanden": 36,
        "heroverweging_maanden": 6,
    }
    waarden.update(anders)
    return pbt_voorstel(**waarden)


# --- standaard_termijnen -----------------------------------------------------------------


def test_last_termijn_absorbs_rounding():
    termijnen = standaard_termijnen(D("1000.00"), **STANDAARD)
    assert termijnen == [D("41.66")] * 23 + [D("41.82")]


@pytest.mark.parametrize(
    ("bedrag", "verwacht"),
    [
        (D("480.00"), [D("20.00")] * 24),
        (D("479.99"), [D("20.86")] * 22 + [D("21.07")]),
        (D("100.00"), [D("20.00")] * 5),
        (D("40.00"), [D("20.00")] * 2),
        (D("39.99"), [D("39.99")]),
        (D("20.00"), [D("20.00")]),
        (D("15.00"), [D("15.00")]),
        (D("0.01"), [D("0.01")]),
        (D("10000.00"), [D("416.66")] * 23 + [D("416.82")]),
    ],
)
def test_standaard_termijnen_examples(bedrag, verwacht):
    assert standaard_termijnen(bedrag, **STANDAARD) == verwacht


@pytest.mark.parametrize("bedrag", [D("0.00"), D("-5.00"), D("10.005")])
def test_standaard_termijnen_refuses_non_positive_or_sub_cent_amounts(bedrag):
    with pytest.raises(ValueError):
        standaard_termijnen(bedrag, **STANDAARD)


def test_standaard_termijnen_refuses_float():
    with pytest.raises(TypeError):
        standaard_termijnen(100.0, **STANDAARD)


def test_standaard_termijnen_refuses_zero_max_termijnen():
    with pytest.raises(ValueError):
        standaard_termijnen(D("100.00"), max_termijnen=0, minimum_termijn=D("20.00"))


@SNEL
@given(bedragen(1, 5_000_000), st.integers(1, 60), bedragen(1, 10_000))
def test_standaard_termijnen_split_the_whole_amount(bedrag, max_termijnen, minimum):
    termijnen = standaard_termijnen(bedrag, max_termijnen=max_termijnen, minimum_termijn=minimum)
    assert sum(termijnen) == bedrag
    assert 1 <= len(termijnen) <= max_termijnen
    assert all(t > 0 for t in termijnen)
    basis = termijnen[0]
    assert all(t == basis for t in termijnen[:-1])
    # the last termijn takes less than one cent per termijn on top of the base
    assert 0 <= termijnen[-1] - basis < D("0.01") * len(termijnen)
    if bedrag >= minimum:
        assert min(termijnen) >= minimum
    else:
        assert termijnen == [bedrag]


# --- vervaldata --------------------------------------------------------------------------


def test_termijn_vervaldata_return_to_the_31st_after_a_short_month():
    assert termijn_vervaldata(date(2025, 1, 31), 3) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
    ]


def test_termijn_vervaldata_of_zero_termijnen_is_empty():
    assert termijn_vervaldata(date(2025, 1, 31), 0) == []


@SNEL
@given(st.dates(date(2000, 1, 1), date(2080, 1, 1)), st.integers(0, 48))
def test_termijn_vervaldata_are_one_per_month_and_increasing(eerste, aantal):
    data = termijn_vervaldata(eerste, aantal)
    assert len(data) == aantal
    assert data == [plus_maanden(eerste, i) for i in range(aantal)]
    assert all(a < b for a, b in itertools.pairwise(data))


@pytest.mark.parametrize(
    ("vanaf", "verwacht"),
    [
        (0, [date(2025, 2, 28), date(2025, 3, 28), date(2025, 4, 30)]),
        (1, [date(2025, 1, 31), date(2025, 3, 28), date(2025, 4, 30)]),
        (3, [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]),
    ],
)
def test_verschoven_vervaldata_move_from_the_index_on(vanaf, verwacht):
    data = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]
    assert verschoven_vervaldata(data, vanaf) == verwacht


@pytest.mark.parametrize("vanaf", [-1, 4])
def test_verschoven_vervaldata_refuses_an_index_outside_the_list(vanaf):
    with pytest.raises(ValueError):
        verschoven_vervaldata([date(2025, 1, 31)] * 3, vanaf)


@SNEL
@given(st.dates(date(2000, 1, 1), date(2080, 1, 1)), st.integers(1, 36), st.data())
def test_verschoven_vervaldata_keep_order_and_shift_exactly_one_month(eerste, aantal, data):
    vervaldata = termijn_vervaldata(eerste, aantal)
    vanaf = data.draw(st.integers(0, aantal))
    nieuw = verschoven_vervaldata(vervaldata, vanaf)
    assert nieuw[:vanaf] == vervaldata[:vanaf]
    assert nieuw[vanaf:] == [plus_maanden(d, 1) for d in vervaldata[vanaf:]]
    assert all(a < b for a, b in itertools.pairwise(nieuw))


@pytest.mark.parametrize(
    ("tot_nu", "maximum", "verwacht"),
    [(0, 2, "verschuiven"), (1, 2, "verschuiven"), (2, 2, "intrekken"), (0, 0, "intrekken")],
)
def test_gemiste_termijn_shifts_until_the_maximum_then_withdraws(tot_nu, maximum, verwacht):
    actie = gemiste_termijn_actie(verschuivingen_tot_nu=tot_nu, max_verschuivingen=maximum)
    assert actie == verwacht


# --- pbt_voorstel ------------------------------------------------------------------------


def test_pbt_equals_standard_regeling_when_capacity_suffices():
    uitkomst = voorstel(capaciteit=D("395.00"))
    assert uitkomst.soort == "standaard"
    assert uitkomst.termijnen == (D("41.66"),) * 23 + (D("41.82"),)
    assert (uitkomst.termijnbedrag, uitkomst.looptijd) == (D("41.66"), 24)
    assert uitkomst.voorwaardelijke_restschuld == D("0.00")
    assert uitkomst.heroverweging_na_maanden is None


@pytest.mark.parametrize(
    ("capaciteit", "soort"), [(D("41.66"), "standaard"), (D("41.65"), "verlaagd")]
)
def test_pbt_boundary_is_the_first_standard_termijn(capaciteit, soort):
    assert voorstel(capaciteit=capaciteit).soort == soort


def test_pbt_verlaagd_paid_within_looptijd_ends_with_the_remainder():
    uitkomst = voorstel(capaciteit=D("30.00"))
    assert uitkomst.soort == "verlaagd"
    assert uitkomst.termijnen == (D("30.00"),) * 33 + (D("10.00"),)
    assert (uitkomst.termijnbedrag, uitkomst.looptijd) == (D("30.00"), 34)
    assert uitkomst.voorwaardelijke_restschuld == D("0.00")


def test_pbt_verlaagd_leaves_a_voorwaardelijke_restschuld_after_the_looptijd():
    uitkomst = voorstel(openstaand=D("5000.00"), capaciteit=D("100.00"))
    assert uitkomst.soort == "verlaagd"
    assert uitkomst.termijnen == (D("100.00"),) * 36
    assert uitkomst.looptijd == 36
    assert uitkomst.voorwaardelijke_restschuld == D("1400.00")


def test_pbt_without_capacity_has_no_termijnen_and_a_review():
    uitkomst = voorstel(capaciteit=D("0.00"))
    assert uitkomst.soort == "geen_capaciteit"
    assert uitkomst.termijnen == ()
    assert (uitkomst.termijnbedrag, uitkomst.looptijd) == (D("0.00"), 0)
    assert uitkomst.heroverweging_na_maanden == 6
    assert uitkomst.voorwaardelijke_restschuld == D("1000.00")


def test_pbt_uses_vermogen_above_the_exemption_first():
    uitkomst = voorstel(vermogen=D("8000.00"), vrijgesteld_vermogen=D("7500.00"))
    assert uitkomst.soort == "eerst_vermogen"
    assert uitkomst.vermogen_in_te_zetten == D("500.00")
    assert uitkomst.termijnen == (D("20.83"),) * 23 + (D("20.91"),)


def test_pbt_vermogen_covering_everything_leaves_no_termijnen():
    uitkomst = voorstel(openstaand=D("300.00"), vermogen=D("10000.00"))
    assert uitkomst.soort == "eerst_vermogen"
    assert uitkomst.vermogen_in_te_zetten == D("300.00")
    assert uitkomst.termijnen == ()
    assert uitkomst.looptijd == 0


@pytest.mark.parametrize(
    "anders",
    [
        {"openstaand": D("0.00")},
        {"capaciteit": D("-1.00")},
        {"vermogen": D("-0.01")},
        {"pbt_looptijd_maanden": 0},
        {"heroverweging_maanden": 0},
    ],
)
def test_pbt_refuses_invalid_input(anders):
    with pytest.raises(ValueError):
        voorstel(**anders)


@SNEL
@given(
    openstaand=bedragen(1, 5_000_000),
    capaciteit=bedragen(0, 200_000),
    vermogen=bedragen(0, 3_000_000),
    vrijgesteld=bedragen(0, 2_000_000),
    max_standaard=st.integers(1, 36),
    minimum=bedragen(1, 5_000),
    looptijd=st.integers(1, 60),
)
def test_pbt_parts_add_up_to_openstaand(
    openstaand, capaciteit, vermogen, vrijgesteld, max_standaard, minimum, looptijd
):
    uitkomst = voorstel(
        openstaand=openstaand,
        capaciteit=capaciteit,
        vermogen=vermogen,
        vrijgesteld_vermogen=vrijgesteld,
        max_termijnen_standaard=max_standaard,
        minimum_termijn=minimum,
        pbt_looptijd_maanden=looptijd,
    )
    totaal = (
        sum(uitkomst.termijnen)
        + uitkomst.voorwaardelijke_restschuld
        + uitkomst.vermogen_in_te_zetten
    )
    assert totaal == openstaand
    assert all(t > 0 for t in uitkomst.termijnen)
    assert uitkomst.voorwaardelijke_restschuld >= 0
    assert uitkomst.vermogen_in_te_zetten == min(openstaand, max(D(0), vermogen - vrijgesteld))
    assert uitkomst.looptijd == len(uitkomst.termijnen)
    rest = openstaand - uitkomst.vermogen_in_te_zetten
    assert (uitkomst.heroverweging_na_maanden is not None) == (capaciteit == 0 and rest > 0)
    if uitkomst.soort == "verlaagd":
        assert all(t <= capaciteit for t in uitkomst.termijnen)
        assert len(uitkomst.termijnen) <= looptijd
    if uitkomst.voorwaardelijke_restschuld > 0 and capaciteit > 0:
        assert uitkomst.termijnen == (capaciteit,) * looptijd


@SNEL
@given(openstaand=bedragen(1, 5_000_000), capaciteit=bedragen(1, 200_000))
def test_pbt_verlaagd_termijn_never_exceeds_capacity_but_standard_may(openstaand, capaciteit):
    uitkomst = voorstel(openstaand=openstaand, capaciteit=capaciteit)
    standaard = standaard_termijnen(openstaand, **STANDAARD)
    if capaciteit >= standaard[0]:
        assert uitkomst.soort == "standaard"
        assert list(uitkomst.termijnen) == standaard
    else:
        assert uitkomst.soort == "verlaagd"
        assert uitkomst.termijnbedrag == capaciteit
