"""`Holiday` moves here from `rights` with its rows: the model is created in state on the table `rights`
made (no SQL), then the table is renamed to this app's name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("rights", "0003_mediations_attachments_intake")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Holiday",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(unique=True, verbose_name="日期")),
                        ("is_workday", models.BooleanField(default=False, verbose_name="调休上班")),
                        ("name", models.CharField(blank=True, max_length=30, verbose_name="名称")),
                    ],
                    options={"verbose_name": "节假日", "ordering": ["day"], "db_table": "rights_holiday"},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="holiday", table=None),
    ]
