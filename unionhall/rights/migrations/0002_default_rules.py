"""The default time limits and acknowledgement windows; the city edits them on its settings page.

Cases: 15 working days for an ordinary case, 30 for a difficult one, 60 for a particularly complex one;
wage arrears, which cannot wait, 10 / 20 / 40. Reminders two working days before. Risk reports must be
acknowledged by the upper federation within 72 hours (blue), 24 (yellow), 12 (orange), 2 (red).
"""

from django.db import migrations

CASE_LIMITS = [
    ("", "general", 15),
    ("", "difficult", 30),
    ("", "special", 60),
    ("wage_arrears", "general", 10),
    ("wage_arrears", "difficult", 20),
    ("wage_arrears", "special", 40),
]
ACK_HOURS = [("blue", 72), ("yellow", 24), ("orange", 12), ("red", 2)]


def forwards(apps, schema_editor):
    TimeLimitRule = apps.get_model("rights", "TimeLimitRule")
    RiskLevelRule = apps.get_model("rights", "RiskLevelRule")
    for category, complexity, days in CASE_LIMITS:
        TimeLimitRule.objects.get_or_create(
            category=category,
            complexity=complexity,
            defaults={"days": days, "working_days": True, "remind_before_days": 2},
        )
    for level, hours in ACK_HOURS:
        RiskLevelRule.objects.get_or_create(level=level, defaults={"ack_hours": hours})


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
