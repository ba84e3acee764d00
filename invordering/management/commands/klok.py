import re
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from invordering import clock

DUUR = re.compile(r"^(-?\d+)([dwh])$")


def lees_duur(tekst: str) -> timedelta:
    """'30d', '2w', '-1d' or '12h' -> a timedelta."""
    match = DUUR.match(tekst.strip())
    if not match:
        raise CommandError(f"Unknown duration {tekst!r}: use for example 30d, 2w or 12h.")
    aantal, eenheid = int(match[1]), match[2]
    return {
        "d": timedelta(days=aantal),
        "w": timedelta(weeks=aantal),
        "h": timedelta(hours=aantal),
    }[eenheid]


class Command(BaseCommand):
    help = (
        "Show or move the demo clock (DEMO mode only). Web, worker and beat all follow it "
        "within a few seconds."
    )

    def add_arguments(self, parser):
        groep = parser.add_mutually_exclusive_group()
        groep.add_argument("--zet", metavar="YYYY-MM-DD", help="set today to this date")
        groep.add_argument(
            "--verschuif", metavar="DUUR", help="move forward (30d, 2w, 12h; negative moves back)"
        )
        groep.add_argument("--reset", action="store_true", help="back to real time")

    def handle(self, *args, zet=None, verschuif=None, reset=False, **options):
        if (zet or verschuif or reset) and not settings.DEMO:
            raise CommandError("The clock can only be moved in DEMO mode (set DEMO=true).")
        if zet:
            try:
                clock.zet_datum(date.fromisoformat(zet))
            except ValueError:
                raise CommandError(
                    f"Unknown date {zet!r}: use YYYY-MM-DD, for example 2027-01-15."
                ) from None
        elif verschuif:
            clock.verschuif(lees_duur(verschuif))
        elif reset:
            clock.zet_offset(0)
        clock.vergeet_cache()
        if zet or verschuif:
            self._engines_volgen()
        self.stdout.write(
            f"{clock.now():%Y-%m-%d %H:%M} ({'verzet' if clock.is_verzet() else 'echte tijd'})"
        )

    def _engines_volgen(self) -> None:
        """Let the worker bring the engines up to the new day now (beat would within a
        minute); days are caught up in order, so the personas move as if time passed."""
        from invordering.tasks import engines_inhalen

        try:
            engines_inhalen.delay()
        except Exception as exc:  # the broker is away: beat catches up once it is back
            self.stderr.write(f"The engines will catch up when the worker runs ({exc}).")
