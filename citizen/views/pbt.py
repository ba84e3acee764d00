"""The PBT request: short steps, a live calculation, drafts that are never lost.

One draft (a Verzoek in status "concept") per burger holds the answers in ``gegevens``;
every step saves its own keys into it (POST-redirect-GET), so the draft survives logout
and session expiry. The calculation panel shows the formula step by step (the shared
sentence templates), the plan it leads to and the person's own budget next to it; with
htmx it follows the typing (``pbt_berekening``, which never saves), without JavaScript a
"Recalculate" button saves and stays on the step. The check page submits with
``dien_in``; its compare-and-set on the status makes a second submit of the same draft a
no-op that leads to the request already sent.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from citizen.forms_pbt import (
    LEEFSITUATIES,
    BewijsForm,
    bedrag_uit,
)
from citizen.pbt_stappen import (
    BEDRAG_NAMEN,
    STAP_OP_SLUG,
    STAPPEN,
    AlVerstuurd,
    Stap,
    al_verstuurd,
    basis_context,
    concept_om_te_schrijven,
    concept_van,
    eerste_open_stap,
    form_kwargs,
    ontbrekende_stappen,
    open_vorderingen,
    toegang,
    verzoek_uit_form,
    zie,
)
from config.storingen import DATABASE_WEG, niet_bewaard
from invordering import policy, throttle
from invordering.models import (
    Bijlage,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.rules.verzoek import OngeldigeOvergang
from invordering.services.bijlagen import voeg_bijlage_toe
from invordering.services.verzoeken import dien_in


def _stap_pagina(request, burger, concept, stap: Stap, form, *, gegevens: dict, bewijs_form=None):
    context = basis_context(request, burger, concept, gegevens)
    index = STAPPEN.index(stap)
    if context["terug"]:
        vorige = reverse("citizen:pbt_controle")
    elif index == 0:
        vorige = reverse("citizen:overzicht")
    else:
        vorige = reverse("citizen:pbt_stap", args=[STAPPEN[index - 1].slug])
    context.update(
        stap=stap,
        nummer=index + 1,
        form=form,
        vorige=vorige,
        eerste=index == 0,
        volgende=reverse("citizen:pbt_controle")
        if index + 1 == len(STAPPEN)
        else reverse("citizen:pbt_stap", args=[STAPPEN[index + 1].slug]),
    )
    if stap.form is None:
        context.update(
            form=bewijs_form or BewijsForm(),
            bijlagen=list(concept.bijlagen.all()) if concept else [],
        )
        return render(request, "citizen/pbt/bewijs.html", context)
    return render(request, "citizen/pbt/stap.html", context)


@require_http_methods(["GET"])
def pbt(request):
    """Start or resume: the first step not answered yet (the check page when all are)."""
    _burger, concept, weiger = toegang(request)
    if weiger is not None:
        return weiger
    return redirect(eerste_open_stap(concept.gegevens if concept else {}))


@require_http_methods(["GET", "POST"])
def pbt_stap(request, stap: str):
    stap_obj = STAP_OP_SLUG.get(stap)
    if stap_obj is None:
        raise Http404
    if request.method == "POST" and stap_obj.form is None:
        return HttpResponseNotAllowed(["GET"])
    burger, concept, weiger = toegang(request)
    if weiger is not None:
        genoemd = verzoek_uit_form(request, burger) if request.method == "POST" else None
        if genoemd is not None and genoemd.status != VerzoekStatus.CONCEPT:
            return al_verstuurd(request, genoemd)
        return weiger
    gegevens = concept.gegevens if concept else {}
    if stap_obj.form is None:
        return _stap_pagina(request, burger, concept, stap_obj, None, gegevens=gegevens)
    if request.method == "GET":
        form = stap_obj.form(initial=stap_obj.form.uit_gegevens(gegevens), **form_kwargs(stap_obj))
        return _stap_pagina(request, burger, concept, stap_obj, form, gegevens=gegevens)

    form = stap_obj.form(request.POST, **form_kwargs(stap_obj))
    if not form.is_valid():
        # Nothing is saved; the page shows what was typed, with the errors next to it.
        samen, _onleesbaar = form.gedeeltelijke_gegevens(gegevens)
        return _stap_pagina(request, burger, concept, stap_obj, form, gegevens=samen)
    try:
        with transaction.atomic():
            concept = concept_om_te_schrijven(request, burger)
            concept.gegevens = {**concept.gegevens, **form.naar_gegevens()}
            concept.save(update_fields=["gegevens"])
    except AlVerstuurd as fout:
        return al_verstuurd(request, fout.verzoek)
    terug = "?terug=controleer" if request.POST.get("terug") == "controleer" else ""
    if request.POST.get("actie") == "herbereken":
        return zie(reverse("citizen:pbt_stap", args=[stap_obj.slug]) + terug + "#berekening-paneel")
    if terug:
        return zie(reverse("citizen:pbt_controle"))
    index = STAPPEN.index(stap_obj)
    return zie(reverse("citizen:pbt_stap", args=[STAPPEN[index + 1].slug]))


@require_POST
def berekening(request):
    """The live calculation (htmx): the typed answers over the saved draft; saves nothing."""
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    concept = concept_van(burger)
    gegevens = concept.gegevens if concept else {}
    stap = STAP_OP_SLUG.get(request.POST.get("stap", ""))
    onleesbaar = False
    if stap is not None and stap.form is not None:
        form = stap.form(request.POST, **form_kwargs(stap))
        gegevens, onleesbaar = form.gedeeltelijke_gegevens(gegevens)
    if not request.htmx:
        adres = reverse("citizen:pbt_stap", args=[stap.slug]) if stap else reverse("citizen:pbt")
        return zie(adres)
    context = basis_context(request, burger, concept, gegevens, onleesbaar=onleesbaar)
    return render(request, "citizen/pbt/_paneel.html#berekening", context)


def _samenvatting(gegevens: dict) -> list[dict]:
    """The answers as rows for the check page: question, answer, step to change it."""
    rijen = [
        {
            "naam": _("Living situation"),
            "tekst": str(dict(LEEFSITUATIES).get(gegevens.get("leefsituatie"), "")),
            "beantwoord": "leefsituatie" in gegevens,
            "stap": "leefsituatie",
        }
    ]
    for stap in STAPPEN[1:8]:
        for sleutel in stap.form.SLEUTELS:
            rijen.append(
                {
                    "naam": str(BEDRAG_NAMEN[sleutel]),
                    "bedrag": bedrag_uit(gegevens, sleutel),
                    "beantwoord": sleutel in gegevens,
                    "stap": stap.slug,
                }
            )
    return rijen


def _controle_pagina(
    request, burger, concept: Verzoek, *, ontbrekend=None, blok=None, status: int = 200
):
    gegevens = concept.gegevens
    context = basis_context(request, burger, concept, gegevens)
    context.update(
        rijen=_samenvatting(gegevens),
        ontbrekend=ontbrekend if ontbrekend is not None else ontbrekende_stappen(gegevens),
        getoond_als_fout=ontbrekend is not None,
        bijlagen=list(concept.bijlagen.all()),
        eigen_begroting=[
            {"omschrijving": r.get("omschrijving", ""), "bedrag": bedrag_uit(r, "bedrag")}
            for r in gegevens.get("eigen_begroting") or []
        ],
        begroting_beantwoord="eigen_begroting" in gegevens,
        kan_niet_betalen=bool(gegevens.get("kan_niet_betalen")),
        reden_niet_betalen=gegevens.get("reden_niet_betalen", ""),
        beslisweken=context["beleid"].beslistermijn_weken,
        te_vaak=throttle.indienen_melding(blok) if blok else "",
    )
    response = render(request, "citizen/pbt/controle.html", context, status=status)
    return throttle.te_vaak(response, blok) if blok else response


@require_http_methods(["GET", "POST"])
def controle(request):
    """ "Check your answers": every answer with a Change link; POST sends the request."""
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    if request.method == "POST":
        genoemd = verzoek_uit_form(request, burger)
        if genoemd is not None and genoemd.status != VerzoekStatus.CONCEPT:
            return al_verstuurd(request, genoemd)
    burger, concept, weiger = toegang(request)
    if weiger is not None:
        return weiger
    if concept is None:
        return redirect("citizen:pbt")
    if request.method == "GET":
        return _controle_pagina(request, burger, concept)
    if genoemd is None or genoemd.pk != concept.pk:
        # A page made for another draft (or none): show this draft to check first.
        messages.info(request, _("Check your answers below, then send your request."))
        return zie(reverse("citizen:pbt_controle"))
    ontbrekend = ontbrekende_stappen(concept.gegevens)
    if ontbrekend:
        return _controle_pagina(request, burger, concept, ontbrekend=ontbrekend)
    blok = throttle.indienen_blokkade(burger)
    if blok is not None:
        # The draft keeps every answer; the same page comes back with the message on top.
        return _controle_pagina(request, burger, concept, blok=blok)
    try:
        with transaction.atomic():
            verzoek = Verzoek.objects.select_for_update().get(pk=concept.pk)
            if verzoek.status != VerzoekStatus.CONCEPT:
                raise AlVerstuurd(verzoek)
            # The debts as they are now: one may have been paid off since the draft began.
            verzoek.vorderingen.set(open_vorderingen(burger))
            dien_in(verzoek, **policy.toegang(request).actor)
    except AlVerstuurd as fout:
        return al_verstuurd(request, fout.verzoek)
    except (OngeldigeOvergang, RuntimeError):
        return al_verstuurd(request, concept)
    except DATABASE_WEG:
        # Nothing was sent; the draft keeps every answer, so the same page comes back.
        niet_bewaard(
            request,
            _(
                "We could not send your request just now because of a fault on our side. "
                "Nothing was sent, and your answers are saved. Please press “Send my "
                "request” again. Does it keep going wrong? Try again in a few minutes."
            ),
        )
        concept.refresh_from_db()
        return _controle_pagina(request, burger, concept, status=503)
    throttle.tel_indiening(burger)  # after the commit: a request that failed does not count
    tekst = _(
        "We have received your request for a personal payment plan. We decide before %(datum)s."
    ) % {"datum": _datum(verzoek.beslistermijn)}
    if verzoek.gegevens.get("kan_niet_betalen"):
        tekst += " " + _(
            "You told us you cannot pay this amount. An employee will contact you about it."
        )
    messages.success(request, tekst)
    return zie(reverse("citizen:verzoek", args=[verzoek.pk]))


def _datum(dag) -> str:
    from invordering.templatetags.invordering import datum

    return datum(dag)


# ---------------------------------------------------------------- proof


@require_POST
def bijlage_toevoegen(request):
    burger, concept, weiger = toegang(request)
    if weiger is not None:
        genoemd = verzoek_uit_form(request, burger)
        if genoemd is not None and genoemd.status != VerzoekStatus.CONCEPT:
            return al_verstuurd(request, genoemd)
        return weiger
    form = BewijsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                concept = concept_om_te_schrijven(request, burger)
                bijlage = voeg_bijlage_toe(
                    verzoek=concept,
                    bestand=form.cleaned_data["bestand"],
                    omschrijving=form.cleaned_data["omschrijving"],
                    door=request.user,
                )
        except AlVerstuurd as fout:
            return al_verstuurd(request, fout.verzoek)
        except ValidationError as fout:
            form.add_error("bestand", fout)
        else:
            messages.success(
                request, _("We added %(naam)s to your request.") % {"naam": bijlage.naam}
            )
            return zie(_bewijs_adres(request))
    gegevens = concept.gegevens if concept else {}
    return _stap_pagina(
        request, burger, concept, STAP_OP_SLUG["bewijs"], None, gegevens=gegevens, bewijs_form=form
    )


def _bewijs_adres(request) -> str:
    terug = "?terug=controleer" if request.POST.get("terug") == "controleer" else ""
    return reverse("citizen:pbt_stap", args=["bewijs"]) + terug


@require_POST
def bijlage_verwijderen(request, pk: int):
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    # The form is read before anything is removed: a form too large to read is refused
    # (400) with the file still there, not after it is gone.
    terug = _bewijs_adres(request)
    bijlage = get_object_or_404(
        Bijlage.objects.select_related("verzoek"),
        pk=pk,
        verzoek__burger=burger,
        verzoek__soort=VerzoekSoort.PBT,
    )
    with transaction.atomic():
        verzoek = Verzoek.objects.select_for_update().get(pk=bijlage.verzoek_id)
        if verzoek.status != VerzoekStatus.CONCEPT:
            messages.info(
                request,
                _(
                    "This file belongs to a request you already sent, so it stays with that request."
                ),
            )
            return zie(reverse("citizen:verzoek", args=[verzoek.pk]))
        naam, opslag, bestandsnaam = bijlage.naam, bijlage.bestand.storage, bijlage.bestand.name
        bijlage.delete()
        # The file goes only when the row is gone for good.
        transaction.on_commit(lambda: opslag.delete(bestandsnaam))
    messages.success(request, _("We removed %(naam)s.") % {"naam": naam})
    return zie(terug)


# Specific paths before "<slug:stap>", which would match them too.
urlpatterns = [
    path("verzoeken/pbt/", pbt, name="pbt"),
    path("verzoeken/pbt/berekening/", berekening, name="pbt_berekening"),
    path("verzoeken/pbt/controleer/", controle, name="pbt_controle"),
    path("verzoeken/pbt/bijlagen/", bijlage_toevoegen, name="pbt_bijlage"),
    path(
        "verzoeken/pbt/bijlagen/<int:pk>/verwijderen/",
        bijlage_verwijderen,
        name="pbt_bijlage_verwijderen",
    ),
    path("verzoeken/pbt/<slug:stap>/", pbt_stap, name="pbt_stap"),
]
