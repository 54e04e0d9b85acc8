"""Writes to the accounts move the `users` change count: the signed-in user kept between requests is read
afresh (core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("core", "0005_change_counter")]

    operations = [count_changes("accounts_user", "users")]
