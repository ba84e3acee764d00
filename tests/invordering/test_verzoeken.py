"""Verzoeken: the state machine in the database, PBT decisions and refusal reasons."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from invordering import clock
from invordering.models import Document, Verzoek
from invordering.rules.verzoek import OngeldigeOvergang
from invordering.services.verzoeken import (
    Weigering,
    dien_in,
    ken_toe,
    maak_verzoek,
    trek_in,
    vraag_info,
    wijs_af,
)
from tests.factories import MARK_GEGEVENS, BurgerFactory, UserFactory, maak_vordering

pytestmark = pytest.mark.django_db


def ingediend(gegevens=MARK_GEGEVENS, **kwargs):
    burger = BurgerFactory()
    vordering = maak_vordering(burger, maandbedrag="900.00", recht="0.00", **kwargs)  # 10,800.00
    with clock.vast_op(date(2026, 4, 1)):
        verzoek = maak_verzoek(
            burger=burger, soort="pbt", vorderingen=[vordering], gegevens=gegevens
        )
        dien_in(verzoek, actor=burger.user)
    return verzoek, vordering


def test_submitting_starts_the_beslistermijn_and_sends_a_receipt():
    verzoek, _ = ingediend()
    assert verzoek.status == "ingediend"
    assert verzoek.beslistermijn == date(2026, 4, 1) + timedelta(weeks=8)
    assert Document.objects.filter(soort="verzoek_ontvangen", burger=verzoek.burger).exists()


def test_granting_a_pbt_creates_the_plan_at_the_computed_capacity():
    verzoek, _vordering = ingediend()
    with clock.vast_op(date(2026, 4, 20)):
        regeling = ken_toe(verzoek, medewerker=UserFactory(is_staff=True), dag=date(2026, 4, 20))
    assert regeling.soort == "pbt" and regeling.termijnbedrag == Decimal("395.00")
    assert sum(t.bedrag for t in regeling.termijnen.all()) == Decimal("10800.00")
    verzoek.refresh_from_db()
    assert verzoek.status == "toegekend" and verzoek.toegekend_bedrag == Decimal("395.00")
    assert Document.objects.filter(soort="besluit_verzoek", burger=verzoek.burger).count() == 1


def test_a_refusal_needs_a_reason():
    verzoek, _ = ingediend()
    with pytest.raises(Weigering):
        wijs_af(verzoek, medewerker=UserFactory(), reden="  ")
    wijs_af(verzoek, medewerker=UserFactory(), reden="Er ontbrak informatie over uw inkomen.")
    assert Verzoek.objects.get(pk=verzoek.pk).status == "afgewezen"


def test_a_decided_request_cannot_be_decided_again():
    verzoek, _ = ingediend()
    wijs_af(verzoek, medewerker=UserFactory(), reden="reden")
    with pytest.raises(OngeldigeOvergang):
        ken_toe(verzoek, medewerker=UserFactory())


def test_a_stale_copy_cannot_overwrite_a_decision_made_meanwhile():
    verzoek, _ = ingediend()
    oud = Verzoek.objects.get(pk=verzoek.pk)
    vraag_info(verzoek, medewerker=UserFactory(), vraag="Stuur uw loonstrook.")
    with pytest.raises(RuntimeError, match="someone else"):
        trek_in(oud, actor=None, actor_rol="burger")
