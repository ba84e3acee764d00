import re
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invordering import clock
from invordering.services.klok import KlokVast, klok_echte_tijd, verschuif_klok, zet_klok

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


def lees_datum(tekst: str) -> date:
    """'2027-01-15' -> a date, or a CommandError that shows the format."""
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(
            f"Unknown date {tekst!r}: use YYYY-MM-DD, for example 2027-01-15."
        ) from None


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
        try:
            if zet:
                notitie = zet_klok(lees_datum(zet))
            elif verschuif:
                notitie = verschuif_klok(lees_duur(verschuif))
            elif reset:
                notitie = klok_echte_tijd()
            else:
                notitie = None
        except KlokVast as exc:
            raise CommandError(str(exc)) from None
        if notitie:
            self.stderr.write(notitie)
        clock.vergeet_cache()
        # In Dutch time, as the pages show it (the clock keeps UTC): late in the evening
        # UTC it is already the next day here.
        nu = timezone.localtime(clock.now())
        self.stdout.write(
            f"{nu:%Y-%m-%d %H:%M} ({'verzet' if clock.is_verzet() else 'echte tijd'})"
        )
