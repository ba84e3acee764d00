"""``{% sessie_waarschuwing %}``: the warning before an idle session ends (citizen.sessie).

On every page of a logged-in person (templates/base.html, and the admin's frame in
templates/admin/base_site.html). static/js/sessie.js opens it; without JavaScript it stays
hidden and the session still ends on the server.
"""

from __future__ import annotations

import math

from django import template
from django.conf import settings
from django.urls import reverse

from citizen import sessie

register = template.Library()


@register.inclusion_tag("includes/sessie.html", takes_context=True)
def sessie_waarschuwing(context, uitloggen: str = "citizen:logout") -> dict:
    """``uitloggen``: the URL name of the logout the dialog offers (the admin has its own)."""
    request = context["request"]
    waarschuwing = settings.SESSION_WAARSCHUWING_SECONDEN
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "resterend": sessie.resterend(request),
        "waarschuwing": waarschuwing,
        "minuten": max(1, math.ceil(waarschuwing / 60)),
        "uitloggen": reverse(uitloggen),
    }
