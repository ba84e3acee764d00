"""Paying now: a termijn or a whole debt, through the (demo) iDEAL step.

GET /betalen/?termijn=<id> or ?schuld=<vordering id> shows what will be paid and how it
is split; in DEMO mode a clearly marked demo iDEAL step books it (POST), otherwise the
page explains how to pay by bank transfer and books nothing. GET /betalen/klaar/<pk>/
confirms a booked betaling. Anything not the burger's own is "not found".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from citizen.forms_betalen import DemoIdealForm, maak_token
from config.storingen import DATABASE_WEG, niet_bewaard
from invordering import policy
from invordering.models import (
    Betaling,
    Document,
    Fase,
    Regeling,
    RegelingStatus,
    Termijn,
    TermijnStatus,
    Vordering,
)
from invordering.rules.geld import NUL
from invordering.services.betalingen import (
    BedragGewijzigd,
    Deel,
    betaal_nu,
    gedekte_vorderingen,
    te_betalen,
    verdeling_van,
    verdeling_vooraf,
    volgende_termijn,
)
from invordering.templatetags.invordering import euro


@dataclass
class Doel:
    """What the page is about to pay: one termijn of a regeling, or one whole vordering."""

    soort: str  # "termijn" or "schuld"
    bedrag: Decimal
    termijn: Termijn | None = None
    vordering: Vordering | None = None
    regeling: Regeling | None = None
    volgende: Termijn | None = None  # the termijn to pay first, when it is another one
    enige_in_regeling: bool = False  # a whole debt that is its regeling's only debt
    vorderingen: list[Vordering] = field(default_factory=list)
    verdeling: list[Deel] = field(default_factory=list)

    @property
    def sleutel(self) -> str:
        obj = self.termijn if self.termijn is not None else self.vordering
        return f"{self.soort}:{obj.pk}"

    @property
    def query(self) -> str:
        obj = self.termijn if self.termijn is not None else self.vordering
        return f"{self.soort}={obj.pk}"

    @property
    def betalingskenmerk(self) -> str:
        """The payment reference for a bank transfer: the (first) debt's own."""
        if self.vordering is not None:
            return self.vordering.betalingskenmerk
        eerste = self.vorderingen[0] if self.vorderingen else None
        if eerste is None:
            lid = self.regeling.leden.select_related("vordering").first()
            eerste = lid.vordering if lid else None
        return eerste.betalingskenmerk if eerste else ""


def _id(waarde: str) -> int:
    if not (waarde.isascii() and waarde.isdigit()) or len(waarde) > 12:
        raise Http404
    return int(waarde)


def _doel(request, burger) -> Doel:
    """The target named in the query string, read through the burger (404 if not theirs)."""
    termijn_id, schuld_id = request.GET.get("termijn", ""), request.GET.get("schuld", "")
    if bool(termijn_id) == bool(schuld_id):
        raise Http404
    if termijn_id:
        termijn = get_object_or_404(
            Termijn.objects.select_related("regeling"),
            regeling__burger=burger,
            pk=_id(termijn_id),
        )
        regeling = termijn.regeling
        doel = Doel("termijn", te_betalen(termijn=termijn), termijn=termijn, regeling=regeling)
        volgende = volgende_termijn(regeling)
        nog_te_betalen = termijn.status in (TermijnStatus.OPEN, TermijnStatus.GEMIST)
        if regeling.status == RegelingStatus.LOPEND and nog_te_betalen and volgende != termijn:
            doel.volgende = volgende
        doel.vorderingen = gedekte_vorderingen(termijn=termijn)
    else:
        vordering = get_object_or_404(
            Vordering.objects.select_related("toeslag"), burger=burger, pk=_id(schuld_id)
        )
        doel = Doel("schuld", te_betalen(vordering=vordering), vordering=vordering)
        doel.regeling = vordering.regelingen.filter(status=RegelingStatus.LOPEND).first()
        doel.enige_in_regeling = bool(doel.regeling) and doel.regeling.leden.count() == 1
        doel.vorderingen = gedekte_vorderingen(vordering=vordering)
    if doel.bedrag > NUL:
        doel.verdeling = verdeling_vooraf(doel.bedrag, doel.vorderingen)
    return doel


def _nog_open(burger) -> Decimal:
    totaal = burger.vorderingen.exclude(fase=Fase.AFGEROND).aggregate(s=Sum("saldo"))["s"]
    return totaal or NUL


def _pagina(
    request,
    burger,
    doel: Doel,
    form: DemoIdealForm | None,
    status: int = 200,
    token: str | None = None,
):
    if form is None:
        form = DemoIdealForm(burger_id=burger.pk, doel=doel.sleutel)
    if token is None and doel.bedrag > NUL:
        # A fresh token on every render: after an error the next try is a new payment.
        token = maak_token(burger_id=burger.pk, doel=doel.sleutel, bedrag=doel.bedrag)
    context = {
        "burger": burger,
        "actief": "overzicht",
        "doel": doel,
        "form": form,
        "demo": settings.DEMO,
        "token": token or "",
        "actie": f"{reverse('citizen:betalen')}?{doel.query}",
        "nog_open": _nog_open(burger),
    }
    return render(request, "citizen/betalen.html", context, status=status)


@require_http_methods(["GET", "POST"])
def betalen(request):
    toegang = policy.toegang(request, policy.BETALEN)
    burger = toegang.burger
    doel = _doel(request, burger)
    if request.method == "GET":
        return _pagina(request, burger, doel, None)
    if not settings.DEMO:
        # There is no iDEAL connection: nothing can be booked from this page.
        messages.error(request, _("Paying online is not possible here. Nothing has been paid."))
        return _pagina(request, burger, doel, None, status=400)
    form = DemoIdealForm(request.POST, burger_id=burger.pk, doel=doel.sleutel)
    if form.is_valid():
        # A replayed form or a second click: show the payment that was already booked.
        eerder = Betaling.objects.filter(
            burger=burger, referentie=form.cleaned_data["referentie"]
        ).first()
        if eerder is not None:
            return _naar_bevestiging(eerder)
        try:
            betaling = betaal_nu(
                burger=burger,
                bedrag=form.cleaned_data["bedrag"],
                referentie=form.cleaned_data["referentie"],
                termijn=doel.termijn,
                vordering=doel.vordering,
                **toegang.actor,
            )
        except DATABASE_WEG:
            # Whether the commit got through is not known here, so the page keeps the same
            # token: sending it again books this payment once (referentie), never twice.
            niet_bewaard(
                request,
                _(
                    "We could not book your payment just now because of a fault on our "
                    "side. Check your overview: a payment that is not there has not been "
                    "paid. You can press Pay again; this payment is never booked twice."
                ),
            )
            return _pagina(
                request, burger, doel, form, status=503, token=request.POST.get("token", "")
            )
        except BedragGewijzigd as fout:
            if fout.nu > NUL:
                form.add_error(
                    None,
                    _(
                        "The amount to pay changed since you opened this page. Nothing has "
                        "been paid. Check the new amount below and try again."
                    ),
                )
            else:
                messages.info(request, _("There is nothing left to pay here. Nothing was paid."))
            return _pagina(request, burger, _doel(request, burger), form)
        messages.success(
            request,
            _("Your payment of %(bedrag)s has been booked.") % {"bedrag": euro(betaling.bedrag)},
        )
        return _naar_bevestiging(betaling)
    return _pagina(request, burger, doel, form)


def _naar_bevestiging(betaling: Betaling):
    response = redirect("citizen:betaald", pk=betaling.pk)
    response.status_code = 303  # after a POST, the browser must GET the confirmation
    return response


@require_GET
def betaald(request, pk: int):
    burger = policy.toegang(request).burger
    betaling = get_object_or_404(Betaling.objects.select_related("regeling"), burger=burger, pk=pk)
    brief = Document.objects.filter(burger=burger, event__sleutel=f"betaling:{betaling.pk}").first()
    verdeling = verdeling_van(betaling)
    regeling = betaling.regeling
    vordering_ids = {deel.vordering.pk for deel in verdeling}
    context = {
        "burger": burger,
        "actief": "overzicht",
        "betaling": betaling,
        "verdeling": verdeling,
        "afgerond": [
            v
            for v in {deel.vordering.pk: deel.vordering for deel in verdeling}.values()
            if v.fase == Fase.AFGEROND
        ],
        "brief": brief,
        "termijn": (brief.snapshot.get("data") or {}).get("termijn") if brief else None,
        "regeling": regeling,
        "volgende": volgende_termijn(regeling)
        if regeling and regeling.status == RegelingStatus.LOPEND
        else None,
        "voltooid": list(
            Regeling.objects.filter(
                leden__vordering__in=vordering_ids,
                status=RegelingStatus.VOLTOOID,
                beeindigd_op=betaling.ontvangen_op,
            ).distinct()
        ),
        "nog_open": _nog_open(burger),
    }
    return render(request, "citizen/betaald.html", context)


urlpatterns = [
    path("betalen/", betalen, name="betalen"),
    path("betalen/klaar/<int:pk>/", betaald, name="betaald"),
]
