"""The audit trail for the privacy group: who looked at or changed whose data, when, from
where. Searchable by citizen (BSN), by user, by period and by kind.

Only staff in the privacy group (policy.mag_audit_zien) reach it; for everyone else who
is logged in it does not exist (404). The citizen's BSN is masked in the results: the
auditor who searched for it typed it, everyone else needs no more than the last digits.
A search narrowed to one citizen is itself a look at that citizen, and is recorded.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from invordering import audit, policy
from invordering.models import ActorRol, Burger, EventSoort
from invordering.selectors.audit import MAX_PAGINA, Regel, Zoekvraag, zoek
from staff.forms_audit import AuditZoekForm
from staff.views.basis import admin_context

# The staff and helper pages a look can come from, in words. Citizen pages (a helper
# acting for someone) share one description; the address column says which page.
PAGINAS = {
    "staff:totaalbeeld": gettext_lazy("full picture"),
    "staff:werkvoorraad": gettext_lazy("work queue (one row)"),
    "staff:signalen": gettext_lazy("signal queue (one row)"),
    "staff:document_pdf": gettext_lazy("letter (PDF)"),
    "staff:bijlage": gettext_lazy("file sent with a request"),
    "staff:machtiging_bewijs": gettext_lazy("proof of a mandate"),
    "staff:machtiging_intrekken": gettext_lazy("page to revoke a mandate"),
    "staff:machtiging_registreren": gettext_lazy("page to register a mandate"),
    "staff:audit": gettext_lazy("this audit trail, searched for the citizen"),
    "citizen:helper_start": gettext_lazy("helper's list of clients (one row)"),
}


def alleen_privacy(view):
    """The privacy group only. Not logged in: the staff login; anyone else: 404."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not policy.mag_audit_zien(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def pagina_tekst(pagina: str) -> str:
    if pagina in PAGINAS:
        return str(PAGINAS[pagina])
    if pagina.startswith("citizen:"):
        return _("citizen's own pages, as a helper")
    if pagina.startswith("admin:"):
        return _admin_tekst(pagina)
    return pagina


def _admin_tekst(pagina: str) -> str:
    from django.apps import apps

    # "admin:invordering_vordering_change" -> the model's name and the kind of page.
    app, _sep, rest = pagina.removeprefix("admin:").partition("_")
    model_naam, _sep, soort = rest.rpartition("_")
    try:
        model = apps.get_model(app, model_naam)
    except (LookupError, ValueError):
        return pagina
    if soort == "changelist":
        return _("staff environment: list of %(model)s") % {
            "model": model._meta.verbose_name_plural
        }
    if soort == "history":
        return _("staff environment: history of %(model)s") % {"model": model._meta.verbose_name}
    if soort == "delete":
        return _("staff environment: page to delete %(model)s") % {
            "model": model._meta.verbose_name
        }
    return _("staff environment: %(model)s") % {"model": model._meta.verbose_name}


def _omschrijving(regel: Regel) -> str:
    if regel.is_lezen:
        return pagina_tekst(regel.wat)
    return str(dict(EventSoort.choices).get(regel.wat, regel.wat))


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("pagina", None)
    return params.urlencode()


def _paginanummer(request) -> int:
    try:
        return int(request.GET.get("pagina", 1))
    except (TypeError, ValueError):
        return 1


@require_GET
@alleen_privacy
def audit_trail(request):
    """GET /beheer/audit/?bsn=&gebruiker=&van=&tot=&soort=&pagina=."""
    form = AuditZoekForm(request.GET or None)
    pagina = None
    status = 200
    if not form.is_bound or form.is_valid():
        vraag = form.zoekvraag() if form.is_bound else Zoekvraag()
        pagina = zoek(vraag, nummer=_paginanummer(request))
        for regel in pagina.regels:
            regel.omschrijving = _omschrijving(regel)
            regel.rol_tekst = ActorRol(regel.rol).label if regel.rol in ActorRol.values else ""
        if vraag.bsn:
            gezocht = Burger.objects.filter(bsn=vraag.bsn).values_list("pk", flat=True).first()
            audit.lees(request, gezocht, rol=ActorRol.MEDEWERKER)
    else:
        status = 400
    context = admin_context(
        request,
        _("Audit trail: who looked at or changed whose data"),
        form=form,
        pagina=pagina,
        gezocht=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
        querystring=_querystring(request),
        max_pagina=MAX_PAGINA,
        fout=bool(form.errors),
    )
    return render(request, "staff/audit.html", context, status=status)
