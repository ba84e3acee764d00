"""Uploaded proof is deleted after its retention term (settings.BIJLAGEN_BEWAAR_DAGEN),
counted from the end of the request; the row stays and the pages say it was removed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invordering import clock
from invordering.services.bijlagen import ruim_op, voeg_bijlage_toe
from invordering.services.verzoeken import dien_in, maak_verzoek, trek_in
from tests.factories import BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db
START = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BIJLAGEN_BEWAAR_DAGEN = 730


def verzoek_met_bijlage(*, indienen: bool = True, intrekken: bool = True):
    burger = BurgerFactory()
    with clock.vast_op(START):
        verzoek = maak_verzoek(
            burger=burger, soort="pauze", vorderingen=[maak_vordering(burger)], gegevens={}
        )
        bijlage = voeg_bijlage_toe(
            verzoek=verzoek,
            bestand=SimpleUploadedFile("loonstrook.pdf", b"%PDF-1.4 test", "application/pdf"),
        )
        if indienen:
            dien_in(verzoek)
        if indienen and intrekken:
            trek_in(verzoek, actor=None, actor_rol="burger")
    return verzoek, bijlage


def test_the_file_goes_after_the_term_and_the_row_stays():
    _verzoek, bijlage = verzoek_met_bijlage()
    pad = bijlage.bestand.path
    assert ruim_op(START + timedelta(days=730)) == 0  # the term has not passed yet
    assert ruim_op(START + timedelta(days=731)) == 1
    bijlage.refresh_from_db()
    assert bijlage.verwijderd_op is not None and bijlage.naam == "loonstrook.pdf"
    assert not Path(pad).exists()
    assert ruim_op(START + timedelta(days=900)) == 0  # safe to run again


def test_an_open_request_keeps_its_proof_however_old():
    _verzoek, bijlage = verzoek_met_bijlage(intrekken=False)
    assert ruim_op(START + timedelta(days=2000)) == 0
    bijlage.refresh_from_db()
    assert bijlage.verwijderd_op is None


def test_an_abandoned_draft_counts_from_the_day_it_was_started():
    verzoek_met_bijlage(indienen=False)
    assert ruim_op(START + timedelta(days=731)) == 1


def test_the_person_sees_it_was_removed_and_cannot_download_it(client):
    verzoek, bijlage = verzoek_met_bijlage()
    ruim_op(START + timedelta(days=731))
    verzoek.burger.user.taal = "en"
    verzoek.burger.user.save()
    client.force_login(verzoek.burger.user)
    pagina = client.get(reverse("citizen:verzoek", args=[verzoek.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "loonstrook.pdf (deleted on" in pagina.content.decode()
    download = client.get(reverse("citizen:bijlage", args=[verzoek.pk, bijlage.pk]))
    assert download.status_code == 404
