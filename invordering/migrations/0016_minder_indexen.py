"""Fewer indexes to keep up on the two tables every engine run writes most.

The unique sleutel of events and bookings becomes a unique constraint (unique=True also
made an index for LIKE searches that nothing makes), and the single-column indexes on
Event.burger and Boeking.vordering go: the (burger, tijdstip) and (vordering, component)
indexes start with the same column and serve the same lookups.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('invordering', '0015_wachtperiodes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='boeking',
            name='sleutel',
            field=models.CharField(blank=True, max_length=120, null=True),
        ),
        migrations.AlterField(
            model_name='boeking',
            name='vordering',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='boekingen', to='invordering.vordering', verbose_name='debt'),
        ),
        migrations.AlterField(
            model_name='event',
            name='burger',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='invordering.burger', verbose_name='citizen'),
        ),
        migrations.AlterField(
            model_name='event',
            name='sleutel',
            field=models.CharField(blank=True, max_length=120, null=True),
        ),
        migrations.AddConstraint(
            model_name='boeking',
            constraint=models.UniqueConstraint(fields=('sleutel',), name='boeking_sleutel_uniek'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.UniqueConstraint(fields=('sleutel',), name='event_sleutel_uniek'),
        ),
    ]
