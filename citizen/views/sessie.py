"""The session's own endpoint, for the warning before an idle session ends.

GET tells static/js/sessie.js how long the session still has; it is ``passief``, so asking
does not keep the session alive. POST is "Stay logged in": the one request a page sends by
itself that does count as activity, because the person asked for it (CSRF-protected like
every POST). Both answer JSON to the script; a plain form post (the script failed) goes
back to the page it came from.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from citizen.sessie import (
    login_adres,
    passief,
    registreer_activiteit,
    resterend,
    wil_json,
)
from invordering import policy


@passief
@never_cache
@require_http_methods(["GET", "POST"])
def sessie(request):
    if not request.user.is_authenticated:
        if wil_json(request):
            return JsonResponse({"login": login_adres(False)}, status=401)
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        registreer_activiteit(request)
        if not wil_json(request):
            return redirect(_terug(request))
    return JsonResponse({"resterend": resterend(request)})


def _terug(request) -> str:
    volgende = request.POST.get("next", "")
    # Only a path on this site: redirect() takes anything else ("overzicht") for the name
    # of a URL, and a name that does not exist is a server error.
    if volgende.startswith("/") and url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return volgende
    return "admin:index" if policy.is_medewerker(request.user) else "citizen:start"


urlpatterns = [
    path("sessie/", sessie, name="sessie"),
]
