"""The burger's own page about helpers: who may do what, the codes, and what helpers did."""

from __future__ import annotations

from itertools import chain

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from citizen.forms_machtigingen import MachtigingForm
from invordering import clock, policy
from invordering.beleid import beleid_op
from invordering.models import ActorRol, Event, Inzage, MachtigingStatus
from invordering.rules.kalender import plus_maanden
from invordering.services.machtigingen import (
    maak_machtigingscode,
    trek_aanvraag_in,
    trek_machtiging_in,
)

CODE_IN_SESSIE = "nieuwe_machtigingscode"
# What a helper looked at, in words (by the page's URL name).
PAGINAS = {
    "citizen:overzicht": gettext_lazy("your overview"),
    "citizen:vordering": gettext_lazy("the page of one of your debts"),
    "citizen:tijdlijn": gettext_lazy("your timeline"),
    "citizen:berichten": gettext_lazy("your letters"),
    "citizen:bericht_pdf": gettext_lazy("one of your letters"),
    "citizen:bericht_status": gettext_lazy("one of your letters"),
    "citizen:verzoeken": gettext_lazy("your requests"),
    "citizen:verzoek": gettext_lazy("one of your requests"),
    "citizen:bijlage": gettext_lazy("a document you sent"),
    "citizen:betaald": gettext_lazy("a payment"),
    "citizen:woordenlijst": gettext_lazy("the list of words"),
    "citizen:pbt": gettext_lazy("the form for a personal payment plan"),
    "citizen:pbt_stap": gettext_lazy("the form for a personal payment plan"),
    "citizen:pbt_controle": gettext_lazy("the form for a personal payment plan"),
    "citizen:pauze": gettext_lazy("the form for a pause"),
    "citizen:bundeling": gettext_lazy("the form to combine your debts"),
    "citizen:regeling_starten": gettext_lazy("the page to start a payment plan"),
    "citizen:betalen": gettext_lazy("the page to pay"),
    "citizen:helper_start": gettext_lazy("your amounts in the list of people they help"),
}
PER_PAGINA = 50


def _form(burger, data=None):
    vandaag = clock.today()
    maanden = beleid_op(vandaag).machtiging_max_maanden
    return MachtigingForm(
        data,
        vandaag=vandaag,
        max_maanden=maanden,
        initial={"geldig_tot": plus_maanden(vandaag, 12)},
    )


def _pagina(request, burger, form, status=200):
    machtigingen = list(
        burger.machtigingen.select_related("gemachtigde__organisatie").order_by("-geldig_tot")
    )
    vandaag = clock.today()
    pagina = _logboek(burger, request.GET.get("pagina"))
    nieuw = request.session.pop(CODE_IN_SESSIE, None)
    context = {
        "burger": burger,
        "actief": "machtigingen",
        "actief_lijst": [
            m
            for m in machtigingen
            if m.status == MachtigingStatus.ACTIEF and m.geldig_tot >= vandaag
        ],
        "wachtend": [m for m in machtigingen if m.status == MachtigingStatus.AANGEVRAAGD],
        "afgelopen": [
            m
            for m in machtigingen
            if m.status == MachtigingStatus.INGETROKKEN or m.geldig_tot < vandaag
        ],
        "form": form,
        "logboek": pagina,
        "nieuw": nieuw,
        "vandaag": vandaag,
    }
    return render(request, "citizen/machtigingen.html", context, status=status)


class _Logboek:
    """Helper events and page views merged newest first, one page at a time.

    Only the rows up to the requested page are read from each table, so the
    page stays quick however long a helper has been looking.
    """

    def __init__(self, burger):
        self.events = (
            Event.objects.filter(burger=burger, actor_rol=ActorRol.HELPER)
            .select_related("actor", "machtiging__gemachtigde")
            .order_by("-tijdstip")
        )
        self.inzagen = (
            Inzage.objects.filter(burger=burger, rol=ActorRol.HELPER)
            .select_related("user", "machtiging__gemachtigde")
            .order_by("-tijdstip")
        )

    def count(self) -> int:
        return self.events.count() + self.inzagen.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, deel: slice) -> list:
        tot = deel.stop
        regels = sorted(
            chain(self.events[:tot], self.inzagen[:tot]),
            key=lambda regel: regel.tijdstip,
            reverse=True,
        )
        return regels[deel]


def _logboek(burger, nummer):
    pagina = Paginator(_Logboek(burger), PER_PAGINA).get_page(nummer)
    for regel in pagina:
        if isinstance(regel, Inzage):
            regel.wie = _naam(regel.machtiging, regel.user)
            regel.omschrijving = PAGINAS.get(regel.pagina, gettext_lazy("a page about your debts"))
        else:
            regel.wie = _naam(regel.machtiging, regel.actor)
            regel.omschrijving = None
    return pagina


def _naam(machtiging, user) -> str:
    if machtiging is not None:
        return machtiging.gemachtigde.naam
    return user.get_full_name() if user else ""


@require_GET
def machtigingen(request):
    burger = policy.eigen_burger(request.user)
    return _pagina(request, burger, _form(burger))


@require_POST
def nieuw(request):
    burger = policy.eigen_burger(request.user)
    form = _form(burger, request.POST)
    if not form.is_valid():
        return _pagina(request, burger, form)
    data = form.cleaned_data
    machtiging, code = maak_machtigingscode(
        burger=burger,
        geldig_tot=data["geldig_tot"],
        mag_verzoeken=data["mag_verzoeken"],
        mag_betalen=data["mag_betalen"],
        uitnodigen_email=data["email"],
        door=request.user,
    )
    # The code is shown once, on the next page, and then forgotten.
    request.session[CODE_IN_SESSIE] = {"pk": machtiging.pk, "code": code, "email": data["email"]}
    return redirect("citizen:machtigingen")


@require_POST
def intrekken(request, pk: int):
    burger = policy.eigen_burger(request.user)
    machtiging = get_object_or_404(burger.machtigingen, pk=pk)
    if machtiging.status == MachtigingStatus.AANGEVRAAGD:
        trek_aanvraag_in(machtiging, actor=request.user)
        messages.success(request, _("The code no longer works."))
    else:
        trek_machtiging_in(machtiging, actor=request.user, actor_rol=ActorRol.BURGER)
        messages.success(
            request,
            _("The mandate has stopped. Your helper can no longer see or do anything for you."),
        )
    return redirect("citizen:machtigingen")


urlpatterns = [
    path("machtigingen/", machtigingen, name="machtigingen"),
    path("machtigingen/nieuw/", nieuw, name="machtiging_nieuw"),
    path("machtigingen/<int:pk>/intrekken/", intrekken, name="machtiging_intrekken"),
]
