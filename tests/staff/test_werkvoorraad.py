"""The work queue and the signal queue: order, filters, markers, access, stable queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from invordering.demo.wereld import ANKER
from invordering.models import Signaal, SignaalSoort, User, Verzoek
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.services.verzoeken import neem_in_behandeling

pytestmark = pytest.mark.django_db

WERKVOORRAAD = reverse("staff:werkvoorraad")


def rijen(response) -> list[Verzoek]:
    return [rij.verzoek for rij in response.context["rijen"]]


def test_the_queue_shows_every_open_request_earliest_decision_date_first(client, als, persona):
    als("behandelaar")
    response = client.get(WERKVOORRAAD)
    assert response.status_code == 200
    getoond = rijen(response)
    assert {v.pk for v in getoond} == set(
        Verzoek.objects.filter(status__in=OPEN_STATUSSEN).values_list("pk", flat=True)
    )
    termijnen = [v.beslistermijn for v in getoond]
    assert termijnen == sorted(termijnen)
    assert getoond[0].burger == persona("jansen")
    html = response.content.decode()
    assert "<title>Work queue: requests | " in html
    assert html.count("<h1") == 1
    assert "7 days left" in html  # Jansen: 23 November 2026, seven days after the demo date
    totaalbeeld = reverse("staff:totaalbeeld", args=[persona("jansen").pk])
    assert f'href="{totaalbeeld}#verzoek-{getoond[0].pk}">Anouk Jansen</a>' in html


def test_a_request_past_its_decision_date_says_how_many_days_overdue(client, als, open_verzoek):
    verzoek = open_verzoek(ingediend=ANKER - timedelta(weeks=8, days=3))
    als("behandelaar")
    response = client.get(WERKVOORRAAD, {"termijn": "verlopen"})
    assert rijen(response) == [verzoek]
    assert "3 days overdue" in response.content.decode()


@pytest.mark.parametrize(
    ("filters", "hoort_erbij", "personas"),
    [
        ({"soort": "pauze"}, lambda v: v.soort == "pauze", {"kevin"}),
        ({"soort": "pbt"}, lambda v: v.soort == "pbt", {"jansen"}),
        ({"termijn": "7"}, lambda v: 0 <= (v.beslistermijn - ANKER).days <= 7, {"jansen"}),
        ({"termijn": "14"}, lambda v: 0 <= (v.beslistermijn - ANKER).days <= 14, {"jansen"}),
        ({"termijn": "later"}, lambda v: (v.beslistermijn - ANKER).days > 14, {"kevin"}),
        ({"termijn": "verlopen"}, lambda v: v.beslistermijn < ANKER, set()),
        (
            {"soort": "pbt", "termijn": "later"},
            lambda v: v.soort == "pbt" and (v.beslistermijn - ANKER).days > 14,
            set(),
        ),
        ({"status": "in_behandeling"}, lambda v: v.status == "in_behandeling", set()),
    ],
)
def test_filters_narrow_the_queue(client, als, filters, hoort_erbij, personas):
    als("behandelaar")
    getoond = rijen(client.get(WERKVOORRAAD, filters))
    alle_open = Verzoek.objects.filter(status__in=OPEN_STATUSSEN)
    assert {v.pk for v in getoond} == {v.pk for v in alle_open if hoort_erbij(v)}
    benoemd = {"jansen", "kevin"}
    assert {v.burger.demo_sleutel for v in getoond} & benoemd == personas


def test_the_signal_filter_and_marker_find_people_who_cannot_pay(client, als, open_verzoek):
    kan_niet = open_verzoek(
        gegevens={
            **_pbt(),
            "kan_niet_betalen": True,
            "reden_niet_betalen": "Mijn energierekening is te hoog.",
        }
    )
    gewoon = open_verzoek()
    assert Signaal.objects.filter(burger=kan_niet.burger, soort=SignaalSoort.MAATWERK).exists()
    als("behandelaar")
    met = rijen(client.get(WERKVOORRAAD, {"signaal": "ja"}))
    zonder = rijen(client.get(WERKVOORRAAD, {"signaal": "nee"}))
    assert kan_niet in met and gewoon not in met
    assert gewoon in zonder and kan_niet not in zonder
    html = client.get(WERKVOORRAAD, {"signaal": "ja"}).content.decode()
    assert "Cannot pay: custom solution asked" in html


def test_the_handled_by_filter_shows_my_requests_and_unassigned_ones(client, als, open_verzoek):
    mijn = open_verzoek()
    ik = als("behandelaar")
    neem_in_behandeling(mijn, medewerker=ik)
    assert rijen(client.get(WERKVOORRAAD, {"behandelaar": "ik"})) == [mijn]
    assert mijn not in rijen(client.get(WERKVOORRAAD, {"behandelaar": "niemand"}))
    assert mijn in rijen(client.get(WERKVOORRAAD, {"status": "in_behandeling"}))


def test_an_unknown_filter_value_shows_the_whole_queue(client, als):
    als("behandelaar")
    response = client.get(WERKVOORRAAD, {"soort": "nonsense"})
    assert response.status_code == 200
    assert len(rijen(response)) == Verzoek.objects.filter(status__in=OPEN_STATUSSEN).count()


def test_the_queue_needs_the_same_number_of_queries_for_1_and_30_more_requests(
    client, als, open_verzoek
):
    als("behandelaar")
    open_verzoek()
    client.get(WERKVOORRAAD)  # warm the session and the clock
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(WERKVOORRAAD).status_code == 200
    for _ in range(29):
        open_verzoek()
    with CaptureQueriesContext(connection) as veel:
        response = client.get(WERKVOORRAAD)
    assert len(rijen(response)) >= 30
    assert len(veel) == len(weinig), [q["sql"] for q in veel.captured_queries]


def test_the_signal_queue_lists_open_signals_by_contact_date_with_person_and_debts(
    client, als, persona
):
    als("begeleiding")
    response = client.get(reverse("staff:signalen"))
    assert response.status_code == 200
    signalen = [rij.signaal for rij in response.context["rijen"]]
    assert signalen, "the demo world has open signals"
    assert all(s.status != "afgehandeld" for s in signalen)
    datums = [s.contact_voor or date.max for s in signalen]
    assert datums == sorted(datums)
    ria = persona("ria")
    assert any(s.burger == ria and s.soort == SignaalSoort.STILGEVALLEN for s in signalen)
    html = response.content.decode()
    assert reverse("staff:totaalbeeld", args=[ria.pk]) in html
    assert ria.vorderingen.get().kenmerk in html
    assert "<title>Signals: people to contact | " in html


def test_the_signal_queue_filters_by_kind(client, als):
    als("begeleiding")
    response = client.get(reverse("staff:signalen"), {"soort": "maatwerk"})
    assert all(r.signaal.soort == "maatwerk" for r in response.context["rijen"])


def test_the_admin_start_page_links_to_both_queues(client, als):
    als("behandelaar")
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{WERKVOORRAAD}">Work queue: requests</a>' in html
    assert f'href="{reverse("staff:signalen")}">Signals: people to contact</a>' in html


@pytest.mark.parametrize("naam", ["staff:werkvoorraad", "staff:signalen"])
def test_someone_not_logged_in_as_staff_goes_to_the_admin_login(client, wereld, naam):
    url = reverse(naam)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    burger = User.objects.filter(burger__isnull=False).first()
    client.force_login(burger)
    assert client.get(url)["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("naam", ["staff:werkvoorraad", "staff:signalen"])
def test_staff_without_permission_to_view_people_get_403(client, wereld, naam):
    zonder = User.objects.create_user("stagiair", password="x", is_staff=True)
    client.force_login(zonder)
    assert client.get(reverse(naam)).status_code == 403
    zonder.user_permissions.add(Permission.objects.get(codename="view_burger"))
    assert client.get(reverse(naam)).status_code == 200


def _pbt() -> dict:
    from tests.staff.conftest import PBT_GEGEVENS

    return dict(PBT_GEGEVENS)
