"""Incomes and the hardship description are sensitive (PRODUCT.md §4): the columns become ciphertext.

The type change turns each amount into its digits as text; the rows are then sealed one by one with raw SQL
(the historical model would try to decrypt the plain digits). Reversing opens them again first.
"""

from typing import Any

from django.db import migrations

import unionhall.core.pii_fields
from unionhall.core import pii

COLUMNS = (
    ("assistance_hardshipfile", "monthly_income_fen"),
    ("assistance_hardshipfile", "description"),
    ("assistance_householdmember", "monthly_income_fen"),
)


def _rewrite(schema_editor: Any, change: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, column in COLUMNS:
            t, c = connection.ops.quote_name(table), connection.ops.quote_name(column)
            cursor.execute(f"SELECT id, {c} FROM {t} WHERE {c} IS NOT NULL AND {c} <> ''")  # noqa: S608
            rows = [(change(str(value)), pk) for pk, value in cursor.fetchall()]
            cursor.executemany(f"UPDATE {t} SET {c} = %s WHERE id = %s", rows)  # noqa: S608


def seal(apps: Any, schema_editor: Any) -> None:
    _rewrite(schema_editor, pii.encrypt)


def open_again(apps: Any, schema_editor: Any) -> None:
    _rewrite(schema_editor, pii.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0002_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="hardshipfile",
            name="description",
            field=unionhall.core.pii_fields.EncryptedTextField(blank=True, verbose_name="困难情况"),
        ),
        migrations.AlterField(
            model_name="hardshipfile",
            name="monthly_income_fen",
            field=unionhall.core.pii_fields.EncryptedIntegerField(default=0, verbose_name="家庭月收入（分）"),
        ),
        migrations.AlterField(
            model_name="householdmember",
            name="monthly_income_fen",
            field=unionhall.core.pii_fields.EncryptedIntegerField(default=0, verbose_name="月收入（分）"),
        ),
        migrations.RunPython(seal, open_again),
    ]
