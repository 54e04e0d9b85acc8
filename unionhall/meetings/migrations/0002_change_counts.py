"""Writes to the meetings table move its change count (core/versions.py): the list's total is kept until a
meeting changes."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("core", "0005_change_counter")]

    operations = [count_changes("meetings_meeting", "meetings")]
