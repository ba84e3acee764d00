"""The helper's dashboard: every client, the right signals, sorting and filters, no leaks,
stable queries, and an overview PDF per client."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from invordering import clock, policy
from invordering.beleid import beleid_op
from invordering.demo.wereld import ANKER
from invordering.models import (
    Burger,
    Document,
    DocumentSoort,
    Helper,
    HelperSoort,
    Inzage,
    Machtiging,
    MachtigingBron,
    MachtigingStatus,
    Pauze,
    Signaal,
    SignaalSoort,
    User,
    Verzoek,
    VerzoekSoort,
)
from invordering.selectors.helpers import (
    ACTIEF,
    BEEINDIGD,
    BESLISTERMIJN,
    ESCALATIE,
    MACHTIGING_VERLOOPT,
    TERMIJN_GEMIST,
    VERLOOPT,
    WACHT,
    dashboard,
)
from invordering.services.machtigingen import maak_machtigingscode, registreer_machtiging
from invordering.services.regelingen import start_standaardregeling
from invordering.services.verzoeken import dien_in, maak_verzoek
from tests.factories import MARK_GEGEVENS, BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db
START = reverse("citizen:helper_start")


@pytest.fixture
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


def inloggen(client, username: str, *, taal: str = "en") -> Helper:
    """Log in as a helper, reading the pages in ``taal`` (English msgids in the asserts)."""
    user = User.objects.get(username=username)
    User.objects.filter(pk=user.pk).update(taal=taal)
    client.force_login(user)
    return user.helper


def regels(response) -> dict[str, object]:
    return {c.burger.naam: c for c in response.context["clienten"]}


def pdf_url(machtiging) -> str:
    return reverse("citizen:helper_overzicht_pdf", args=[machtiging.pk])


# ------------------------------------------------------------------ the demo helpers


def test_ahmed_sees_yonas_with_the_reminder_deadline_and_the_next_step(client, wereld, op_ankerdag):
    inloggen(client, "ahmed")
    response = client.get(START)
    assert response.status_code == 200
    rijen = regels(response)
    assert len(rijen) == 5
    yonas = rijen["Yonas Tesfay"]
    assert yonas.toestand == ACTIEF and yonas.bruikbaar
    assert yonas.totaal_open == Decimal("3043.00")
    # The same deadline the burger's own overview shows (test_overzicht VERWACHT).
    assert (yonas.volgende.soort, yonas.volgende.uiterlijk) == ("herinnering", date(2026, 11, 21))
    escalatie = [m for m in yonas.meldingen if m.soort == ESCALATIE]
    assert [(m.datum, m.wat, m.aantal) for m in escalatie] == [(date(2026, 11, 22), "signaal", 3)]
    html = response.content.decode()
    assert "Reminder: pay €3,043.00 or start a payment plan" in html
    assert "by 21 November 2026" in html
    assert "No reaction: we call from 22 November 2026 (3 debts)" in html
    assert "Act on behalf of Yonas Tesfay" in html
    assert "Overview PDF for Yonas Tesfay" in html


def test_a_missed_instalment_is_a_signal(client, wereld, op_ankerdag):
    inloggen(client, "ahmed")
    olena = regels(client.get(START))["Olena Kovalenko"]
    assert TERMIJN_GEMIST in olena.signaal_soorten
    assert olena.volgende.soort == "termijn_gemist"


def test_joris_sees_ending_mandates_flagged_the_ended_one_and_the_pending_one(
    client, wereld, op_ankerdag
):
    inloggen(client, "noord")
    response = client.get(START)
    rijen = regels(response)
    assert len(rijen) == 12
    verloopt = {n for n, c in rijen.items() if c.toestand == VERLOOPT}
    assert verloopt == {"Jan Dijkstra", "Ineke Bosma"}
    for naam in verloopt:
        assert MACHTIGING_VERLOOPT in rijen[naam].signaal_soorten
        assert rijen[naam].bruikbaar
    assert rijen["Jan Dijkstra"].dagen_tot_einde == 14
    klaas, marja = rijen["Klaas van der Wal"], rijen["Marja Veenstra"]
    assert (klaas.toestand, marja.toestand) == (BEEINDIGD, WACHT)
    for c in (klaas, marja):
        assert not c.bruikbaar
        assert c.totaal_open is None and c.meldingen == []
    html = response.content.decode()
    assert "Ends in 14 days" in html
    assert "Ended on 1 November 2026" in html
    assert "Starts on 1 December 2026" in html
    assert "Act on behalf of Jan Dijkstra" in html
    for naam in ("Klaas van der Wal", "Marja Veenstra"):
        assert f"Act on behalf of {naam}" not in html
        assert f"Overview PDF for {naam}" not in html


def test_a_colleague_at_the_office_sees_the_offices_clients(client, wereld, op_ankerdag):
    inloggen(client, "sevda.kaya")
    response = client.get(START)
    assert len(response.context["clienten"]) == 12
    assert "Mandate of Joris Mulder" in response.content.decode()


def test_eva_sees_ria_view_only_and_that_we_will_call_her(client, wereld, op_ankerdag):
    inloggen(client, "eva")
    response = client.get(START)
    (ria,) = response.context["clienten"]
    assert ria.burger.naam == "Ria Hendriks"
    assert not ria.machtiging.mag_verzoeken and not ria.machtiging.mag_betalen
    assert (ria.volgende.soort, ria.volgende.uiterlijk) == ("signaal", date(2026, 11, 20))
    html = response.content.decode()
    assert "May: view" in html
    assert "submit requests" not in html
    assert "We will call Ria Hendriks" in html
    assert "Your client needs action." in html


def test_the_summary_counts_the_clients_who_need_action(client, wereld, op_ankerdag):
    inloggen(client, "noord")
    response = client.get(START)
    nodig = sum(1 for c in response.context["clienten"] if c.actie_nodig)
    assert nodig == response.context["db"].aantal_actie_nodig == 4
    assert "4 of your 12 clients need action." in response.content.decode()


def test_every_client_whose_figures_are_shown_is_in_the_audit_trail(client, wereld, op_ankerdag):
    helper = inloggen(client, "noord")
    client.get(START)
    gezien = Inzage.objects.filter(user=helper.user, pagina="citizen:helper_start")
    assert gezien.count() == 10  # not the ended and not the pending mandate
    assert not gezien.filter(burger__achternaam__in=["van der Wal", "Veenstra"]).exists()


def test_the_dutch_page_renders(client, wereld, op_ankerdag):
    inloggen(client, "noord", taal="nl")
    response = client.get(START)
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"


# ------------------------------------------------------------------ sorting and filters


def test_sorting_by_name_total_and_deadline(client, wereld, op_ankerdag):
    inloggen(client, "noord")
    op_naam = client.get(START, {"sorteer": "naam"}).context["clienten"]
    # Dutch order: "de Boer" under B, "van der Wal" under W.
    assert [c.burger.naam for c in op_naam][:3] == ["Wilma de Boer", "Ineke Bosma", "Jan Dijkstra"]
    assert [c.burger.naam for c in op_naam][-3:] == [
        "Marja Veenstra",
        "Gerda Visser",
        "Klaas van der Wal",
    ]
    op_bedrag = client.get(START, {"sorteer": "open"}).context["clienten"]
    bedragen = [c.totaal_open for c in op_bedrag]
    getoond = [b for b in bedragen if b is not None]
    assert getoond == sorted(getoond, reverse=True)
    assert bedragen[-2:] == [None, None]  # no figures without a valid mandate: last
    op_deadline = client.get(START).context["clienten"]  # the default
    data = [c.volgende.uiterlijk or date.max for c in op_deadline]
    assert data == sorted(data)


def test_filters_by_action_signal_and_mandate(client, wereld, op_ankerdag):
    inloggen(client, "noord")

    def namen(**params):
        return {c.burger.naam for c in client.get(START, params).context["clienten"]}

    assert len(namen(actie="ja")) == 4
    assert namen(signaal=MACHTIGING_VERLOOPT) == {"Jan Dijkstra", "Ineke Bosma"}
    assert namen(machtiging=VERLOOPT) == {"Jan Dijkstra", "Ineke Bosma"}
    assert namen(machtiging=BEEINDIGD) == {"Klaas van der Wal"}
    assert namen(machtiging=WACHT) == {"Marja Veenstra"}
    assert len(namen(machtiging=ACTIEF)) == 10
    assert len(namen(signaal=TERMIJN_GEMIST, actie="ja")) == 2
    # A wrong value is ignored, the rest of the choice still holds.
    assert len(namen(machtiging="onzin", sorteer="onzin")) == 12
    assert namen(machtiging="onzin", signaal=MACHTIGING_VERLOOPT) == {"Jan Dijkstra", "Ineke Bosma"}


def test_a_filtered_list_says_how_many_it_shows(client, wereld, op_ankerdag):
    inloggen(client, "noord")
    html = client.get(START, {"machtiging": BEEINDIGD}).content.decode()
    assert "Showing 1 of 12 clients." in html
    leeg = client.get(START, {"machtiging": WACHT, "actie": "ja"}).content.decode()
    assert "No clients match this choice." in leeg


def test_htmx_gets_only_the_list_and_the_count(client, wereld, op_ankerdag):
    inloggen(client, "noord")
    response = client.get(START, {"actie": "ja"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and 'hx-swap-oob="innerHTML"' in html
    assert "<h1" not in html and "<html" not in html
    assert "Showing 4 of 12 clients." in html
    assert "HX-Request" in response["Vary"]
    terug = client.get(
        START, {"actie": "ja"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<h1" in terug.content.decode()  # the back button gets the whole page


def test_the_page_links_to_entering_a_code_and_counts_open_invitations(client, wereld, op_ankerdag):
    helper = inloggen(client, "eva")
    ria = Burger.objects.get(demo_sleutel="ria")
    maak_machtigingscode(
        burger=ria,
        geldig_tot=ANKER + timedelta(days=60),
        mag_verzoeken=False,
        mag_betalen=False,
        uitnodigen_email=helper.email.upper(),
    )
    html = client.get(START).content.decode()
    assert f'href="{reverse("citizen:machtiging_code")}"' in html
    assert "Someone invited you by e-mail to help them." in html


# ------------------------------------------------------------------ no leaks


def test_only_helpers_see_the_dashboard(client, wereld, op_ankerdag):
    assert client.get(START).status_code == 302  # to the login page
    client.force_login(Burger.objects.get(demo_sleutel="yonas").user)
    assert client.get(START).status_code == 404
    client.force_login(User.objects.get(username="coordinator"))
    assert client.get(START).status_code == 404


def test_the_pdf_is_only_for_helpers(client, wereld, op_ankerdag):
    yonas = Machtiging.objects.get(vertegenwoordigde__demo_sleutel="yonas")
    client.force_login(Burger.objects.get(demo_sleutel="yonas").user)
    assert client.post(pdf_url(yonas)).status_code == 404
    assert not Document.objects.filter(soort=DocumentSoort.OVERZICHT, datum=ANKER).exists()


# ------------------------------------------------------------------ the overview PDF


def test_the_pdf_makes_one_overview_for_that_client_and_opens_their_letters(
    client, wereld, op_ankerdag
):
    inloggen(client, "ahmed")
    machtiging = Machtiging.objects.get(vertegenwoordigde__demo_sleutel="yonas")
    voor = Document.objects.filter(soort=DocumentSoort.OVERZICHT).count()
    response = client.post(pdf_url(machtiging))
    assert response.status_code == 302 and response["Location"] == reverse("citizen:berichten")
    nieuw = Document.objects.filter(soort=DocumentSoort.OVERZICHT).order_by("-pk")
    assert nieuw.count() == voor + 1
    assert nieuw.first().burger == machtiging.vertegenwoordigde
    assert nieuw.first().snapshot["data"]["gevraagd_door"] == "Ahmed Yilmaz"
    assert client.session[policy.NAMENS] == machtiging.pk
    # A double click makes no second overview.
    client.post(pdf_url(machtiging))
    assert Document.objects.filter(soort=DocumentSoort.OVERZICHT).count() == voor + 1
    berichten = client.get(reverse("citizen:berichten"))
    assert berichten.status_code == 200
    assert "We are making the overview of Yonas Tesfay (PDF)." in berichten.content.decode()


@pytest.mark.parametrize(
    ("helper", "client_achternaam"),
    [
        ("noord", "van der Wal"),  # ended on 2026-11-01
        ("noord", "Veenstra"),  # starts on 2026-12-01
        ("ahmed", "Hendriks"),  # Eva's mandate for Ria
        ("eva", "Tesfay"),  # Ahmed's mandate for Yonas
    ],
)
def test_the_pdf_refuses_a_mandate_that_is_not_usable_or_not_yours(
    client, wereld, op_ankerdag, helper, client_achternaam
):
    inloggen(client, helper)
    machtiging = Machtiging.objects.get(vertegenwoordigde__achternaam=client_achternaam)
    voor = Document.objects.filter(soort=DocumentSoort.OVERZICHT).count()
    assert client.post(pdf_url(machtiging)).status_code == 404
    assert Document.objects.filter(soort=DocumentSoort.OVERZICHT).count() == voor
    assert policy.NAMENS not in client.session


def test_the_pdf_needs_a_post_and_an_existing_mandate(client, wereld, op_ankerdag):
    inloggen(client, "ahmed")
    machtiging = Machtiging.objects.get(vertegenwoordigde__demo_sleutel="yonas")
    assert client.get(pdf_url(machtiging)).status_code == 405
    onbekend = reverse(
        "citizen:helper_overzicht_pdf", args=[Machtiging.objects.latest("pk").pk + 1]
    )
    assert client.post(onbekend).status_code == 404


# ------------------------------------------------------------------ signals on own data


def _helper(naam="Hanna Helper", soort=HelperSoort.SCHULDHULPVERLENER) -> Helper:
    user = UserFactory()
    return Helper.objects.create(user=user, soort=soort, naam=naam, email=f"{user.username}@x.nl")


def _machtiging(burger, helper, *, van=date(2026, 1, 1), tot=date(2027, 12, 31)) -> Machtiging:
    with clock.vast_op(van):
        return registreer_machtiging(
            vertegenwoordigde=burger,
            gemachtigde=helper,
            geldig_van=van,
            geldig_tot=tot,
            bron=MachtigingBron.MEDEWERKER,
            mag_verzoeken=True,
        )


def test_a_decision_date_within_14_days_or_passed_is_a_signal():
    helper = _helper()
    burgers = [BurgerFactory(), BurgerFactory(), BurgerFactory()]
    for burger, dagen in zip(burgers, (10, -3, 40), strict=True):
        vordering = maak_vordering(burger)
        _machtiging(burger, helper)
        with clock.vast_op(date(2026, 10, 1)):
            verzoek = maak_verzoek(
                burger=burger,
                soort=VerzoekSoort.PBT,
                vorderingen=[vordering],
                gegevens=MARK_GEGEVENS,
            )
            dien_in(verzoek)
        Verzoek.objects.filter(pk=verzoek.pk).update(beslistermijn=ANKER + timedelta(days=dagen))
    db = dashboard(helper, vandaag=ANKER, beleid=beleid_op(ANKER))
    per_burger = {c.burger.pk: c for c in db.clienten}
    signaal = [BESLISTERMIJN in per_burger[b.pk].signaal_soorten for b in burgers]
    assert signaal == [True, True, False]
    # A pending request stops escalation: no other signal for these people.
    assert [per_burger[b.pk].signaal_soorten for b in burgers[2:]] == [set()]
    assert per_burger[burgers[0].pk].eerste_beslistermijn == ANKER + timedelta(days=10)


def test_an_overdue_debt_is_an_escalation_today():
    helper = _helper()
    burger = BurgerFactory()
    maak_vordering(burger)  # due 2026-04-17, never reminded: the engine would act today
    _machtiging(burger, helper)
    (regel,) = dashboard(helper, vandaag=ANKER, beleid=beleid_op(ANKER)).clienten
    assert [(m.soort, m.datum, m.wat) for m in regel.meldingen] == [
        (ESCALATIE, ANKER, "herinnering")
    ]


def test_a_renewed_mandate_is_one_row_and_not_flagged_as_ending():
    helper = _helper()
    burger = BurgerFactory()
    maak_vordering(burger)
    oud = _machtiging(burger, helper, van=date(2025, 1, 1), tot=ANKER + timedelta(days=5))
    nieuw = _machtiging(burger, helper, van=ANKER + timedelta(days=6), tot=date(2028, 1, 1))
    (regel,) = dashboard(helper, vandaag=ANKER, beleid=beleid_op(ANKER)).clienten
    assert regel.machtiging == oud and regel.toestand == VERLOOPT
    assert MACHTIGING_VERLOOPT not in regel.signaal_soorten
    Machtiging.objects.filter(pk=nieuw.pk).update(status=MachtigingStatus.INGETROKKEN)
    (regel,) = dashboard(helper, vandaag=ANKER, beleid=beleid_op(ANKER)).clienten
    assert MACHTIGING_VERLOOPT in regel.signaal_soorten


# ------------------------------------------------------------------ query count


def _client_erbij(helper: Helper, nummer: int) -> None:
    """A client with an open debt; the first one also has a plan, a pending request, a pause
    and an open signal, so every query of the page already runs with one client."""
    burger = BurgerFactory()
    vordering = maak_vordering(burger)
    _machtiging(burger, helper)
    if nummer == 0:
        tweede, derde = maak_vordering(burger, soort="HT"), maak_vordering(burger, soort="KGB")
        with clock.vast_op(date(2026, 4, 1), 10):
            start_standaardregeling(vorderingen=[tweede], dag=date(2026, 4, 1))
            verzoek = maak_verzoek(
                burger=burger,
                soort=VerzoekSoort.PBT,
                vorderingen=[vordering],
                gegevens=MARK_GEGEVENS,
            )
            dien_in(verzoek)
        pauze = Pauze.objects.create(
            burger=burger, reden="ziekte", startdatum=ANKER, einddatum=ANKER + timedelta(days=60)
        )
        pauze.vorderingen.add(derde)
        signaal = Signaal.objects.create(
            burger=burger, soort=SignaalSoort.MAATWERK, aangemaakt_op=clock.op_dag(ANKER)
        )
        signaal.vorderingen.add(derde)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(START)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_clients(client):
    helper = _helper()
    _client_erbij(helper, 0)
    client.force_login(helper.user)
    with clock.vast_op(ANKER, 12):
        een = _queries(client)
        for nummer in range(1, 200):
            _client_erbij(helper, nummer)
        assert len(client.get(START).context["clienten"]) == 200
        tweehonderd = _queries(client)
    assert een == tweehonderd, (een, tweehonderd)
