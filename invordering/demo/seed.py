"""Building and wiping the demo world (``manage.py seed_demo [--reset]``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from invordering import clock
from invordering.beleid import laad_standaard_beleid
from invordering.demo import helpers as h
from invordering.demo import wereld as w
from invordering.models import Burger, User, VerwerkingSoort
from invordering.services.verwerking import voer_uit
from invordering.validators import bsn_is_geldig
from staff.groepen import zorg_voor_groepen


def demo_bsns(van: int = 999_990_000, tot: int = 1_000_000_000) -> Iterator[str]:
    """Valid BSNs in [van, tot) of the 999xxxxxx test range, never issued to real people.

    The demo world takes them from 999990000 on; tests use the part below it. Raises
    when the range is used up instead of searching past nine digits for ever.
    """
    for kandidaat in range(van, tot):
        if bsn_is_geldig(str(kandidaat)):
            yield str(kandidaat)
    raise RuntimeError(f"No valid BSN left between {van} and {tot}.")


def is_gebouwd() -> bool:
    return Burger.objects.filter(demo_sleutel="mark").exists()


@transaction.atomic
def bouw_wereld() -> bool:
    """Build the whole world once; returns False (and changes nothing) if it is there."""
    if is_gebouwd():
        return False
    laad_standaard_beleid()
    bsns = demo_bsns()
    h.maak_staf()
    helpers = h.maak_helpers()
    w.mark(next(bsns))
    w.sanne(next(bsns))
    w.fatima(next(bsns))
    w.jansen(next(bsns), next(bsns))
    w.yonas(next(bsns), next(bsns), helpers["ahmed"])
    w.ria(next(bsns), helpers["eva"])
    w.kevin(next(bsns))
    w.linda(next(bsns))
    h.maak_clienten(
        helpers["ahmed"], h.CLIENTEN_AHMED, bsns, start_nummer=1, geldigheid=h.geldigheid_ahmed
    )
    h.maak_clienten(
        helpers["noord"], h.CLIENTEN_NOORD, bsns, start_nummer=5, geldigheid=h.geldigheid_noord
    )
    # The anchor day's engine pass completes the world, as production would have done
    # that day; when the clock moves, the engines go on from here (services.verwerking).
    voer_uit(VerwerkingSoort.ESCALATIE, dag=w.ANKER, door="demo")
    if settings.DEMO:
        clock.zet_datum(w.ANKER)
    return True


def wis_wereld() -> None:
    """Empty the whole database like ``flush`` (superusers survive) and the stored letters.

    ``flush`` re-runs post_migrate, which restores the permissions and the default
    policy values; sequences restart, so a rebuilt world has the same ids.
    """
    bewaard = list(User.objects.filter(is_superuser=True).values("username", "password", "email"))
    call_command("flush", interactive=False, verbosity=0)
    for rij in bewaard:
        User.objects.create(is_superuser=True, is_staff=True, **rij)
    zorg_voor_groepen()
    clock.vergeet_cache()
    brieven = Path(settings.MEDIA_ROOT) / "brieven"
    if brieven.exists():
        shutil.rmtree(brieven)
