"""The city's lines of work as the federation starts with them; the city admin renames, reorders and adds."""

from typing import Any

from django.db import migrations

DEFAULT_LINES = (
    ("assistance", "帮扶", 10),
    ("rights", "维权", 20),
    ("organizing", "组建", 30),
    ("democratic", "民主管理", 40),
    ("innovation", "创新竞赛", 50),
    ("honours", "评选表彰", 60),
    ("assessment", "考核", 70),
)


def forwards(apps: Any, schema_editor: Any) -> None:
    Line = apps.get_model("responsibility", "Line")
    for code, name, order in DEFAULT_LINES:
        Line.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("responsibility", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
