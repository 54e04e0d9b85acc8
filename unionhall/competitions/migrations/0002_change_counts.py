"""Writes to competitions and their results move the `competitions` change count (core/versions.py): an
organizer's count of results waiting for verification is kept until one of them changes."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("competitions", "0001_initial"), ("core", "0005_change_counter")]

    operations = [
        count_changes("competitions_competition", "competitions"),
        count_changes("competitions_result", "competitions"),
    ]
