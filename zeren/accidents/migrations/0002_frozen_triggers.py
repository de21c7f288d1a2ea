"""Casualty revisions, report steps and reporting findings are append-only: on PostgreSQL a trigger refuses UPDATE and DELETE of frozen rows (zeren.common.frozen)."""

from django.db import migrations

from zeren.common.frozen import frozen_trigger


class Migration(migrations.Migration):
    dependencies = [("accidents", "0001_initial")]

    operations = [
        migrations.RunPython(*frozen_trigger("accidents_casualtyrevision", name="accidents_casualtyrevision_frozen"), elidable=False),
        migrations.RunPython(*frozen_trigger("accidents_reportstep", name="accidents_reportstep_frozen"), elidable=False),
        migrations.RunPython(*frozen_trigger("accidents_reportingfinding", name="accidents_reportingfinding_frozen"), elidable=False),
    ]
