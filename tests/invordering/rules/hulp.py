"""Shared test helpers for the rules tests: hypothesis settings, money strategies and
builders for the escalation inputs."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from invordering.rules.escalatie import FASEN, EscalatieBeleid, Feiten

# No example database: these tests must not write outside their own folder, and the
# rules are cheap enough that a fresh search each run finds regressions anyway.
SNEL = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def bedragen(min_cent: int = 0, max_cent: int = 10_000_000) -> st.SearchStrategy[Decimal]:
    """Decimal amounts in whole cents between the two bounds (given in cents)."""
    return st.integers(min_cent, max_cent).map(lambda c: Decimal(c).scaleb(-2))


def maak_feiten(**anders: object) -> Feiten:
    """Feiten of a vordering with no guard and no special circumstance."""
    waarden: dict[str, object] = {
        "vandaag": date(2025, 3, 3),
        "fase": "open",
        "fase_sinds": date(2025, 1, 20),
        "vervaldatum": date(2025, 3, 3),
        "saldo": Decimal("640.00"),
        "regeling_lopend": False,
        "verzoek_in_behandeling": False,
        "pauze_actief": False,
        "bezwaar_met_uitstel": False,
        "open_maatwerk_signaal": False,
        "op_definitieve_berekening": True,
        "opzet_of_grove_schuld": False,
        "voorschot_loopt": False,
        "signaal_afgehandeld": False,
        "beslag_besloten": False,
    }
    waarden.update(anders)
    return Feiten(**waarden)  # type: ignore[arg-type]


def maak_beleid(**anders: object) -> EscalatieBeleid:
    """A regime like "doel" with forced collection on; test values, not policy."""
    waarden: dict[str, object] = {
        "herinnering_termijn_dagen": 14,
        "signaal_wachttijd_werkdagen": 10,
        "aanmaning_termijn_dagen": 14,
        "dwangbevel_termijn_dagen": 2,
        "aanmaningskosten": Decimal("15.00"),
        "dwangbevel_kosten": (
            (Decimal("0.00"), Decimal("25.00")),
            (Decimal("500.00"), Decimal("40.00")),
            (Decimal("5000.00"), Decimal("90.00")),
        ),
        "stilvallen_als_signaal": True,
        "verrekening_zonder_kosten": True,
        "dwanginvordering_actief": True,
        "bezwaar_schort_op": True,
        "alleen_definitief_dwang": True,
    }
    waarden.update(anders)
    return EscalatieBeleid(**waarden)  # type: ignore[arg-type]


BOOLEAN_FEITEN = (
    "regeling_lopend",
    "verzoek_in_behandeling",
    "pauze_actief",
    "bezwaar_met_uitstel",
    "open_maatwerk_signaal",
    "op_definitieve_berekening",
    "opzet_of_grove_schuld",
    "voorschot_loopt",
    "signaal_afgehandeld",
    "beslag_besloten",
)

beleid_strategie = st.builds(
    EscalatieBeleid,
    herinnering_termijn_dagen=st.integers(0, 60),
    signaal_wachttijd_werkdagen=st.integers(0, 30),
    aanmaning_termijn_dagen=st.integers(0, 60),
    dwangbevel_termijn_dagen=st.integers(0, 60),
    aanmaningskosten=bedragen(0, 10_000),
    dwangbevel_kosten=st.lists(
        st.tuples(bedragen(0, 1_000_000), bedragen(0, 20_000)), max_size=4, unique_by=lambda p: p[0]
    ).map(lambda schaal: tuple(sorted(schaal))),
    stilvallen_als_signaal=st.booleans(),
    verrekening_zonder_kosten=st.booleans(),
    dwanginvordering_actief=st.booleans(),
    bezwaar_schort_op=st.booleans(),
    alleen_definitief_dwang=st.booleans(),
)
_datums = st.dates(date(2023, 1, 1), date(2027, 12, 31))
feiten_strategie = st.builds(
    Feiten,
    vandaag=_datums,
    fase=st.sampled_from(FASEN),
    fase_sinds=_datums,
    vervaldatum=_datums,
    saldo=bedragen(-10_000, 5_000_000),
    **dict.fromkeys(BOOLEAN_FEITEN, st.booleans()),
)
