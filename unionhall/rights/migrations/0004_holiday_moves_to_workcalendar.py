"""`Holiday` now belongs to `workcalendar` (its 0001 takes over the table and its rows); here it only
leaves the state of `rights`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0003_mediations_attachments_intake"),
        ("workcalendar", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Holiday")]),
    ]
