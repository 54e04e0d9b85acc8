"""Writes to the assignments and the visits move their change counts (core/versions.py): a cadre's badge of
overdue visits is kept per user and day until one of them changes, instead of counted on every page."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("responsibility", "0002_default_lines"), ("core", "0005_change_counter")]

    operations = [
        count_changes("responsibility_assignment", "assignments"),
        count_changes("responsibility_assignment_lines", "assignments"),
        count_changes("responsibility_visit", "visits"),
    ]
