"""Writes to the authenticators (django-otp's TOTP devices) move the `otp_devices` change count: whether a
worker or a cashier has bound one — which decides whether the top bar offers 账户安全 — is kept between
requests and read afresh when a device is bound or removed (core/versions.py)."""

from django.db import migrations

from unionhall.core.versions import count_changes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_change_counts"), ("otp_totp", "0003_add_timestamps")]

    operations = [count_changes("otp_totp_totpdevice", "otp_devices")]
