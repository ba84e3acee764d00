"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 has no CSP of its own (Django 6 does). The policy lives in settings as
``SECURE_CSP``, in the shape Django 6 uses (directive -> list of sources), so the upgrade
replaces this middleware with ``django.middleware.csp.ContentSecurityPolicyMiddleware``
and keeps the setting.

A view that really needs a different policy sets the header itself: this middleware only
fills in what a response does not have yet. None does today; the template scan in
tests/config/test_inline_code.py keeps pages free of inline script and style, which is what
lets the policy go without 'unsafe-inline' and 'unsafe-eval'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse

CSP_HEADER = "Content-Security-Policy"
PERMISSIONS_HEADER = "Permissions-Policy"


def csp_header(policy: Mapping[str, Iterable[str]]) -> str:
    """``{"default-src": ["'self'"], "img-src": ["'self'", "data:"]}`` ->
    ``"default-src 'self'; img-src 'self' data:"``. A directive without sources (such as
    ``upgrade-insecure-requests``) is written on its own."""
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


def permissions_header(policy: Mapping[str, Iterable[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``"camera=(), fullscreen=(self)"``:
    an empty list turns the feature off for this site and every frame in it."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class SecurityHeadersMiddleware:
    """Placed right after SecurityMiddleware, so static files and error pages get the
    headers too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read per response (two short joins), so override_settings in tests applies.
        response.headers.setdefault(CSP_HEADER, csp_header(settings.SECURE_CSP))
        response.headers.setdefault(
            PERMISSIONS_HEADER, permissions_header(settings.PERMISSIONS_POLICY)
        )
        return response
