"""Helpers of the console's browser tests."""

from __future__ import annotations

from django.conf import settings
from playwright.sync_api import expect

from unionhall.tests.browser import Visit


def log_in(visit: Visit, username: str) -> None:
    """Log in as a demo role with the demo password; the top bar's scope shows once the console is open."""
    page = visit.page
    visit.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("scope")).to_be_visible()
