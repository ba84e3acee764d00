"""Which language a page is in: the person's own choice, otherwise Dutch.

The browser's Accept-Language is deliberately ignored: this is a Dutch service with Dutch
as its default, and the language switch on every page (remembered for a logged-in person,
on every device they use) is the one way to change it.
"""

from django.conf import settings
from django.utils import translation


def gekozen_taal(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.taal:
        return user.taal
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in dict(settings.LANGUAGES):
        return cookie
    return settings.LANGUAGE_CODE


class TaalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        taal = gekozen_taal(request)
        translation.activate(taal)
        request.LANGUAGE_CODE = taal
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", taal)
        return response


class InloggenMiddleware:
    """A page for someone logged in, asked for by nobody: to the login page, then back.
    A helper without a client (or whose machtiging ended): to their own dashboard."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.contrib.auth.views import redirect_to_login
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        from invordering.policy import GeenClient, NietIngelogd

        if isinstance(exception, NietIngelogd):
            return _htmx_gewoon(request, redirect_to_login(request.get_full_path()))
        if isinstance(exception, GeenClient):
            if exception.verlopen:
                messages.warning(
                    request,
                    _(
                        "Your mandate for this person has ended or was withdrawn. You can no longer act on their behalf."
                    ),
                )
            else:
                messages.info(request, _("First choose the person you want to help."))
            return _htmx_gewoon(request, redirect("citizen:helper_start"))
        return None


def _htmx_gewoon(request, response):
    # An htmx partial must not swap a whole page into a fragment: the browser goes there.
    if request.headers.get("HX-Request"):
        from django.http import HttpResponse

        vervolg = HttpResponse(status=204)
        vervolg["HX-Redirect"] = response["Location"]
        return vervolg
    return response
