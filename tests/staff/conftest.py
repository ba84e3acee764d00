"""Fixtures for the staff pages: the demo world on its anchor day, staff logged in in English.

Pages are read in English so the tests do not depend on the state of the Dutch catalogue.
"""

from __future__ import annotations

import pytest

from invordering import clock
from invordering.demo.personas import DEMO_WACHTWOORD
from invordering.demo.wereld import ANKER
from invordering.models import Burger, User


@pytest.fixture
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


@pytest.fixture
def als(client, wereld, op_ankerdag):
    """Log in as a demo staff member ("behandelaar", "begeleiding", "coordinator")."""

    def inloggen(username: str):
        User.objects.filter(username=username).update(taal="en")
        assert client.login(username=username, password=DEMO_WACHTWOORD)
        return User.objects.get(username=username)

    return inloggen


@pytest.fixture
def persona():
    def zoek(sleutel: str) -> Burger:
        return Burger.objects.get(demo_sleutel=sleutel)

    return zoek


PBT_GEGEVENS = {
    "leefsituatie": "alleenstaand",
    "netto_inkomen": "2400.00",
    "vakantiegeld_per_jaar": "0.00",
    "overig_inkomen": "0.00",
    "woonlasten": "700.00",
    "zorgpremie": "150.00",
    "andere_regelingen": "0.00",
    "alimentatie": "0.00",
    "vermogen": "0.00",
}


@pytest.fixture
def open_verzoek(wereld):
    """A submitted verzoek of a new burger (tests.factories), submitted on ``ingediend``."""
    from datetime import date

    from invordering.services.verzoeken import dien_in, maak_verzoek
    from tests.factories import BurgerFactory, maak_vordering

    def maak(*, soort="pbt", ingediend=date(2026, 11, 2), gegevens=None, aantal_schulden=1):
        burger = BurgerFactory()
        vorderingen = [
            maak_vordering(burger, soort=toeslag, jaar=2024)
            for toeslag in ("ZT", "HT", "KGB")[:aantal_schulden]
        ]
        with clock.vast_op(ingediend, 10):
            verzoek = maak_verzoek(
                burger=burger,
                soort=soort,
                vorderingen=vorderingen,
                gegevens=PBT_GEGEVENS if gegevens is None else gegevens,
                actor=burger.user,
            )
            dien_in(verzoek, actor=burger.user)
        verzoek.refresh_from_db()
        return verzoek

    return maak
