import itertools

import pytest

from invordering.rules.escalatie import EINDFASE, FASEN, OVERGANGEN, mag_overgaan

# Written out by hand from the brief, independent of how the module builds its table.
VERWACHT = {
    "open": {"herinnering", "regeling", "afgerond"},
    "herinnering": {"signaal", "verrekening", "aanmaning", "regeling", "afgerond"},
    "signaal": {"verrekening", "aanmaning", "regeling", "afgerond"},
    "verrekening": {"aanmaning", "regeling", "afgerond"},
    "aanmaning": {"dwangbevel", "regeling", "afgerond"},
    "dwangbevel": {"beslag", "regeling", "afgerond"},
    "beslag": {"regeling", "afgerond"},
    "regeling": {"herinnering", "afgerond"},
    "afgerond": set(),
}


def test_fasen_in_escalation_order():
    assert FASEN == (
        "open",
        "herinnering",
        "signaal",
        "verrekening",
        "aanmaning",
        "dwangbevel",
        "beslag",
        "regeling",
        "afgerond",
    )
    assert EINDFASE == "afgerond"


def test_table_is_exactly_the_specified_one():
    assert {fase: set(naar) for fase, naar in OVERGANGEN.items()} == VERWACHT


@pytest.mark.parametrize("fase", [f for f in FASEN if f != "afgerond"])
def test_a_regeling_and_closing_stay_possible_at_every_stage(fase):
    assert mag_overgaan(fase, "afgerond")
    assert mag_overgaan(fase, "regeling") == (fase != "regeling")


@pytest.mark.parametrize(("van", "naar"), list(itertools.product(FASEN, FASEN)))
def test_mag_overgaan_for_every_pair(van, naar):
    assert mag_overgaan(van, naar) is (naar in VERWACHT[van])


def test_unknown_fase_is_refused():
    with pytest.raises(ValueError):
        mag_overgaan("open", "gevangenis")
    with pytest.raises(ValueError):
        mag_overgaan("onbekend", "afgerond")


def test_every_fase_is_reachable_from_open():
    bereikt, rand = {"open"}, ["open"]
    while rand:
        for naar in OVERGANGEN[rand.pop()]:
            if naar not in bereikt:
                bereikt.add(naar)
                rand.append(naar)
    assert bereikt == set(FASEN)
