"""The staff environment (Django admin at /beheer/): registrations of the domain models.

Ledger and event log are read-only: they are append-only and change only via services.
Requests, signals, conversations and pauses are read-only here too: staff decide and
record them on the totaalbeeld (staff.views), where a service writes the event with the
actor. Editing them in a change form would skip that event. The pages of a burger's
records note in the audit trail who opened them (staff.admin_inzage).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from invordering import models as m
from invordering import policy
from invordering.rules.verzoek import OPEN_STATUSSEN
from staff.admin_inzage import InzageAdmin
from staff.views import inloggen

admin.site.site_header = _("Mijn Toeslagen – staff")
admin.site.site_title = _("Mijn Toeslagen – staff")
admin.site.index_title = _("Collection of allowances")
admin.site.index_template = "staff/admin_index.html"

_admin_index = admin.site.index


def _index_met_werk(request, extra_context=None):
    """The admin start page, with links to the two queues and how much is open in each,
    and to the audit trail for the privacy group."""
    context = dict(extra_context or {})
    context["audit_zichtbaar"] = policy.mag_audit_zien(request.user)
    if policy.mag_totaalbeeld_zien(request.user):
        context.update(
            werkvoorraad_zichtbaar=True,
            open_verzoeken=m.Verzoek.objects.filter(status__in=OPEN_STATUSSEN).count(),
            open_signalen=m.Signaal.objects.exclude(status=m.SignaalStatus.AFGEHANDELD).count(),
        )
    if policy.mag_brief_downloaden(request.user):
        context.update(achtergrond_zichtbaar=True, **_achtergrondwerk())
    return _admin_index(request, extra_context=context)


def _achtergrondwerk() -> dict:
    """What background work is stuck: failed PDFs, and work waiting for the queue."""
    wachtend = m.Document.objects.filter(
        pdf_status=m.PdfStatus.IN_WACHTRIJ, pdf_gevraagd_op__isnull=True
    ).count()
    return {
        "mislukte_pdfs": m.Document.objects.filter(pdf_status=m.PdfStatus.MISLUKT).count(),
        "wachtend_op_wachtrij": wachtend + m.UitgesteldeTaak.objects.count(),
    }


# The default site is used everywhere (config/urls.py, @admin.register), so the start page
# gets its extra context by replacing this one view on the instance.
admin.site.index = _index_met_werk
# The login counts failures and stops guessing (invordering.throttle), the same way.
admin.site.login_form = inloggen.StaffLoginForm
admin.site.login = inloggen.login


@admin.display(description=_("Full picture"))
def totaalbeeld_link(obj) -> str:
    if isinstance(obj, m.Burger):
        burger_id = obj.pk
    else:
        burger_id = getattr(obj, "burger_id", None) or getattr(obj, "vertegenwoordigde_id", None)
    if not burger_id:
        return "—"
    return format_html(
        '<a href="{}">{}</a>', reverse("staff:totaalbeeld", args=[burger_id]), _("Full picture")
    )


class AlleenLezen:
    """For append-only records: visible, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.User)
class GebruikerAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Preferences"), {"fields": ("taal",)}))


@admin.register(m.Burger)
class BurgerAdmin(InzageAdmin, admin.ModelAdmin):
    burger_pad = "pk"
    burger_filters = ("id", "pk")
    list_display = ("naam", "bsn_gemaskeerd", "woonplaats", "taal", totaalbeeld_link)
    search_fields = ("achternaam", "voornamen", "bsn", "email")
    list_filter = ("taal",)
    readonly_fields = (totaalbeeld_link, "user", "demo_sleutel")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            # Which fields, not their values: the event log is read more widely than this.
            from invordering.services.events import registreer_event

            registreer_event(
                burger=obj,
                soort=m.EventSoort.GEGEVENS_GEWIJZIGD,
                actor=request.user,
                actor_rol=m.ActorRol.MEDEWERKER,
                data={"velden": sorted(form.changed_data)},
            )


@admin.register(m.Huishouden)
class HuishoudenAdmin(admin.ModelAdmin):
    search_fields = ("naam",)


class BeschikkingInline(admin.TabularInline):
    model = m.Beschikking
    extra = 0
    fields = (
        "soort",
        "kenmerk",
        "dagtekening",
        "versie",
        "ingangsmaand",
        "maandbedrag",
        "jaarbedrag",
        "reden",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Toeslag)
class ToeslagAdmin(InzageAdmin, admin.ModelAdmin):
    list_display = ("burger", "soort", "jaar")
    list_filter = ("soort", "jaar")
    search_fields = ("burger__achternaam", "burger__bsn")
    inlines = [BeschikkingInline]
    readonly_fields = ("burger", "toeslagpartner", "soort", "jaar", "met_alo_kop")


class BoekingInline(AlleenLezen, admin.TabularInline):
    model = m.Boeking
    extra = 0
    fields = ("boekdatum", "soort", "component", "bedrag", "omschrijving")


@admin.register(m.Vordering)
class VorderingAdmin(InzageAdmin, admin.ModelAdmin):
    list_display = ("kenmerk", "burger", "toeslag", "hoofdsom", "saldo", "fase", "vervaldatum")
    list_filter = ("fase", "toeslag__soort", "toeslag__jaar")
    search_fields = ("kenmerk", "burger__achternaam", "burger__bsn", "betalingskenmerk")
    list_select_related = ("burger", "toeslag")
    inlines = [BoekingInline]
    readonly_fields = [f.name for f in m.Vordering._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(m.Boeking)
class BoekingAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    burger_pad = "vordering.burger_id"
    burger_filters = ("vordering__burger",)
    list_display = ("boekdatum", "vordering", "soort", "component", "bedrag")
    list_filter = ("soort", "component")
    search_fields = ("vordering__kenmerk",)
    list_select_related = ("vordering",)


@admin.register(m.Betaling)
class BetalingAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = ("ontvangen_op", "burger", "bedrag", "methode", "referentie", "onverdeeld")
    search_fields = ("referentie", "burger__achternaam")
    list_select_related = ("burger",)


class TermijnInline(AlleenLezen, admin.TabularInline):
    model = m.Termijn
    extra = 0
    fields = ("nummer", "vervaldatum", "bedrag", "betaald", "status", "voldaan_op")


@admin.register(m.Regeling)
class RegelingAdmin(InzageAdmin, admin.ModelAdmin):
    list_display = (
        "kenmerk",
        "burger",
        "soort",
        "status",
        "termijnbedrag",
        "aantal_termijnen",
        "startdatum",
    )
    list_filter = ("soort", "status")
    search_fields = ("kenmerk", "burger__achternaam")
    list_select_related = ("burger",)
    inlines = [TermijnInline]
    readonly_fields = [f.name for f in m.Regeling._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(m.Verrekening)
class VerrekeningAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = ("maand", "burger", "toeslag", "voorschot", "bedrag", "uitbetaald")
    list_select_related = ("burger", "toeslag")


class VerwerkingsdeelInline(AlleenLezen, admin.TabularInline):
    model = m.Verwerkingsdeel
    fields = (
        "nummer",
        "burger_van",
        "burger_tot",
        "status",
        "verwerkt",
        "worker",
        "duur_ms",
        "fouten",
    )
    readonly_fields = fields
    extra = 0


@admin.register(m.Verwerking)
class VerwerkingAdmin(AlleenLezen, admin.ModelAdmin):
    """Engine runs: what each run did, per outcome, how long it took and what failed.

    Why one vordering did or did not move today is on the person's totaalbeeld (the same
    rule, live); the run's events carry the rule and reason of every move.
    """

    list_display = (
        "soort",
        "dag",
        "status",
        "verwerkt",
        "fouten",
        "aantal_delen",
        "duur_tekst",
        "regime",
        "gestart_door",
    )
    list_filter = ("soort", "status", "regime")
    date_hierarchy = "dag"
    readonly_fields = ("uitkomsten_tabel", "duur_tekst")
    exclude = ("uitkomsten",)
    inlines = [VerwerkingsdeelInline]
    change_list_template = "staff/verwerking_changelist.html"

    @admin.display(description=_("duration"))
    def duur_tekst(self, obj):
        return f"{obj.duur.total_seconds():.1f} s" if obj.duur else "–"

    @admin.display(description=_("outcomes"))
    def uitkomsten_tabel(self, obj):
        from staff.uitkomsten import uitkomst_tekst

        return format_html_join(
            "",
            "<div>{}: <strong>{}</strong> <code>{}</code></div>",
            ((uitkomst_tekst(k), n, k) for k, n in obj.uitkomsten.items()),
        )

    def changelist_view(self, request, extra_context=None):
        from staff.beat import beat_overzicht

        extra_context = {**(extra_context or {}), "beat": beat_overzicht()}
        return super().changelist_view(request, extra_context)


@admin.register(m.Verzoek)
class VerzoekAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = (
        "burger",
        "soort",
        "status",
        "ingediend_op",
        "beslistermijn",
        "behandelaar",
        totaalbeeld_link,
    )
    list_filter = ("soort", "status", "beslistermijn")
    search_fields = ("burger__achternaam",)
    list_select_related = ("burger", "behandelaar")
    readonly_fields = (totaalbeeld_link,)


@admin.register(m.Pauze)
class PauzeAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = ("burger", "startdatum", "einddatum", "beeindigd_op", totaalbeeld_link)
    list_select_related = ("burger",)


@admin.register(m.Signaal)
class SignaalAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = ("burger", "soort", "status", "contact_voor", "uitkomst", totaalbeeld_link)
    list_filter = ("soort", "status")
    list_select_related = ("burger",)
    readonly_fields = (totaalbeeld_link,)


@admin.register(m.Contactmoment)
class ContactmomentAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = ("tijdstip", "burger", "kanaal", "medewerker", totaalbeeld_link)
    list_select_related = ("burger", "medewerker")


@admin.register(m.Event)
class EventAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    list_display = ("tijdstip", "burger", "soort", "actor_rol", "actor", "regel")
    list_filter = ("soort", "actor_rol")
    search_fields = ("burger__achternaam", "regel")
    list_select_related = ("burger", "actor")


@admin.action(description=_("Make the PDF again"), permissions=["pdf_opnieuw"])
def pdf_opnieuw(modeladmin, request, queryset):
    """Queue the PDF of each chosen letter again; a ready one is left alone."""
    from django.db import transaction

    from invordering.services.documenten import vraag_pdf_aan

    aantal = 0
    for document in queryset.exclude(pdf_status=m.PdfStatus.KLAAR):
        with transaction.atomic():
            m.Document.objects.filter(pk=document.pk).update(pdf_fout="")
            document.pdf_fout = ""
            vraag_pdf_aan(document)
        aantal += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(aantal)d PDF is being made again. Refresh this list in a minute.",
            "%(aantal)d PDFs are being made again. Refresh this list in a minute.",
            aantal,
        )
        % {"aantal": aantal},
    )


@admin.register(m.Document)
class DocumentAdmin(InzageAdmin, admin.ModelAdmin):
    """Letters with the state of their PDF: filter on "failed" for what needs a retry (the
    action "Make the PDF again"), with what went wrong in plain words."""

    list_display = (
        "datum",
        "burger",
        "soort",
        "kenmerk",
        "taal",
        "pdf_status",
        "pdf_pogingen",
        "pdf_probleem",
    )
    list_filter = ("pdf_status", "soort", "taal")
    search_fields = ("kenmerk", "burger__achternaam")
    list_select_related = ("burger",)
    readonly_fields = [f.name for f in m.Document._meta.fields] + ["pdf_probleem"]
    actions = [pdf_opnieuw]

    def has_add_permission(self, request):
        return False

    def has_pdf_opnieuw_permission(self, request) -> bool:
        # Making a PDF changes nothing in the letter: whoever may download letters (which
        # makes a missing PDF on the spot) may ask for it.
        return policy.mag_brief_downloaden(request.user)

    @admin.display(description=_("what went wrong"))
    def pdf_probleem(self, obj) -> str:
        from invordering.documents import fout_uitleg

        if obj.pdf_status == m.PdfStatus.IN_WACHTRIJ and obj.pdf_gevraagd_op is None:
            return _("Waiting for the queue (Redis), which could not be reached; sent by itself.")
        if not obj.pdf_fout:
            return "–"
        return format_html("{}<br><code>{}</code>", fout_uitleg(obj.pdf_fout), obj.pdf_fout[:300])


@admin.register(m.Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "kvk_nummer", "telefoon")
    search_fields = ("naam", "kvk_nummer")


@admin.register(m.Helper)
class HelperAdmin(admin.ModelAdmin):
    list_display = ("naam", "soort", "organisatie", "telefoon")
    list_filter = ("soort",)
    search_fields = ("naam",)


@admin.action(description=_("Revoke the selected mandates"), permissions=["intrekken"])
def machtigingen_intrekken(modeladmin, request, queryset):
    """Through the same service as the totaalbeeld, so each revocation writes its event."""
    from invordering.services.machtigingen import trek_machtiging_in

    aantal = 0
    for machtiging in queryset.exclude(status=m.MachtigingStatus.INGETROKKEN).select_related(
        "vertegenwoordigde", "gemachtigde"
    ):
        trek_machtiging_in(machtiging, actor=request.user, actor_rol=m.ActorRol.MEDEWERKER)
        aantal += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(aantal)d mandate revoked. The helper has no access any more.",
            "%(aantal)d mandates revoked. The helpers have no access any more.",
            aantal,
        )
        % {"aantal": aantal},
    )


@admin.display(description=_("Proof"))
def bewijs_link(obj) -> str:
    if not obj.bewijs:
        return "—"
    return format_html(
        '<a href="{}">{}</a>', reverse("staff:machtiging_bewijs", args=[obj.pk]), _("Download")
    )


@admin.register(m.Machtiging)
class MachtigingAdmin(InzageAdmin, AlleenLezen, admin.ModelAdmin):
    """Read-only: a mandate is registered (with proof) and revoked through the policy and
    the services, so every change has its event with who did it."""

    burger_pad = "vertegenwoordigde_id"
    burger_filters = ("vertegenwoordigde",)

    actions = [machtigingen_intrekken]
    list_display = (
        "vertegenwoordigde",
        "gemachtigde",
        "status",
        "geldig_van",
        "geldig_tot",
        "mag_verzoeken",
        "mag_betalen",
        "bron",
    )
    list_filter = ("status", "bron")
    list_select_related = ("vertegenwoordigde", "gemachtigde")
    exclude = ("code_hash", "bewijs")
    readonly_fields = (bewijs_link, totaalbeeld_link)

    def has_intrekken_permission(self, request) -> bool:
        return policy.mag_machtiging_intrekken(request.user)


@admin.register(m.Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ("naam", "code", "actief")

    def save_model(self, request, obj, form, change):
        # Switching regime: the one active flag moves, in one transaction.
        if obj.actief:
            m.Regime.objects.exclude(pk=obj.pk).update(actief=False)
        super().save_model(request, obj, form, change)


@admin.register(m.Beleidsparameter)
class BeleidsparameterAdmin(admin.ModelAdmin):
    list_display = ("sleutel", "regime", "ingangsdatum", "waarde", "bron")
    list_filter = ("regime", "sleutel")
    search_fields = ("sleutel",)
