"""Writes to these tables move their topics' change counts (core/versions.py): the 待办 counts of the
sidebar and the lists' totals are kept until a task, a department or a liaison changes."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("core", "0005_change_counter")]

    operations = [
        count_changes("supervision_supervisedtask", "supervised_tasks"),
        count_changes("supervision_department", "departments"),
        count_changes("supervision_liaison", "liaisons"),
    ]
