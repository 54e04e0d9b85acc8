"""Playwright on the system's Chromium: what the browser tests share, skipping where there is none.

The fixtures `chromium` (one browser per test module) and `visit` (a fresh browser context against the
live server) are defined here and offered to every test through `pytest_plugins` in the root conftest.py;
a browser test asks for `visit` and marks itself `pytest.mark.browser`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from unionhall.tests.city import TEST_PASSWORD

CHROMIUM_ENV = "UNIONHALL_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium in a container: no sandbox (no user namespaces), no GPU, and nothing that phones home.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000  # every action and every expect
PASSWORD = TEST_PASSWORD  # build_city gives every user this password


def chromium_path() -> Path:
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


def artifacts_dir() -> Path:
    """Screenshots and downloads land in test-artifacts/ at the repository root (git-ignored)."""
    path = Path(settings.BASE_DIR) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """The system's Chromium, headless; never one Playwright downloads. Skips the test where there is none."""
    path = chromium_path()
    if not path.is_file():
        pytest.skip(f"未找到系统 Chromium ({path})：浏览器测试跳过；安装 Debian 软件包 chromium 后运行")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API keeps an asyncio loop running on this thread; Django then refuses ORM calls
        # from the test itself (building the city, reading back a saved row) unless told they are safe here.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        mp.setenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(path), headless=True, args=LAUNCH_ARGS)
            try:
                yield browser
            finally:
                browser.close()


@dataclass
class Visit:
    """One browser context against the live server, with what its console said."""

    base_url: str
    context: Any
    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        """As a person would: the login page, two fields typed, the 登录 button."""
        from playwright.sync_api import expect

        self.goto("/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page.get_by_test_id("scope")).to_be_visible()

    def screenshot(self, name: str, page: Any = None) -> Path:
        path = artifacts_dir() / name
        (page or self.page).screenshot(path=str(path), full_page=True)
        return path

    def phone(self) -> Any:
        """A page at a phone's viewport, sharing this visit's login."""
        context = self.context.browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            storage_state=self.context.storage_state(),
        )
        page = context.new_page()
        self.watch(page)
        return page

    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors if "Content Security Policy" in text]


@contextmanager
def opened_visit(browser: Any, base_url: str) -> Iterator[Visit]:
    """A fresh desktop-sized context (no cookies); it and any phone opened from it close afterwards."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    # Assertions wait as long as actions do: on a loaded machine (xdist workers beside other jobs) a save
    # and its redirect may take more than Playwright's default 5 s for `expect`.
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    v = Visit(base_url=base_url, context=context, page=page)
    v.watch(page)
    try:
        yield v
    finally:
        for ctx in list(browser.contexts):
            ctx.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def visit(chromium: Any, live_server: Any) -> Iterator[Visit]:
    with opened_visit(chromium, live_server.url) as v:
        yield v


def assert_clean_console(v: Visit, *, expected: tuple[str, ...] = ()) -> None:
    """No CSP violation, no script error, and no console error but the ones the test expects."""
    assert v.csp_violations() == [], v.csp_violations()
    assert v.page_errors == [], v.page_errors
    unexpected = [text for text in v.console_errors if not any(e in text for e in expected)]
    assert unexpected == [], unexpected
