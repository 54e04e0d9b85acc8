"""The change counts a reviewer's 待评 badge is kept under (core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("panels", "0001_initial"), ("core", "0005_change_counter")]

    operations = [
        count_changes("panels_panel", "panels"),
        count_changes("panels_panelmember", "panels"),
        count_changes("panels_panelsubject", "panels"),
        count_changes("panels_score", "panels"),
    ]
