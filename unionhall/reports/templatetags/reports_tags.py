"""Money in fen as yuan on the report pages."""

from __future__ import annotations

from django import template

from unionhall.core.money import yuan_display

register = template.Library()


@register.filter
def fen(value: int | None) -> str:
    return yuan_display(int(value or 0))
