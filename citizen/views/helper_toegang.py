"""Helpers: acting on behalf of a client, accepting a machtigingscode, making an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from citizen.forms_helpers import CodeForm, HelperRegistratieForm
from invordering import clock, policy, throttle, wachtrij
from invordering.beleid import beleid_op
from invordering.models import Helper
from invordering.services.helperaccounts import activeer, meld_helper_aan, te_activeren
from invordering.services.machtigingen import CodeOngeldig, verzilver_code
from invordering.tasks import stuur_helperaccount_mail


def _helper(request) -> Helper:
    if not request.user.is_authenticated:
        raise policy.NietIngelogd
    if not policy.is_helper(request.user):
        raise Http404
    return request.user.helper


@require_POST
def namens(request, machtiging_pk: int):
    """Start acting for the client of this machtiging: every page then shows the banner."""
    machtiging = policy.machtiging_voor(_helper(request), machtiging_pk)
    if machtiging is None:
        raise Http404
    request.session[policy.NAMENS] = machtiging.pk
    return redirect("citizen:overzicht")


@require_POST
def stoppen(request):
    """Stop acting for a client and go back to the own dashboard."""
    _helper(request)
    request.session.pop(policy.NAMENS, None)
    return redirect("citizen:helper_start")


@require_http_methods(["GET", "POST"])
def code(request):
    """Accept a machtigingscode a burger gave. Limited tries; one message for every failure."""
    helper = _helper(request)
    form = CodeForm(request.POST or None)
    wie = f"helper:{helper.pk}"
    blok = throttle.blokkade(throttle.MACHTIGINGSCODE, wie) if request.method == "POST" else None
    if blok is not None:
        form.is_valid()
        form.add_error(
            "code",
            _(
                "You tried too many codes. Wait %(minuten)s minutes and try again, or ask the person for a new code."
            )
            % {"minuten": blok.minuten},
        )
        return throttle.te_vaak(
            render(request, "citizen/helpers/code.html", {"form": form, "helper": helper}), blok
        )
    if request.method == "POST" and form.is_valid():
        try:
            machtiging = verzilver_code(helper=helper, code=form.cleaned_data["code"])
        except CodeOngeldig:
            throttle.tel(throttle.MACHTIGINGSCODE, wie)
            form.add_error(
                "code",
                _(
                    "This code does not work. It may be mistyped, already used or older than %(dagen)s days. "
                    "Check it, or ask the person for a new code."
                )
                % {"dagen": beleid_op(clock.today()).machtigingscode_geldig_dagen},
            )
        else:
            throttle.wis(throttle.MACHTIGINGSCODE, wie)
            messages.success(
                request,
                _("You may now help %(naam)s. You find this person in your list.")
                % {"naam": machtiging.vertegenwoordigde.naam},
            )
            return redirect("citizen:helper_start")
    return render(request, "citizen/helpers/code.html", {"form": form, "helper": helper})


@require_http_methods(["GET", "POST"])
def registreren(request):
    """Make a helper account (family, social worker, debt counsellor, bewindvoerder, TSP).

    The answer is the same whether or not the address has an account: the e-mail says which.
    """
    if request.user.is_authenticated:
        return redirect("citizen:start")
    form = HelperRegistratieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, soort = meld_helper_aan(form.cleaned_data)
        email = form.cleaned_data["email"]
        wachtrij.na_commit(stuur_helperaccount_mail, email, soort, user.pk if user else None)
        messages.success(
            request,
            _(
                "We sent an e-mail to %(email)s. Open the link in it to activate your helper "
                "account. No e-mail within a few minutes? Look in your spam folder."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("citizen:helper_login")
    return render(request, "citizen/helpers/registreren.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activeren(request, uidb64: str, token: str):
    """The link from the e-mail: a button activates (so a mail scanner's visit does not)."""
    user = te_activeren(uidb64, token)
    if user is None:
        return render(request, "citizen/helpers/activeren.html", {"geldig": False}, status=404)
    if request.method == "POST":
        activeer(user)
        logout(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Your helper account is ready. Now enter the code you got from the person you help."),
        )
        return redirect("citizen:machtiging_code")
    return render(
        request, "citizen/helpers/activeren.html", {"geldig": True, "naam": user.get_full_name()}
    )


urlpatterns = [
    path("helpers/namens/<int:machtiging_pk>/", namens, name="namens"),
    path("helpers/stoppen/", stoppen, name="stoppen"),
    path("helpers/code/", code, name="machtiging_code"),
    path("helpers/registreren/", registreren, name="helper_registreren"),
    path("helpers/activeren/<str:uidb64>/<str:token>/", activeren, name="helper_activeren"),
]
