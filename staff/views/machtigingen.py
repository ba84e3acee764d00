"""Staff register a machtiging (e.g. a bewindvoering by court decision) and open its proof."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from invordering import audit, clock
from invordering.beleid import beleid_op
from invordering.models import ActorRol, Burger, Machtiging, MachtigingBron
from invordering.policy import mag_machtiging_registreren, mag_totaalbeeld_zien
from invordering.services.machtigingen import registreer_machtiging
from invordering.uploads import controleer_bestand, veilige_naam
from staff.forms_machtigingen import MachtigingRegistratieForm
from staff.views.basis import admin_context, medewerker_met


@require_http_methods(["GET", "POST"])
@medewerker_met(mag_machtiging_registreren)
def registreren(request, pk: int):
    burger = get_object_or_404(Burger, pk=pk)
    vandaag = clock.today()
    form = MachtigingRegistratieForm(
        request.POST or None,
        request.FILES or None,
        max_maanden=beleid_op(vandaag).machtiging_max_maanden,
        initial={"geldig_van": vandaag},
    )
    if request.method == "POST" and form.is_valid():
        machtiging = _registreer(request, burger, form.cleaned_data)
        if machtiging.geldig_van > vandaag:
            melding = _(
                "The mandate is registered. The helper can act for this person from %(datum)s."
            ) % {"datum": machtiging.geldig_van.strftime("%d-%m-%Y")}
        else:
            melding = _("The mandate is registered. The helper can act for this person now.")
        messages.success(request, melding)
        return redirect(reverse("staff:totaalbeeld", args=[burger.pk]) + "#machtigingen")
    audit.lees(request, burger, rol=ActorRol.MEDEWERKER)
    context = admin_context(
        request,
        _("Register a mandate for %(naam)s") % {"naam": burger.naam},
        burger=burger,
        form=form,
    )
    return render(request, "staff/machtiging_registreren.html", context)


@transaction.atomic
def _registreer(request, burger, data) -> Machtiging:
    machtiging = registreer_machtiging(
        vertegenwoordigde=burger,
        gemachtigde=data["gemachtigde"],
        geldig_van=data["geldig_van"],
        geldig_tot=data["geldig_tot"],
        bron=MachtigingBron.MEDEWERKER,
        mag_verzoeken=data["mag_verzoeken"],
        mag_betalen=data["mag_betalen"],
        actor=request.user,
        actor_rol=ActorRol.MEDEWERKER,
    )
    bestand = data["bewijs"]
    _soort, extensie = controleer_bestand(bestand)
    machtiging.bewijs.save(veilige_naam(extensie), ContentFile(bestand.read()), save=True)
    return machtiging


@require_GET
@medewerker_met(mag_totaalbeeld_zien)
def bewijs(request, pk: int):
    machtiging = get_object_or_404(Machtiging, pk=pk)
    if not machtiging.bewijs:
        raise Http404
    audit.lees(request, machtiging.vertegenwoordigde_id, rol=ActorRol.MEDEWERKER)
    return FileResponse(
        machtiging.bewijs.open("rb"), as_attachment=True, filename=Path(machtiging.bewijs.name).name
    )
