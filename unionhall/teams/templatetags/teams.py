"""The team pages' filters: one item's line of a month, a saving rate as a percentage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from unionhall.teams.costs import percent

register = template.Library()


@register.filter
def line(lines: dict[str, Any], item: str) -> Any:
    return lines.get(item)


@register.filter
def rate(value: Decimal | None) -> str:
    return percent(value)
