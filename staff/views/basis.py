"""What every staff page shares: the permission check and the admin's page frame."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.decorators.cache import never_cache

from invordering import policy


def medewerker_met(toets: Callable[[object], bool]):
    """Only for staff for whom ``toets(user)`` (a policy function) holds.

    Not logged in as staff: to the admin login, as the admin does. Staff without the
    permission: 403 (these pages are nobody's object, so there is nothing to hide).
    """

    def decorator(view):
        @wraps(view)
        @never_cache
        def wrapper(request, *args, **kwargs):
            if not policy.is_medewerker(request.user):
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not toets(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def admin_context(request, titel: str, **extra) -> dict:
    """The admin's own context (header, navigation, logout) plus this page's title."""
    return {**admin.site.each_context(request), "title": titel, **extra}
