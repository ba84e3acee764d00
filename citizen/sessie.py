"""Sessions that end when nobody uses them (security baseline, issue 8).

Every request a person makes records the moment in their session; a request that comes
more than ``SESSION_IDLE_SECONDEN`` (15 minutes) after the last one ends the session on
the server (flushed: the old cookie is worth nothing) and leads to the login page with a
message that says what happened and what was kept. This holds without JavaScript.

Requests a page makes by itself do not count as activity: the status check of the
warning (static/js/sessie.js) and htmx polling such as the PDF status. Their views carry
``@passief``. The one thing a page sends by itself that does count is the explicit "Stay
logged in" (citizen.views.sessie), which is what the person asked for.

The time is the real time, deliberately not ``invordering.clock``: moving the demo clock
a month ahead must not log the tester out, and idleness is about the person at the
keyboard, not about the business date.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from invordering import policy

# The moment (seconds since the epoch) of the last request that counted as activity.
LAATST_ACTIEF = "sessie_laatst_actief"


def nu() -> float:
    """Real time in seconds (the tests move it by replacing this function)."""
    return time.time()


def limiet() -> int:
    return settings.SESSION_IDLE_SECONDEN


def resterend(request) -> int:
    """Whole seconds until the session ends without further activity (0: it has ended)."""
    laatst = request.session.get(LAATST_ACTIEF)
    if laatst is None:
        return limiet()
    return max(0, math.ceil(limiet() - (nu() - laatst)))


def verlopen(request) -> bool:
    laatst = request.session.get(LAATST_ACTIEF)
    return laatst is not None and nu() - laatst > limiet()


def registreer_activiteit(request) -> None:
    request.session[LAATST_ACTIEF] = nu()


def passief(view: Callable) -> Callable:
    """Mark a view whose requests the page makes by itself: they do not keep a session alive.

    Any place in the decorator stack works: ``functools.wraps`` copies the mark outwards.
    """
    view.sessie_passief = True
    return view


def wil_json(request) -> bool:
    """A request from static/js/sessie.js (it asks for JSON), not a page the browser opens."""
    return "application/json" in request.headers.get("Accept", "")


def login_adres(medewerker: bool) -> str:
    return reverse("admin:login" if medewerker else "citizen:login")


class SessieMiddleware:
    """Ends a session idle for too long; records activity for every request that counts.

    Sits after MessageMiddleware (the message for the login page needs it) and after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and verlopen(request):
            return beeindig(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated and not getattr(view_func, "sessie_passief", False):
            registreer_activiteit(request)
        return None


def beeindig(request) -> HttpResponse:
    """End the idle session on the server and send the person to the login page."""
    medewerker = policy.is_medewerker(request.user)
    bericht = _bericht(request, medewerker)
    logout(request)  # flushes the session: its key is deleted from the session store
    messages.warning(request, bericht)
    login = login_adres(medewerker)
    if request.headers.get("HX-Request"):
        # htmx must not swap the login page into a fragment: the browser goes there.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login
        return response
    if wil_json(request):
        return JsonResponse({"login": login}, status=401)
    if request.method == "GET":
        return redirect_to_login(request.get_full_path(), login)
    # A form sent after the end: its data was not processed (the message says so).
    return redirect(login)


def _bericht(request, medewerker: bool) -> str:
    minuten = max(1, round(limiet() / 60))
    delen = [
        ngettext(
            "You were not active for %(minuten)d minute. To protect your data, we logged "
            "you out. Please log in again.",
            "You were not active for %(minuten)d minutes. To protect your data, we logged "
            "you out. Please log in again.",
            minuten,
        )
        % {"minuten": minuten}
    ]
    if not medewerker and _heeft_pbt_concept(request):
        delen.append(
            _(
                "Your draft request for a personal payment plan is kept, with every step "
                "you saved. You can continue where you left off."
            )
        )
    delen.append(_("Anything you had typed on a page but not yet sent is not saved."))
    return " ".join(delen)


def _heeft_pbt_concept(request) -> bool:
    """Whether the burger in view has a PBT draft (every completed step is saved in it)."""
    from invordering.models import Verzoek, VerzoekSoort, VerzoekStatus

    user = request.user
    if policy.is_burger(user):
        burger_id = user.burger.pk
    elif policy.is_helper(user):
        machtiging = policy.machtiging_voor(user.helper, request.session.get(policy.NAMENS))
        if machtiging is None:
            return False
        burger_id = machtiging.vertegenwoordigde_id
    else:
        return False
    return Verzoek.objects.filter(
        burger_id=burger_id, soort=VerzoekSoort.PBT, status=VerzoekStatus.CONCEPT
    ).exists()
