"""Rates for people: 0.6667 → 66.7%, nothing to measure → —."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def pct_number(value: Decimal | None) -> str:
    """The percentage as a plain number for <progress value=…>, 0 when there is nothing to measure."""
    if value is None:
        return "0"
    return f"{min(value * 100, Decimal(100)):.1f}"
