import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from invordering.beleid import OntbrekendeParameter, beleid_op
from invordering.management.commands._engine import draai, voeg_opties_toe
from invordering.models import VerwerkingSoort

MAAND = re.compile(r"^(\d{4})-(\d{2})$")


class Command(BaseCommand):
    help = (
        "Run the monthly verrekening for one month, booked on that month's verrekendag. "
        "Running a month again changes nothing; a run that was cut off continues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--maand", metavar="YYYY-MM", required=True, help="the month")
        voeg_opties_toe(parser)

    def handle(self, *args, maand, workers=False, timeout=3600, **options):
        match = MAAND.match(maand.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise CommandError(f"Unknown month {maand!r}: use YYYY-MM, for example 2027-01.")
        eerste = date(int(match[1]), int(match[2]), 1)
        try:
            dag = eerste.replace(day=beleid_op(eerste).verrekendag)
        except (OntbrekendeParameter, ValueError) as exc:
            raise CommandError(
                f"The day of the month for offsetting (verrekendag) cannot be read: {exc}"
            ) from None
        draai(self, VerwerkingSoort.VERREKENING, dag, workers=workers, timeout=timeout)
