"""Template filters of the worker's pages."""

from __future__ import annotations

from django import template

from unionhall.core.money import yuan_display

register = template.Library()


@register.filter
def fen_yuan(fen: int | None) -> str:
    """123450 → 1,234.50."""
    return yuan_display(fen or 0)
