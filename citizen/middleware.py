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
