"""manage.py testkit: the tester controls from a terminal (DEMO mode only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from invordering import policy
from invordering.management.commands.klok import lees_datum
from testkit import services


class Command(BaseCommand):
    help = (
        "The tester controls of the demo (DEMO mode only). Without an action: the state. "
        "Actions: reset, login WIE, klok [--zet D | --verschuif N | --reset], engines, "
        "regime [CODE]."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION")
        actions.add_parser("status", help="the clock, the regime, the personas and the last runs")
        actions.add_parser(
            "reset", help="back to the freshly seeded world, clock and regime; all logged out"
        )
        login = actions.add_parser(
            "login", help="print a one-time login link (works once, for a few minutes)"
        )
        login.add_argument("wie", help="persona, helper or staff key: mark, ahmed, coordinator")
        klok = actions.add_parser("klok", help="show, set, move or reset the demo clock")
        group = klok.add_mutually_exclusive_group()
        group.add_argument("--zet", metavar="YYYY-MM-DD", help="set today to this date")
        group.add_argument(
            "--verschuif", metavar="DAGEN", type=int, help="move by days (negative: back)"
        )
        group.add_argument("--reset", action="store_true", help="back to real time")
        actions.add_parser("engines", help="run escalation and verrekening up to the clock now")
        regime = actions.add_parser("regime", help="list the policy regimes, or switch to one")
        regime.add_argument("code", nargs="?", help="the regime to switch to")

    def handle(self, *args, action=None, **options):
        if not policy.mag_testkit_gebruiken(None):
            raise CommandError(
                "The tester controls only work in DEMO mode. Start with DEMO=true "
                "(make run does). Nothing was changed."
            )
        try:
            getattr(self, f"_{action or 'status'}")(**options)
        except services.ControlError as exc:
            raise CommandError(str(exc)) from None

    def _status(self, **options):
        state = services.state()
        self._write_clock(state["clock"])
        self.stdout.write(f"Regime: {state['regime']}")
        for p in state["personas"]:
            self.stdout.write(f"  {p['who']:<12} {p['role']:<11} {p['name']}")
        for run in state["engine_runs"]:
            self._write_run(run)

    def _reset(self, **options):
        state = services.reset_world()
        self.stdout.write(
            self.style.SUCCESS(
                f"The demo world is back as seeded: clock on {state['clock']['today']}, "
                f"regime {state['regime']}, everyone logged out."
            )
        )

    def _login(self, *, wie: str, **options):
        url = settings.PUBLIC_URL.rstrip("/") + services.login_link(wie)
        self.stdout.write(url)
        self.stdout.write(
            f"Open it in the participant's browser: it logs in as {wie} once, "
            f"within {services.LINK_SECONDS // 60} minutes."
        )

    def _klok(self, *, zet=None, verschuif=None, reset=False, **options):
        if zet:
            clock = services.set_clock(lees_datum(zet))
        elif verschuif is not None:
            clock = services.move_clock(verschuif)
        elif reset:
            clock = services.reset_clock()
        else:
            clock = services.clock_state()
        if clock.get("note"):
            self.stderr.write(clock["note"])
        self._write_clock(clock)

    def _engines(self, **options):
        result = services.run_engines()
        if not result["runs"]:
            self.stdout.write(f"Nothing to do: the engines are up to date with {result['today']}.")
        for run in result["runs"]:
            self._write_run(run)

    def _regime(self, *, code=None, **options):
        if code:
            services.switch_regime(code)
            self.stdout.write(self.style.SUCCESS(f"The regime is now {code}."))
        for r in services.regimes():
            self.stdout.write(f"{'*' if r['active'] else ' '} {r['code']:<16} {r['name']}")

    def _write_clock(self, clock: dict) -> None:
        mode = "moved" if clock["moved"] else "real time"
        self.stdout.write(f"Clock: {clock['today']} ({mode}; seeded on {clock['seeded_on']})")

    def _write_run(self, run: dict) -> None:
        outcomes = ", ".join(f"{k} {n}" for k, n in run["outcomes"].items()) or "-"
        self.stdout.write(
            f"{run['kind']} {run['day']}: {run['status']}, {run['looked_at']} vorderingen "
            f"({outcomes})"
        )
