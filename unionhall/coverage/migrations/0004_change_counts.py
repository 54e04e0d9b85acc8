"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("coverage", "0003_coverage_snapshot"), ("core", "0005_change_counter")]

    operations = [
        count_changes("coverage_coveragesettings", "coverage_settings"),
        count_changes("coverage_organizingtask", "organizing_tasks"),
        count_changes("coverage_coveragesnapshot", "coverage_snapshots"),
    ]
