"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("core", "0005_change_counter")]

    operations = [
        count_changes("orgs_orgunit", "units"),
        count_changes("orgs_employer", "employers"),
        count_changes("orgs_division", "divisions"),
        count_changes("orgs_grant", "grants"),
    ]
