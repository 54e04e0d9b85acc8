"""Writes to these tables move their topics' change counts: figures cached under them are read afresh
(core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("cards", "0005_card_code_attempts_counted_by_the_attempt_guard"), ("core", "0005_change_counter")]

    operations = [
        count_changes("cards_assistancecard", "cards"),
        count_changes("cards_cardtype", "card_types"),
    ]
