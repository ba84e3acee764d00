import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.allocatie import COMPONENTEN, Allocatie, Post, Toewijzing, alloceer
from tests.invordering.rules.hulp import SNEL, bedragen

D = Decimal
A = Post("A", date(2023, 1, 5), kosten=D("10.00"), rente=D("0.00"), hoofdsom=D("50.00"))
B = Post("B", date(2024, 2, 1), kosten=D("0.00"), rente=D("0.00"), hoofdsom=D("80.00"))


def test_oldest_post_first_and_costs_before_principal():
    assert alloceer(D("100.00"), [B, A]) == Allocatie(
        toewijzingen=(
            Toewijzing("A", "kosten", D("10.00")),
            Toewijzing("A", "hoofdsom", D("50.00")),
            Toewijzing("B", "hoofdsom", D("40.00")),
        ),
        rest=D("0.00"),
    )


def test_within_a_post_kosten_then_rente_then_hoofdsom():
    post = Post("X", date(2024, 1, 1), kosten=D("5.00"), rente=D("3.00"), hoofdsom=D("100.00"))
    uitkomst = alloceer(D("6.50"), [post])
    assert uitkomst.toewijzingen == (
        Toewijzing("X", "kosten", D("5.00")),
        Toewijzing("X", "rente", D("1.50")),
    )
    assert uitkomst.rest == D("0.00")


def test_posts_with_the_same_date_keep_the_given_order():
    eerste = Post("eerste", date(2024, 1, 1), D("0"), D("0"), D("30.00"))
    tweede = Post("tweede", date(2024, 1, 1), D("0"), D("0"), D("30.00"))
    assert [t.sleutel for t in alloceer(D("40.00"), [tweede, eerste]).toewijzingen] == [
        "tweede",
        "eerste",
    ]


def test_overpayment_is_rest():
    uitkomst = alloceer(D("200.00"), [A, B])
    assert sum(t.bedrag for t in uitkomst.toewijzingen) == D("140.00")
    assert uitkomst.rest == D("60.00")


def test_zero_payment_allocates_nothing():
    assert alloceer(D("0.00"), [A, B]) == Allocatie(toewijzingen=(), rest=D("0.00"))


def test_payment_without_posts_is_all_rest():
    assert alloceer(D("12.34"), []) == Allocatie(toewijzingen=(), rest=D("12.34"))


def test_negative_payment_is_refused():
    with pytest.raises(ValueError):
        alloceer(D("-0.01"), [A])


def test_negative_component_is_refused():
    with pytest.raises(ValueError, match="rente"):
        Post("Y", date(2024, 1, 1), kosten=D("0"), rente=D("-1.00"), hoofdsom=D("0"))


posten_strategie = st.lists(
    st.builds(
        Post,
        sleutel=st.uuids(),
        datum=st.dates(date(2015, 1, 1), date(2026, 12, 31)),
        kosten=bedragen(0, 20_000),
        rente=bedragen(0, 20_000),
        hoofdsom=bedragen(0, 500_000),
    ),
    max_size=8,
)


@SNEL
@given(bedragen(0, 2_000_000), posten_strategie)
def test_allocation_adds_up_and_never_overallocates(bedrag, posten):
    uitkomst = alloceer(bedrag, posten)
    assert sum(t.bedrag for t in uitkomst.toewijzingen) + uitkomst.rest == bedrag
    assert uitkomst.rest >= 0
    assert all(t.bedrag > 0 for t in uitkomst.toewijzingen)
    per_post = {p.sleutel: p for p in posten}
    gezien = set()
    for t in uitkomst.toewijzingen:
        # one toewijzing per component, never above what was open
        assert (t.sleutel, t.component) not in gezien
        gezien.add((t.sleutel, t.component))
        assert t.bedrag <= getattr(per_post[t.sleutel], t.component)
    open_totaal = sum(p.kosten + p.rente + p.hoofdsom for p in posten)
    assert uitkomst.rest == max(D(0), bedrag - open_totaal)


@SNEL
@given(bedragen(0, 2_000_000), posten_strategie)
def test_nothing_goes_to_a_later_part_while_an_earlier_part_is_open(bedrag, posten):
    uitkomst = alloceer(bedrag, posten)
    volgorde = sorted(range(len(posten)), key=lambda i: posten[i].datum)
    delen = [(posten[i].sleutel, c, getattr(posten[i], c)) for i in volgorde for c in COMPONENTEN]
    toegewezen = {(t.sleutel, t.component): t.bedrag for t in uitkomst.toewijzingen}
    nog_open = False
    for sleutel, component, open_bedrag in delen:
        ontvangen = toegewezen.get((sleutel, component), D(0))
        if nog_open:
            assert ontvangen == 0
        if ontvangen < open_bedrag:
            nog_open = True


def test_bundled_termijnen_go_to_the_oldest_debt_first():
    from invordering.rules.allocatie import termijnen_per_schuld

    termijnen = [Decimal("100.00")] * 10
    assert termijnen_per_schuld(
        termijnen, [("A", Decimal("250.00")), ("B", Decimal("750.00"))]
    ) == [
        ("A", 1, 3),
        ("B", 3, 10),
    ]
    assert termijnen_per_schuld(
        termijnen, [("A", Decimal("300.00")), ("B", Decimal("700.00"))]
    ) == [
        ("A", 1, 3),
        ("B", 4, 10),
    ]


@given(
    bedragen=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000"), places=2),
        min_size=1,
        max_size=6,
    ),
    aantal=st.integers(min_value=1, max_value=24),
)
def test_bundled_termijn_ranges_cover_every_termijn_in_order(bedragen, aantal):
    from invordering.rules.allocatie import termijnen_per_schuld
    from invordering.rules.termijnen import standaard_termijnen

    totaal = sum(bedragen)
    termijnen = standaard_termijnen(totaal, max_termijnen=aantal, minimum_termijn=Decimal("20.00"))
    reeksen = termijnen_per_schuld(termijnen, list(enumerate(bedragen)))
    assert [k for k, _a, _b in reeksen] == list(range(len(bedragen)))
    assert reeksen[0][1] == 1 and reeksen[-1][2] == len(termijnen)
    for (_k, _a, eind), (_k2, begin, _e) in itertools.pairwise(reeksen):
        assert begin in (eind, eind + 1)  # the next debt starts in the same or the next termijn
