"""The helpers, their clients and the staff of the demo world (DOMAIN.md section 8)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from invordering import clock
from invordering.demo.bouw import (
    betaal_termijnen,
    d,
    definitief,
    maak_user,
    mis_termijn,
    simuleer,
    toeslagjaar,
)
from invordering.demo.personas import DEMO_WACHTWOORD
from invordering.models import (
    ActorRol,
    Helper,
    HelperSoort,
    MachtigingBron,
    Organisatie,
    Reden,
    VerzoekSoort,
)
from invordering.services.machtigingen import registreer_machtiging
from invordering.services.regelingen import start_standaardregeling
from invordering.services.verzoeken import dien_in, maak_verzoek
from invordering.services.vorderingen import registreer_bezwaar
from staff.groepen import BEGELEIDING, BEHANDELAAR, COORDINATOR, PRIVACY, zorg_voor_groepen

STAF = (
    ("behandelaar", "Priya Ramdin", BEHANDELAAR),
    ("begeleiding", "Tom de Wit", BEGELEIDING),
    ("coordinator", "Anja Vermeulen", COORDINATOR),
    ("privacy", "Esther Kramer", PRIVACY),
)

CLIENTEN_AHMED = ("Samira Haddad", "Dawit Berhane", "Olena Kovalenko", "Mohammed Al-Sayed")
CLIENTEN_NOORD = (
    "Henk Postma",
    "Gerda Visser",
    "Jan Dijkstra",
    "Wilma de Boer",
    "Sjoerd Hoekstra",
    "Ineke Bosma",
    "Pieter Kuipers",
    "Truus Meijer",
    "Klaas van der Wal",
    "Annie Smits",
    "Bert Jonker",
    "Marja Veenstra",
)
WOONPLAATSEN = ("Groningen", "Leeuwarden", "Assen", "Drachten", "Emmen", "Hoogezand")


def maak_staf() -> None:
    groepen = zorg_voor_groepen()
    for username, naam, groep in STAF:
        user = maak_user(username, naam=naam, wachtwoord=DEMO_WACHTWOORD)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(groepen[groep])


def maak_helper(
    sleutel, naam, soort, *, organisatie=None, demo=True, telefoon="", email=""
) -> Helper:
    username = sleutel if demo else naam.lower().replace(" ", ".")
    user = maak_user(username, naam=naam, wachtwoord=DEMO_WACHTWOORD)
    return Helper.objects.create(
        user=user,
        soort=soort,
        organisatie=organisatie,
        naam=naam,
        telefoon=telefoon,
        email=email,
        demo_sleutel=sleutel if demo else "",
    )


def maak_helpers() -> dict[str, Helper]:
    welzijn = Organisatie.objects.create(
        naam="Stichting Nieuw Thuis", telefoon="030-2345678", email="info@nieuwthuis.example.nl"
    )
    noord = Organisatie.objects.create(
        naam="Bewindvoering Noord B.V.",
        kvk_nummer="01234567",
        telefoon="050-3123456",
        email="post@bewindvoeringnoord.example.nl",
    )
    helpers = {
        "ahmed": maak_helper(
            "ahmed",
            "Ahmed Yilmaz",
            HelperSoort.MAATSCHAPPELIJK_WERKER,
            organisatie=welzijn,
            telefoon="06-11223344",
            email="a.yilmaz@nieuwthuis.example.nl",
        ),
        "noord": maak_helper(
            "noord",
            "Joris Mulder",
            HelperSoort.BEWINDVOERDER,
            organisatie=noord,
            telefoon="050-3123457",
            email="j.mulder@bewindvoeringnoord.example.nl",
        ),
        "eva": maak_helper(
            "eva",
            "Eva Hendriks",
            HelperSoort.INFORMEEL,
            telefoon="06-55667788",
            email="eva.hendriks@example.nl",
        ),
    }
    maak_helper(
        "noord-kaya",
        "Sevda Kaya",
        HelperSoort.BEWINDVOERDER,
        organisatie=noord,
        demo=False,
        telefoon="050-3123458",
    )
    return helpers


def _client_geschiedenis(burger, nummer: int, rng: random.Random) -> None:
    """One of six common situations, so a helper's list shows every kind of status."""
    soort = ("ZT", "HT", "KGB")[nummer % 3]
    maand = Decimal(rng.randrange(90, 320))
    toeslag = toeslagjaar(burger, soort, 2024, [("2023-12-08", 1, f"{maand}.00")])
    toeslagjaar(burger, soort, 2026, [("2025-12-05", 1, f"{maand - 15}.00")])
    terug = f"{maand * 12 * rng.randrange(25, 90) // 100}.00"  # part of the year's advance
    geval = nummer % 6
    dagtekening = (
        "2026-03-13",
        "2026-09-25",
        "2026-02-20",
        "2025-11-07",
        "2026-09-11",
        "2026-09-04",
    )[geval]
    vordering = definitief(toeslag, dagtekening, terug=terug, reden=Reden.INKOMEN_HOGER)
    if nummer == 7:  # one person objected, with deferral of payment while it is handled
        registreer_bezwaar(
            vordering=vordering, ingediend_op=d("2026-10-20"), uitstel_van_betaling=True
        )
    if geval in (0, 3):
        start = d(dagtekening) + timedelta(days=20)
        # Geval 3 pays on the 5th, so the November termijn was missed ten days before the
        # anchor day and its reminder term is still running.
        eerste = d("2025-12-05") if geval == 3 else vordering.vervaldatum
        with clock.vast_op(start, 18):
            regeling = start_standaardregeling(
                vorderingen=[vordering], dag=start, eerste_vervaldatum=eerste, actor=burger.user
            )
        if geval == 3:
            betaal_termijnen(regeling, tot=d("2026-10-31"))
            mis_termijn(
                regeling, regeling.termijnen.filter(status="open").first().nummer, afhandelen=False
            )
        else:
            betaal_termijnen(regeling, tot=d("2026-11-16"))
    elif geval == 4:
        with clock.vast_op(d("2026-10-19"), 11):
            verzoek = maak_verzoek(
                burger=burger,
                soort=VerzoekSoort.PBT,
                vorderingen=[vordering],
                actor=burger.user,
                gegevens={
                    "leefsituatie": "alleenstaand",
                    "netto_inkomen": "1450.00",
                    "vakantiegeld_per_jaar": "1392.00",
                    "overig_inkomen": "0.00",
                    "woonlasten": "690.00",
                    "zorgpremie": "145.00",
                    "andere_regelingen": "0.00",
                    "alimentatie": "0.00",
                    "vermogen": "0.00",
                },
            )
            dien_in(verzoek, actor=burger.user, actor_rol=ActorRol.BURGER)
    simuleer(burger, van=d(dagtekening), tot=d("2026-11-16"))


def maak_clienten(helper: Helper, namen, bsns, *, start_nummer: int, geldigheid) -> list:
    from invordering.demo.wereld import maak_burger

    clienten = []
    for i, naam in enumerate(namen):
        nummer = start_nummer + i
        voornaam, _sep, achternaam = naam.partition(" ")
        rng = random.Random(f"client-{nummer}")
        burger = maak_burger(
            f"client-{nummer:02d}",
            voornaam,
            achternaam,
            f"19{rng.randrange(45, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
            bsn=next(bsns),
            straat=f"Hoofdstraat {rng.randrange(1, 200)}",
            postcode=f"9{rng.randrange(100, 999)} AB",
            woonplaats=WOONPLAATSEN[nummer % 6],
        )
        van, tot = geldigheid(i)
        _client_geschiedenis(burger, nummer, rng)
        with clock.vast_op(d(van), 10):
            registreer_machtiging(
                vertegenwoordigde=burger,
                gemachtigde=helper,
                geldig_van=d(van),
                geldig_tot=d(tot),
                bron=MachtigingBron.MEDEWERKER
                if helper.soort == HelperSoort.BEWINDVOERDER
                else MachtigingBron.CODE,
                mag_verzoeken=True,
                mag_betalen=helper.soort == HelperSoort.BEWINDVOERDER,
                actor_rol=ActorRol.MEDEWERKER
                if helper.soort == HelperSoort.BEWINDVOERDER
                else ActorRol.BURGER,
            )
        clienten.append(burger)
    return clienten


def geldigheid_noord(i: int) -> tuple[str, str]:
    """Mostly running; two end within a month, one has ended, one starts next month."""
    bijzonder = {
        2: ("2024-01-15", "2026-11-30"),
        5: ("2024-02-01", "2026-12-12"),
        8: ("2023-11-01", "2026-11-01"),
        11: ("2026-12-01", "2028-11-30"),
    }
    return bijzonder.get(i, (f"2025-0{1 + i % 9}-01", f"2028-0{1 + i % 9}-01"))


def geldigheid_ahmed(i: int) -> tuple[str, str]:
    return (f"2026-0{2 + i}-01", f"2027-0{2 + i}-01")
