"""A rectification report is never deleted; once decided it never changes: on PostgreSQL a trigger refuses UPDATE and DELETE of frozen rows (zeren.common.frozen)."""

from django.db import migrations

from zeren.common.frozen import frozen_trigger


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [
        migrations.RunPython(*frozen_trigger("supervision_rectificationreport", name="supervision_rectificationreport_frozen", allowed=("decision", "reason", "decided_by_id", "decided_at")), elidable=False),
        migrations.RunPython(*frozen_trigger("supervision_rectificationreport", name="supervision_rectificationreport_decided", when="OLD.decision <> ''"), elidable=False),
    ]
