import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given

from invordering.rules.escalatie import (
    FASEN,
    EscalatieBeleid,
    Feiten,
    Stap,
    bepaal_stap,
    guards,
    mag_overgaan,
)
from tests.invordering.rules.hulp import (
    BOOLEAN_FEITEN,
    SNEL,
    beleid_strategie,
    feiten_strategie,
    maak_beleid,
    maak_feiten,
)

D = Decimal
NUL = D("0.00")
START = date(2025, 3, 3)  # a Monday; every fase below began on it
DWANG = ("aanmaning", "dwangbevel", "beslag")


def wacht(reden, volgende=None):
    return ("wacht", None, reden, NUL, None, volgende)


def overgang(naar, reden, brief, volgende, kosten=NUL):
    return ("overgang", naar, reden, kosten, brief, volgende)


GEEN_SIGNAAL = {"stilvallen_als_signaal": False}
# Every fase began on START. Each case: (fase, vandaag, feiten, beleid, expected step as
# (soort, naar, reden, kosten, brief, volgende_datum)). Kept as a hand-aligned table.
GEVALLEN = {
    "open_waits_through_vervaldatum": (
        "open", START, {}, {}, wacht("binnen_betaaltermijn", date(2025, 3, 4))),
    "open_moves_to_free_herinnering_the_day_after": (
        "open", date(2025, 3, 4), {}, {},
        overgang("herinnering", "vervaldatum_verstreken", "herinnering", date(2025, 3, 19))),
    "herinnering_waits_through_its_last_day": (
        "herinnering", date(2025, 3, 17), {}, {}, wacht("herinnering_loopt", date(2025, 3, 18))),
    "silence_after_herinnering_becomes_a_signaal": (
        "herinnering", date(2025, 3, 18), {}, {},
        overgang("signaal", "stilgevallen", "contactverzoek", date(2025, 4, 2))),
    "herinnering_goes_to_verrekening_when_a_voorschot_runs": (
        "herinnering", date(2025, 3, 18), {"voorschot_loopt": True}, GEEN_SIGNAAL,
        overgang("verrekening", "voorschot_loopt", "verrekening_aangekondigd", None)),
    "herinnering_goes_to_aanmaning_with_costs": (
        "herinnering", date(2025, 3, 18), {}, GEEN_SIGNAAL,
        overgang("aanmaning", "herinnering_verstreken", "aanmaning", date(2025, 4, 2),
                 D("15.00"))),
    "herinnering_waits_when_forced_collection_is_off": (
        "herinnering", date(2025, 3, 18), {}, {**GEEN_SIGNAAL, "dwanginvordering_actief": False},
        wacht("dwanginvordering_uit")),
    "herinnering_waits_without_definitieve_berekening": (
        "herinnering", date(2025, 3, 18), {"op_definitieve_berekening": False}, GEEN_SIGNAAL,
        wacht("geen_definitieve_berekening")),
    "opzet_allows_collection_without_definitieve_berekening": (
        "herinnering", date(2025, 3, 18),
        {"op_definitieve_berekening": False, "opzet_of_grove_schuld": True}, GEEN_SIGNAAL,
        overgang("aanmaning", "herinnering_verstreken", "aanmaning", date(2025, 4, 2),
                 D("15.00"))),
    "signaal_waits_for_contact_through_its_last_working_day": (
        "signaal", date(2025, 3, 17), {}, {}, wacht("wacht_op_contact", date(2025, 3, 18))),
    "signaal_hold_expires": (
        "signaal", date(2025, 3, 18), {}, {},
        overgang("aanmaning", "wachttijd_verstreken", "aanmaning", date(2025, 4, 2),
                 D("15.00"))),
    "signaal_handled_by_staff_continues_at_once": (
        "signaal", date(2025, 3, 5), {"signaal_afgehandeld": True}, {},
        overgang("aanmaning", "signaal_afgehandeld", "aanmaning", date(2025, 3, 20),
                 D("15.00"))),
    "signaal_goes_to_verrekening_when_a_voorschot_runs": (
        "signaal", date(2025, 3, 18), {"voorschot_loopt": True}, {},
        overgang("verrekening", "voorschot_loopt", "verrekening_aangekondigd", None)),
    "verrekening_waits_while_the_voorschot_runs": (
        "verrekening", date(2026, 1, 1), {"voorschot_loopt": True}, {},
        wacht("verrekening_loopt")),
    "verrekening_stopped_leads_to_aanmaning": (
        "verrekening", date(2026, 1, 1), {}, {},
        overgang("aanmaning", "verrekening_gestopt", "aanmaning", date(2026, 1, 16), D("15.00"))),
    "verrekening_switched_off_leads_to_aanmaning_not_verrekening": (
        "verrekening", date(2026, 1, 1), {"voorschot_loopt": True},
        {"verrekening_zonder_kosten": False},
        overgang("aanmaning", "verrekening_gestopt", "aanmaning", date(2026, 1, 16), D("15.00"))),
    "aanmaning_waits_through_its_term": (
        "aanmaning", date(2025, 3, 17), {}, {}, wacht("aanmaning_loopt", date(2025, 3, 18))),
    "aanmaning_expired_leads_to_dwangbevel_with_scale_costs": (
        "aanmaning", date(2025, 3, 18), {}, {},
        overgang("dwangbevel", "aanmaning_verstreken", "dwangbevel", date(2025, 3, 21),
                 D("40.00"))),
    "aanmaning_expired_waits_when_forced_collection_is_off": (
        "aanmaning", date(2025, 3, 18), {}, {"dwanginvordering_actief": False},
        wacht("dwanginvordering_uit")),
    "aanmaning_expired_waits_without_definitieve_berekening": (
        "aanmaning", date(2025, 3, 18), {"op_definitieve_berekening": False}, {},
        wacht("geen_definitieve_berekening")),
    "dwangbevel_waits_through_its_term": (
        "dwangbevel", date(2025, 3, 5), {}, {}, wacht("dwangbevel_loopt", date(2025, 3, 6))),
    "dwangbevel_never_seizes_without_a_decision": (
        "dwangbevel", date(2025, 3, 6), {}, {}, wacht("wacht_op_besluit_beslag")),
    "dwangbevel_seizes_after_a_decision": (
        "dwangbevel", date(2025, 3, 6), {"beslag_besloten": True}, {},
        overgang("beslag", "beslag_besloten", "beslag", None)),
    "dwangbevel_does_not_seize_when_forced_collection_is_off": (
        "dwangbevel", date(2025, 3, 6), {"beslag_besloten": True},
        {"dwanginvordering_actief": False}, wacht("dwanginvordering_uit")),
    "beslag_waits": ("beslag", date(2025, 6, 1), {}, {}, wacht("beslag_loopt")),
    "ended_regeling_makes_the_rest_due_again": (
        "regeling", date(2025, 6, 2), {}, {},
        overgang("herinnering", "regeling_beeindigd", "regeling_ingetrokken", date(2025, 6, 17))),
    "running_regeling_waits": (
        "regeling", date(2025, 6, 2), {"regeling_lopend": True}, {}, wacht("regeling_lopend")),
    "afgerond_waits_for_good": ("afgerond", date(2025, 6, 2), {}, {}, wacht("afgerond")),
    "afgerond_with_saldo_zero_waits_too": (
        "afgerond", date(2025, 6, 2), {"saldo": NUL}, {}, wacht("afgerond")),
    "paid_vordering_closes_from_any_fase": (
        "aanmaning", date(2025, 3, 4), {"saldo": NUL}, {},
        overgang("afgerond", "betaald", "afgerond", None)),
    "paid_vordering_closes_even_while_a_guard_holds": (
        "regeling", date(2025, 3, 4), {"saldo": NUL, "regeling_lopend": True}, {},
        overgang("afgerond", "betaald", "afgerond", None)),
    "guard_stops_an_expired_aanmaning": (
        "aanmaning", date(2025, 6, 1), {"pauze_actief": True}, {}, wacht("pauze_actief")),
    "first_guard_is_the_reason": (
        "open", date(2025, 6, 1), {"open_maatwerk_signaal": True, "verzoek_in_behandeling": True},
        {}, wacht("verzoek_in_behandeling")),
    "bezwaar_without_the_switch_does_not_stop": (
        "open", date(2025, 3, 4), {"bezwaar_met_uitstel": True}, {"bezwaar_schort_op": False},
        overgang("herinnering", "vervaldatum_verstreken", "herinnering", date(2025, 3, 19))),
}  # fmt: skip


@pytest.mark.parametrize(
    ("fase", "vandaag", "feiten", "beleid", "verwacht"), list(GEVALLEN.values()), ids=list(GEVALLEN)
)
def test_each_fase_waits_and_moves(fase, vandaag, feiten, beleid, verwacht):
    f = maak_feiten(fase=fase, fase_sinds=START, vervaldatum=START, vandaag=vandaag, **feiten)
    b = maak_beleid(**beleid)
    stap = bepaal_stap(f, b)
    assert (stap.soort, stap.naar, stap.reden, stap.kosten, stap.brief, stap.volgende_datum) == (
        verwacht
    )
    assert stap.guards == guards(f, b)


def controleer(feiten: Feiten, beleid: EscalatieBeleid, stap: Stap) -> None:
    """The invariants every step must keep, whatever the facts."""
    assert stap.guards == guards(feiten, beleid)
    assert stap.kosten >= 0
    if stap.soort == "wacht":
        assert (stap.naar, stap.brief, stap.kosten) == (None, None, NUL)
        assert stap.volgende_datum is None or stap.volgende_datum > feiten.vandaag
        return
    assert stap.soort == "overgang"
    assert mag_overgaan(feiten.fase, stap.naar)
    assert stap.brief is not None
    if feiten.saldo > 0:
        assert not stap.guards, "no automatic step while a guard holds"
    else:
        assert stap.naar == "afgerond"
    if stap.kosten > 0:
        assert stap.naar in ("aanmaning", "dwangbevel")
    if stap.naar in DWANG:
        assert beleid.dwanginvordering_actief
        assert not beleid.alleen_definitief_dwang or (
            feiten.op_definitieve_berekening or feiten.opzet_of_grove_schuld
        )
    if stap.naar == "beslag":
        assert feiten.beslag_besloten
    if stap.naar == "verrekening":
        assert feiten.voorschot_loopt and beleid.verrekening_zonder_kosten


BELEIDSVARIANTEN = {
    "alles_aan": maak_beleid(),
    "alles_uit": maak_beleid(
        stilvallen_als_signaal=False,
        verrekening_zonder_kosten=False,
        dwanginvordering_actief=False,
        bezwaar_schort_op=False,
        alleen_definitief_dwang=False,
    ),
    "historisch": maak_beleid(
        stilvallen_als_signaal=False, bezwaar_schort_op=False, alleen_definitief_dwang=False
    ),
}
DATUMS = (START, date(2025, 3, 18), date(2026, 3, 3))


@pytest.mark.parametrize("beleid", list(BELEIDSVARIANTEN.values()), ids=list(BELEIDSVARIANTEN))
@pytest.mark.parametrize("fase", FASEN)
def test_exhaustive_no_forbidden_overgang_and_none_while_a_guard_holds(fase, beleid):
    bekeken = 0
    for waarden in itertools.product((False, True), repeat=len(BOOLEAN_FEITEN)):
        for vandaag, saldo in itertools.product(DATUMS, (D("640.00"), NUL)):
            feiten = maak_feiten(
                fase=fase,
                fase_sinds=START,
                vervaldatum=START,
                vandaag=vandaag,
                saldo=saldo,
                **dict(zip(BOOLEAN_FEITEN, waarden, strict=True)),
            )
            controleer(feiten, beleid, bepaal_stap(feiten, beleid))
            bekeken += 1
    assert bekeken == 2 ** len(BOOLEAN_FEITEN) * len(DATUMS) * 2


@SNEL
@given(feiten_strategie, beleid_strategie)
def test_any_facts_and_any_policy_keep_the_invariants(feiten, beleid):
    controleer(feiten, beleid, bepaal_stap(feiten, beleid))
