"""Who may see or do what for which burger. Every view, partial, download and admin action asks here.

Nothing is decided in templates. A burger sees their own data. A helper sees and acts for
one burger at a time, chosen on their dashboard, and only within a machtiging that holds
today (status, dates) and its scope (inzien, verzoeken, betalen). Objects that are not the
actor's own are "not found" (404), never "forbidden", so their existence does not leak;
an action outside the scope of a visible burger is forbidden (403) with an explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from invordering import audit, clock
from invordering.audit import client_ip  # noqa: F401  (where throttle and views find it)
from invordering.models import (
    ActorRol,
    Burger,
    Helper,
    HelperSoort,
    Machtiging,
    MachtigingStatus,
)

# The machtiging the helper acts under, kept in their session.
NAMENS = "namens_machtiging"
INZIEN, VERZOEKEN, BETALEN = "inzien", "verzoeken", "betalen"


def is_burger(user) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "burger"))


def is_helper(user) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "helper"))


def is_medewerker(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff and user.is_active)


class NietIngelogd(Exception):
    """Nobody is logged in: the page asks to log in first (citizen.middleware turns it into a redirect)."""


class GeenClient(Exception):
    """A helper opened a burger's page without a client chosen, or their machtiging ended:
    back to their own dashboard (citizen.middleware), which shows what holds today."""

    def __init__(self, verlopen: bool = False):
        super().__init__()
        self.verlopen = verlopen


class BuitenMachtiging(PermissionDenied):
    """A helper tried something their machtiging does not cover."""


@dataclass(frozen=True)
class Toegang:
    """Who is on this page, for whom, and under which machtiging."""

    user: object
    burger: Burger
    rol: str  # ActorRol.BURGER or ActorRol.HELPER
    machtiging: Machtiging | None = None

    @property
    def is_helper(self) -> bool:
        return self.rol == ActorRol.HELPER

    def mag(self, actie: str) -> bool:
        if self.machtiging is None:
            return True
        return {
            INZIEN: self.machtiging.mag_inzien,
            VERZOEKEN: self.machtiging.mag_verzoeken,
            BETALEN: self.machtiging.mag_betalen,
        }[actie]

    @property
    def mag_verzoeken(self) -> bool:
        return self.mag(VERZOEKEN)

    @property
    def mag_betalen(self) -> bool:
        return self.mag(BETALEN)

    def eis(self, actie: str) -> Toegang:
        if not self.mag(actie):
            raise BuitenMachtiging(actie)
        return self

    @property
    def actor(self) -> dict:
        """What services need to record who acted, and for whom: ``**toegang.actor``."""
        return {"actor": self.user, "actor_rol": self.rol, "machtiging": self.machtiging}


def bruikbare_machtigingen(helper: Helper, dag=None):
    """The machtigingen a helper may act under today: their own and, for a bewindvoerder,
    those of their office (the office is appointed, any of its employees does the work)."""
    dag = dag or clock.today()
    wie = Q(gemachtigde=helper)
    if helper.organisatie_id and helper.soort == HelperSoort.BEWINDVOERDER:
        wie |= Q(
            gemachtigde__organisatie_id=helper.organisatie_id,
            gemachtigde__soort=HelperSoort.BEWINDVOERDER,
        )
    return Machtiging.objects.filter(
        wie, status=MachtigingStatus.ACTIEF, geldig_van__lte=dag, geldig_tot__gte=dag
    )


def zichtbare_machtigingen(helper: Helper):
    """Every machtiging a helper may see on their dashboard (also ended or not yet valid)."""
    wie = Q(gemachtigde=helper)
    if helper.organisatie_id and helper.soort == HelperSoort.BEWINDVOERDER:
        wie |= Q(
            gemachtigde__organisatie_id=helper.organisatie_id,
            gemachtigde__soort=HelperSoort.BEWINDVOERDER,
        )
    return Machtiging.objects.filter(wie)


def machtiging_voor(helper: Helper, pk) -> Machtiging | None:
    try:
        return bruikbare_machtigingen(helper).select_related("vertegenwoordigde").get(pk=int(pk))
    except (Machtiging.DoesNotExist, TypeError, ValueError):
        return None


def toegang(request, nodig: str = INZIEN) -> Toegang:
    """The access of this request to a burger's pages; 404 when there is none, 403 outside scope.

    Cached on the request, so a page and its banner ask the database once.
    """
    t = getattr(request, "_toegang", None)
    if t is None:
        t = _bepaal_toegang(request)
        request._toegang = t
    t.eis(nodig)
    if t.is_helper and request.method == "GET":
        # Written once the page is served (audit.AuditMiddleware); a 403 or 404 shows nothing.
        audit.lees(request, t.burger, rol=ActorRol.HELPER, machtiging=t.machtiging)
    return t


def _bepaal_toegang(request) -> Toegang:
    user = request.user
    if not user.is_authenticated:
        raise NietIngelogd
    if is_burger(user):
        return Toegang(user, user.burger, ActorRol.BURGER)
    if is_helper(user):
        gekozen = request.session.get(NAMENS)
        machtiging = machtiging_voor(user.helper, gekozen)
        if machtiging is None:
            request.session.pop(NAMENS, None)
            raise GeenClient(verlopen=gekozen is not None)
        return Toegang(user, machtiging.vertegenwoordigde, ActorRol.HELPER, machtiging)
    raise Http404


def huidige_toegang(request) -> Toegang | None:
    """For templates' context: the access already established by the view, if any."""
    return getattr(request, "_toegang", None)


def burger_voor_request(request) -> Burger:
    """The burger whose pages these are (own, or the client a helper acts for)."""
    return toegang(request).burger


def eigen_burger(user) -> Burger:
    """The burger record of a logged-in burger themselves (their own settings); 404 otherwise."""
    if not user.is_authenticated:
        raise NietIngelogd
    if not is_burger(user):
        raise Http404
    return user.burger


def mag_testkit_gebruiken(user) -> bool:
    """The tester controls (testkit/): anyone, logged in or not, but only in DEMO mode.

    They wipe the world and log in as anybody, so outside DEMO they do not exist (404).
    """
    return bool(settings.DEMO)


def mag_inzien(user, burger: Burger) -> bool:
    if is_burger(user):
        return user.burger.pk == burger.pk
    if is_helper(user):
        return bruikbare_machtigingen(user.helper).filter(vertegenwoordigde=burger).exists()
    return mag_totaalbeeld_zien(user)


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


def mag_machtiging_registreren(user) -> bool:
    """Register a mandate (e.g. a bewindvoering by court decision): the coördinator."""
    return is_medewerker(user) and user.has_perm("invordering.add_machtiging")


def mag_audit_zien(user) -> bool:
    """Search the audit trail (who looked at or changed whose data): the privacy group only.

    Everyone else gets "not found": not even its existence is shown to other staff.
    """
    return is_medewerker(user) and user.has_perm("invordering.view_inzage")


def mag_brief_downloaden(user) -> bool:
    return mag_totaalbeeld_zien(user) and user.has_perm("invordering.view_document")


def mag_bijlage_downloaden(user) -> bool:
    return mag_totaalbeeld_zien(user) and user.has_perm("invordering.view_bijlage")
