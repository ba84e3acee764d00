from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po into .mo files. Pure Python, so a fresh machine "
        "without GNU gettext can run the product; fuzzy and untranslated entries are left out."
    )

    def handle(self, *args, **options):
        bestanden = sorted(
            Path(p) for base in settings.LOCALE_PATHS for p in Path(base).glob("*/LC_MESSAGES/*.po")
        )
        if not bestanden:
            raise CommandError("No .po files found under LOCALE_PATHS.")
        for po_pad in bestanden:
            po = polib.pofile(str(po_pad))
            po.save_as_mofile(str(po_pad.with_suffix(".mo")))
            if options["verbosity"] > 0:
                self.stdout.write(f"{po_pad}: {len(po.translated_entries())} translated")
