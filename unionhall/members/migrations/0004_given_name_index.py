from django.db import migrations

# Name search matches the start of the name or of the given name (the name without its first character):
# on PostgreSQL the second gets a prefix index of its own, on exactly the expression Django's Substr writes.
# SQLite holds a demo-sized city and scans.
GIVEN_NAME_INDEX = "CREATE INDEX members_person_given_name_like ON members_person (SUBSTRING(name, 2) text_pattern_ops)"


def index_given_name(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIVEN_NAME_INDEX)


def drop_given_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_person_given_name_like")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_tally")]

    operations = [migrations.RunPython(index_given_name, drop_given_name_index)]
