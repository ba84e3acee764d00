"""Requests a burger makes: a pause with a preview, bundling, the standard plan, answering."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import Bijlage, Burger, Regeling, Verzoek
from invordering.services.verzoeken import dien_in, ken_toe, maak_verzoek, vraag_info
from tests.factories import BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 proof"


@pytest.fixture(autouse=True)
def op_ankerdag():
    with clock.vast_op(ANKER, 12):
        yield


def login(client, sleutel) -> Burger:
    client.post(reverse("citizen:demo_login", args=[sleutel]))
    return Burger.objects.get(demo_sleutel=sleutel)


def pauze_data(burger, **anders):
    data = {
        "reden": "scheiding",
        "toelichting": "",
        "start": "2026-11-20",
        "eind": "2027-02-19",
        "voorstel_daarna": "Daarna betaal ik weer elke maand.",
        "vorderingen": [v.pk for v in burger.vorderingen.exclude(fase="afgerond")],
    }
    data.update(anders)
    return data


def test_a_pause_shows_what_it_moves_before_it_is_sent(client, demo, wereld):
    mark = login(client, "mark")
    response = client.post(reverse("citizen:pauze"), {**pauze_data(mark), "actie": "voorbeeld"})
    html = response.content.decode()
    assert response.status_code == 200 and "Wat de pauze verandert" in html
    assert "6 februari 2027" in html  # missed termijn 4 (due 6 November) moves three months
    assert not Verzoek.objects.filter(burger=mark, soort="pauze").exists()


def test_sending_a_pause_twice_makes_one_request(client, demo, wereld):
    mark = login(client, "mark")
    data = {**pauze_data(mark), "actie": "indienen"}
    eerste = client.post(reverse("citizen:pauze"), data)
    tweede = client.post(reverse("citizen:pauze"), data)
    verzoeken = Verzoek.objects.filter(burger=mark, soort="pauze")
    assert verzoeken.count() == 1
    verzoek = verzoeken.get()
    assert verzoek.status == "ingediend" and verzoek.beslistermijn == ANKER + timedelta(weeks=8)
    assert eerste["Location"] == tweede["Location"] == reverse("citizen:verzoek", args=[verzoek.pk])


@pytest.mark.parametrize(
    ("anders", "veld", "tekst"),
    [
        ({"eind": "2027-06-01"}, "eind", "hoogstens 3 maanden"),
        ({"start": "2026-11-01"}, "start", "niet in het verleden"),
        ({"voorstel_daarna": ""}, "voorstel_daarna", "Schrijf"),
        ({"eind": "2026-11-10"}, "eind", "vóór de begindatum"),
        ({"vorderingen": []}, "vorderingen", "ten minste één"),
        ({"start": "morgen"}, "start", "datum"),
    ],
)
def test_bad_pause_input_gets_a_message_and_keeps_the_answers(
    client, demo, wereld, anders, veld, tekst
):
    mark = login(client, "mark")
    response = client.post(
        reverse("citizen:pauze"), {**pauze_data(mark, **anders), "actie": "indienen"}
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert tekst.lower() in " ".join(form.errors[veld]).lower()
    assert form["voorstel_daarna"].value() == pauze_data(mark, **anders)["voorstel_daarna"]
    assert not Verzoek.objects.filter(burger=mark, soort="pauze").exists()


def test_a_person_with_a_pending_pause_sees_it_instead_of_a_new_form(client, demo, wereld):
    kevin = login(client, "kevin")
    response = client.get(reverse("citizen:pauze"))
    assert response["Location"] == reverse(
        "citizen:verzoek", args=[kevin.verzoeken.get(soort="pauze").pk]
    )


def test_bundling_shows_one_plan_oldest_debt_first_and_is_sent_once(client, demo, wereld):
    fatima = login(client, "fatima")
    ids = [v.pk for v in fatima.vorderingen.all()]
    response = client.post(reverse("citizen:bundeling"), {"vorderingen": ids, "actie": "bereken"})
    voorstel = response.context["voorstel"]
    assert voorstel["totaal"] == sum(v.saldo for v in fatima.vorderingen.all())
    assert [r["vordering"].toeslag.soort for r in voorstel["volgorde"]] == ["KOT", "KGB", "HT"]
    assert (
        voorstel["volgorde"][0]["van"] == 1
        and voorstel["volgorde"][-1]["tot"] == voorstel["aantal"]
    )
    client.post(reverse("citizen:bundeling"), {"vorderingen": ids, "actie": "indienen"})
    client.post(reverse("citizen:bundeling"), {"vorderingen": ids, "actie": "indienen"})
    verzoek = Verzoek.objects.get(burger=fatima, soort="bundeling")
    assert verzoek.vorderingen.count() == 3


def test_granted_bundling_replaces_the_three_plans_with_one(client, demo, wereld):
    fatima = Burger.objects.get(demo_sleutel="fatima")
    verzoek = maak_verzoek(
        burger=fatima, soort="bundeling", vorderingen=list(fatima.vorderingen.all()), gegevens={}
    )
    dien_in(verzoek)
    regeling = ken_toe(verzoek, medewerker=UserFactory(is_staff=True), toelichting="")
    assert regeling.soort == "gebundeld" and regeling.vorderingen.count() == 3
    assert Regeling.objects.filter(burger=fatima, status="lopend").get() == regeling
    assert Regeling.objects.filter(burger=fatima, status="vervangen").count() == 3


def test_bundling_needs_two_debts(client, demo, wereld):
    fatima = login(client, "fatima")
    response = client.post(
        reverse("citizen:bundeling"),
        {"vorderingen": [fatima.vorderingen.first().pk], "actie": "indienen"},
    )
    assert "ten minste twee" in " ".join(response.context["form"].errors["vorderingen"]).lower()


def test_the_standard_plan_starts_at_once_without_a_request(client, demo, wereld):
    yonas = login(client, "yonas")
    vordering = yonas.vorderingen.order_by("pk").first()
    url = reverse("citizen:regeling_starten") + f"?schuld={vordering.pk}"
    response = client.get(url)
    assert (
        len(response.context["termijnen"]) == 24
        and sum(response.context["termijnen"]) == vordering.saldo
    )
    client.post(url)
    vordering.refresh_from_db()
    assert vordering.fase == "regeling"
    assert yonas.regelingen.get().soort == "standaard"


def test_someone_elses_request_debt_or_file_is_not_found(client, demo, wereld):
    kevin = Burger.objects.get(demo_sleutel="kevin")
    verzoek = kevin.verzoeken.get()
    login(client, "mark")
    assert client.get(reverse("citizen:verzoek", args=[verzoek.pk])).status_code == 404
    assert client.post(reverse("citizen:verzoek_intrekken", args=[verzoek.pk])).status_code == 404
    anders = kevin.vorderingen.first()
    assert (
        client.get(reverse("citizen:regeling_starten") + f"?schuld={anders.pk}").status_code == 404
    )
    assert client.get(reverse("citizen:regeling_starten") + "?schuld=x").status_code == 404


def _met_vraag():
    burger = BurgerFactory()
    vordering = maak_vordering(burger, dagtekening=date(2026, 9, 4))
    verzoek = maak_verzoek(burger=burger, soort="pbt", vorderingen=[vordering], gegevens={})
    dien_in(verzoek)
    vraag_info(verzoek, medewerker=UserFactory(is_staff=True), vraag="Stuur uw laatste loonstrook.")
    return burger, verzoek


def test_answering_a_question_with_a_document(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    burger, verzoek = _met_vraag()
    client.force_login(burger.user)
    pagina = client.get(reverse("citizen:verzoek", args=[verzoek.pk])).content.decode()
    assert "Stuur uw laatste loonstrook." in pagina
    bestand = SimpleUploadedFile("loonstrook.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("citizen:verzoek_aanvullen", args=[verzoek.pk]),
        {"antwoord": "Zie bijlage.", "bestand": bestand},
    )
    verzoek.refresh_from_db()
    assert verzoek.status == "in_behandeling"
    bijlage = Bijlage.objects.get(verzoek=verzoek)
    download = client.get(reverse("citizen:bijlage", args=[verzoek.pk, bijlage.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_wrong_file_keeps_the_answer_and_changes_nothing(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    burger, verzoek = _met_vraag()
    client.force_login(burger.user)
    nep = SimpleUploadedFile(
        "loonstrook.pdf", b"MZ this is a program", content_type="application/pdf"
    )
    response = client.post(
        reverse("citizen:verzoek_aanvullen", args=[verzoek.pk]),
        {"antwoord": "Zie bijlage.", "bestand": nep},
    )
    assert "PDF, JPG of PNG" in response.content.decode()
    assert response.context["form"]["antwoord"].value() == "Zie bijlage."
    verzoek.refresh_from_db()
    assert verzoek.status == "info_gevraagd" and not verzoek.bijlagen.exists()


def test_withdrawing_a_request(client, demo, wereld):
    kevin = login(client, "kevin")
    verzoek = kevin.verzoeken.get()
    client.post(reverse("citizen:verzoek_intrekken", args=[verzoek.pk]))
    verzoek.refresh_from_db()
    assert verzoek.status == "ingetrokken"
    assert Decimal("0") == 0
