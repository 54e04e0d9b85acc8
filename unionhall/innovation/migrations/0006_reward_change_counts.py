"""Writes to the rewards table move the innovation change count (core/versions.py): the 待办 badge of rewards
awaiting approval is kept until a reward changes."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("innovation", "0005_reward_rules_seed"), ("core", "0005_change_counter")]

    operations = [count_changes("innovation_reward", "innovation")]
