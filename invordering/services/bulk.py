"""Writing many rows at once: COPY on PostgreSQL, bulk_create elsewhere (SQLite demo).

The monthly verrekening writes a ledger row, a verrekening and an event per burger; at
national scale (a million vorderingen) row-by-row INSERTs through the ORM would take
an hour, COPY takes seconds. Ids are taken from the table's own sequence first, so rows
can refer to each other (a booking to its verrekening) before they are written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def nieuwe_ids(model: type[models.Model], aantal: int) -> list[int] | None:
    """``aantal`` fresh primary keys from the table's sequence (PostgreSQL), else None."""
    if not is_postgres() or aantal == 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, aantal],
        )
        return [rij[0] for rij in cursor.fetchall()]


def _kolom(model: type[models.Model], attname: str) -> tuple[str, bool]:
    veld = {f.attname: f for f in model._meta.concrete_fields}[attname]
    return veld.column, isinstance(veld, models.JSONField)


def schrijf(model: type[models.Model], rijen: Iterable[dict]) -> int:
    """Insert ``rijen`` (dicts of field attnames; the same keys in every row).

    PostgreSQL: one COPY, JSON fields encoded as the ORM would. Otherwise bulk_create,
    which bypasses ``save()`` (append-only models refuse updates there, not inserts).
    """
    rijen = list(rijen)
    if not rijen:
        return 0
    if not is_postgres():
        model.objects.bulk_create([model(**rij) for rij in rijen], batch_size=500)
        return len(rijen)
    namen = list(rijen[0])
    kolommen = [_kolom(model, naam) for naam in namen]
    sql = "COPY {} ({}) FROM STDIN".format(
        model._meta.db_table, ", ".join(f'"{kolom}"' for kolom, _json in kolommen)
    )
    is_json = [json_veld for _kolom_naam, json_veld in kolommen]
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for rij in rijen:
            copy.write_row(
                [
                    json.dumps(rij[naam], cls=DjangoJSONEncoder) if j else rij[naam]
                    for naam, j in zip(namen, is_json, strict=True)
                ]
            )
    return len(rijen)
