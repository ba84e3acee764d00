"""The audit trail: the address each change by a person came from (Event.ip), the event
kinds for changes that had none, and an index for "newest changes by people".

The event table stays append-only in the database: the row trigger of 0002 refuses any
UPDATE or DELETE of a whole row, so the new column is as protected as the others (adding
a nullable column rewrites no row, so the trigger does not fire here).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('invordering', '0011_bijlage_verwijderd_op'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='ip',
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='event',
            name='soort',
            field=models.CharField(choices=[('voorschot', 'advance decided'), ('definitieve_berekening', 'final award'), ('herziening', 'award revised'), ('terugvordering', 'repayment decision'), ('betaling', 'payment received'), ('verrekening', 'offset against an advance'), ('verrekening_aangekondigd', 'offsetting announced'), ('verrekening_gewijzigd', 'offsetting changes next month'), ('herinnering', 'reminder sent'), ('contactverzoek', 'we will call you'), ('aanmaning', 'formal notice sent'), ('dwangbevel', 'writ of execution'), ('beslag', 'seizure'), ('regeling_gestart', 'payment plan started'), ('regeling_voltooid', 'payment plan completed'), ('regeling_verschoven', 'payment plan moved one month'), ('regeling_ingetrokken', 'payment plan withdrawn'), ('termijn_gemist', 'instalment missed'), ('verzoek_ingediend', 'request submitted'), ('verzoek_info_gevraagd', 'more information asked'), ('verzoek_aangevuld', 'information sent'), ('verzoek_in_behandeling', 'request taken on by an employee'), ('verzoek_toegekend', 'request granted'), ('verzoek_afgewezen', 'request refused'), ('verzoek_ingetrokken', 'request withdrawn'), ('pauze_gestart', 'collection paused'), ('pauze_beeindigd', 'collection pause ended'), ('signaal', 'signal for personal contact'), ('signaal_afgehandeld', 'signal handled'), ('contact', 'conversation'), ('machtiging_aangevraagd', 'code for a helper made'), ('machtigingscode_ingetrokken', 'code for a helper cancelled'), ('machtiging_verleend', 'mandate granted'), ('machtiging_ingetrokken', 'mandate revoked'), ('machtiging_verlopen', 'mandate expired'), ('bezwaar_ingediend', 'objection submitted'), ('bezwaar_besloten', 'objection decided'), ('kwijtschelding', 'remission'), ('correctie', 'correction'), ('gegevens_gewijzigd', 'personal details changed'), ('afgerond', 'debt settled')], max_length=32, verbose_name='kind'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('actor_rol', 'systeem'), _negated=True), fields=['tijdstip'], name='event_door_persoon_idx'),
        ),
    ]
