"""The tester controls over HTTP: a JSON API for scripts and a page for people.

Every URL is routed, and every view answers 404 unless ``policy.mag_testkit_gebruiken``
(DEMO mode), before anything else: no 403 for a missing CSRF token, no 405.

The JSON calls are CSRF-exempt because they take only ``Content-Type:
application/json``: a form on another site cannot send that, and a script on another
site needs a CORS preflight that this site never answers. Anything else gets 415. The
page's forms post to ``form/<action>/``, with the usual CSRF check.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from citizen.views.toegang import persona_inloggen
from invordering import policy
from invordering.models import VerwerkingSoort, VerwerkingStatus
from staff.uitkomsten import uitkomst_tekst
from testkit import services
from testkit.forms import ClockForm, NoInputForm, PersonaForm, RegimeForm

# ---------------------------------------------------------------------------- guards


def demo_only(*methods: str):
    """404 outside DEMO mode (first of all), then 405 for another method."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not policy.mag_testkit_gebruiken(request.user):
                raise Http404
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, *args, **kwargs)

        # The CSRF check, where one applies, runs inside (csrf_protect), after the 404.
        return csrf_exempt(wrapper)

    return decorator


def json_call(form_class):
    """A JSON control: POST, a JSON object checked by ``form_class``, a JSON answer."""

    def decorator(view):
        @demo_only("POST")
        @wraps(view)
        def wrapper(request):
            if request.content_type != "application/json":
                return _error(
                    _(
                        "Send JSON with the header Content-Type: application/json, for "
                        "example page.request.post(url, data={}) in Playwright."
                    ),
                    415,
                )
            try:
                form = _checked(form_class, _json_object(request))
                return _json(view(request, form))
            except services.ControlError as exc:
                return _error(str(exc), exc.status)

        return wrapper

    return decorator


def _json_object(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # (nested deeper than Python reads)
        raise services.ControlError(
            _("The body is not valid JSON. Send an object, for example {}.")
        ) from None
    if not isinstance(data, dict):
        raise services.ControlError(_("Send a JSON object, for example {}."))
    return data


def _checked(form_class, data: dict):
    fields = form_class.base_fields
    unknown = sorted(set(data) - set(fields))
    if unknown and not fields:
        raise services.ControlError(
            _("Unknown field “%(field)s”. This call takes no fields: send {}.")
            % {"field": unknown[0]}
        )
    if unknown:
        raise services.ControlError(
            _("Unknown field “%(field)s”. This call takes: %(fields)s.")
            % {"field": unknown[0], "fields": ", ".join(fields)}
        )
    form = form_class(_als_tekst(data))
    if not form.is_valid():
        raise services.ControlError(" ".join(e for errors in form.errors.values() for e in errors))
    return form


def _als_tekst(data: dict) -> dict:
    """The JSON values as a form reads them from a page: text. A number or true/false
    becomes its JSON text ("30", "true"); a list or an object is not one value."""
    for field, value in data.items():
        if isinstance(value, list | dict):
            raise services.ControlError(
                _(
                    "Send one value for “%(field)s”: text, a number, true or false; not a "
                    "list or an object."
                )
                % {"field": field}
            )
    return {k: v if v is None or isinstance(v, str) else json.dumps(v) for k, v in data.items()}


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


def _json(data: dict, status: int = 200) -> JsonResponse:
    # Unescaped, so a message reads the same in curl as in a script's log.
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


# ---------------------------------------------------------------------------- JSON calls


@demo_only("GET", "HEAD")
def state(request):
    """The state as JSON, or the page for a browser (Accept: text/html)."""
    if request.get_preferred_type(["application/json", "text/html"]) == "text/html":
        response = _page(request)
    else:
        response = _json(services.state())
    patch_vary_headers(response, ["Accept"])
    return response


@json_call(NoInputForm)
def reset(request, form):
    result = services.reset_world()
    _fresh_session(request)
    return result


@json_call(PersonaForm)
def login(request, form):
    account = persona_inloggen(request, form.cleaned_data["who"])
    return {
        "logged_in": account.sleutel,
        "name": account.naam,
        "role": account.rol,
        "next": reverse("citizen:start"),
    }


@json_call(PersonaForm)
def login_link(request, form):
    path = services.login_link(form.cleaned_data["who"])
    return {
        "who": form.cleaned_data["who"],
        "url": request.build_absolute_uri(path),
        "valid_seconds": services.LINK_SECONDS,
    }


@json_call(ClockForm)
def clock(request, form):
    return form.action()


@json_call(NoInputForm)
def engines(request, form):
    return services.run_engines()


@json_call(RegimeForm)
def regime(request, form):
    return services.switch_regime(form.cleaned_data["code"])


def _fresh_session(request) -> None:
    # The reset emptied the sessions table: start a new, anonymous session, or saving
    # the old one at the end of this request would fail.
    request.session.flush()


# ---------------------------------------------------------------------------- the link


@demo_only("GET", "POST")
@csrf_protect
def use_link(request, token: str):
    """A one-time login link: GET asks to confirm (so a link preview cannot spend it),
    POST spends it and logs in, the same way as the login page's demo buttons."""
    try:
        account = services.link_account(token, use=request.method == "POST")
    except services.ControlError as exc:
        return render(request, "testkit/link.html", {"error": str(exc)}, status=exc.status)
    if request.method == "POST":
        persona_inloggen(request, account.sleutel)
        return redirect("citizen:start")
    return render(request, "testkit/link.html", {"account": account})


# ---------------------------------------------------------------------------- the page


def _page(request, status: int = 200, **forms):
    state = services.state()
    context = {
        "state": state,
        "runs": [_in_words(run) for run in state["engine_runs"]],
        "clock_form": forms.get("clock") or ClockForm(auto_id="clock_%s"),
        "regime_form": forms.get("regime")
        or RegimeForm(auto_id="regime_%s", initial={"code": services.active_regime_code()}),
        "failed_form": next(iter(forms.values()), None),
    }
    return render(request, "testkit/page.html", context, status=status)


def _in_words(run: dict) -> dict:
    return {
        **run,
        "kind_label": VerwerkingSoort(run["kind"]).label,
        "status_label": VerwerkingStatus(run["status"]).label,
        "outcome_words": [(uitkomst_tekst(key), n) for key, n in run["outcomes"].items()],
    }


@demo_only("POST")
@csrf_protect
def form_action(request, action: str):
    """The page's forms: do the control, say what happened, back to the page."""
    handler = FORM_ACTIONS.get(action)
    if handler is None:
        raise Http404
    return handler(request)


def _form_reset(request):
    services.reset_world()
    _fresh_session(request)
    messages.success(request, _("The demo world is back as it was seeded. Everyone is logged out."))
    return redirect("testkit:state")


def _form_clock(request):
    form = ClockForm(request.POST, auto_id="clock_%s")
    try:
        today = form.action()["today"] if form.is_valid() else None
    except services.ControlError as exc:
        form.add_error(None, str(exc))
        today = None
    if today is None:
        return _page(request, status=400, clock=form)
    messages.success(request, _("The demo clock now says %(today)s.") % {"today": today})
    return redirect("testkit:state")


def _form_engines(request):
    try:
        result = services.run_engines()
    except services.ControlError as exc:
        messages.error(request, str(exc))
        return redirect("testkit:state")
    if result["days"]:
        messages.success(
            request,
            _("The engines ran for %(count)s day(s), up to %(last)s.")
            % {"count": len(result["days"]), "last": result["days"][-1]},
        )
    else:
        messages.info(request, _("Nothing to do: the engines were up to date."))
    return redirect("testkit:state")


def _form_regime(request):
    form = RegimeForm(request.POST, auto_id="regime_%s")
    if not form.is_valid():
        return _page(request, status=400, regime=form)
    services.switch_regime(form.cleaned_data["code"])
    messages.success(
        request, _("The regime is now “%(code)s”.") % {"code": form.cleaned_data["code"]}
    )
    return redirect("testkit:state")


def _form_link(request):
    form = PersonaForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("who", []):
            messages.error(request, error)
        return redirect("testkit:state")
    url = request.build_absolute_uri(services.login_link(form.cleaned_data["who"]))
    messages.success(
        request,
        _("One-time login link (works once, for %(minutes)s minutes): %(url)s")
        % {"minutes": services.LINK_SECONDS // 60, "url": url},
    )
    return redirect("testkit:state")


FORM_ACTIONS = {
    "reset": _form_reset,
    "clock": _form_clock,
    "engines": _form_engines,
    "regime": _form_regime,
    "link": _form_link,
}
