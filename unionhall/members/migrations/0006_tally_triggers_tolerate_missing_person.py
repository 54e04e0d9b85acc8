"""SQLite's tally triggers read the person's employment form with a subquery; when the person row is already
gone (Django's flush deletes tables one by one, persons before memberships) it gave NULL, and NULL
arithmetic broke the NOT NULL count. A missing person now counts as not on a platform, and a count of
platform workers never exceeds the members left (the check constraint).
PostgreSQL's triggers join persons and flush truncates there: nothing to change."""

from django.db import migrations

OPEN = "('active', 'retained')"
PLATFORM_OF = "coalesce((SELECT employment_form = 'platform' FROM members_person WHERE id = {row}.person_id), 0)"
TRIGGERS = {
    "members_tally_insert": f"""CREATE TRIGGER members_tally_insert AFTER INSERT ON members_membership
    WHEN NEW.status IN {OPEN} BEGIN
        INSERT OR IGNORE INTO members_membertally (org_id, members, platform_members) VALUES (NEW.org_id, 0, 0);
        UPDATE members_membertally SET members = members + 1, platform_members = platform_members + {PLATFORM_OF.format(row="NEW")}
        WHERE org_id = NEW.org_id;
    END""",
    "members_tally_delete": f"""CREATE TRIGGER members_tally_delete AFTER DELETE ON members_membership
    WHEN OLD.status IN {OPEN} BEGIN
        UPDATE members_membertally
        SET members = members - 1,
            platform_members = MIN(platform_members - {PLATFORM_OF.format(row="OLD")}, members - 1)
        WHERE org_id = OLD.org_id;
    END""",
    "members_tally_update": f"""CREATE TRIGGER members_tally_update AFTER UPDATE OF status, org_id, person_id ON members_membership BEGIN
        UPDATE members_membertally
        SET members = members - 1,
            platform_members = MIN(platform_members - {PLATFORM_OF.format(row="OLD")}, members - 1)
        WHERE org_id = OLD.org_id AND OLD.status IN {OPEN};
        INSERT OR IGNORE INTO members_membertally (org_id, members, platform_members)
        SELECT NEW.org_id, 0, 0 WHERE NEW.status IN {OPEN};
        UPDATE members_membertally SET members = members + 1, platform_members = platform_members + {PLATFORM_OF.format(row="NEW")}
        WHERE org_id = NEW.org_id AND NEW.status IN {OPEN};
    END""",
}


def recreate(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, sql in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_person_employment_form_index")]

    operations = [migrations.RunPython(recreate, migrations.RunPython.noop)]
