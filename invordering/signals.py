"""Signal receivers of the domain core."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def laad_beleid_na_migratie(sender, **kwargs) -> None:
    # Every database (a fresh install, the test database) gets the default policy values,
    # so no code path ever falls back on a literal.
    if getattr(sender, "name", None) != "invordering":
        return
    from invordering.beleid import laad_standaard_beleid

    laad_standaard_beleid()
