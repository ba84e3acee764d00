"""The work queue (open verzoeken by beslistermijn) and the signal queue (by contact date).

Both read a fixed number of queries whatever the number of rows: the burger and the
behandelaar come with the verzoek (select_related), the signal marker is an EXISTS
subquery, and a signal's debts are prefetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from invordering import audit, clock, policy
from invordering.models import ActorRol, Signaal, SignaalSoort, SignaalStatus, Verzoek, Vordering
from invordering.rules.verzoek import OPEN_STATUSSEN
from staff.forms import SignaalFilter, WerkvoorraadFilter
from staff.views.basis import admin_context, medewerker_met

PER_PAGINA = 50
OPEN_SIGNAAL = [SignaalStatus.OPEN, SignaalStatus.IN_BEHANDELING]


@dataclass
class Rij:
    verzoek: Verzoek
    dagen: int  # days until the beslistermijn; negative when it passed
    signaal: bool

    @property
    def te_laat(self) -> int:
        return -self.dagen


def open_verzoeken() -> QuerySet[Verzoek]:
    """Open verzoeken, earliest beslistermijn first, each marked when a person asked for
    a custom solution (an open maatwerk signal, or "ik kan dit niet betalen")."""
    maatwerk = Signaal.objects.filter(
        burger=OuterRef("burger"), soort=SignaalSoort.MAATWERK, status__in=OPEN_SIGNAAL
    )
    return (
        Verzoek.objects.filter(status__in=OPEN_STATUSSEN)
        .select_related("burger", "behandelaar")
        .annotate(met_maatwerk=Exists(maatwerk))
        .annotate(
            # Case, not a bare JSON key test: a missing key is NULL, and NOT NULL would
            # drop the row from "without a signal" too.
            met_signaal=Case(
                When(Q(met_maatwerk=True) | Q(gegevens__kan_niet_betalen=True), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("beslistermijn", "ingediend_op", "pk")
    )


def filter_verzoeken(qs, keuze: dict, *, vandaag: date, user) -> QuerySet[Verzoek]:
    if keuze.get("soort"):
        qs = qs.filter(soort=keuze["soort"])
    if keuze.get("status"):
        qs = qs.filter(status=keuze["status"])
    termijn = keuze.get("termijn")
    if termijn == "verlopen":
        qs = qs.filter(beslistermijn__lt=vandaag)
    elif termijn in ("7", "14"):
        qs = qs.filter(
            beslistermijn__gte=vandaag, beslistermijn__lte=vandaag + timedelta(days=int(termijn))
        )
    elif termijn == "later":
        qs = qs.filter(beslistermijn__gt=vandaag + timedelta(days=14))
    if keuze.get("signaal") in ("ja", "nee"):
        qs = qs.filter(met_signaal=keuze["signaal"] == "ja")
    if keuze.get("behandelaar") == "ik":
        qs = qs.filter(behandelaar=user)
    elif keuze.get("behandelaar") == "niemand":
        qs = qs.filter(behandelaar__isnull=True)
    return qs


@require_GET
@medewerker_met(policy.mag_totaalbeeld_zien)
def werkvoorraad(request):
    vandaag = clock.today()
    filters = WerkvoorraadFilter(request.GET)
    qs = open_verzoeken()
    if filters.is_valid():
        qs = filter_verzoeken(qs, filters.cleaned_data, vandaag=vandaag, user=request.user)
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = [
        Rij(
            v,
            (v.beslistermijn - vandaag).days if v.beslistermijn else 0,
            v.met_signaal,
        )
        for v in pagina
    ]
    # Each row shows a person's name and request: one look per person on this page.
    audit.lees(request, *(r.verzoek.burger_id for r in rijen), rol=ActorRol.MEDEWERKER)
    context = admin_context(
        request,
        _("Work queue: requests"),
        filters=filters,
        rijen=rijen,
        pagina=pagina,
        vandaag=vandaag,
        querystring=_zonder_pagina(request),
        kan_beslissen=policy.mag_beslissen(request.user),
    )
    return render(request, "staff/werkvoorraad.html", context)


@dataclass
class SignaalRij:
    signaal: Signaal
    dagen: int | None

    @property
    def te_laat(self) -> int | None:
        return None if self.dagen is None else -self.dagen


@require_GET
@medewerker_met(policy.mag_totaalbeeld_zien)
def signalen(request):
    vandaag = clock.today()
    filters = SignaalFilter(request.GET)
    qs = (
        Signaal.objects.filter(status__in=OPEN_SIGNAAL)
        .select_related("burger")
        .prefetch_related(
            Prefetch(
                "vorderingen",
                queryset=Vordering.objects.select_related("toeslag").order_by("dagtekening"),
            )
        )
        .order_by(F("contact_voor").asc(nulls_last=True), "aangemaakt_op", "pk")
    )
    if filters.is_valid() and filters.cleaned_data.get("soort"):
        qs = qs.filter(soort=filters.cleaned_data["soort"])
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = [
        SignaalRij(s, (s.contact_voor - vandaag).days if s.contact_voor else None) for s in pagina
    ]
    audit.lees(request, *(r.signaal.burger_id for r in rijen), rol=ActorRol.MEDEWERKER)
    context = admin_context(
        request,
        _("Signals: people to contact"),
        filters=filters,
        rijen=rijen,
        pagina=pagina,
        vandaag=vandaag,
        querystring=_zonder_pagina(request),
    )
    return render(request, "staff/signalen.html", context)


def _zonder_pagina(request) -> str:
    """The current filters as a query string, for the page links."""
    params = request.GET.copy()
    params.pop("pagina", None)
    return params.urlencode()
