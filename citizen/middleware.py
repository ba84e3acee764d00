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


class MethodeMiddleware:
    """A page asked with a method it does not take (a bookmarked logout, the address of a
    form opened in the browser, a form sent to a page without one): Django answers 405
    with an empty body, a blank page. This puts the product's own page in it, or a message
    for a script that asks for JSON, and keeps the status and the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False):
            return response
        if response.content:
            return response  # a page of its own already
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        from citizen.sessie import wil_json

        if wil_json(request):
            pagina = JsonResponse(
                {
                    "error": _("This address does not take %(methode)s.")
                    % {"methode": request.method}
                },
                status=405,
            )
        else:
            pagina = render(request, "405.html", status=405)
        pagina["Allow"] = response.get("Allow", "")
        return pagina
