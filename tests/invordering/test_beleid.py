"""Beleidsparameters: complete per regime, typed, versioned, validated in the admin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from invordering import beleid
from invordering.models import Beleidsparameter, Regime

pytestmark = pytest.mark.django_db

REGIMES = ("historisch-2022", "huidig-2026", "doel")


@pytest.mark.parametrize("code", REGIMES)
def test_every_parameter_has_a_value_in_every_regime(code):
    waarden = beleid.beleid_op(date(2026, 11, 16), Regime.objects.get(code=code))
    for sleutel in beleid.DEFINITIES:
        assert getattr(waarden, sleutel) is not None, sleutel


def test_the_demo_runs_the_target_regime():
    assert Regime.objects.get(actief=True).code == "doel"


def test_values_are_typed():
    b = beleid.beleid_op(date(2026, 11, 16))
    assert b.standaard_max_termijnen == 24
    assert b.standaard_minimum_termijn == Decimal("20.00")
    assert b.normpercentage == Decimal("90")
    assert b.stilvallen_als_signaal is True
    assert b.dwangbevel_kosten[0] == (Decimal("0.00"), Decimal("21.00"))


def test_a_later_version_takes_over_from_its_ingangsdatum():
    huidig = Regime.objects.get(code="huidig-2026")
    assert beleid.beleid_op(date(2025, 12, 31), huidig).rente_percentage == Decimal("4.0")
    assert beleid.beleid_op(date(2026, 1, 1), huidig).rente_percentage == Decimal("0")


def test_regimes_differ_where_the_domain_says_so():
    dag = date(2026, 11, 16)
    historisch, huidig, doel = (beleid.beleid_op(dag, Regime.objects.get(code=c)) for c in REGIMES)
    assert historisch.dwanginvordering_actief and not huidig.dwanginvordering_actief
    assert doel.verrekening_alle_toeslagen and not huidig.verrekening_alle_toeslagen
    assert doel.automatisch_bundelen and not huidig.automatisch_bundelen
    assert not historisch.pauze_mogelijk and doel.pauze_mogelijk


def test_a_missing_value_says_which_parameter_and_where_to_fix_it():
    Beleidsparameter.objects.filter(sleutel="betaaltermijn_weken").delete()
    with pytest.raises(beleid.OntbrekendeParameter, match=r"betaaltermijn_weken.*admin"):
        _ = beleid.beleid_op(date(2026, 11, 16)).betaaltermijn_weken


def test_loading_the_defaults_never_overwrites_a_staff_change():
    rij = Beleidsparameter.objects.get(regime__code="doel", sleutel="pauze_max_maanden")
    rij.waarde = "6"
    rij.save()
    assert beleid.laad_standaard_beleid() == 0
    rij.refresh_from_db()
    assert rij.waarde == "6"


@pytest.mark.parametrize(
    ("sleutel", "waarde"),
    [
        ("standaard_max_termijnen", "veel"),
        ("standaard_minimum_termijn", "-5"),
        ("standaard_minimum_termijn", "20.001"),
        ("normpercentage", "120"),
        ("stilvallen_als_signaal", "misschien"),
        ("dwangbevel_kosten", "500:40; 0:10"),
        ("dwangbevel_kosten", "100:10"),
        ("bestaat_niet", "1"),
    ],
)
def test_the_admin_refuses_a_value_of_the_wrong_type(sleutel, waarde):
    rij = Beleidsparameter(
        regime=Regime.objects.get(code="doel"),
        sleutel=sleutel,
        ingangsdatum=date(2027, 1, 1),
        waarde=waarde,
    )
    with pytest.raises(ValidationError):
        rij.full_clean()


def test_only_one_regime_can_be_active():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Regime.objects.filter(code="huidig-2026").update(actief=True)
