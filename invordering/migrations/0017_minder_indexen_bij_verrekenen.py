"""Fewer index entries for the monthly verrekening to write.

Boeking.betaling and Boeking.aangemaakt_door get partial indexes (only rows that have
one): the engines book hundreds of thousands of rows with neither, and a full index wrote
an entry for every one of them. Verrekening.toeslag loses its own index: the unique
(toeslag, maand) index starts with the same column and serves every lookup by toeslag.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("invordering", "0016_minder_indexen"),
    ]

    operations = [
        migrations.AlterField(
            model_name="boeking",
            name="aangemaakt_door",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="boeking",
            name="betaling",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="boekingen",
                to="invordering.betaling",
            ),
        ),
        migrations.AlterField(
            model_name="verrekening",
            name="toeslag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="verrekeningen",
                to="invordering.toeslag",
                verbose_name="advance offset against",
            ),
        ),
        migrations.AddIndex(
            model_name="boeking",
            index=models.Index(
                condition=models.Q(("betaling__isnull", False)),
                fields=["betaling"],
                name="boeking_betaling",
            ),
        ),
        migrations.AddIndex(
            model_name="boeking",
            index=models.Index(
                condition=models.Q(("aangemaakt_door__isnull", False)),
                fields=["aangemaakt_door"],
                name="boeking_aangemaakt_door",
            ),
        ),
    ]
