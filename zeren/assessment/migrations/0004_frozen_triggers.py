"""Published runs, signed letters and ledger lines are frozen: on PostgreSQL a trigger refuses UPDATE and DELETE of frozen rows (zeren.common.frozen)."""

from django.db import migrations

from zeren.common.frozen import frozen_trigger


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_letter_text")]

    operations = [
        migrations.RunPython(*frozen_trigger("assessment_assessmentrun", name="assessment_assessmentrun_frozen", when="OLD.status = 'published'"), elidable=False),
        migrations.RunPython(*frozen_trigger("assessment_responsibilityletter", name="assessment_responsibilityletter_frozen", when="OLD.status = 'signed'"), elidable=False),
        migrations.RunPython(*frozen_trigger("assessment_fundmovement", name="assessment_fundmovement_frozen"), elidable=False),
    ]
