"""Decisions and interference records are append-only: on PostgreSQL a trigger refuses UPDATE and DELETE of frozen rows (zeren.common.frozen)."""

from django.db import migrations

from zeren.common.frozen import frozen_trigger


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_initial")]

    operations = [
        migrations.RunPython(*frozen_trigger("accountability_decision", name="accountability_decision_frozen"), elidable=False),
        migrations.RunPython(*frozen_trigger("accountability_interferencerecord", name="accountability_interferencerecord_frozen"), elidable=False),
    ]
