"""The one clock and the `klok` command: web, worker and beat read the same offset."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from invordering import clock

pytestmark = pytest.mark.django_db


def test_outside_demo_mode_the_clock_is_real_time_and_cannot_move(settings):
    settings.DEMO = False
    assert clock.today() == timezone.localdate()
    with pytest.raises(CommandError, match="DEMO"):
        call_command("klok", "--zet", "2027-01-15")


def test_zet_sets_today(demo):
    call_command("klok", "--zet", "2027-01-15")
    assert clock.today() == date(2027, 1, 15)
    assert clock.is_verzet()


def test_verschuif_moves_forward_from_where_the_clock_is(demo):
    call_command("klok", "--zet", "2027-01-15")
    call_command("klok", "--verschuif", "30d")
    assert clock.today() == date(2027, 2, 14)
    call_command("klok", "--verschuif=-2w")
    assert clock.today() == date(2027, 1, 31)


def test_klok_prints_dutch_time_also_when_it_is_already_tomorrow_here(demo, monkeypatch):
    # 23:30 UTC on 14 January is 00:30 on the 15th in the Netherlands.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2027, 1, 14, 23, 30, tzinfo=UTC))
    uit = io.StringIO()
    call_command("klok", "--zet", "2027-01-15", stdout=uit)
    assert uit.getvalue().startswith("2027-01-15 00:30")
    assert clock.today() == date(2027, 1, 15)


def test_reset_returns_to_real_time(demo):
    call_command("klok", "--zet", "2030-06-01")
    call_command("klok", "--reset")
    assert clock.today() == timezone.localdate()
    assert not clock.is_verzet()


def test_another_process_sees_the_move_after_its_cache_expires(demo):
    demo.KLOK_CACHE_SECONDEN = 60
    clock.today()  # this process caches the current offset
    from invordering.models import Klok

    Klok.objects.update_or_create(
        pk=1, defaults={"offset_seconden": 86400 * 10}
    )  # "another process"
    assert clock.today() == timezone.localdate()  # still cached
    clock.vergeet_cache()
    assert clock.today() == timezone.localdate() + timedelta(days=10)


@pytest.mark.parametrize(
    ("optie", "fout", "uitleg"),
    [
        ("--zet", "gisteren", "YYYY-MM-DD"),
        ("--zet", "2027-13-01", "YYYY-MM-DD"),
        ("--verschuif", "30 dagen", "30d"),
        ("--verschuif", "5x", "30d"),
    ],
)
def test_bad_input_gets_a_plain_message(demo, optie, fout, uitleg):
    with pytest.raises(CommandError, match=uitleg):
        call_command("klok", optie, fout)


def test_vast_op_pins_the_clock_only_inside_the_block(demo):
    with clock.vast_op(date(2024, 2, 29)):
        assert clock.today() == date(2024, 2, 29)
    assert clock.today() != date(2024, 2, 29)
