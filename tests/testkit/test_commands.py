"""manage.py testkit: the same controls from a terminal, and only in DEMO mode."""

from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from invordering import clock
from invordering.demo.wereld import ANKER
from invordering.models import Klok, Regime, Verwerking

pytestmark = pytest.mark.django_db

ACTIES = [
    [],
    ["status"],
    ["reset"],
    ["login", "mark"],
    ["klok"],
    ["klok", "--zet", "2027-01-15"],
    ["klok", "--verschuif", "3"],
    ["klok", "--reset"],
    ["engines"],
    ["regime"],
    ["regime", "huidig-2026"],
]


def run_kit(*args) -> str:
    uit = io.StringIO()
    with translation.override("en"):
        call_command("testkit", *args, stdout=uit, stderr=io.StringIO())
    return uit.getvalue()


@pytest.mark.parametrize("args", ACTIES, ids=lambda a: " ".join(a) or "(state)")
def test_every_action_refuses_outside_demo_mode_and_changes_nothing(settings, wereld, args):
    settings.DEMO = False
    klok = list(Klok.objects.values_list("offset_seconden", flat=True))
    runs = Verwerking.objects.count()
    with pytest.raises(CommandError, match="only work in DEMO mode"):
        run_kit(*args)
    assert Regime.objects.get(actief=True).code == "doel"
    assert list(Klok.objects.values_list("offset_seconden", flat=True)) == klok
    assert Verwerking.objects.count() == runs


def test_without_an_action_it_shows_the_state(kit):
    uit = run_kit()
    assert f"Clock: {ANKER.isoformat()}" in uit and "Regime: doel" in uit
    assert "mark" in uit and "Mark de Vries" in uit and "coordinator" in uit
    assert uit == run_kit("status")


def test_login_prints_a_link_that_logs_in_once(kit):
    uit = run_kit("login", "kevin")
    link = urlsplit(uit.splitlines()[0]).path
    assert link.startswith("/testkit/link/") and "once" in uit and "5 minutes" in uit
    deelnemer = Client()
    assert deelnemer.post(link)["Location"] == reverse("citizen:start")
    assert deelnemer.get(reverse("citizen:overzicht")).context["burger"].demo_sleutel == "kevin"
    assert Client().post(link).status_code == 410


def test_login_refuses_an_unknown_persona(kit):
    with pytest.raises(CommandError, match=r"There is no persona “nobody”\. Choose one of: mark"):
        run_kit("login", "nobody")


def test_klok_shows_sets_moves_and_resets_the_clock(kit, worker_asked):
    assert f"Clock: {ANKER.isoformat()} (" in run_kit("klok")
    assert "Clock: 2027-01-15 (moved" in run_kit("klok", "--zet", "2027-01-15")
    assert "Clock: 2027-01-18" in run_kit("klok", "--verschuif", "3")
    assert "Clock: 2027-01-11" in run_kit("klok", "--verschuif", "-7")
    assert clock.today() == date(2027, 1, 11)
    # The older `klok` command reads the same clock and still moves it.
    uit = io.StringIO()
    call_command("klok", "--verschuif", "2d", stdout=uit)
    assert uit.getvalue().startswith("2027-01-13")
    assert f"Clock: {timezone.localdate().isoformat()} (real time" in run_kit("klok", "--reset")
    assert len(worker_asked) == 5


@pytest.mark.parametrize(
    ("args", "uitleg"),
    [
        (["--zet", "2027-02-30"], "use YYYY-MM-DD"),
        (["--zet", "1999-12-31"], "Choose a date from 2000-01-01 to 2099-12-31"),
        (["--verschuif", "40000"], "Move the clock by at most 36524 days"),
    ],
)
def test_klok_explains_bad_input_and_stays(kit, worker_asked, args, uitleg):
    with pytest.raises(CommandError, match=uitleg):
        run_kit("klok", *args)
    assert clock.today() == ANKER and not worker_asked


def test_engines_run_up_to_the_clock_and_print_each_run(kit):
    run_kit("klok", "--zet", (ANKER + timedelta(days=2)).isoformat())
    uit = run_kit("engines")
    assert f"escalatie {ANKER + timedelta(days=1)}: klaar" in uit
    assert f"escalatie {ANKER + timedelta(days=2)}: klaar" in uit
    assert "regeling_lopend" in uit
    assert "Nothing to do: the engines are up to date" in run_kit("engines")


def test_regime_lists_switches_and_refuses_an_unknown_code(kit):
    assert "* doel" in run_kit("regime")
    uit = run_kit("regime", "historisch-2022")
    assert "The regime is now historisch-2022." in uit and "* historisch-2022" in uit
    with pytest.raises(CommandError, match="There is no policy regime “streng”"):
        run_kit("regime", "streng")
    assert Regime.objects.get(actief=True).code == "historisch-2022"


@pytest.mark.django_db(transaction=True)
def test_reset_goes_back_to_the_seeded_world(demo, worker_asked):
    from invordering.demo.seed import bouw_wereld

    bouw_wereld()
    clock.zet_datum(ANKER)
    runs = list(Verwerking.objects.values_list("soort", "dag"))
    run_kit("regime", "huidig-2026")
    run_kit("klok", "--zet", (ANKER + timedelta(days=3)).isoformat())
    run_kit("engines")
    assert Verwerking.objects.count() == len(runs) + 3

    uit = run_kit("reset")
    assert f"clock on {ANKER.isoformat()}, regime doel" in uit
    assert clock.today() == ANKER
    assert Regime.objects.get(actief=True).code == "doel"
    assert list(Verwerking.objects.values_list("soort", "dag")) == runs
