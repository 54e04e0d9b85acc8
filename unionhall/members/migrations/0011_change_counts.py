"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("members", "0010_membership_initials_index"), ("core", "0005_change_counter")]

    operations = [
        count_changes("members_membertally", "tally"),
        count_changes("members_membership", "members"),
        count_changes("members_person", "members"),
    ]
