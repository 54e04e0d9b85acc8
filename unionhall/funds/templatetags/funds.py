"""Money on the funds pages: integer fen shown as yuan."""

from __future__ import annotations

from django import template

from unionhall.core.money import yuan_display

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return "" if fen is None else yuan_display(int(fen))


@register.filter
def yuan_signed(fen: int | None) -> str:
    if fen is None:
        return ""
    return ("+" if fen > 0 else "") + yuan_display(int(fen))
