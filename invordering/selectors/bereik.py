"""Which burgers a query covers: an engine chunk's id range, or the ids a page has.

An engine chunk names its burgers with lookups on Burger (``{"pk__range": (1, 500)}``);
sending that range is far cheaper than sending thousands of ids as parameters.
"""

from __future__ import annotations


def via(relatie: str, burgers: dict) -> dict:
    """Lookups on Burger as lookups through ``relatie``: ``via("burger", {"pk": 3})`` ->
    ``{"burger__pk": 3}`` (Django reads that as ``burger_id``, without a join)."""
    return {f"{relatie}__{sleutel}": waarde for sleutel, waarde in burgers.items()}


def op_vorderingen(ids, burgers: dict | None, relatie: str = "vordering") -> dict:
    """Filter rows linked to vorderingen: by the burgers when given, else by the ids."""
    if burgers is not None:
        return via(f"{relatie}__burger", burgers)
    return {f"{relatie}_id__in": ids}
