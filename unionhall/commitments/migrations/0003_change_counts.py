"""Writes to the cards and their commitments move their change count (core/versions.py): a cadre's badge of
commitments in progress is kept per user and day until one of them changes, instead of counted on every page."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_city_template"), ("core", "0005_change_counter")]

    operations = [
        count_changes("commitments_commitmentcard", "commitments"),
        count_changes("commitments_commitment", "commitments"),
    ]
