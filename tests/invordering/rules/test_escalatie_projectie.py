from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from invordering.rules.escalatie import mag_overgaan, projectie
from tests.invordering.rules.hulp import (
    SNEL,
    beleid_strategie,
    feiten_strategie,
    maak_beleid,
    maak_feiten,
)

D = Decimal
START = date(2025, 3, 3)
VER = date(2026, 12, 31)


def samenvatting(uitkomst):
    return [(dag, stap.naar, stap.kosten) for dag, stap in uitkomst]


def test_doing_nothing_in_the_historic_regime_runs_up_to_the_beslag_decision():
    feiten = maak_feiten(fase="open", vandaag=START, vervaldatum=START)
    beleid = maak_beleid(stilvallen_als_signaal=False)
    # herinnering the day after the vervaldatum; its 14 days end on 03-18; the aanmaning
    # term ends on 04-02; the dwangbevel costs follow saldo 640.00 + 15.00 = 655.00.
    assert samenvatting(projectie(feiten, beleid, tot=VER)) == [
        (date(2025, 3, 4), "herinnering", D("0.00")),
        (date(2025, 3, 19), "aanmaning", D("15.00")),
        (date(2025, 4, 3), "dwangbevel", D("40.00")),
    ]


def test_silence_first_leads_to_a_signaal_and_only_then_to_costs():
    feiten = maak_feiten(fase="open", vandaag=START, vervaldatum=START)
    uitkomst = projectie(feiten, maak_beleid(), tot=VER)
    # signaal on Wed 03-19; 10 working days end on Wed 04-02; aanmaning on 04-03
    assert samenvatting(uitkomst) == [
        (date(2025, 3, 4), "herinnering", D("0.00")),
        (date(2025, 3, 19), "signaal", D("0.00")),
        (date(2025, 4, 3), "aanmaning", D("15.00")),
        (date(2025, 4, 18), "dwangbevel", D("40.00")),
    ]
    assert uitkomst[2][1].reden == "wachttijd_verstreken"


def test_without_forced_collection_the_projection_stops_after_the_signaal():
    feiten = maak_feiten(fase="open", vandaag=START, vervaldatum=START)
    beleid = maak_beleid(dwanginvordering_actief=False)
    assert [stap.naar for _, stap in projectie(feiten, beleid, tot=VER)] == [
        "herinnering",
        "signaal",
    ]


def test_a_running_voorschot_leads_to_verrekening_and_stops_there():
    feiten = maak_feiten(fase="herinnering", fase_sinds=START, vandaag=START, voorschot_loopt=True)
    beleid = maak_beleid(stilvallen_als_signaal=False)
    assert samenvatting(projectie(feiten, beleid, tot=VER)) == [
        (date(2025, 3, 18), "verrekening", D("0.00"))
    ]


def test_projection_stops_after_tot():
    feiten = maak_feiten(fase="open", vandaag=START, vervaldatum=START)
    uitkomst = projectie(feiten, maak_beleid(), tot=date(2025, 3, 18))
    assert [stap.naar for _, stap in uitkomst] == ["herinnering"]


def test_projection_stops_after_max_stappen():
    feiten = maak_feiten(fase="open", vandaag=START, vervaldatum=START)
    uitkomst = projectie(feiten, maak_beleid(), tot=VER, max_stappen=2)
    assert [stap.naar for _, stap in uitkomst] == ["herinnering", "signaal"]


def test_a_guard_means_nothing_happens_automatically():
    feiten = maak_feiten(fase="aanmaning", fase_sinds=START, vandaag=START, pauze_actief=True)
    assert projectie(feiten, maak_beleid(), tot=VER) == ()


def test_a_paid_vordering_projects_only_its_closing():
    feiten = maak_feiten(fase="aanmaning", fase_sinds=START, vandaag=START, saldo=D("0.00"))
    assert samenvatting(projectie(feiten, maak_beleid(), tot=VER)) == [
        (START, "afgerond", D("0.00"))
    ]


def test_a_recorded_beslag_decision_counts_for_the_current_fase_only():
    al_besloten = maak_feiten(
        fase="dwangbevel", fase_sinds=START, vandaag=START, beslag_besloten=True
    )
    assert samenvatting(projectie(al_besloten, maak_beleid(), tot=VER)) == [
        (date(2025, 3, 6), "beslag", D("0.00"))
    ]
    nog_in_aanmaning = maak_feiten(
        fase="aanmaning", fase_sinds=START, vandaag=START, beslag_besloten=True
    )
    naar = [stap.naar for _, stap in projectie(nog_in_aanmaning, maak_beleid(), tot=VER)]
    assert naar == ["dwangbevel"]


def test_a_withdrawn_regeling_starts_the_chain_again():
    feiten = maak_feiten(fase="regeling", fase_sinds=START, vandaag=START)
    naar = [stap.naar for _, stap in projectie(feiten, maak_beleid(), tot=VER)]
    assert naar == ["herinnering", "signaal", "aanmaning", "dwangbevel"]


@SNEL
@given(feiten_strategie, beleid_strategie, st.integers(0, 800), st.integers(1, 12))
def test_projection_moves_forward_through_allowed_transitions(feiten, beleid, dagen, maximum):
    tot = date.fromordinal(feiten.vandaag.toordinal() + dagen)
    uitkomst = projectie(feiten, beleid, tot=tot, max_stappen=maximum)
    assert len(uitkomst) <= maximum
    fase, vorige, saldo = feiten.fase, feiten.vandaag, feiten.saldo
    for dag, stap in uitkomst:
        assert stap.soort == "overgang"
        assert vorige <= dag <= tot
        assert stap.kosten >= 0
        assert mag_overgaan(fase, stap.naar)
        if stap.naar == "beslag":
            # no one decides on beslag in the projection, except the decision on record
            assert fase == feiten.fase == "dwangbevel" and feiten.beslag_besloten
        fase, vorige, saldo = stap.naar, dag, saldo + stap.kosten
    assert saldo >= feiten.saldo


def test_a_new_signaal_is_not_handled_by_an_earlier_contact():
    # signaal_afgehandeld on record belongs to the herinnering fase; the new signaal of
    # 03-18 still waits its 10 working days (through 04-01) before the aanmaning.
    feiten = maak_feiten(
        fase="herinnering", fase_sinds=START, vandaag=START, signaal_afgehandeld=True
    )
    assert samenvatting(projectie(feiten, maak_beleid(), tot=date(2025, 4, 10))) == [
        (date(2025, 3, 18), "signaal", D("0.00")),
        (date(2025, 4, 2), "aanmaning", D("15.00")),
    ]
