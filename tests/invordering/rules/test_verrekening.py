from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.verrekening import (
    Verrekenuitkomst,
    verdeel_over_voorschotten,
    verrekenbedrag,
    vooruitblik,
)
from tests.invordering.rules.hulp import SNEL, bedragen

D = Decimal


def test_minimum_payout_limits_the_worked_example():
    uitkomst = verrekenbedrag(
        voorschot=D("123.00"),
        gewenst=D("200.00"),
        openstaand=D("640.00"),
        minimum_uitbetaling=D("20.00"),
    )
    assert uitkomst == Verrekenuitkomst(D("103.00"), D("20.00"), "minimum_uitbetaling")


@pytest.mark.parametrize(
    ("anders", "bedrag", "begrensd_door"),
    [
        ({}, D("50.00"), "gewenst"),
        ({"openstaand": D("30.00")}, D("30.00"), "openstaand"),
        ({"openstaand": D("50.00")}, D("50.00"), "gewenst"),  # tie: gewenst comes first
        ({"capaciteit": D("40.00")}, D("40.00"), "capaciteit"),
        ({"beschermd_max": D("12.50")}, D("12.50"), "beschermd_inkomen"),
        ({"capaciteit": D("0.00")}, D("0.00"), "capaciteit"),
        ({"voorschot": D("15.00")}, D("0.00"), "minimum_uitbetaling"),
        ({"voorschot": D("60.00")}, D("40.00"), "minimum_uitbetaling"),
        ({"voorschot": D("0.00")}, D("0.00"), "geen_voorschot"),
        ({"gewenst": D("0.00")}, D("0.00"), "gewenst"),
    ],
)
def test_the_smallest_limit_wins(anders, bedrag, begrensd_door):
    waarden = {
        "voorschot": D("300.00"),
        "gewenst": D("50.00"),
        "openstaand": D("640.00"),
        "minimum_uitbetaling": D("20.00"),
        **anders,
    }
    uitkomst = verrekenbedrag(**waarden)
    assert uitkomst.bedrag == bedrag
    assert uitkomst.uitbetaald == waarden["voorschot"] - bedrag
    assert uitkomst.begrensd_door == begrensd_door


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError, match="openstaand"):
        verrekenbedrag(
            voorschot=D("100.00"),
            gewenst=D("10.00"),
            openstaand=D("-1.00"),
            minimum_uitbetaling=D("20.00"),
        )


optioneel = st.none() | bedragen(0, 100_000)


@SNEL
@given(
    voorschot=bedragen(0, 100_000),
    gewenst=bedragen(0, 100_000),
    openstaand=bedragen(0, 1_000_000),
    minimum=bedragen(0, 5_000),
    capaciteit=optioneel,
    beschermd_max=optioneel,
)
def test_withholding_respects_every_limit(
    voorschot, gewenst, openstaand, minimum, capaciteit, beschermd_max
):
    uitkomst = verrekenbedrag(
        voorschot=voorschot,
        gewenst=gewenst,
        openstaand=openstaand,
        minimum_uitbetaling=minimum,
        capaciteit=capaciteit,
        beschermd_max=beschermd_max,
    )
    grenzen = [gewenst, openstaand, voorschot - minimum]
    grenzen += [g for g in (capaciteit, beschermd_max) if g is not None]
    assert uitkomst.bedrag == max(D(0), min(grenzen))
    assert uitkomst.bedrag + uitkomst.uitbetaald == voorschot
    assert uitkomst.uitbetaald >= min(voorschot, minimum)
    assert uitkomst.bedrag >= 0


def test_spread_over_voorschotten_takes_in_order_until_gewenst():
    uitkomsten = verdeel_over_voorschotten(
        voorschotten=[("ZT", D("123.00")), ("HT", D("300.00")), ("KGB", D("90.00"))],
        gewenst=D("150.00"),
        openstaand=D("640.00"),
        minimum_uitbetaling=D("20.00"),
    )
    assert uitkomsten == (
        ("ZT", Verrekenuitkomst(D("103.00"), D("20.00"), "minimum_uitbetaling")),
        ("HT", Verrekenuitkomst(D("47.00"), D("253.00"), "gewenst")),
        ("KGB", Verrekenuitkomst(D("0.00"), D("90.00"), "gewenst")),
    )


def test_spread_respects_capacity_over_all_voorschotten():
    uitkomsten = verdeel_over_voorschotten(
        voorschotten=[("ZT", D("123.00")), ("HT", D("300.00"))],
        gewenst=D("500.00"),
        openstaand=D("640.00"),
        minimum_uitbetaling=D("20.00"),
        capaciteit=D("120.00"),
    )
    assert [u.bedrag for _, u in uitkomsten] == [D("103.00"), D("17.00")]
    assert uitkomsten[1][1].begrensd_door == "capaciteit"


@SNEL
@given(
    voorschotten=st.lists(bedragen(0, 100_000), max_size=5),
    gewenst=bedragen(0, 200_000),
    openstaand=bedragen(0, 1_000_000),
    minimum=bedragen(0, 5_000),
    capaciteit=optioneel,
    beschermd_max=optioneel,
)
def test_spread_never_exceeds_a_limit_and_takes_all_it_may(
    voorschotten, gewenst, openstaand, minimum, capaciteit, beschermd_max
):
    uitkomsten = verdeel_over_voorschotten(
        voorschotten=list(enumerate(voorschotten)),
        gewenst=gewenst,
        openstaand=openstaand,
        minimum_uitbetaling=minimum,
        capaciteit=capaciteit,
        beschermd_max=beschermd_max,
    )
    assert [sleutel for sleutel, _ in uitkomsten] == list(range(len(voorschotten)))
    totaal = sum((u.bedrag for _, u in uitkomsten), D(0))
    limieten = [gewenst, openstaand] + [g for g in (capaciteit, beschermd_max) if g is not None]
    assert totaal <= min(limieten)
    for voorschot, (_, uitkomst) in zip(voorschotten, uitkomsten, strict=True):
        assert uitkomst.bedrag >= 0
        assert uitkomst.bedrag + uitkomst.uitbetaald == voorschot
        assert uitkomst.uitbetaald >= min(voorschot, minimum)
    beschikbaar = sum((max(D(0), v - minimum) for v in voorschotten), D(0))
    assert totaal == min([*limieten, beschikbaar])


@pytest.mark.parametrize(
    ("was", "wordt", "open_na", "soort", "resteert"),
    [
        ("100.00", "100.00", "500.00", None, None),  # the same amount, more months follow
        ("100.00", "60.00", "500.00", "gewijzigd", "440.00"),  # the voorschot went down
        ("100.00", "40.00", "40.00", "laatste", "0.00"),  # next month pays off the rest
        ("100.00", "100.00", "100.00", "laatste", "0.00"),  # same amount, but the last
        ("100.00", "0.00", "300.00", "stopt", "300.00"),  # no voorschot next month
        ("0.00", "80.00", "300.00", "start", "220.00"),  # a voorschot starts again
        ("0.00", "0.00", "300.00", None, None),  # nothing withheld, nothing will be
        ("100.00", "0.00", "0.00", None, None),  # paid off: the closing letter says so
    ],
)
def test_vooruitblik_tells_only_what_changes(was, wordt, open_na, soort, resteert):
    uitkomst = vooruitblik(was=D(was), wordt=D(wordt), open_na=D(open_na))
    if soort is None:
        assert uitkomst is None
    else:
        assert (uitkomst.soort, uitkomst.resteert) == (soort, D(resteert))
        assert (uitkomst.was, uitkomst.wordt) == (D(was), D(wordt))


def test_vooruitblik_refuses_negative_amounts():
    with pytest.raises(ValueError, match="open_na"):
        vooruitblik(was=D("1.00"), wordt=D("1.00"), open_na=D("-1.00"))
