"""A published list is a frozen snapshot; only its status moves on: on PostgreSQL a trigger refuses UPDATE and DELETE of frozen rows (zeren.common.frozen)."""

from django.db import migrations

from zeren.common.frozen import frozen_trigger


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_initial")]

    operations = [
        migrations.RunPython(*frozen_trigger("duties_responsibilitylist", name="duties_responsibilitylist_frozen", when="OLD.published_at IS NOT NULL", allowed=("status", "superseded_at")), elidable=False),
    ]
