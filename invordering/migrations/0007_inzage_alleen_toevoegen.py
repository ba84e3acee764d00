"""The audit trail of views (Inzage) is append-only in the database too (PostgreSQL)."""

from django.db import migrations


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TRIGGER invordering_inzage_alleen_toevoegen BEFORE UPDATE OR DELETE ON "
        "invordering_inzage FOR EACH ROW EXECUTE FUNCTION invordering_alleen_toevoegen();",
        params=None,
    )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS invordering_inzage_alleen_toevoegen ON invordering_inzage;", params=None
    )


class Migration(migrations.Migration):
    dependencies = [("invordering", "0006_inzage")]
    operations = [migrations.RunPython(maak, verwijder)]
