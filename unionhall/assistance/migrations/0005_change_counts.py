"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("assistance", "0004_disbursements_move_here"), ("core", "0005_change_counter")]

    operations = [
        count_changes("assistance_disbursement", "disbursements"),
        count_changes("assistance_hardshipfile", "archives"),
        count_changes("assistance_programme", "programmes"),
        count_changes("assistance_assistancesettings", "assistance_settings"),
    ]
