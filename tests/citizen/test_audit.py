"""The audit trail on the citizen side: every page a helper reads for a client is one row
with who, for whom, what and from where; nothing for a refused page or for the burger's
own reading; the helper's changes carry their address and stay in the burger's log.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import (
    ActorRol,
    Burger,
    Event,
    EventSoort,
    Inzage,
    Machtiging,
    PdfStatus,
    User,
)
from invordering.policy import NAMENS
from invordering.services.verzoeken import dien_in, maak_verzoek, vraag_info

pytestmark = pytest.mark.django_db

ADRES = "203.0.113.40"


@pytest.fixture(autouse=True)
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


def als_helper(client, username: str, sleutel: str) -> Machtiging:
    """Log in as a demo helper acting for the demo burger ``sleutel``; English pages."""
    user = User.objects.get(username=username)
    User.objects.filter(pk=user.pk).update(taal="en")
    client.force_login(user)
    machtiging = Machtiging.objects.get(
        vertegenwoordigde__demo_sleutel=sleutel, gemachtigde__user=user
    )
    sessie = client.session
    sessie[NAMENS] = machtiging.pk
    sessie.save()
    return machtiging


def test_each_page_a_helper_reads_is_one_row_with_who_whom_what_and_where(client, wereld):
    machtiging = als_helper(client, "ahmed", "yonas")
    yonas = machtiging.vertegenwoordigde
    vordering = yonas.vorderingen.order_by("pk").first()
    paginas = {
        "citizen:overzicht": reverse("citizen:overzicht"),
        "citizen:tijdlijn": reverse("citizen:tijdlijn"),
        "citizen:vordering": reverse("citizen:vordering", args=[vordering.pk]),
    }
    for adres in paginas.values():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(adres, REMOTE_ADDR=ADRES).status_code == 200
        assert sum(q["sql"].startswith('INSERT INTO "invordering_inzage"') for q in queries) == 1
    rijen = Inzage.objects.filter(user=machtiging.gemachtigde.user)
    assert {(r.pagina, r.pad) for r in rijen} == set(paginas.items())
    assert {(r.burger, r.rol, r.machtiging, r.ip) for r in rijen} == {
        (yonas, ActorRol.HELPER, machtiging, ADRES)
    }


def test_a_letter_download_is_a_look(client, wereld, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    machtiging = als_helper(client, "eva", "ria")
    document = machtiging.vertegenwoordigde.documenten.order_by("pk").first()
    document.pdf.save("brief.pdf", ContentFile(b"%PDF-1.4 brief"), save=False)
    document.pdf_status = PdfStatus.KLAAR
    document.save()
    response = client.get(reverse("citizen:bericht_pdf", args=[document.pk]))
    assert response.status_code == 200
    rij = Inzage.objects.get(user=machtiging.gemachtigde.user)
    assert (rij.pagina, rij.burger) == ("citizen:bericht_pdf", machtiging.vertegenwoordigde)


def test_a_refused_page_and_the_burgers_own_reading_record_nothing(client, wereld):
    machtiging = als_helper(client, "eva", "ria")  # view only
    assert client.get(reverse("citizen:pbt")).status_code == 403
    mark = Burger.objects.get(demo_sleutel="mark")
    vreemd = reverse("citizen:vordering", args=[mark.vorderingen.first().pk])
    assert client.get(vreemd).status_code == 404
    assert not Inzage.objects.filter(user=machtiging.gemachtigde.user).exists()

    client.force_login(mark.user)
    assert client.get(reverse("citizen:overzicht")).status_code == 200
    assert not Inzage.objects.filter(burger=mark, tijdstip=clock.now()).exists()


def test_the_helper_dashboard_records_its_clients_in_one_insert(client, wereld):
    user = User.objects.get(username="noord")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("citizen:helper_start"))
    assert response.status_code == 200
    assert sum(q["sql"].startswith('INSERT INTO "invordering_inzage"') for q in queries) == 1
    getoond = {c.burger.pk for c in response.context["clienten"] if c.bruikbaar}
    assert set(Inzage.objects.filter(user=user).values_list("burger_id", flat=True)) == getoond


def test_a_helpers_submission_records_its_address(client, wereld):
    machtiging = als_helper(client, "ahmed", "yonas")
    yonas = machtiging.vertegenwoordigde
    data = {
        "reden": "werkloos",
        "toelichting": "",
        "start": (ANKER + timedelta(days=1)).isoformat(),
        "eind": (ANKER + timedelta(days=60)).isoformat(),
        "voorstel_daarna": "Daarna een regeling.",
        "vorderingen": [v.pk for v in yonas.vorderingen.all()],
        "actie": "indienen",
    }
    assert client.post(reverse("citizen:pauze"), data, REMOTE_ADDR=ADRES).status_code == 302
    event = Event.objects.get(
        burger=yonas, soort=EventSoort.VERZOEK_INGEDIEND, tijdstip=clock.now()
    )
    assert (event.actor, event.actor_rol, event.machtiging, event.ip) == (
        machtiging.gemachtigde.user,
        ActorRol.HELPER,
        machtiging,
        ADRES,
    )
    assert not Inzage.objects.filter(pad=reverse("citizen:pauze")).exists()  # a change, not a look


def test_a_burgers_own_change_records_its_address(client, wereld):
    mark = Burger.objects.get(demo_sleutel="mark")
    client.force_login(mark.user)
    response = client.post(
        reverse("citizen:machtiging_nieuw"),
        {"geldig_tot": (ANKER + timedelta(days=90)).isoformat(), "email": ""},
        REMOTE_ADDR=ADRES,
    )
    assert response.status_code == 302
    event = Event.objects.get(burger=mark, soort=EventSoort.MACHTIGING_AANGEVRAAGD)
    assert (event.actor, event.actor_rol, event.ip) == (mark.user, ActorRol.BURGER, ADRES)


def test_the_burger_sees_the_helpers_answer_and_looks_in_their_log(client, wereld):
    machtiging = als_helper(client, "ahmed", "yonas")
    yonas = machtiging.vertegenwoordigde
    verzoek = maak_verzoek(
        burger=yonas,
        soort="pauze",
        vorderingen=list(yonas.vorderingen.all()[:1]),
        gegevens={"reden": "ziekte"},
        actor=yonas.user,
    )
    dien_in(verzoek, actor=yonas.user)
    vraag_info(verzoek, medewerker=User.objects.get(username="behandelaar"), vraag="Wanneer?")
    assert client.get(reverse("citizen:verzoek", args=[verzoek.pk])).status_code == 200
    response = client.post(
        reverse("citizen:verzoek_aanvullen", args=[verzoek.pk]),
        {"antwoord": "Vanaf maart."},
        REMOTE_ADDR=ADRES,
    )
    assert response.status_code == 302
    event = Event.objects.get(verzoek=verzoek, soort=EventSoort.VERZOEK_AANGEVULD)
    assert (event.actor_rol, event.machtiging, event.ip) == (ActorRol.HELPER, machtiging, ADRES)

    User.objects.filter(pk=yonas.user_id).update(taal="en")
    client.force_login(yonas.user)
    log = client.get(reverse("citizen:machtigingen"))
    regels = list(log.context["logboek"])
    assert any(getattr(r, "soort", "") == EventSoort.VERZOEK_AANGEVULD for r in regels)
    assert any(isinstance(r, Inzage) and r.pagina == "citizen:verzoek" for r in regels)
    html = log.content.decode()
    assert "Information sent" in html and "Looked at one of your requests" in html
