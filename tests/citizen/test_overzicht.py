"""The overview and a debt's page: right totals, the right first action, no leaks, stable queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import Boeking, Burger
from invordering.services.betalingen import boek_betaling
from invordering.services.vorderingen import registreer_toeslag, registreer_voorschot
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db

VERWACHT = {
    "mark": ("termijn_gemist", date(2026, 11, 21), Decimal("395.00")),
    "sanne": ("termijn", date(2026, 11, 22), Decimal("67.22")),
    "fatima": ("termijn", date(2026, 11, 24), Decimal("90.83")),
    "jansen": ("verzoek", date(2026, 11, 23), None),
    "yonas": ("herinnering", date(2026, 11, 21), Decimal("3043.00")),
    "ria": ("signaal", date(2026, 11, 20), None),
    "kevin": ("verzoek", date(2027, 1, 5), None),
    "linda": ("niets", None, None),
}


@pytest.fixture
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


def login(client, sleutel):
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    return Burger.objects.get(demo_sleutel=sleutel)


@pytest.mark.parametrize("sleutel", list(VERWACHT))
def test_each_persona_sees_the_ledger_total_the_parts_and_the_right_first_action(
    client, demo, wereld, op_ankerdag, sleutel
):
    burger = login(client, sleutel)
    response = client.get(reverse("citizen:overzicht"))
    assert response.status_code == 200
    ov = response.context["ov"]
    grootboek = Boeking.objects.filter(vordering__burger=burger).aggregate(s=Sum("bedrag"))["s"]
    assert ov.totaal.open == grootboek
    for kaart in ov.kaarten:
        assert kaart.opbouw.open == kaart.vordering.saldo, kaart.vordering.kenmerk
    soort, uiterlijk, bedrag = VERWACHT[sleutel]
    assert (ov.actie.soort, ov.actie.uiterlijk, ov.actie.bedrag) == (soort, uiterlijk, bedrag)


def test_the_overview_says_what_to_do_first_then_the_total(client, demo, wereld, op_ankerdag):
    login(client, "mark")
    html = client.get(reverse("citizen:overzicht")).content.decode()
    assert html.index("Wat moet ik nu doen?") < html.index("Wat u in totaal nog moet betalen")
    assert "Betaal termijn 4 van 25 (€\xa0395,00) vóór 21 november 2026" in html
    assert "€\xa08.580,50" in html


def test_settled_debts_stay_visible_as_proof(client, demo, wereld, op_ankerdag):
    login(client, "linda")
    response = client.get(reverse("citizen:overzicht"))
    assert len(response.context["ov"].afgerond) == 2
    assert "Afgerond" in response.content.decode()


def test_a_debt_page_explains_why_with_the_numbers(client, demo, wereld, op_ankerdag):
    burger = login(client, "ria")
    vordering = burger.vorderingen.get()
    html = client.get(reverse("citizen:vordering", args=[vordering.pk])).content.decode()
    for tekst in (
        "Waarom krijg ik dit?",
        "Wat moet ik doen?",
        "Hoe doe ik dat?",
        "Waar kan ik terecht?",
    ):
        assert tekst in html
    assert "€\xa01.548,00" in html  # 12 x 129.00 in advance
    assert "€\xa0908,00" in html  # entitled to
    assert "€\xa0640,00" in html  # the difference
    assert "Wat betekenen deze woorden?" in html and "Voorschot" in html


def test_someone_elses_debt_is_not_found(client, demo, wereld):
    andere = Burger.objects.get(demo_sleutel="sanne").vorderingen.first()
    login(client, "mark")
    assert client.get(reverse("citizen:vordering", args=[andere.pk])).status_code == 404
    assert client.get(reverse("citizen:tijdlijn"), {"schuld": andere.pk}).status_code == 404
    assert client.get(reverse("citizen:tijdlijn"), {"schuld": "x"}).status_code == 404
    assert client.get(reverse("citizen:vordering", args=[999999])).status_code == 404


def test_htmx_card_expansion_returns_only_the_amounts(client, demo, wereld, op_ankerdag):
    burger = login(client, "fatima")
    vordering = burger.vorderingen.first()
    response = client.get(
        reverse("citizen:overzicht"),
        {"deel": "opbouw", "schuld": vordering.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Nog te betalen" in html


def test_timeline_shows_the_past_today_and_what_happens_if_you_do_nothing(
    client, demo, wereld, op_ankerdag
):
    login(client, "yonas")
    response = client.get(reverse("citizen:tijdlijn"))
    tl = response.context["tijdlijn"]
    assert any(m.soort == "herinnering" for m in tl.verleden)
    stappen = [m for m in tl.toekomst if m.soort == "stap"]
    assert stappen and stappen[0].data["naar"] == "signaal"  # the target regime calls first
    assert all(m.datum >= ANKER for m in tl.toekomst)


def test_timeline_filters_work_with_and_without_htmx(client, demo, wereld, op_ankerdag):
    burger = login(client, "sanne")
    response = client.get(reverse("citizen:tijdlijn"), {"filter": "betalingen"})
    assert {m.soort for m in response.context["tijdlijn"].verleden} == {"betaling"}
    vordering = burger.vorderingen.first()
    partial = client.get(
        reverse("citizen:tijdlijn"), {"schuld": vordering.pk}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in partial.content.decode()
    kenmerken = {m.kenmerk for m in partial.context["tijdlijn"].verleden if m.vordering_id}
    assert kenmerken <= {vordering.kenmerk}


def _burger_met_vorderingen(aantal: int) -> Burger:
    """A burger with ``aantal`` vorderingen (years before now) and a running voorschot."""
    burger = BurgerFactory()
    vorderingen = [
        maak_vordering(
            burger,
            soort=("ZT", "HT", "KGB", "KOT")[i % 4],
            jaar=1970 + i,
            dagtekening=date(2026, 1, 2) + timedelta(days=i),
        )
        for i in range(aantal)
    ]
    lopend = registreer_toeslag(burger=burger, soort="HT", jaar=clock.today().year)
    registreer_voorschot(
        toeslag=lopend, dagtekening=date(2025, 12, 5), ingangsmaand=1, maandbedrag=Decimal("200.00")
    )
    boek_betaling(
        burger=burger,
        bedrag=Decimal("250.00"),
        ontvangen_op=date(2026, 6, 1),
        methode="ideal",
        referentie=f"q-{burger.pk}",
    )
    for v in vorderingen[:3]:
        v.refresh_from_db()
    return burger


@pytest.mark.parametrize("pagina", ["overzicht", "tijdlijn", "vordering"])
def test_query_count_does_not_grow_with_the_number_of_debts(client, pagina):
    tellingen = []
    for aantal in (1, 50):
        burger = _burger_met_vorderingen(aantal)
        client.force_login(burger.user)
        url = (
            reverse("citizen:vordering", args=[burger.vorderingen.last().pk])
            if pagina == "vordering"
            else reverse(f"citizen:{pagina}")
        )
        client.get(url)  # warm up caches (sessions, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        tellingen.append(len(queries))
    assert tellingen[0] == tellingen[1], tellingen


def test_an_objection_is_shown_and_holds_the_next_step(client, demo, wereld, op_ankerdag):
    burger = Burger.objects.get(demo_sleutel="client-07")
    client.force_login(burger.user)
    response = client.get(reverse("citizen:overzicht"))
    kaart = response.context["ov"].open[0]
    assert kaart.bezwaar is not None and kaart.stap.reden == "bezwaar_met_uitstel"
    assert "Bezwaar over" in response.content.decode()
