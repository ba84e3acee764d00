"""Requests: the list, one request, a pause, bundling, starting the standard plan."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizen.forms_verzoeken import AanvullingForm, BundelingForm, PauzeForm
from config.storingen import DATABASE_WEG, niet_bewaard
from invordering import clock, policy, throttle
from invordering.beleid import beleid_op
from invordering.models import (
    EventSoort,
    Fase,
    TermijnStatus,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.rules.allocatie import termijnen_per_schuld
from invordering.rules.geld import som
from invordering.rules.kalender import plus_maanden
from invordering.rules.termijnen import standaard_termijnen, termijn_vervaldata
from invordering.rules.verzoek import OPEN_STATUSSEN, OngeldigeOvergang
from invordering.selectors import overzicht as lees_overzicht
from invordering.services.bijlagen import voeg_bijlage_toe
from invordering.services.regelingen import pauzemaanden, start_standaardregeling
from invordering.services.verzoeken import (
    dien_in,
    maak_verzoek,
    pbt_berekening,
    trek_in,
    vul_info_aan,
)


def _open_vorderingen(burger):
    return (
        burger.vorderingen.exclude(fase=Fase.AFGEROND)
        .select_related("toeslag")
        .order_by("dagtekening", "pk")
    )


def _verzoek_van(request, pk: int, nodig: str = policy.INZIEN) -> Verzoek:
    burger = policy.toegang(request, nodig).burger
    return get_object_or_404(Verzoek.objects.select_related("burger"), pk=pk, burger=burger)


@require_GET
def verzoeken(request):
    burger = policy.toegang(request).burger
    lijst = burger.verzoeken.prefetch_related("vorderingen").order_by("-aangemaakt_op", "-pk")
    return render(
        request,
        "citizen/verzoeken/lijst.html",
        {
            "burger": burger,
            "verzoeken": list(lijst),
            "vandaag": clock.today(),
            "actief": "verzoeken",
        },
    )


def _detail(request, v: Verzoek, form=None):
    vorderingen = list(v.vorderingen.select_related("toeslag"))
    context = {
        "burger": v.burger,
        "verzoek": v,
        "vandaag": clock.today(),
        "actief": "verzoeken",
        "vorderingen": vorderingen,
        "bijlagen": list(v.bijlagen.all()),
        "events": list(v.events.select_related("document").order_by("tijdstip", "pk")),
        "form": form or (AanvullingForm() if v.status == VerzoekStatus.INFO_GEVRAAGD else None),
        "vraag": _laatste_vraag(v),
        "open": v.status in OPEN_STATUSSEN,
    }
    if v.soort == VerzoekSoort.PBT and v.gegevens.get("leefsituatie"):
        beleid = beleid_op(clock.today())
        context["berekening"], context["voorstel"] = pbt_berekening(
            v.gegevens, openstaand=som(x.saldo for x in vorderingen), beleid=beleid
        )
    return render(request, "citizen/verzoeken/detail.html", context)


@require_GET
def verzoek(request, pk: int):
    return _detail(request, _verzoek_van(request, pk))


def _laatste_vraag(v: Verzoek) -> str:
    event = (
        v.events.filter(soort=EventSoort.VERZOEK_INFO_GEVRAAGD).order_by("-tijdstip", "-pk").first()
    )
    return event.data.get("vraag", "") if event else ""


@require_POST
def intrekken(request, pk: int):
    v = _verzoek_van(request, pk, policy.VERZOEKEN)
    try:
        trek_in(v, **policy.toegang(request).actor)
    except (OngeldigeOvergang, RuntimeError):
        messages.warning(
            request, _("This request can no longer be withdrawn. See its status below.")
        )
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("citizen:verzoek", pk=v.pk)


@require_POST
def aanvullen(request, pk: int):
    v = _verzoek_van(request, pk, policy.VERZOEKEN)
    form = AanvullingForm(request.POST, request.FILES)
    if v.status != VerzoekStatus.INFO_GEVRAAGD:
        messages.info(request, _("We already have your answer. Thank you."))
        return redirect("citizen:verzoek", pk=v.pk)
    if form.is_valid():
        try:
            with transaction.atomic():
                if form.cleaned_data["bestand"]:
                    voeg_bijlage_toe(
                        verzoek=v, bestand=form.cleaned_data["bestand"], door=request.user
                    )
                vul_info_aan(
                    v,
                    antwoord=form.cleaned_data["antwoord"],
                    **policy.toegang(request).actor,
                )
        except ValidationError as fout:
            form.add_error("bestand", fout)
        except (OngeldigeOvergang, RuntimeError):
            messages.info(request, _("We already have your answer. Thank you."))
            return redirect("citizen:verzoek", pk=v.pk)
        else:
            messages.success(
                request, _("Thank you. We have your answer and look at your request again.")
            )
            return redirect("citizen:verzoek", pk=v.pk)
    return _detail(request, v, form)


@require_GET
def bijlage(request, pk: int, bijlage_pk: int):
    v = _verzoek_van(request, pk)
    b = get_object_or_404(v.bijlagen, pk=bijlage_pk, verwijderd_op__isnull=True)
    naam = Path(b.naam).name or "bijlage"
    return FileResponse(
        b.bestand.open("rb"), as_attachment=True, filename=naam, content_type=b.soort
    )


def _open_verzoek(burger, soort):
    return burger.verzoeken.filter(soort=soort, status__in=OPEN_STATUSSEN).first()


def _pauze_voorbeeld(burger, gekozen, start, eind, beleid):
    """What the pause moves: each debt's next step now and with the pause."""
    ov = lees_overzicht(burger, vandaag=clock.today(), beleid=beleid)
    maanden = pauzemaanden(start, eind)
    regels = []
    for kaart in ov.open:
        if kaart.vordering.pk not in gekozen:
            continue
        regel = {"kaart": kaart, "nu": None, "straks": None}
        if kaart.regeling and kaart.regeling.volgende:
            t = kaart.regeling.volgende
            regel["termijn"] = t
            schuift = (
                t.vervaldatum >= start or t.status == TermijnStatus.GEMIST
            )  # as the service does
            regel["termijn_straks"] = (
                plus_maanden(t.vervaldatum, maanden) if schuift else t.vervaldatum
            )
            regel["einde"] = kaart.regeling.einddatum
            regel["einde_straks"] = plus_maanden(kaart.regeling.einddatum, maanden)
        elif kaart.als_niets:
            dag, stap = kaart.als_niets[0]
            regel["nu"], regel["stap"] = dag, stap
            regel["straks"] = max(dag, eind + timedelta(days=1))
        regels.append(regel)
    return regels


@require_http_methods(["GET", "POST"])
def pauze(request):
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    vandaag = clock.today()
    beleid = beleid_op(vandaag)
    bestaand = _open_verzoek(burger, VerzoekSoort.PAUZE)
    if bestaand is not None:
        messages.info(request, _("You already asked for a pause. Here you see how it is going."))
        return redirect("citizen:verzoek", pk=bestaand.pk)
    context = {"burger": burger, "actief": "verzoeken", "beleid": beleid}
    if not beleid.pauze_mogelijk:
        return render(request, "citizen/verzoeken/pauze.html", {**context, "niet_mogelijk": True})
    vorderingen = _open_vorderingen(burger)
    start = vandaag + timedelta(days=1)
    eerste = {
        "start": start,
        "eind": plus_maanden(start, beleid.pauze_max_maanden) - timedelta(days=1),
        "vorderingen": list(vorderingen),
    }
    form = PauzeForm(
        request.POST or None,
        initial=eerste,
        vorderingen=vorderingen,
        vandaag=vandaag,
        max_maanden=beleid.pauze_max_maanden,
    )
    blok = storing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        gekozen = {v.pk for v in data["vorderingen"]}
        if request.POST.get("actie") == "indienen":
            blok = throttle.indienen_blokkade(burger)
            if blok is None:
                try:
                    v = _dien_pauze_in(request, burger, data)
                except DATABASE_WEG:  # nothing saved: the form comes back as filled in
                    niet_bewaard(request)
                    storing = True
                else:
                    throttle.tel_indiening(burger)  # after the commit: a failed one does not count
                    messages.success(
                        request,
                        _("We have your request for a pause. We will call you to talk about it."),
                    )
                    return redirect("citizen:verzoek", pk=v.pk)
            else:
                form.add_error(None, throttle.indienen_melding(blok))
        context["voorbeeld"] = _pauze_voorbeeld(
            burger, gekozen, data["start"], data["eind"], beleid
        )
    response = render(
        request,
        "citizen/verzoeken/pauze.html",
        {**context, "form": form, "geen_schulden": not vorderingen},
        status=503 if storing else 200,
    )
    return throttle.te_vaak(response, blok) if blok else response


@transaction.atomic
def _dien_pauze_in(request, burger, data) -> Verzoek:
    """Save and submit in one transaction: after a fault nothing of it exists."""
    gegevens = {
        "reden": data["reden"],
        "toelichting": data["toelichting"],
        "start": data["start"].isoformat(),
        "eind": data["eind"].isoformat(),
        "voorstel_daarna": data["voorstel_daarna"],
    }
    v = maak_verzoek(
        burger=burger,
        soort=VerzoekSoort.PAUZE,
        vorderingen=list(data["vorderingen"]),
        gegevens=gegevens,
        actor=request.user,
    )
    dien_in(v, **policy.toegang(request).actor)
    return v


def _bundel_voorstel(gekozen, beleid, vandaag):
    """One plan for the chosen debts: the termijnen, the end date and who gets what."""
    gekozen = sorted(gekozen, key=lambda v: (v.dagtekening, v.pk))
    totaal = som(v.saldo for v in gekozen)
    termijnen = standaard_termijnen(
        totaal,
        max_termijnen=beleid.standaard_max_termijnen,
        minimum_termijn=beleid.standaard_minimum_termijn,
    )
    data = termijn_vervaldata(plus_maanden(vandaag, 1), len(termijnen))
    per_schuld = {
        k: (a, b) for k, a, b in termijnen_per_schuld(termijnen, [(v.pk, v.saldo) for v in gekozen])
    }
    return {
        "totaal": totaal,
        "termijnbedrag": termijnen[0],
        "laatste_bedrag": termijnen[-1],
        "aantal": len(termijnen),
        "eerste": data[0],
        "einddatum": data[-1],
        "volgorde": [
            {"vordering": v, "van": per_schuld[v.pk][0], "tot": per_schuld[v.pk][1]}
            for v in gekozen
        ],
        "automatisch": beleid.automatisch_bundelen,
    }


@require_http_methods(["GET", "POST"])
def bundeling(request):
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    vandaag = clock.today()
    beleid = beleid_op(vandaag)
    bestaand = _open_verzoek(burger, VerzoekSoort.BUNDELING)
    if bestaand is not None:
        messages.info(
            request, _("You already asked to combine your debts. Here you see how it is going.")
        )
        return redirect("citizen:verzoek", pk=bestaand.pk)
    vorderingen = _open_vorderingen(burger)
    context = {"burger": burger, "actief": "verzoeken", "beleid": beleid}
    if not beleid.bundeling_mogelijk:
        return render(
            request, "citizen/verzoeken/bundeling.html", {**context, "niet_mogelijk": True}
        )
    form = BundelingForm(
        request.POST or None, initial={"vorderingen": list(vorderingen)}, vorderingen=vorderingen
    )
    gekozen = list(vorderingen)
    blok = storing = None
    if request.method == "POST":
        if form.is_valid():
            gekozen = list(form.cleaned_data["vorderingen"])
            if request.POST.get("actie") == "indienen":
                blok = throttle.indienen_blokkade(burger)
                if blok is None:
                    try:
                        v = _dien_bundeling_in(request, burger, gekozen)
                    except DATABASE_WEG:  # nothing saved: the choice comes back as made
                        niet_bewaard(request)
                        storing = True
                    else:
                        throttle.tel_indiening(burger)  # after the commit, as for a pause
                        messages.success(
                            request,
                            _("We have your request to combine your debts into one plan."),
                        )
                        return redirect("citizen:verzoek", pk=v.pk)
                else:
                    form.add_error(None, throttle.indienen_melding(blok))
        else:
            gekozen = []
    context.update(
        form=form, voorstel=_bundel_voorstel(gekozen, beleid, vandaag) if len(gekozen) > 1 else None
    )
    context["te_weinig"] = len(vorderingen) < 2
    template = "citizen/verzoeken/bundeling.html"
    if request.htmx and request.POST.get("actie") != "indienen":
        template += "#voorstel"
    response = render(request, template, context, status=503 if storing else 200)
    return throttle.te_vaak(response, blok) if blok else response


@transaction.atomic
def _dien_bundeling_in(request, burger, gekozen) -> Verzoek:
    v = maak_verzoek(
        burger=burger,
        soort=VerzoekSoort.BUNDELING,
        vorderingen=gekozen,
        gegevens={},
        actor=request.user,
    )
    dien_in(v, **policy.toegang(request).actor)
    return v


@require_http_methods(["GET", "POST"])
def regeling_starten(request):
    """The standard regeling needs no request: the person starts it here, at once."""
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    try:
        pk = int(request.GET.get("schuld", ""))
    except ValueError:
        raise Http404 from None
    vordering = get_object_or_404(burger.vorderingen.select_related("toeslag"), pk=pk)
    vandaag = clock.today()
    beleid = beleid_op(vandaag)
    kan = vordering.fase not in (Fase.AFGEROND, Fase.REGELING) and vordering.saldo > 0
    if kan and (
        beleid.spijtoptant
        or vordering.fase in (Fase.OPEN, Fase.HERINNERING, Fase.SIGNAAL, Fase.VERREKENING)
    ):
        termijnen = standaard_termijnen(
            vordering.saldo,
            max_termijnen=beleid.standaard_max_termijnen,
            minimum_termijn=beleid.standaard_minimum_termijn,
        )
        eerste = (
            vordering.vervaldatum if vordering.vervaldatum > vandaag else plus_maanden(vandaag, 1)
        )
        if request.method == "POST":
            with transaction.atomic():
                start_standaardregeling(
                    vorderingen=[vordering],
                    dag=vandaag,
                    eerste_vervaldatum=eerste,
                    **policy.toegang(request).actor,
                )
            messages.success(
                request, _("Your payment plan has started. You find it in your overview.")
            )
            return redirect(reverse("citizen:overzicht") + "#regelingen-kop")
        context = {
            "termijnen": termijnen,
            "eerste": eerste,
            "laatste": termijn_vervaldata(eerste, len(termijnen))[-1],
        }
    else:
        context = {"niet_mogelijk": True}
    return render(
        request,
        "citizen/verzoeken/regeling.html",
        {"burger": burger, "vordering": vordering, "actief": "verzoeken", **context},
    )


urlpatterns = [
    path("verzoeken/", verzoeken, name="verzoeken"),
    path("verzoeken/pauze/", pauze, name="pauze"),
    path("verzoeken/bundeling/", bundeling, name="bundeling"),
    path("verzoeken/regeling/", regeling_starten, name="regeling_starten"),
    path("verzoeken/<int:pk>/", verzoek, name="verzoek"),
    path("verzoeken/<int:pk>/intrekken/", intrekken, name="verzoek_intrekken"),
    path("verzoeken/<int:pk>/aanvullen/", aanvullen, name="verzoek_aanvullen"),
    path("verzoeken/<int:pk>/bijlagen/<int:bijlage_pk>/", bijlage, name="bijlage"),
]
