"""Use the language a logged-in person chose, on every device they log in from."""

from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        taal = getattr(user, "taal", "") if user is not None and user.is_authenticated else ""
        if taal:
            translation.activate(taal)
            request.LANGUAGE_CODE = taal
        return self.get_response(request)
