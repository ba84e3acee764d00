"""The admin's part of the audit trail: which staff member opened whose records.

A ModelAdmin of a burger's records mixes in ``InzageAdmin`` and says where the burger is
(``burger_pad``). Its change page, its history and the page that asks to confirm a
deletion (which lists what would go with it) each note one look at that burger; a list
notes a look at every burger on the page shown, but only when it was narrowed to people
(a search, or a filter on the burger): browsing the whole list by status or date is
work, not a look-up.
Nothing is written here: ``invordering.audit.AuditMiddleware`` writes one insert per
request once the page is served.
"""

from __future__ import annotations

from invordering import audit
from invordering.models import ActorRol


class InzageAdmin:
    # Attribute path from a record to its burger's id ("pk" for the burger itself).
    burger_pad = "burger_id"
    # Lookup parameters that narrow a list to people (prefixes of the query-string names).
    burger_filters: tuple[str, ...] = ("burger",)

    def burger_id_van(self, obj) -> int | None:
        waarde = obj
        for deel in self.burger_pad.split("."):
            waarde = getattr(waarde, deel, None)
        return waarde

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            audit.lees(request, self.burger_id_van(obj), rol=ActorRol.MEDEWERKER)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._een_object(request, response)
        return response

    def render_delete_form(self, request, context):
        response = super().render_delete_form(request, context)
        self._een_object(request, response)
        return response

    def _een_object(self, request, response) -> None:
        obj = (getattr(response, "context_data", None) or {}).get("object")
        if obj is not None and response.status_code == 200:
            audit.lees(request, self.burger_id_van(obj), rol=ActorRol.MEDEWERKER)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if cl is not None and self._naar_personen(request, cl):
            # The page's own rows (the template reads the same, already fetched list).
            audit.lees(
                request,
                *(self.burger_id_van(obj) for obj in cl.result_list),
                rol=ActorRol.MEDEWERKER,
            )
        return response

    def _naar_personen(self, request, cl) -> bool:
        if cl.query:
            return True
        return any(naam.startswith(self.burger_filters) for naam in request.GET)
