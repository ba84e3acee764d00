"""The staff login (/beheer/login/): the admin's own, with the login rate limits.

The admin builds its login page itself (``AdminSite.login``); it takes our form through
``admin.site.login_form`` and this wrapper turns a refusal by a limit into a 429
(staff/admin.py wires both, as it does for the start page).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext as _

from invordering import throttle


class StaffLoginForm(throttle.BeperktInloggen, AdminAuthenticationForm):
    def te_vaak_melding(self, blok):
        return _(
            "You tried to log in too many times. Wait %(wachttijd)s and try again. "
            "Does it still not work then? Ask your team's application manager to look at "
            "your account."
        ) % {"wachttijd": blok.wachttijd}


_admin_login = admin.site.login


def login(request, extra_context=None):
    response = _admin_login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    blok = getattr(form, "blokkade", None)
    return throttle.te_vaak(response, blok) if blok else response
