import itertools

import pytest

from invordering.rules.verzoek import (
    ACTIES,
    EINDSTATUSSEN,
    OPEN_STATUSSEN,
    OVERGANGEN,
    STATUSSEN,
    OngeldigeOvergang,
    mogelijke_acties,
    volgende_status,
)

# The table written out by hand from the brief, independent of the module's own.
VERWACHT = {
    ("concept", "indienen"): "ingediend",
    ("ingediend", "in_behandeling_nemen"): "in_behandeling",
    ("ingediend", "info_vragen"): "info_gevraagd",
    ("in_behandeling", "info_vragen"): "info_gevraagd",
    ("info_gevraagd", "info_aanvullen"): "in_behandeling",
    ("ingediend", "toekennen"): "toegekend",
    ("in_behandeling", "toekennen"): "toegekend",
    ("ingediend", "afwijzen"): "afgewezen",
    ("in_behandeling", "afwijzen"): "afgewezen",
    ("info_gevraagd", "afwijzen"): "afgewezen",
    ("concept", "intrekken"): "ingetrokken",
    ("ingediend", "intrekken"): "ingetrokken",
    ("in_behandeling", "intrekken"): "ingetrokken",
    ("info_gevraagd", "intrekken"): "ingetrokken",
}


def test_status_sets():
    assert STATUSSEN == (
        "concept",
        "ingediend",
        "in_behandeling",
        "info_gevraagd",
        "toegekend",
        "afgewezen",
        "ingetrokken",
    )
    assert frozenset({"ingediend", "in_behandeling", "info_gevraagd"}) == OPEN_STATUSSEN
    assert frozenset({"toegekend", "afgewezen", "ingetrokken"}) == EINDSTATUSSEN


def test_table_is_exactly_the_specified_one():
    assert OVERGANGEN == VERWACHT


@pytest.mark.parametrize(("status", "actie"), list(itertools.product(STATUSSEN, ACTIES)))
def test_every_status_action_pair(status, actie):
    if (status, actie) in VERWACHT:
        assert volgende_status(status, actie) == VERWACHT[(status, actie)]
        assert actie in mogelijke_acties(status)
    else:
        with pytest.raises(OngeldigeOvergang):
            volgende_status(status, actie)
        assert actie not in mogelijke_acties(status)


@pytest.mark.parametrize("status", sorted(EINDSTATUSSEN))
def test_final_statuses_allow_nothing(status):
    assert mogelijke_acties(status) == ()


@pytest.mark.parametrize("status", sorted(set(STATUSSEN) - EINDSTATUSSEN))
def test_every_non_final_status_can_still_be_withdrawn(status):
    assert "intrekken" in mogelijke_acties(status)


def test_mogelijke_acties_keep_the_order_of_acties():
    assert mogelijke_acties("info_gevraagd") == ("info_aanvullen", "afwijzen", "intrekken")


def test_unknown_names_are_refused():
    with pytest.raises(OngeldigeOvergang):
        volgende_status("bestaat_niet", "indienen")
    with pytest.raises(ValueError):
        mogelijke_acties("bestaat_niet")


def test_ongeldige_overgang_is_a_value_error():
    assert issubclass(OngeldigeOvergang, ValueError)


def test_every_status_is_reachable_from_concept():
    bereikt = {"concept"}
    rand = ["concept"]
    while rand:
        status = rand.pop()
        for actie in mogelijke_acties(status):
            nieuw = volgende_status(status, actie)
            if nieuw not in bereikt:
                bereikt.add(nieuw)
                rand.append(nieuw)
    assert bereikt == set(STATUSSEN)
