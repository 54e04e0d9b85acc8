"""Browser tests choose in a picker as a person does: open it, type, click what the search offers."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def pick(page: Any, name: str, typed: str, option: str) -> None:
    """In the picker of the form field `name`, type `typed` and choose the option showing `option`."""
    box = page.locator(f"#id_{name}-ts-control")
    box.click()
    box.press_sequentially(typed, delay=30)
    choice = page.locator(f"#id_{name}-ts-dropdown .option", has_text=option).first
    expect(choice).to_be_visible()
    choice.click()
    expect(page.locator(f"select[name={name}]")).not_to_have_value("")
    # Tom Select sends the typed search 250 ms after the last key (`loadThrottle`) and, when the answer comes
    # while it believes it has the focus, reopens and takes the focus back. Headless Chromium reports
    # document.hasFocus() false, so Tom Select ignores the blur of the test's next fill and a slow answer
    # would take that fill's keystrokes. Let the last search land first, as a person's pause would.
    page.wait_for_timeout(300)
    page.wait_for_function(f"() => document.getElementById('id_{name}').tomselect.loading === 0")
