from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invordering.rules.actie import (
    ACTIE_NODIG,
    INFORMATIEF,
    NIETS,
    Kandidaat,
    combineer,
    kies_actie,
)

D = Decimal


def test_nothing_to_do_gives_niets():
    assert kies_actie([]) is NIETS


def test_an_action_beats_information_even_with_a_later_deadline():
    gekozen = kies_actie(
        [
            Kandidaat("verzoek", date(2026, 11, 20)),
            Kandidaat("termijn", date(2026, 12, 1), D("50.00")),
        ]
    )
    assert gekozen.soort == "termijn"


def test_the_earliest_deadline_wins():
    gekozen = kies_actie(
        [
            Kandidaat("herinnering", date(2026, 11, 21), D("640.00"), ("A",)),
            Kandidaat("termijn", date(2026, 11, 18), D("46.50"), ("B",)),
        ]
    )
    assert gekozen.onderwerpen == ("B",)


def test_on_the_same_day_the_heavier_step_wins():
    dag = date(2026, 11, 21)
    gekozen = kies_actie(
        [Kandidaat("termijn", dag, D("20.00")), Kandidaat("aanmaning", dag, D("90.00"))]
    )
    assert gekozen.soort == "aanmaning"


def test_termijnen_due_the_same_day_become_one_action_with_the_total():
    dag = date(2026, 11, 22)
    gekozen = kies_actie(
        [
            Kandidaat("termijn", dag, D("46.50"), ("R1",)),
            Kandidaat("termijn", dag, D("20.72"), ("R2",)),
        ]
    )
    assert (gekozen.bedrag, gekozen.onderwerpen, gekozen.details["aantal"]) == (
        D("67.22"),
        ("R1", "R2"),
        2,
    )


def test_only_information_shows_the_earliest_information():
    gekozen = kies_actie(
        [Kandidaat("pauze", date(2027, 2, 15)), Kandidaat("signaal", date(2026, 11, 20))]
    )
    assert gekozen.soort == "signaal"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Kandidaat("iets")


kandidaten = st.lists(
    st.builds(
        Kandidaat,
        soort=st.sampled_from(ACTIE_NODIG + INFORMATIEF),
        uiterlijk=st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
        bedrag=st.none() | st.decimals(D("0.01"), D("5000"), places=2),
        onderwerpen=st.tuples(st.text("ABC", min_size=1, max_size=3)),
    ),
    max_size=12,
)


@settings(max_examples=200)
@given(kandidaten)
def test_the_chosen_action_is_never_less_urgent_than_another(lijst):
    gekozen = kies_actie(lijst)
    if not lijst:
        assert gekozen is NIETS
        return
    if any(k.soort in ACTIE_NODIG for k in lijst):
        assert gekozen.soort in ACTIE_NODIG
        andere = [k for k in lijst if k.soort in ACTIE_NODIG]
        assert all((gekozen.uiterlijk or date.max) <= (k.uiterlijk or date.max) for k in andere)


@settings(max_examples=200)
@given(kandidaten)
def test_combining_keeps_every_cent_and_every_subject(lijst):
    samen = combineer(lijst)
    assert sum(k.bedrag or 0 for k in samen) == sum(k.bedrag or 0 for k in lijst)
    assert sorted(o for k in samen for o in k.onderwerpen) == sorted(
        o for k in lijst for o in k.onderwerpen
    )
