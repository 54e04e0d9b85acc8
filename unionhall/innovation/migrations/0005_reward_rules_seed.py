"""The city's default 奖励办法 as data: tiers by verified benefit a year, for every kind (the city admin edits
them on the rules page). Figures in fen."""

from django.db import migrations

TIERS = [  # (from yuan, to yuan or None, reward yuan)
    (0, 10_000, 200),
    (10_000, 100_000, 1_000),
    (100_000, 500_000, 3_000),
    (500_000, 1_000_000, 8_000),
    (1_000_000, None, 20_000),
]


def seed(apps, schema_editor):
    RewardRule = apps.get_model("innovation", "RewardRule")
    if RewardRule.objects.exists():
        return
    RewardRule.objects.bulk_create(
        RewardRule(kind="", from_fen=lo * 100, to_fen=hi * 100 if hi is not None else None, amount_fen=amount * 100)
        for lo, hi, amount in TIERS
    )


class Migration(migrations.Migration):
    dependencies = [("innovation", "0004_rewards")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
