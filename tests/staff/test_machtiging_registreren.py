"""The coördinator registers a mandate with proof (e.g. a bewindvoering by court decision)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invordering.demo.wereld import ANKER
from invordering.models import Event, Helper, Machtiging

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 beschikking kantonrechter"


def gegevens(helper, **anders):
    data = {
        "gemachtigde": helper.pk,
        "mag_verzoeken": "on",
        "mag_betalen": "on",
        "geldig_van": ANKER.isoformat(),
        "geldig_tot": (ANKER + timedelta(days=700)).isoformat(),
        "bewijs": SimpleUploadedFile("beschikking.pdf", PDF, content_type="application/pdf"),
    }
    data.update(anders)
    return data


def test_the_coordinator_registers_a_mandate_with_its_proof(
    client, als, persona, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    als("coordinator")
    ria, joris = persona("ria"), Helper.objects.get(demo_sleutel="noord")
    response = client.post(reverse("staff:machtiging_registreren", args=[ria.pk]), gegevens(joris))
    assert response.status_code == 302
    machtiging = Machtiging.objects.get(vertegenwoordigde=ria, gemachtigde=joris)
    assert (machtiging.status, machtiging.bron, machtiging.mag_betalen) == (
        "actief",
        "medewerker",
        True,
    )
    assert Event.objects.filter(
        machtiging=machtiging, soort="machtiging_verleend", actor_rol="medewerker"
    ).exists()
    download = client.get(reverse("staff:machtiging_bewijs", args=[machtiging.pk]))
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("anders", "veld"),
    [
        (
            {"bewijs": SimpleUploadedFile("x.pdf", b"MZ program", content_type="application/pdf")},
            "bewijs",
        ),
        ({"geldig_tot": (ANKER - timedelta(days=1)).isoformat()}, "geldig_tot"),
        ({"geldig_tot": (ANKER + timedelta(days=2000)).isoformat()}, "geldig_tot"),
        ({"gemachtigde": "999999"}, "gemachtigde"),
        # Found by tests/test_fuzz.py (each was a 500): a start past year 9999 - its
        # months, and one before any policy value.
        (
            {"geldig_van": "9999-12-15", "geldig_tot": "9999-12-20"},
            "geldig_van",
        ),
        ({"geldig_van": "0001-01-01", "geldig_tot": "0001-02-01"}, "geldig_van"),
    ],
)
def test_bad_registrations_are_refused_at_the_field(client, als, persona, anders, veld):
    als("coordinator")
    ria = persona("ria")
    response = client.post(
        reverse("staff:machtiging_registreren", args=[ria.pk]),
        gegevens(Helper.objects.first(), **anders),
    )
    assert response.status_code == 200 and veld in response.context["form"].errors
    assert not Machtiging.objects.filter(vertegenwoordigde=ria, bron="medewerker").exists()


def test_only_the_coordinator_registers(client, als, persona):
    als("behandelaar")
    assert (
        client.get(reverse("staff:machtiging_registreren", args=[persona("ria").pk])).status_code
        == 403
    )
