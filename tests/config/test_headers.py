"""Every response carries the Content-Security-Policy and the Permissions-Policy
(config.security), next to the headers Django's SecurityMiddleware already sets."""

from __future__ import annotations

import pytest
from django.templatetags.static import static
from django.urls import reverse

from config.security import csp_header, permissions_header
from invordering.models import Burger, User

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
OFF = ("camera", "microphone", "geolocation", "payment", "usb")


def _burger(client):
    client.force_login(Burger.objects.get(demo_sleutel="mark").user)


def _helper(client):
    client.force_login(User.objects.get(username="ahmed"))


def _admin(client):
    client.force_login(User.objects.create_superuser("beheerder", password="x" * 20))


def _anonymous(client):
    pass


# (who, how to ask, expected status): a page of each kind, a partial, a file and errors.
PAGES = {
    "login page": (_anonymous, lambda: reverse("citizen:login"), {}, 200),
    "helper login page": (_anonymous, lambda: reverse("citizen:helper_login"), {}, 200),
    "admin login page": (_anonymous, lambda: reverse("admin:login"), {}, 200),
    "404 page": (_anonymous, lambda: "/bestaat-niet/", {}, 404),
    "redirect to login": (_anonymous, lambda: reverse("citizen:overzicht"), {}, 302),
    "static file": (_anonymous, lambda: static("css/site.css"), {}, 200),
    "burger overview": (_burger, lambda: reverse("citizen:overzicht"), {}, 200),
    "burger timeline": (_burger, lambda: reverse("citizen:tijdlijn"), {}, 200),
    "timeline htmx partial": (
        _burger,
        lambda: reverse("citizen:tijdlijn"),
        {"HTTP_HX_REQUEST": "true"},
        200,
    ),
    "helper dashboard": (_helper, lambda: reverse("citizen:helper_start"), {}, 200),
    "admin index": (_admin, lambda: reverse("admin:index"), {}, 200),
    "admin changelist": (
        _admin,
        lambda: reverse("admin:invordering_vordering_changelist"),
        {},
        200,
    ),
    "admin change form": (_admin, lambda: reverse("admin:invordering_regime_add"), {}, 200),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_kind_of_response_carries_the_policies(client, wereld, kind):
    login, url, headers, status = PAGES[kind]
    login(client)
    response = client.get(url(), **headers)
    assert response.status_code == status
    assert response["Content-Security-Policy"] == CSP
    permissions = response["Permissions-Policy"]
    for feature in OFF:
        assert f"{feature}=()" in permissions
    # What SecurityMiddleware and the clickjacking middleware set stays as it was. (WhiteNoise
    # answers static files before the clickjacking middleware; the CSP's frame-ancestors
    # covers them.)
    if kind != "static file":
        assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_policy_allows_nothing_inline_and_no_eval(settings):
    header = csp_header(settings.SECURE_CSP)
    assert "unsafe" not in header
    assert "*" not in header
    assert "http" not in header  # no CDN or other host: everything comes from 'self'


def test_every_feature_in_the_permissions_policy_is_turned_off(settings):
    assert set(OFF) <= set(settings.PERMISSIONS_POLICY)
    assert all(allowed == [] for allowed in settings.PERMISSIONS_POLICY.values())


def test_headers_are_written_as_browsers_read_them():
    assert csp_header({"default-src": ["'self'"], "img-src": ["'self'", "data:"]}) == (
        "default-src 'self'; img-src 'self' data:"
    )
    assert csp_header({"upgrade-insecure-requests": []}) == "upgrade-insecure-requests"
    assert permissions_header({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


def test_a_view_that_sets_its_own_policy_keeps_it(rf, settings):
    from django.http import HttpResponse

    from config.security import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Permissions-Policy"] == permissions_header(settings.PERMISSIONS_POLICY)
