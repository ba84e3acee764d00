import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("invordering", "0012_audit_herkomst"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="pdf_gevraagd_op",
            field=models.DateTimeField(blank=True, null=True, verbose_name="PDF queued at"),
        ),
        migrations.CreateModel(
            name="UitgesteldeTaak",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("taak", models.CharField(max_length=200, verbose_name="task")),
                ("argumenten", models.JSONField(default=list, verbose_name="arguments")),
                (
                    "aangemaakt_op",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="kept since"
                    ),
                ),
                ("pogingen", models.PositiveIntegerField(default=1, verbose_name="attempts")),
                ("laatste_fout", models.TextField(blank=True, verbose_name="last error")),
            ],
            options={
                "verbose_name": "task waiting for the queue",
                "verbose_name_plural": "tasks waiting for the queue",
                "ordering": ["aangemaakt_op", "id"],
            },
        ),
    ]
