"""Template filters of the cards pages: fen shown as yuan."""

from __future__ import annotations

from typing import Any

from django import template

from unionhall.core.money import yuan_display

register = template.Library()


@register.filter
def yuan(fen: Any) -> str:
    """123450 → 1,234.50"""
    return "" if fen in (None, "") else yuan_display(int(fen))
