"""seed_demo: idempotent, deterministic, and a reset rebuilds the same world."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from invordering.models import Vordering


def telling() -> dict[str, int]:
    # The demo clock is a setting, not world data: seed_demo only sets it in DEMO mode.
    modellen = apps.get_app_config("invordering").get_models()
    return {m.__name__: m.objects.count() for m in modellen if m.__name__ != "Klok"}


def saldi() -> list[tuple]:
    return list(
        Vordering.objects.order_by("kenmerk").values_list("kenmerk", "saldo", "fase", "burger__bsn")
    )


@pytest.mark.django_db(transaction=True)
def test_seed_twice_changes_nothing_and_reset_rebuilds_the_same_world(demo, capsys):
    call_command("seed_demo")
    eerst, eerste_saldi = telling(), saldi()
    assert eerst["Burger"] >= 8 + 2 + 16 and eerst["Vordering"] > 30

    call_command("seed_demo")
    assert "bestaat al" in capsys.readouterr().out
    assert telling() == eerst
    assert saldi() == eerste_saldi

    call_command("seed_demo", "--reset")
    assert telling() == eerst
    assert saldi() == eerste_saldi
    from invordering import clock
    from invordering.demo.wereld import ANKER

    assert clock.today() == ANKER  # the demo clock starts where the world was written


def test_the_bsn_source_stops_with_an_error_when_its_range_is_used_up():
    from invordering.demo.seed import demo_bsns
    from invordering.validators import bsn_is_geldig

    bron = demo_bsns(van=999_999_900, tot=1_000_000_000)
    gevonden = []
    with pytest.raises(RuntimeError, match="No valid BSN left"):
        for bsn in bron:
            gevonden.append(bsn)
    assert gevonden and all(bsn_is_geldig(b) and len(b) == 9 for b in gevonden)
