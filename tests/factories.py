"""Small builders for tests. Vorderingen come about through the real services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from invordering import clock
from invordering.demo import wereld
from invordering.demo.bouw import toeslagjaar
from invordering.demo.seed import demo_bsns
from invordering.models import Burger, User
from invordering.services.vorderingen import registreer_definitieve_berekening

# Tests take BSNs below the demo world's (about 80,000 valid numbers).
_bsns = demo_bsns(van=999_000_000, tot=999_990_000)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")


class BurgerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Burger

    user = factory.SubFactory(UserFactory)
    bsn = factory.LazyFunction(lambda: next(_bsns))
    voornamen = "Test"
    achternaam = factory.Sequence(lambda n: f"Persoon {n}")
    geboortedatum = date(1980, 1, 1)
    straat = "Teststraat 1"
    postcode = "1234 AB"
    woonplaats = "Utrecht"


def maak_voorschot(burger: Burger, *, soort: str, jaar: int, maandbedrag: str):
    """A toeslag of ``jaar`` with a voorschot of ``maandbedrag`` a month from January."""
    return toeslagjaar(burger, soort, jaar, [(f"{jaar - 1}-12-01", 1, maandbedrag)])


def maak_vordering(
    burger: Burger,
    *,
    soort: str = "ZT",
    jaar: int = 2024,
    maandbedrag: str = "100.00",
    recht: str = "600.00",
    dagtekening: date = date(2026, 3, 6),
):
    """A vordering of 12 x maandbedrag - recht (default 600.00), as the services make it."""
    toeslag = maak_voorschot(burger, soort=soort, jaar=jaar, maandbedrag=maandbedrag)
    with clock.vast_op(dagtekening):
        _b, vordering = registreer_definitieve_berekening(
            toeslag=toeslag, dagtekening=dagtekening, recht=Decimal(recht), reden="inkomen_hoger"
        )
    return vordering


# Mark's figures from DOMAIN.md section 4.1 (seed 002), as the demo world uses them.
MARK_GEGEVENS = wereld.MARK_GEGEVENS
