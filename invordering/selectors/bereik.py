"""Which burgers a query covers: an engine chunk's id range, or the ids a page has.

An engine chunk names its burgers with lookups on Burger (``{"pk__range": (1, 500)}``);
sending that range is far cheaper than sending thousands of ids as parameters. Where a
chunk needs only some of the burgers in its range (the voorschotten of those who owe),
it sends their ids as one array instead (``__een_van``).
"""

from __future__ import annotations

from django.db.models import Field, Lookup


def via(relatie: str, burgers: dict) -> dict:
    """Lookups on Burger as lookups through ``relatie``: ``via("burger", {"pk": 3})`` ->
    ``{"burger__pk": 3}`` (Django reads that as ``burger_id``, without a join)."""
    return {f"{relatie}__{sleutel}": waarde for sleutel, waarde in burgers.items()}


def op_vorderingen(ids, burgers: dict | None, relatie: str = "vordering") -> dict:
    """Filter rows linked to vorderingen: by the burgers when given, else by the ids."""
    if burgers is not None:
        return via(f"{relatie}__burger", burgers)
    return {f"{relatie}_id__in": ids}


@Field.register_lookup
class EenVan(Lookup):
    """``veld__een_van=ids``: on PostgreSQL ``veld = ANY(%s)`` with the ids as one array,
    elsewhere an ordinary ``IN``. PostgreSQL parses and plans every element of an IN list
    on its own: for 2,500 burger ids the same read took 15.7 ms as IN and 11.5 ms as ANY.
    """

    lookup_name = "een_van"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        if not ids:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]
