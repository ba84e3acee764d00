"""Login, the first pages for burgers and helpers, the language switch and health."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from invordering import policy, throttle
from invordering.demo.personas import DemoAccount, demo_account, demo_accounts
from invordering.models import User


@require_GET
def start(request):
    """`/`: the right home for who is logged in; the login page for everyone else."""
    user = request.user
    if policy.is_burger(user):
        return redirect("citizen:overzicht")
    if policy.is_helper(user):
        return redirect("citizen:helper_start")
    if policy.is_medewerker(user):
        return redirect("admin:index")
    return redirect("citizen:login")


@require_GET
def inloggen(request):
    context = {"accounts": demo_accounts() if settings.DEMO else None}
    return render(request, "citizen/inloggen.html", context)


@require_POST
def demo_inloggen(request, sleutel: str):
    """DEMO only: log in as a persona, helper or staff member with one button."""
    if persona_inloggen(request, sleutel) is None:
        raise Http404
    return redirect("citizen:start")


def persona_inloggen(request, sleutel: str) -> DemoAccount | None:
    """DEMO only: log ``request`` in as the persona, helper or staff member ``sleutel``.

    The one way in without a password: the login page's buttons and the tester controls
    (testkit/) both come here. Returns the account, or None (nothing changed) when there
    is no such account; raises Http404 outside DEMO mode.
    """
    if not settings.DEMO:
        raise Http404
    account = demo_account(sleutel)
    if account is None or account.user is None:
        return None
    login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
    return account


class HelperLoginForm(throttle.BeperktInloggen, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "The user name or password is not right. Check them and try again."
        ),
        "not_helper": gettext_lazy(
            "This account is not a helper account. Citizens log in with DigiD; staff log in "
            "to the staff environment."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not policy.is_helper(user):
            raise ValidationError(self.error_messages["not_helper"], code="not_helper")

    def te_vaak_melding(self, blok):
        return _(
            "You tried to log in too many times. Wait %(wachttijd)s and try again. "
            "Does it still not work then? Call the BelastingTelefoon: 0800-0543 (free)."
        ) % {"wachttijd": blok.wachttijd}


class HelperLoginView(LoginView):
    template_name = "citizen/helper_inloggen.html"
    form_class = HelperLoginForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("citizen:helper_start")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        return throttle.te_vaak(response, form.blokkade) if form.blokkade else response


@require_POST
def uitloggen(request):
    logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("citizen:login")


@require_POST
def taal_kiezen(request):
    """Switch the language and remember it for a logged-in person, on every device."""
    response = set_language(request)
    taal = request.POST.get("language")
    if request.user.is_authenticated and taal in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(taal=taal)
    return response


@require_GET
def gezondheid(request):
    """For load balancers and container healthchecks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
