"""The ledger and the event log are append-only in the database itself (PostgreSQL).

The ORM already refuses updates and deletes; a trigger makes the database refuse them
too, so no script or shell session can rewrite history. TRUNCATE (used only by `flush`
and `seed_demo --reset` on a demo) is a table-level statement and is not affected.
"""

from django.db import migrations

TABELLEN = ("invordering_boeking", "invordering_event")

FUNCTIE = """
CREATE OR REPLACE FUNCTION invordering_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIE, params=None)
    for tabel in TABELLEN:
        schema_editor.execute(
            f"CREATE TRIGGER {tabel}_alleen_toevoegen BEFORE UPDATE OR DELETE ON {tabel} "
            "FOR EACH ROW EXECUTE FUNCTION invordering_alleen_toevoegen();"
        )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabel in TABELLEN:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabel}_alleen_toevoegen ON {tabel};")
    schema_editor.execute("DROP FUNCTION IF EXISTS invordering_alleen_toevoegen();")


class Migration(migrations.Migration):
    dependencies = [("invordering", "0001_initial")]
    operations = [migrations.RunPython(maak, verwijder)]
