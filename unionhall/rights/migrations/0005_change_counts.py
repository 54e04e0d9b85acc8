"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("rights", "0004_holiday_moves_to_workcalendar"), ("core", "0005_change_counter")]

    operations = [
        count_changes("rights_case", "rights_cases"),
        count_changes("rights_caseshare", "case_shares"),
        count_changes("rights_riskreport", "risk_reports"),
    ]
