"""Who may see or do what for which burger. Every view, download and admin action asks here.

Nothing is decided in templates. Objects that are not the actor's own are reported as
"not found" (404), never "forbidden", so their existence does not leak.
"""

from __future__ import annotations

from django.http import Http404

from invordering.models import Burger


def is_burger(user) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "burger"))


def is_helper(user) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "helper"))


def is_medewerker(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff and user.is_active)


def eigen_burger(user) -> Burger:
    """The burger record of a logged-in burger; 404 for anyone else."""
    if not is_burger(user):
        raise Http404
    return user.burger


def mag_inzien(user, burger: Burger) -> bool:
    """May ``user`` view ``burger``'s data? (Helpers with a machtiging come with issue 5.)"""
    if is_burger(user):
        return user.burger.pk == burger.pk
    return is_medewerker(user) and user.has_perm("invordering.view_burger")


def burger_voor_request(request) -> Burger:
    """The burger whose pages these are: the logged-in burger (helpers: issue on mandates)."""
    return eigen_burger(request.user)


def mag_totaalbeeld_zien(user) -> bool:
    return is_medewerker(user) and user.has_perm("invordering.view_burger")


def mag_beslissen(user) -> bool:
    """Decide on verzoeken (behandelaar, coördinator)."""
    return is_medewerker(user) and user.has_perm("invordering.change_verzoek")


def mag_contact_vastleggen(user) -> bool:
    """Record a conversation and handle signals (all staff groups)."""
    return is_medewerker(user) and user.has_perm("invordering.add_contactmoment")


def mag_machtiging_intrekken(user) -> bool:
    """Revoke a helper's mandate from the staff side (the coördinator)."""
    return is_medewerker(user) and user.has_perm("invordering.change_machtiging")


def mag_brief_downloaden(user) -> bool:
    return mag_totaalbeeld_zien(user) and user.has_perm("invordering.view_document")


def mag_bijlage_downloaden(user) -> bool:
    return mag_totaalbeeld_zien(user) and user.has_perm("invordering.view_bijlage")
