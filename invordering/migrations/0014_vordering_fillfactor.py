"""Leave room in every page of the vorderingen table (PostgreSQL only).

The monthly verrekening updates the cached saldo of up to a million vorderingen. With full
pages each update is written to a new page and all eleven indexes of the table get a new
entry; with half of each page free PostgreSQL keeps the new version of every row in its
own page (a HOT update: saldo is in no index) and touches no index at all. Room for one
new version per row is what a month needs; old versions are pruned as pages are read.
The price is a table twice as large (about 500 MB for a million vorderingen).
"""

from django.db import migrations

TABEL = "invordering_vordering"


def ruimte(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABEL} SET (fillfactor = 50)")


def geen_ruimte(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABEL} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("invordering", "0013_wachtrij")]

    operations = [migrations.RunPython(ruimte, geen_ruimte)]
