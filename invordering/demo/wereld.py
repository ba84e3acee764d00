"""The eight personas of DOMAIN.md section 8, each with a history built by the rules.

All dates are fixed, so the world is the same on every run. It is written as of
ANKER (a Monday); seed_demo sets the demo clock to that day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from invordering import clock
from invordering.demo.bouw import (
    betaal_termijnen,
    d,
    definitief,
    herziening,
    maak_user,
    mis_termijn,
    simuleer,
    toeslagjaar,
)
from invordering.models import (
    ActorRol,
    Burger,
    Huishouden,
    Kanaal,
    MachtigingBron,
    Reden,
    RegelingStatus,
    SignaalSoort,
    SignaalUitkomst,
    User,
    VerzoekSoort,
)
from invordering.services.betalingen import boek_betaling
from invordering.services.machtigingen import registreer_machtiging
from invordering.services.regelingen import start_standaardregeling
from invordering.services.signalen import handel_signaal_af, leg_contact_vast
from invordering.services.verzoeken import dien_in, ken_toe, maak_verzoek

ANKER = date(2026, 11, 16)
# Mark's figures from DOMAIN.md section 4.1 (seed 002): the formula gives 395.00 a month.
MARK_GEGEVENS = {
    "leefsituatie": "alleenstaand",
    "netto_inkomen": "1960.00",
    "vakantiegeld_per_jaar": "1881.60",
    "overig_inkomen": "408.00",
    "woonlasten": "575.00",
    "zorgpremie": "150.00",
    "andere_regelingen": "95.00",
    "alimentatie": "0.00",
    "vermogen": "0.00",
}


def maak_burger(
    sleutel, voornamen, achternaam, geboren, *, bsn, taal="nl", login=True, **adres
) -> Burger:
    user = maak_user(sleutel, naam=f"{voornamen} {achternaam}", taal=taal) if login else None
    return Burger.objects.create(
        user=user,
        bsn=bsn,
        voornamen=voornamen,
        achternaam=achternaam,
        geboortedatum=d(geboren),
        taal=taal,
        demo_sleutel=sleutel if login else "",
        **adres,
    )


def _staff(sleutel: str) -> User:
    return User.objects.get(username=sleutel)


def mark(bsn) -> Burger:
    """Four debts; offsetting first, then a PBT of €395 he cannot keep up (002)."""
    b = maak_burger(
        "mark",
        "Mark",
        "de Vries",
        "1984-03-12",
        bsn=bsn,
        straat="Brielselaan 88",
        postcode="3081 AB",
        woonplaats="Rotterdam",
        telefoon="06-41234567",
        email="mark.devries@example.nl",
    )
    ht23 = toeslagjaar(b, "HT", 2023, [("2022-12-09", 1, "310.00")])
    zt23 = toeslagjaar(b, "ZT", 2023, [("2022-12-09", 1, "123.00")])
    ht24 = toeslagjaar(b, "HT", 2024, [("2023-12-08", 1, "340.00")])
    zt24 = toeslagjaar(b, "ZT", 2024, [("2023-12-08", 1, "131.00")])
    toeslagjaar(b, "HT", 2026, [("2025-12-05", 1, "285.00")])
    toeslagjaar(b, "ZT", 2026, [("2025-12-05", 1, "123.00")])
    definitief(ht23, "2025-12-05", recht="0.00", reden=Reden.INKOMEN_HOGER)
    definitief(zt23, "2025-12-05", recht="0.00", reden=Reden.INKOMEN_HOGER)
    simuleer(b, van=d("2025-12-05"), tot=d("2026-05-14"))
    definitief(ht24, "2026-05-15", recht="0.00", reden=Reden.INKOMEN_HOGER)
    definitief(zt24, "2026-05-15", recht="0.00", reden=Reden.INKOMEN_HOGER)
    simuleer(b, van=d("2026-05-15"), tot=d("2026-05-31"))
    with clock.vast_op(d("2026-06-01"), 20):
        verzoek = maak_verzoek(
            burger=b,
            soort=VerzoekSoort.PBT,
            vorderingen=list(b.vorderingen.exclude(fase="afgerond")),
            actor=b.user,
            gegevens=MARK_GEGEVENS,
        )
        dien_in(verzoek, actor=b.user, actor_rol=ActorRol.BURGER)
    simuleer(b, van=d("2026-06-01"), tot=d("2026-07-05"))
    with clock.vast_op(d("2026-07-06"), 11):
        regeling = ken_toe(
            verzoek,
            medewerker=_staff("behandelaar"),
            dag=d("2026-07-06"),
            toelichting="Berekend met de standaardformule.",
        )
    betaal_termijnen(regeling, tot=d("2026-10-31"), dagen_eerder=1)
    mis_termijn(regeling, 4, afhandelen=False)
    return b


def sanne(bsn) -> Burger:
    """A year-end bonus: HT and ZT repayments, two standard plans paid on time (004)."""
    b = maak_burger(
        "sanne",
        "Sanne",
        "Bakker",
        "1991-07-23",
        bsn=bsn,
        straat="Oudegracht 214",
        postcode="3511 NS",
        woonplaats="Utrecht",
        email="sanne.bakker@example.nl",
    )
    ht = toeslagjaar(b, "HT", 2024, [("2023-12-08", 1, "256.00")])
    zt = toeslagjaar(b, "ZT", 2024, [("2023-12-08", 1, "131.00")])
    toeslagjaar(b, "ZT", 2026, [("2025-12-05", 1, "104.00")])
    v_ht = definitief(ht, "2026-04-10", terug="1116.00", reden=Reden.EENMALIGE_UITKERING)
    v_zt = definitief(zt, "2026-04-10", terug="456.00", reden=Reden.EENMALIGE_UITKERING)
    for vordering in (v_ht, v_zt):
        with clock.vast_op(d("2026-05-04"), 19):
            regeling = start_standaardregeling(
                vorderingen=[vordering],
                dag=d("2026-05-04"),
                eerste_vervaldatum=vordering.vervaldatum,
                actor=b.user,
            )
        betaal_termijnen(regeling, tot=ANKER)
    return b


def fatima(bsn) -> Burger:
    """Self-employed, many voorschot versions, three vorderingen and three plans (004)."""
    b = maak_burger(
        "fatima",
        "Fatima",
        "El Amrani",
        "1988-11-02",
        bsn=bsn,
        straat="Javastraat 41",
        postcode="2585 AC",
        woonplaats="Den Haag",
        email="fatima.elamrani@example.nl",
    )
    kot = toeslagjaar(
        b,
        "KOT",
        2024,
        [
            ("2023-12-08", 1, "612.00"),
            ("2024-02-09", 3, "655.00"),
            ("2024-03-29", 4, "598.00"),
            ("2024-05-10", 6, "640.00"),
            ("2024-06-21", 7, "700.00"),
            ("2024-08-02", 9, "560.00"),
            ("2024-09-13", 10, "575.00"),
            ("2024-10-25", 11, "620.00"),
            ("2024-11-29", 12, "690.00"),
        ],
    )
    kgb = toeslagjaar(
        b,
        "KGB",
        2024,
        [
            ("2023-12-08", 1, "412.00"),
            ("2024-01-26", 2, "398.00"),
            ("2024-03-08", 4, "431.00"),
            ("2024-04-19", 5, "445.00"),
            ("2024-06-07", 7, "420.00"),
            ("2024-07-19", 8, "466.00"),
            ("2024-09-27", 10, "452.00"),
            ("2024-11-08", 12, "470.00"),
        ],
        alo=True,
    )
    ht = toeslagjaar(
        b,
        "HT",
        2024,
        [
            ("2023-12-08", 1, "288.00"),
            ("2024-01-19", 2, "301.00"),
            ("2024-02-23", 3, "276.00"),
            ("2024-04-05", 4, "295.00"),
            ("2024-05-17", 6, "310.00"),
            ("2024-06-28", 7, "268.00"),
            ("2024-08-09", 8, "280.00"),
            ("2024-09-20", 10, "305.00"),
            ("2024-10-18", 11, "322.00"),
            ("2024-11-22", 12, "330.00"),
        ],
    )
    for soort, bedrag in (("KOT", "640.00"), ("KGB", "455.00"), ("HT", "296.00")):
        toeslagjaar(b, soort, 2026, [("2025-12-05", 1, bedrag)], alo=soort == "KGB")
    plannen = (
        (kot, "2025-09-12", "2180.00", "2025-09-26"),
        (kgb, "2025-10-03", "940.00", "2025-10-17"),
        (ht, "2025-11-14", "610.00", "2025-11-28"),
    )
    for toeslag, dagtekening, terug, start in plannen:
        vordering = definitief(toeslag, dagtekening, terug=terug, reden=Reden.INKOMEN_WISSELEND)
        with clock.vast_op(d(start), 21):
            regeling = start_standaardregeling(
                vorderingen=[vordering],
                dag=d(start),
                eerste_vervaldatum=vordering.vervaldatum,
                actor=b.user,
            )
        betaal_termijnen(regeling, tot=ANKER)
    return b


def jansen(bsn, bsn_partner) -> Burger:
    """KOT unjustified after the partner's accident; a PBT request waits for a decision (004)."""
    huishouden = Huishouden.objects.create(naam="Familie Jansen")
    adres = {
        "straat": "Dorpsstraat 7",
        "postcode": "7461 CE",
        "woonplaats": "Rijssen",
        "huishouden": huishouden,
    }
    b = maak_burger(
        "jansen", "Anouk", "Jansen", "1986-05-30", bsn=bsn, email="anouk.jansen@example.nl", **adres
    )
    rob = maak_burger(
        "jansen-rob", "Rob", "Jansen", "1984-01-17", bsn=bsn_partner, login=False, **adres
    )
    Burger.objects.filter(pk=b.pk).update(toeslagpartner=rob)
    kot = toeslagjaar(b, "KOT", 2024, [("2023-12-08", 1, "650.00")], partner=rob)
    toeslagjaar(b, "KGB", 2026, [("2025-12-05", 1, "180.00")], partner=rob)
    vordering = definitief(kot, "2026-08-21", recht="0.00", reden=Reden.KOT_GEEN_RECHT)
    simuleer(b, van=d("2026-08-21"), tot=d("2026-09-27"))
    with clock.vast_op(d("2026-09-28"), 21):
        verzoek = maak_verzoek(
            burger=b,
            soort=VerzoekSoort.PBT,
            vorderingen=[vordering],
            actor=b.user,
            gegevens={
                "leefsituatie": "samenwonend",
                "netto_inkomen": "2350.00",
                "vakantiegeld_per_jaar": "2256.00",
                "overig_inkomen": "180.00",
                "woonlasten": "1050.00",
                "zorgpremie": "310.00",
                "andere_regelingen": "0.00",
                "alimentatie": "0.00",
                "vermogen": "1200.00",
                "eigen_begroting": [
                    {"omschrijving": "Eigen risico en medicijnen Rob", "bedrag": "95.00"},
                    {"omschrijving": "Reiskosten naar het revalidatiecentrum", "bedrag": "60.00"},
                ],
            },
        )
        dien_in(verzoek, actor=b.user, actor_rol=ActorRol.BURGER)
    simuleer(b, van=d("2026-09-28"), tot=ANKER)
    return b


def yonas(bsn, bsn_partner, ahmed) -> Burger:
    """A partner counted from an earlier date: three ALO-kop repayments; English (004)."""
    huishouden = Huishouden.objects.create(naam="Tesfay")
    adres = {
        "straat": "Kanaalstraat 160",
        "postcode": "3531 CL",
        "woonplaats": "Utrecht",
        "huishouden": huishouden,
    }
    b = maak_burger(
        "yonas",
        "Yonas",
        "Tesfay",
        "1990-02-14",
        bsn=bsn,
        taal="en",
        email="yonas.tesfay@example.nl",
        telefoon="06-28765432",
        **adres,
    )
    saba = maak_burger(
        "yonas-saba", "Saba", "Tesfay", "1993-09-03", bsn=bsn_partner, login=False, **adres
    )
    Burger.objects.filter(pk=b.pk).update(toeslagpartner=saba)
    jaren = (
        (2022, "405.00", "2021-12-10", "2023-06-16", "985.00"),
        (2023, "418.00", "2022-12-09", "2024-05-17", "1012.00"),
        (2024, "431.00", "2023-12-08", "2025-05-16", "1046.00"),
    )
    toeslagen = []
    for jaar, maand, vs_dag, def_dag, _terug in jaren:
        toeslag = toeslagjaar(b, "KGB", jaar, [(vs_dag, 1, maand)], alo=True)
        definitief(toeslag, def_dag, terug="0.00", reden="")  # the advance was right then
        toeslagen.append(toeslag)
    toeslagjaar(b, "KGB", 2026, [("2025-12-05", 1, "298.00")], partner=saba)
    with clock.vast_op(d("2026-03-02"), 14):
        registreer_machtiging(
            vertegenwoordigde=b,
            gemachtigde=ahmed,
            geldig_van=d("2026-03-02"),
            geldig_tot=d("2028-03-01"),
            bron=MachtigingBron.CODE,
            mag_verzoeken=True,
            actor=b.user,
        )
    for toeslag, (_jaar, _m, _v, _d, terug) in zip(toeslagen, jaren, strict=True):
        toeslag.toeslagpartner = saba
        toeslag.save(update_fields=["toeslagpartner"])
        vorig = toeslag.beschikkingen.get(soort="definitief").jaarbedrag
        herziening(
            toeslag, "2026-09-25", recht=str(vorig - Decimal(terug)), reden=Reden.PARTNER_LATER
        )
    simuleer(b, van=d("2026-09-25"), tot=ANKER)
    return b


def ria(bsn, eva) -> Burger:
    """Went quiet after the reminder; her daughter may look along (000)."""
    b = maak_burger(
        "ria",
        "Ria",
        "Hendriks",
        "1959-04-08",
        bsn=bsn,
        straat="Molenweg 3",
        postcode="8261 BM",
        woonplaats="Kampen",
        telefoon="038-3312345",
    )
    zt = toeslagjaar(b, "ZT", 2024, [("2023-12-08", 1, "129.00")])
    toeslagjaar(b, "ZT", 2026, [("2025-12-05", 1, "98.00")])
    definitief(zt, "2026-09-18", terug="640.00", reden=Reden.PENSIOEN)
    simuleer(b, van=d("2026-09-18"), tot=d("2026-11-02"))
    with clock.vast_op(d("2026-11-03"), 16):
        registreer_machtiging(
            vertegenwoordigde=b,
            gemachtigde=eva,
            geldig_van=d("2026-11-03"),
            geldig_tot=d("2027-11-02"),
            bron=MachtigingBron.CODE,
            actor=b.user,
        )
    simuleer(b, van=d("2026-11-03"), tot=ANKER)
    return b


def kevin(bsn) -> Burger:
    """Divorce, four debts, two missed termijnen; a pause asked for after a phone call (000)."""
    b = maak_burger(
        "kevin",
        "Kevin",
        "Smit",
        "1989-10-19",
        bsn=bsn,
        straat="Vechtstraat 22",
        postcode="8021 AR",
        woonplaats="Zwolle",
        telefoon="06-19283746",
        email="kevin.smit@example.nl",
    )
    ht23 = toeslagjaar(b, "HT", 2023, [("2022-12-09", 1, "240.00")])
    ht24 = toeslagjaar(b, "HT", 2024, [("2023-12-08", 1, "262.00")])
    zt24 = toeslagjaar(b, "ZT", 2024, [("2023-12-08", 1, "127.00")])
    kgb24 = toeslagjaar(b, "KGB", 2024, [("2023-12-08", 1, "203.00")])
    toeslagjaar(b, "HT", 2026, [("2025-12-05", 1, "301.00"), ("2026-07-10", 8, "356.00")])
    v_ht23 = definitief(ht23, "2025-10-17", terug="760.00", reden=Reden.INKOMEN_HOGER)
    with clock.vast_op(d("2025-11-10"), 20):
        regeling = start_standaardregeling(
            vorderingen=[v_ht23],
            dag=d("2025-11-10"),
            eerste_vervaldatum=v_ht23.vervaldatum,
            actor=b.user,
        )
    betaal_termijnen(regeling, tot=d("2026-06-30"))
    mis_termijn(regeling, 9)  # July: reminder, then moved one month
    mis_termijn(regeling, 9)  # August: reminder, then moved again (the last time)
    betaal_termijnen(regeling, tot=d("2026-10-31"))
    for toeslag, terug in ((ht24, "1340.00"), (zt24, "520.00"), (kgb24, "880.00")):
        definitief(toeslag, "2026-09-04", terug=terug, reden=Reden.INKOMEN_WISSELEND)
    simuleer(b, van=d("2026-09-04"), tot=d("2026-11-09"))
    with clock.vast_op(d("2026-11-10"), 10):
        signaal = b.signalen.get(soort=SignaalSoort.STILGEVALLEN)
        leg_contact_vast(
            burger=b,
            medewerker=_staff("begeleiding"),
            kanaal=Kanaal.TELEFOON,
            signaal=signaal,
            samenvatting="Meneer Smit is dit jaar gescheiden en verhuisd. Hij overzag de brieven "
            "niet. Hij wil betalen, maar eerst zijn nieuwe woonlasten op een rij. "
            "Afgesproken: hij vraagt een pauze van drie maanden aan.",
        )
        handel_signaal_af(signaal, medewerker=_staff("begeleiding"), uitkomst=SignaalUitkomst.PAUZE)
    with clock.vast_op(d("2026-11-10"), 19):
        verzoek = maak_verzoek(
            burger=b,
            soort=VerzoekSoort.PAUZE,
            vorderingen=list(b.vorderingen.exclude(fase="afgerond")),
            actor=b.user,
            gegevens={
                "reden": "scheiding",
                "start": "2026-11-16",
                "eind": "2027-02-15",
                "toelichting": "Ik ben net gescheiden en verhuisd.",
                "voorstel_daarna": "Daarna wil ik alles in één regeling betalen.",
            },
        )
        dien_in(verzoek, actor=b.user, actor_rol=ActorRol.BURGER)
    simuleer(b, van=d("2026-11-10"), tot=ANKER)
    assert regeling.termijnen.filter(status="betaald").exists()
    return b


def linda(bsn) -> Burger:
    """Paid everything: ZT by offsetting, HT by a standard plan paid off early (proof)."""
    b = maak_burger(
        "linda",
        "Linda",
        "de Groot",
        "1979-06-11",
        bsn=bsn,
        straat="Markt 12",
        postcode="5211 JV",
        woonplaats="'s-Hertogenbosch",
        email="linda.degroot@example.nl",
    )
    zt22 = toeslagjaar(b, "ZT", 2022, [("2021-12-10", 1, "118.00")])
    for jaar, dagtekening in ((2023, "2022-12-09"), (2024, "2023-12-08"), (2025, "2024-12-06")):
        toeslagjaar(b, "ZT", jaar, [(dagtekening, 1, "118.00")])
    ht23 = toeslagjaar(b, "HT", 2023, [("2022-12-09", 1, "245.00")])
    definitief(zt22, "2023-04-14", terug="420.00", reden=Reden.INKOMEN_HOGER)
    simuleer(b, van=d("2023-04-14"), tot=d("2024-06-20"))
    v_ht = definitief(ht23, "2024-06-21", terug="1150.00", reden=Reden.INKOMEN_HOGER)
    with clock.vast_op(d("2024-07-15"), 20):
        regeling = start_standaardregeling(
            vorderingen=[v_ht],
            dag=d("2024-07-15"),
            eerste_vervaldatum=v_ht.vervaldatum,
            actor=b.user,
        )
    simuleer(b, van=d("2024-06-21"), tot=d("2025-12-31"))
    betaal_termijnen(regeling, tot=d("2025-10-31"))
    regeling.refresh_from_db()
    rest = sum(t.open_bedrag for t in regeling.termijnen.exclude(status="betaald"))
    with clock.vast_op(d("2025-11-28"), 12):
        boek_betaling(
            burger=b,
            bedrag=rest,
            ontvangen_op=d("2025-11-28"),
            methode="ideal",
            referentie="DEMO-LINDA-AFLOSSING",
            regeling=regeling,
        )
    regeling.refresh_from_db()
    assert regeling.status == RegelingStatus.VOLTOOID
    return b
