"""The burger's overview, a debt's own page, and the timelines."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from citizen import woordenlijst
from invordering import clock, policy
from invordering.beleid import beleid_op
from invordering.models import BeschikkingSoort, Document, DocumentSoort
from invordering.rules.voorschot import afrekening
from invordering.selectors import overzicht as lees_overzicht
from invordering.selectors import tijdlijn as lees_tijdlijn
from invordering.selectors.tijdlijn import FILTERS
from invordering.services.vorderingen import voorschot_versies


def _context(request, **extra):
    burger = policy.toegang(request).burger
    vandaag = clock.today()
    beleid = beleid_op(vandaag)
    return burger, vandaag, beleid, extra


@require_GET
def overzicht(request):
    burger, vandaag, beleid, _ = _context(request)
    ov = lees_overzicht(burger, vandaag=vandaag, beleid=beleid)
    laatste_pdf = (
        Document.objects.filter(burger=burger, soort=DocumentSoort.OVERZICHT)
        .order_by("-pk")
        .first()
    )
    context = {
        "burger": burger,
        "ov": ov,
        "actief": "overzicht",
        "laatste_pdf": laatste_pdf,
        "woorden": woordenlijst.kies("betalingsregeling", "termijn", "verrekening", "kenmerk"),
    }
    template = "citizen/overzicht.html"
    if request.htmx and request.GET.get("deel") == "opbouw":
        kaart = _kaart(ov, request.GET.get("schuld"))
        return render(request, template + "#opbouw", {**context, "kaart": kaart})
    return render(request, template, context)


def _kaart(ov, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    kaart = next((k for k in ov.kaarten if k.vordering.pk == pk), None)
    if kaart is None:
        raise Http404
    return kaart


@require_GET
def vordering(request, pk: int):
    burger, vandaag, beleid, _ = _context(request)
    if not burger.vorderingen.filter(pk=pk).exists():
        raise Http404
    ov = lees_overzicht(burger, vandaag=vandaag, beleid=beleid, vordering_id=pk)
    kaart = ov.kaarten[0]
    tl = lees_tijdlijn(ov, verrekendag=beleid.verrekendag, vordering_id=pk)
    context = {
        "burger": burger,
        "ov": ov,
        "kaart": kaart,
        "v": kaart.vordering,
        "waarom": _waarom(kaart.vordering),
        "tijdlijn": tl,
        "actief": "overzicht",
        "woorden": woordenlijst.voor_vordering(kaart),
    }
    return render(request, "citizen/vordering.html", context)


def _waarom(vordering) -> dict:
    """The numbers behind a vordering: advance paid versus the real entitlement."""
    beschikkingen = list(vordering.toeslag.beschikkingen.order_by("dagtekening", "versie"))
    besluiten = [
        b
        for b in beschikkingen
        if b.soort in (BeschikkingSoort.DEFINITIEF, BeschikkingSoort.HERZIENING)
        and b.dagtekening <= vordering.dagtekening
    ]
    definitief = besluiten[-1] if besluiten else None
    versies = voorschot_versies(vordering.toeslag)
    afr = (
        afrekening(versies=versies, definitief=definitief.jaarbedrag)
        if definitief and versies
        else None
    )
    vorige = besluiten[-2] if len(besluiten) > 1 else None
    return {
        "definitief": definitief,
        "vorige": vorige
        if definitief and definitief.soort == BeschikkingSoort.HERZIENING
        else None,
        "afrekening": afr,
        "voorschotversies": [b for b in beschikkingen if b.soort == BeschikkingSoort.VOORSCHOT],
        "reden": vordering.beschikking.reden,
    }


@require_GET
def tijdlijn(request):
    burger, vandaag, beleid, _ = _context(request)
    filter_ = request.GET.get("filter") or "standaard"
    if filter_ not in FILTERS:
        filter_ = "standaard"
    vordering_id = None
    if request.GET.get("schuld"):
        try:
            vordering_id = int(request.GET["schuld"])
        except ValueError:
            raise Http404 from None
        if not burger.vorderingen.filter(pk=vordering_id).exists():
            raise Http404
    ov = lees_overzicht(burger, vandaag=vandaag, beleid=beleid)
    tl = lees_tijdlijn(
        ov, verrekendag=beleid.verrekendag, vordering_id=vordering_id, filter_=filter_
    )
    context = {
        "burger": burger,
        "ov": ov,
        "tijdlijn": tl,
        "gekozen_schuld": vordering_id,
        "filters": list(FILTERS),
        "actief": "tijdlijn",
    }
    template = "citizen/tijdlijn.html"
    if request.htmx:
        template += "#tijdlijn-resultaat"
    return render(request, template, context)


@require_GET
def woorden(request):
    burger = policy.toegang(request).burger
    return render(
        request,
        "citizen/woordenlijst.html",
        {"burger": burger, "woorden": woordenlijst.alle(), "actief": "overzicht"},
    )


urlpatterns = [
    path("overzicht/", overzicht, name="overzicht"),
    path("schulden/<int:pk>/", vordering, name="vordering"),
    path("tijdlijn/", tijdlijn, name="tijdlijn"),
    path("woordenlijst/", woorden, name="woordenlijst"),
]
