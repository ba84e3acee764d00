from django.core.management.base import BaseCommand

from invordering.demo.seed import bouw_wereld, wis_wereld


class Command(BaseCommand):
    help = "Create the demo world: personas, helpers and staff with their histories. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Wipe all product data first and build anew."
        )

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            wis_wereld()
            self.stdout.write("Alle gegevens gewist.")
        if bouw_wereld():
            self.stdout.write(self.style.SUCCESS("Demowereld gemaakt."))
        else:
            self.stdout.write("De demowereld bestaat al; er is niets veranderd.")
