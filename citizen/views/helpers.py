"""The helper's dashboard: every client at a glance, and an overview PDF per client.

Only helpers get here (everyone else: 404). The list is read by
``selectors.helpers.dashboard`` in a fixed number of queries; sorting and filtering work on
that list with plain GET parameters, so a filtered view can be bookmarked and works without
JavaScript (htmx only swaps the list). Each client whose figures are shown is recorded in
the audit trail (``Inzage``) in one insert, like any other page a helper looks at.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from citizen.views.berichten import vraag_overzicht_aan
from invordering import audit, clock, policy
from invordering.beleid import beleid_op
from invordering.models import ActorRol
from invordering.selectors.helpers import (
    ACTIEF,
    BEEINDIGD,
    BESLISTERMIJN,
    ESCALATIE,
    INFO_GEVRAAGD,
    MACHTIGING_VERLOOPT,
    TERMIJN_GEMIST,
    VERLOOPT,
    WACHT,
    ClientRegel,
    dashboard,
)

NAAM, OPEN, DEADLINE = "naam", "open", "deadline"


class DashboardFilter(forms.Form):
    """Sorting and filters of the client list; a wrong value falls back to the default."""

    sorteer = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[
            (DEADLINE, gettext_lazy("Next deadline (first one on top)")),
            (NAAM, gettext_lazy("Name")),
            (OPEN, gettext_lazy("Total still to pay (highest on top)")),
        ],
    )
    actie = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("", gettext_lazy("All clients")),
            ("ja", gettext_lazy("Only clients who need action")),
        ],
    )
    signaal = forms.ChoiceField(
        label=gettext_lazy("Kind of action"),
        required=False,
        choices=[
            ("", gettext_lazy("Every kind")),
            (ESCALATIE, gettext_lazy("Next step in collection soon")),
            (TERMIJN_GEMIST, gettext_lazy("Missed instalment")),
            (INFO_GEVRAAGD, gettext_lazy("We asked for information")),
            (BESLISTERMIJN, gettext_lazy("Decision on a request due")),
            (MACHTIGING_VERLOOPT, gettext_lazy("Mandate ends soon")),
        ],
    )
    machtiging = forms.ChoiceField(
        label=gettext_lazy("Mandate"),
        required=False,
        choices=[
            ("", gettext_lazy("Every mandate")),
            (ACTIEF, gettext_lazy("Valid today")),
            (VERLOOPT, gettext_lazy("Ends within 30 days")),
            (WACHT, gettext_lazy("Not valid yet")),
            (BEEINDIGD, gettext_lazy("Ended")),
        ],
    )

    def keuzes(self) -> dict[str, str]:
        if not self.is_valid():
            # Drop only the wrong values, keep the rest of the choice.
            return {k: v for k, v in self.data.items() if k in self.fields and k not in self.errors}
        return self.cleaned_data


def _helper(request):
    if not request.user.is_authenticated:
        raise policy.NietIngelogd
    if not policy.is_helper(request.user):
        raise Http404
    return request.user.helper


def filter_en_sorteer(clienten: list[ClientRegel], keuzes: dict[str, str]) -> list[ClientRegel]:
    if keuzes.get("actie") == "ja":
        clienten = [c for c in clienten if c.actie_nodig]
    if keuzes.get("signaal"):
        clienten = [c for c in clienten if keuzes["signaal"] in c.signaal_soorten]
    toestand = keuzes.get("machtiging")
    if toestand == ACTIEF:
        clienten = [c for c in clienten if c.bruikbaar]
    elif toestand:
        clienten = [c for c in clienten if c.toestand == toestand]
    sorteer = keuzes.get("sorteer") or DEADLINE
    # The list comes sorted by name; Python's sort is stable, so name breaks every tie.
    if sorteer == OPEN:
        geen = Decimal("-1")  # no figures shown (mandate not valid today): at the bottom
        return sorted(
            clienten, key=lambda c: -(c.totaal_open if c.totaal_open is not None else geen)
        )
    if sorteer == DEADLINE:
        return sorted(clienten, key=lambda c: (c.volgende.uiterlijk or date.max, not c.bruikbaar))
    return clienten


def _registreer_inzage(request, clienten: list[ClientRegel]) -> None:
    """One audit row per client whose figures the helper sees; one insert for all."""
    for c in clienten:
        if c.bruikbaar:
            audit.lees(request, c.burger, rol=ActorRol.HELPER, machtiging=c.machtiging)


@require_GET
def helper_start(request):
    """GET /helpers/: the dashboard. Parameters: sorteer, actie, signaal, machtiging."""
    helper = _helper(request)
    vandaag = clock.today()
    db = dashboard(helper, vandaag=vandaag, beleid=beleid_op(vandaag))
    form = DashboardFilter(request.GET or None)
    keuzes = form.keuzes() if form.is_bound else {}
    getoond = filter_en_sorteer(db.clienten, keuzes)
    _registreer_inzage(request, getoond)
    context = {
        "helper": helper,
        "db": db,
        "form": form,
        "clienten": getoond,
        "gefilterd": any(keuzes.get(k) for k in ("actie", "signaal", "machtiging")),
        "sorteer": keuzes.get("sorteer") or DEADLINE,
        "actief": "clienten",
        # The old page's name for the list, still read by tests/citizen/test_login.py.
        "machtigingen": [c.machtiging for c in db.clienten],
    }
    template = "citizen/helpers/dashboard.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#clienten"
    response = render(request, template, context)
    # The same URL gives the whole page or only the list: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
def helper_overzicht_pdf(request, machtiging_pk: int):
    """Make the client's overview PDF, then take the helper to the client's Letters.

    The PDF is a letter in the client's own Berichten, readable only while acting for the
    client; so this starts acting on behalf (as ``citizen:namens`` does) and shows the
    Letters page, where the PDF appears as soon as it is made. A machtiging that is not
    usable today, or not this helper's: 404. A second click while one is being made makes
    no second PDF.
    """
    machtiging = policy.machtiging_voor(_helper(request), machtiging_pk)
    if machtiging is None:
        raise Http404
    burger = machtiging.vertegenwoordigde
    gemaakt = vraag_overzicht_aan(request, burger)
    request.session[policy.NAMENS] = machtiging.pk
    if gemaakt:
        messages.success(
            request,
            _(
                "We are making the overview of %(naam)s (PDF). It will be here under Letters "
                "in a minute. You now act on behalf of %(naam)s."
            )
            % {"naam": burger.naam},
        )
    return redirect("citizen:berichten")


urlpatterns = [
    path("helpers/", helper_start, name="helper_start"),
    path(
        "helpers/clienten/<int:machtiging_pk>/overzicht-pdf/",
        helper_overzicht_pdf,
        name="helper_overzicht_pdf",
    ),
]
