"""Money on pages: fen shown as yuan with thousands separators."""

from __future__ import annotations

from typing import Any

from django import template

from unionhall.core.money import yuan_display

register = template.Library()


@register.filter
def yuan(fen: Any) -> str:
    """123450 → "1,234.50"; blank for nothing."""
    if fen is None or fen == "":
        return ""
    return yuan_display(int(fen))
