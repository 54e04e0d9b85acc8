"""Writes to the submissions table move its change count (core/versions.py): the 待办 badge is kept until a
submission changes."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("innovation", "0002_initial"), ("core", "0005_change_counter")]

    operations = [count_changes("innovation_submission", "innovation")]
