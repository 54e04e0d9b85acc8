"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("funds", "0004_disbursements_move_to_assistance"), ("core", "0005_change_counter")]

    operations = [
        count_changes("funds_account", "fund_accounts"),
        count_changes("funds_fund", "funds"),
        count_changes("funds_budget", "budgets"),
    ]
