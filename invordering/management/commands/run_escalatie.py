from datetime import date

from django.core.management.base import BaseCommand, CommandError

from invordering import clock
from invordering.management.commands._engine import draai, voeg_opties_toe
from invordering.models import VerwerkingSoort


class Command(BaseCommand):
    help = (
        "Run the daily escalation pass for one day (default: today on the product's clock). "
        "Running a day again changes nothing; a run that was cut off continues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", metavar="YYYY-MM-DD", help="the day to process")
        voeg_opties_toe(parser)

    def handle(self, *args, datum=None, workers=False, timeout=3600, **options):
        if datum:
            try:
                dag = date.fromisoformat(datum)
            except ValueError:
                raise CommandError(
                    f"Unknown date {datum!r}: use YYYY-MM-DD, for example 2027-01-15."
                ) from None
        else:
            dag = clock.today()
        draai(self, VerwerkingSoort.ESCALATIE, dag, workers=workers, timeout=timeout)
