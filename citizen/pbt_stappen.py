"""The PBT request's steps and its draft: which questions, what is answered, the panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citizen.forms_pbt import (
    LEEFSITUATIES,
    AlimentatieForm,
    EigenBegrotingForm,
    InkomenForm,
    LeefsituatieForm,
    OverigInkomenForm,
    RegelingenForm,
    StapForm,
    VermogenForm,
    WoonlastenForm,
    ZorgpremieForm,
    bedrag_uit,
)
from invordering import clock, policy
from invordering.beleid import Beleid, beleid_op
from invordering.models import (
    Burger,
    Fase,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.rules.capaciteit import betalingscapaciteit
from invordering.rules.geld import NUL, som
from invordering.rules.kalender import plus_maanden
from invordering.rules.termijnen import termijn_vervaldata
from invordering.rules.verzoek import OPEN_STATUSSEN
from invordering.services.verzoeken import capaciteit_invoer, maak_verzoek, pbt_berekening


@dataclass(frozen=True)
class Stap:
    slug: str
    vraag: Promise  # the page's heading: the one question of this step
    form: type[StapForm] | None
    verplicht: bool  # needed before the request can be sent


STAPPEN: tuple[Stap, ...] = (
    Stap("leefsituatie", gettext_lazy("What is your living situation?"), LeefsituatieForm, True),
    Stap("inkomen", gettext_lazy("What is your income?"), InkomenForm, True),
    Stap("overig-inkomen", gettext_lazy("Do you have other income?"), OverigInkomenForm, True),
    Stap("woonlasten", gettext_lazy("What do you pay for your home?"), WoonlastenForm, True),
    Stap("zorgpremie", gettext_lazy("What do you pay for health insurance?"), ZorgpremieForm, True),
    Stap("regelingen", gettext_lazy("Do you pay other payment plans?"), RegelingenForm, True),
    Stap("alimentatie", gettext_lazy("Do you pay maintenance?"), AlimentatieForm, True),
    Stap("vermogen", gettext_lazy("Do you have savings?"), VermogenForm, True),
    Stap("eigen-begroting", gettext_lazy("Your own budget"), EigenBegrotingForm, False),
    Stap("bewijs", gettext_lazy("Do you want to send proof?"), None, False),
)
STAP_OP_SLUG = {s.slug: s for s in STAPPEN}

# Short names of the amounts, for "not answered yet" and the check page.
BEDRAG_NAMEN = {
    "netto_inkomen": gettext_lazy("Net income per month"),
    "vakantiegeld_per_jaar": gettext_lazy("Holiday pay per year"),
    "overig_inkomen": gettext_lazy("Other income per month"),
    "woonlasten": gettext_lazy("Rent or mortgage per month"),
    "zorgpremie": gettext_lazy("Health insurance per month"),
    "andere_regelingen": gettext_lazy("Other payment plans per month"),
    "alimentatie": gettext_lazy("Maintenance you pay per month"),
    "vermogen": gettext_lazy("Savings"),
}


class AlVerstuurd(Exception):
    """The draft named in the form was sent in the meantime (another tab, a double click)."""

    def __init__(self, verzoek: Verzoek):
        super().__init__(verzoek.pk)
        self.verzoek = verzoek


# ---------------------------------------------------------------- reading


def open_vorderingen(burger: Burger) -> list:
    return list(
        burger.vorderingen.exclude(fase=Fase.AFGEROND)
        .select_related("toeslag")
        .order_by("dagtekening", "pk")
    )


def _lopend_verzoek(burger: Burger) -> Verzoek | None:
    return (
        burger.verzoeken.filter(soort=VerzoekSoort.PBT, status__in=OPEN_STATUSSEN)
        .order_by("-ingediend_op", "-pk")
        .first()
    )


def concept_van(burger: Burger) -> Verzoek | None:
    return (
        burger.verzoeken.filter(soort=VerzoekSoort.PBT, status=VerzoekStatus.CONCEPT)
        .order_by("-aangemaakt_op", "-pk")
        .first()
    )


def _is_beantwoord(stap: Stap, gegevens: dict) -> bool:
    if stap.form is None:
        return True
    return all(sleutel in gegevens for sleutel in stap.form.SLEUTELS)


def ontbrekende_stappen(gegevens: dict) -> list[Stap]:
    return [s for s in STAPPEN if s.verplicht and not _is_beantwoord(s, gegevens)]


def eerste_open_stap(gegevens: dict) -> str:
    for stap in STAPPEN:
        if stap.form is not None and not _is_beantwoord(stap, gegevens):
            return reverse("citizen:pbt_stap", args=[stap.slug])
    return reverse("citizen:pbt_controle")


def _vandaag_en_beleid() -> tuple[date, Beleid]:
    vandaag = clock.today()
    return vandaag, beleid_op(vandaag)


def _paneel(
    gegevens: dict, *, openstaand: Decimal, beleid: Beleid, vandaag: date, onleesbaar=False
) -> dict:
    """Everything the calculation panel shows, for these answers (missing ones count as 0)."""
    paneel: dict = {
        "openstaand": openstaand,
        "onleesbaar": onleesbaar,
        "niet_beantwoord": [
            str(naam) for sleutel, naam in BEDRAG_NAMEN.items() if sleutel not in gegevens
        ],
        "leefsituatie": gegevens.get("leefsituatie") in dict(LEEFSITUATIES),
    }
    if not paneel["leefsituatie"]:
        return paneel
    if openstaand > 0:
        berekening, voorstel = pbt_berekening(gegevens, openstaand=openstaand, beleid=beleid)
    else:
        voorstel = None
        berekening = betalingscapaciteit(
            capaciteit_invoer(gegevens),
            bijstandsnormen=beleid.bijstandsnormen,
            normpercentage=beleid.normpercentage,
            capaciteitspercentage=beleid.capaciteitspercentage,
        )
    paneel.update(berekening=berekening, voorstel=voorstel, einddatum=None)
    if voorstel is not None and voorstel.looptijd:
        paneel["einddatum"] = termijn_vervaldata(plus_maanden(vandaag, 1), voorstel.looptijd)[-1]
    rijen = [
        r for r in gegevens.get("eigen_begroting") or [] if bedrag_uit(r, "bedrag") is not None
    ]
    if rijen:
        eigen = som(bedrag_uit(r, "bedrag") for r in rijen)
        kosten = berekening.aftrek + eigen
        over = berekening.inkomen - kosten
        termijn = voorstel.termijnbedrag if voorstel is not None else NUL
        paneel["begroting"] = {
            "rijen": [
                {"omschrijving": r.get("omschrijving", ""), "bedrag": bedrag_uit(r, "bedrag")}
                for r in rijen
            ],
            "inkomen": berekening.inkomen,
            "formule_kosten": berekening.aftrek,
            "eigen_kosten": eigen,
            "kosten": kosten,
            "over": over,
            "termijn": termijn,
            "houdt_over": over - termijn,
            "tekort": termijn - over,
        }
    return paneel


# ---------------------------------------------------------------- writing


def verzoek_uit_form(request, burger: Burger) -> Verzoek | None:
    """The draft this form was made for (hidden field "verzoek"), if any; 404 if not theirs."""
    waarde = request.POST.get("verzoek", "")
    if not waarde:
        return None
    if not (waarde.isascii() and waarde.isdigit()) or len(waarde) > 12:
        raise Http404
    return get_object_or_404(Verzoek, pk=int(waarde), burger=burger, soort=VerzoekSoort.PBT)


def concept_om_te_schrijven(request, burger: Burger) -> Verzoek:
    """The draft, locked for this transaction; made now when the person has none yet.

    Precondition: inside ``transaction.atomic``. Locking the burger's row first means two
    tabs answering their first question at the same moment make one draft, not two.
    Raises ``AlVerstuurd`` when the form was made for a draft that has been sent since.
    """
    Burger.objects.select_for_update().filter(pk=burger.pk).first()
    genoemd = verzoek_uit_form(request, burger)
    if genoemd is not None and genoemd.status != VerzoekStatus.CONCEPT:
        raise AlVerstuurd(genoemd)
    concept = (
        Verzoek.objects.select_for_update()
        .filter(burger=burger, soort=VerzoekSoort.PBT, status=VerzoekStatus.CONCEPT)
        .order_by("-aangemaakt_op", "-pk")
        .first()
    )
    if concept is None:
        concept = maak_verzoek(
            burger=burger,
            soort=VerzoekSoort.PBT,
            vorderingen=open_vorderingen(burger),
            gegevens={},
            actor=request.user,
        )
    return concept


def al_verstuurd(request, verzoek: Verzoek):
    messages.info(
        request,
        _(
            "You already sent this request. You do not need to send it again. Here you see how it is going."
        ),
    )
    return zie(reverse("citizen:verzoek", args=[verzoek.pk]))


def zie(adres: str):
    """After a POST the browser must GET the next page (303), also after a 307-happy proxy."""
    response = redirect(adres)
    response.status_code = 303
    return response


def toegang(request):
    """(burger, draft, None), or (burger, None, response) when this flow should not run."""
    burger = policy.toegang(request, policy.VERZOEKEN).burger
    lopend = _lopend_verzoek(burger)
    if lopend is not None:
        messages.info(
            request,
            _(
                "You already asked for a personal payment plan. Here you see how your request is going."
            ),
        )
        return burger, None, redirect("citizen:verzoek", pk=lopend.pk)
    if not open_vorderingen(burger):
        return (
            burger,
            None,
            render(
                request, "citizen/pbt/geen_schulden.html", {"burger": burger, "actief": "verzoeken"}
            ),
        )
    return burger, concept_van(burger), None


# ---------------------------------------------------------------- pages


def basis_context(
    request, burger: Burger, concept: Verzoek | None, gegevens: dict, *, onleesbaar=False
) -> dict:
    vandaag, beleid = _vandaag_en_beleid()
    vorderingen = open_vorderingen(burger)
    openstaand = som(v.saldo for v in vorderingen)
    return {
        "burger": burger,
        "actief": "verzoeken",
        "concept": concept,
        "vorderingen": vorderingen,
        "openstaand": openstaand,
        "beleid": beleid,
        "paneel": _paneel(
            gegevens, openstaand=openstaand, beleid=beleid, vandaag=vandaag, onleesbaar=onleesbaar
        ),
        "totaal": len(STAPPEN),
        "terug": request.GET.get("terug") == "controleer"
        or request.POST.get("terug") == "controleer",
    }


def form_kwargs(stap: Stap) -> dict:
    if stap.form is VermogenForm:
        return {"vrijgesteld": beleid_op(clock.today()).vrijgesteld_vermogen}
    return {}
