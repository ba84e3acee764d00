"""Staff actions: decide on a verzoek, take it in handling, record a conversation, revoke
a mandate. Each calls one service (which writes the event with the actor) and nothing else.

A refusal by a service (a status that moved, a forbidden step, a missing conversation)
is shown as a plain message on the totaalbeeld with what was typed still in the form;
the service's transaction made sure nothing was half done.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from invordering import audit, clock, policy
from invordering.beleid import beleid_op
from invordering.models import ActorRol, Machtiging, MachtigingStatus, Verzoek, VerzoekSoort
from invordering.policy import mag_machtiging_intrekken
from invordering.rules.verzoek import OngeldigeOvergang
from invordering.services.machtigingen import trek_machtiging_in
from invordering.services.signalen import handel_signaal_af, leg_contact_vast
from invordering.services.verzoeken import (
    Weigering,
    ken_toe,
    neem_in_behandeling,
    vraag_info,
    wijs_af,
)
from staff.forms import AFWIJZEN, INFO_VRAGEN, TOEKENNEN, BesluitForm, ContactForm
from staff.views.basis import admin_context, medewerker_met
from staff.views.totaalbeeld import burger_of_404, toon_totaalbeeld

GEWIJZIGD = gettext_lazy(
    "This request was changed by someone else while you were looking at it. Reload the page "
    "to see the latest state."
)


def weigering_tekst(exc: Exception) -> str:
    """The plain message for a service's refusal."""
    if isinstance(exc, RuntimeError):
        return str(GEWIJZIGD)
    if isinstance(exc, OngeldigeOvergang):
        return _("This decision is not possible for this request in its current status.")
    if isinstance(exc, Weigering):
        return str(exc)
    return _("The decision could not be saved: %(reden)s") % {"reden": exc}


def _open_verzoek(pk: int) -> Verzoek:
    verzoek = get_object_or_404(Verzoek.objects.select_related("burger"), pk=pk)
    if verzoek.status == "concept":
        raise Http404  # a draft is the burger's own until they submit it
    return verzoek


def _naar_verzoek(verzoek: Verzoek) -> str:
    return reverse("staff:totaalbeeld", args=[verzoek.burger_id]) + f"#verzoek-{verzoek.pk}"


def _voer_uit(verzoek: Verzoek, data: dict, medewerker) -> str:
    """Call the service for the chosen decision; return the success message."""
    actie = data["actie"]
    toelichting = (data.get("toelichting") or "").strip()
    if actie == TOEKENNEN:
        opties = {}
        if verzoek.soort == VerzoekSoort.PBT:
            opties["termijnbedrag"] = data.get("termijnbedrag")
        elif verzoek.soort == VerzoekSoort.PAUZE:
            opties.update(
                startdatum=data.get("startdatum"),
                einddatum=data.get("einddatum"),
                afspraken=(data.get("afspraken") or "").strip(),
            )
        ken_toe(verzoek, medewerker=medewerker, toelichting=toelichting, **opties)
        return _("The request is granted. The person gets a letter with the decision.")
    if actie == AFWIJZEN:
        wijs_af(verzoek, medewerker=medewerker, reden=toelichting)
        return _("The request is refused. The person gets a letter with your reason.")
    assert actie == INFO_VRAGEN, actie  # the form allows these three only
    vraag_info(verzoek, medewerker=medewerker, vraag=(data.get("vraag") or "").strip())
    return _("Your question is sent. The person gets a letter and an e-mail.")


def _opnieuw_gebonden(request, verzoek: Verzoek, max_maanden: int) -> BesluitForm:
    """The form as it was sent, now carrying the status the request has today."""
    data = request.POST.copy()
    data[f"{BesluitForm.prefix_voor(verzoek)}-status"] = verzoek.status
    form = BesluitForm(data, verzoek=verzoek, pauze_max_maanden=max_maanden)
    form.is_valid()
    return form


@require_http_methods(["GET", "POST"])
@medewerker_met(policy.mag_beslissen)
def besluit(request, pk: int):
    """Decide on a verzoek. GET goes to the decision form on the totaalbeeld."""
    verzoek = _open_verzoek(pk)
    if request.method == "GET":
        return redirect(_naar_verzoek(verzoek))
    max_maanden = beleid_op(clock.today()).pauze_max_maanden
    form = BesluitForm(request.POST, verzoek=verzoek, pauze_max_maanden=max_maanden)
    if not form.is_valid():
        messages.error(request, _("The decision is not saved. Check the decision form."))
        return toon_totaalbeeld(request, verzoek.burger, formulieren={verzoek.pk: form}, status=400)
    # Compare-and-set: the service moves the status only from the one this page showed.
    verzoek.status = form.cleaned_data["status"]
    try:
        melding = _voer_uit(verzoek, form.cleaned_data, request.user)
    except (RuntimeError, ValueError, KeyError) as exc:
        # KeyError: answers too incomplete for the calculation (the service reads them).
        tekst = weigering_tekst(exc)
        verzoek.refresh_from_db()
        messages.error(request, tekst)
        form = _opnieuw_gebonden(request, verzoek, max_maanden)
        form.add_error(None, tekst)
        status = 409 if isinstance(exc, RuntimeError) else 400
        return toon_totaalbeeld(
            request, verzoek.burger, formulieren={verzoek.pk: form}, status=status
        )
    messages.success(request, melding)
    return redirect(_naar_verzoek(verzoek))


@require_POST
@medewerker_met(policy.mag_beslissen)
def in_behandeling(request, pk: int):
    """ "Assign to me": the request gets a behandelaar; it shows in the work queue."""
    verzoek = _open_verzoek(pk)
    verzoek.status = request.POST.get("status", verzoek.status)
    try:
        neem_in_behandeling(verzoek, medewerker=request.user)
    except (RuntimeError, ValueError) as exc:
        messages.error(request, weigering_tekst(exc))
    else:
        messages.success(request, _("You now handle this request."))
    return redirect(_naar_verzoek(verzoek))


@require_POST
@medewerker_met(policy.mag_contact_vastleggen)
def contact(request, pk: int):
    """Record a conversation; with an outcome, the chosen signal is handled in one go."""
    burger = burger_of_404(pk)
    form = ContactForm(request.POST, burger=burger)
    if not form.is_valid():
        messages.error(request, _("The conversation is not recorded. Check the form."))
        return toon_totaalbeeld(request, burger, contact_form=form, status=400)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            leg_contact_vast(
                burger=burger,
                medewerker=request.user,
                kanaal=data["kanaal"],
                samenvatting=data["samenvatting"].strip(),
                signaal=data.get("signaal"),
                met_helper=data.get("met_helper", False),
            )
            if data.get("uitkomst"):
                handel_signaal_af(
                    data["signaal"], medewerker=request.user, uitkomst=data["uitkomst"]
                )
    except RuntimeError:
        tekst = _(
            "This signal was handled by someone else meanwhile. Nothing is recorded. Choose "
            "“Keep the signal open” or another signal, and save again."
        )
        messages.error(request, tekst)
        form = ContactForm(request.POST, burger=burger)
        form.is_valid()
        form.add_error(None, tekst)
        return toon_totaalbeeld(request, burger, contact_form=form, status=409)
    if data.get("uitkomst"):
        messages.success(request, _("The conversation is recorded and the signal is handled."))
    else:
        messages.success(request, _("The conversation is recorded."))
    return redirect(reverse("staff:totaalbeeld", args=[burger.pk]) + "#contacten")


@require_http_methods(["GET", "POST"])
@medewerker_met(mag_machtiging_intrekken)
def machtiging_intrekken(request, pk: int):
    """Revoke a helper's mandate at once, after a confirmation page (coördinator)."""
    machtiging = get_object_or_404(
        Machtiging.objects.select_related("vertegenwoordigde", "gemachtigde__organisatie"), pk=pk
    )
    terug = reverse("staff:totaalbeeld", args=[machtiging.vertegenwoordigde_id]) + "#machtigingen"
    if machtiging.status == MachtigingStatus.INGETROKKEN:
        messages.info(request, _("This mandate was already revoked."))
        return redirect(terug)
    if request.method == "POST":
        trek_machtiging_in(machtiging, actor=request.user, actor_rol=ActorRol.MEDEWERKER)
        messages.success(request, _("The mandate is revoked. The helper has no access any more."))
        return redirect(terug)
    audit.lees(request, machtiging.vertegenwoordigde_id, rol=ActorRol.MEDEWERKER)
    helper = machtiging.gemachtigde.naam if machtiging.gemachtigde else _("the helper")
    context = admin_context(
        request,
        _("Revoke the mandate of %(helper)s") % {"helper": helper},
        machtiging=machtiging,
        helper=helper,
        terug=terug,
    )
    return render(request, "staff/machtiging_intrekken.html", context)
