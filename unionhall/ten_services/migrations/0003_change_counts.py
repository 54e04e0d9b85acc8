"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("ten_services", "0002_indexes_named_after_the_new_label"), ("core", "0005_change_counter")]

    operations = [
        count_changes("ten_services_servicedelivery", "deliveries"),
    ]
