from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.voorschot import (
    Afrekening,
    VoorschotVersie,
    afrekening,
    maandbedragen,
    totaal_voorschot,
)
from tests.invordering.rules.hulp import SNEL, bedragen

D = Decimal
V1 = VoorschotVersie(versie=1, ingangsmaand=1, maandbedrag=D("100.00"))
V2 = VoorschotVersie(versie=2, ingangsmaand=7, maandbedrag=D("80.00"))


def test_a_new_versie_applies_from_its_ingangsmaand():
    assert maandbedragen([V1, V2]) == (D("100.00"),) * 6 + (D("80.00"),) * 6


def test_a_newer_versie_reaching_back_overrides_older_ones():
    v3 = VoorschotVersie(versie=3, ingangsmaand=4, maandbedrag=D("90.00"))
    assert maandbedragen([V2, v3, V1]) == (D("100.00"),) * 3 + (D("90.00"),) * 9


def test_an_older_versie_with_a_later_ingangsmaand_does_not_override_a_newer_one():
    nieuw = VoorschotVersie(versie=5, ingangsmaand=3, maandbedrag=D("80.00"))
    oud = VoorschotVersie(versie=4, ingangsmaand=6, maandbedrag=D("100.00"))
    assert maandbedragen([oud, nieuw]) == (D("0.00"),) * 2 + (D("80.00"),) * 10


def test_months_before_any_versie_are_zero_and_no_versies_means_zero():
    later = VoorschotVersie(versie=1, ingangsmaand=10, maandbedrag=D("50.00"))
    assert maandbedragen([later]) == (D("0.00"),) * 9 + (D("50.00"),) * 3
    assert maandbedragen([]) == (D("0.00"),) * 12


def test_totaal_voorschot_sums_the_year():
    assert totaal_voorschot([V1, V2]) == D("1080.00")


def test_duplicate_versie_numbers_are_refused():
    with pytest.raises(ValueError):
        maandbedragen([V1, VoorschotVersie(versie=1, ingangsmaand=5, maandbedrag=D("1.00"))])


@pytest.mark.parametrize(("maand", "bedrag"), [(0, D("1.00")), (13, D("1.00")), (5, D("-1.00"))])
def test_invalid_versie_is_refused(maand, bedrag):
    with pytest.raises(ValueError):
        VoorschotVersie(versie=1, ingangsmaand=maand, maandbedrag=bedrag)


@pytest.mark.parametrize(
    ("definitief", "verwacht"),
    [
        (D("900.00"), Afrekening(D("1080.00"), D("900.00"), D("180.00"), "terugvordering")),
        (D("1200.00"), Afrekening(D("1080.00"), D("1200.00"), D("120.00"), "nabetaling")),
        (D("1080.00"), Afrekening(D("1080.00"), D("1080.00"), D("0.00"), "gelijk")),
    ],
)
def test_afrekening_compares_voorschot_with_definitief(definitief, verwacht):
    assert afrekening(versies=[V1, V2], definitief=definitief) == verwacht


def test_afrekening_refuses_negative_definitief():
    with pytest.raises(ValueError):
        afrekening(versies=[V1], definitief=D("-1.00"))


versies_strategie = st.lists(
    st.builds(
        VoorschotVersie,
        versie=st.integers(0, 50),
        ingangsmaand=st.integers(1, 12),
        maandbedrag=bedragen(0, 100_000),
    ),
    max_size=6,
    unique_by=lambda v: v.versie,
)


@SNEL
@given(versies_strategie, bedragen(0, 2_000_000))
def test_afrekening_difference_matches_its_direction(versies, definitief):
    uitkomst = afrekening(versies=versies, definitief=definitief)
    maanden = maandbedragen(versies)
    assert len(maanden) == 12
    assert uitkomst.voorschot_totaal == sum(maanden)
    assert uitkomst.verschil >= 0
    teken = {"terugvordering": 1, "nabetaling": -1, "gelijk": 0}[uitkomst.soort]
    assert uitkomst.voorschot_totaal - definitief == teken * uitkomst.verschil
    for maand, bedrag in enumerate(maanden, start=1):
        geldig = [v for v in versies if v.ingangsmaand <= maand]
        assert bedrag == (max(geldig, key=lambda v: v.versie).maandbedrag if geldig else 0)
