"""Small template helpers shared by every app's pages (money in fen shown as yuan among them)."""

from __future__ import annotations

from typing import Any

from django import template

from unionhall.core.audit_labels import action_label, refusal_parts
from unionhall.core.forms import error_items
from unionhall.core.money import yuan_display
from unionhall.core.redact import redact_changes, redact_text

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def yuan(fen: Any) -> str:
    """123450 → "1,234.50"; blank for nothing."""
    return "" if fen in (None, "") else yuan_display(int(fen))


@register.filter
def part_of(part: Any, whole: Any) -> str:
    """ "3 / 40" with separators; "—" when there is nothing to count (a grassroots union has no units under
    it, so "0 / 0" would read as a gap)."""
    if not whole:
        return "—"
    return f"{int(part or 0):,} / {int(whole):,}"


@register.filter
def yuan_signed(fen: Any) -> str:
    """A ledger line: "+1,234.50" in, "-1,234.50" out."""
    if fen in (None, ""):
        return ""
    return ("+" if int(fen) > 0 else "") + yuan_display(int(fen))


@register.filter
def audit_object(event: Any) -> str:
    """The audit page masks again what it shows: rows written before core/redact.py held names in clear."""
    return redact_text(event.object_repr)


@register.filter
def audit_changes(event: Any) -> Any:
    return redact_changes(event.action, event.changes)


@register.filter
def audit_action(action: str) -> str:
    return action_label(action)


@register.filter
def audit_refusal(reason: str) -> tuple[str, str, str]:
    """(label, code, message) of a refusal's recorded reason."""
    return refusal_parts(reason)


@register.simple_tag
def form_error_items(form: Any) -> list[dict[str, str]]:
    """Every error of a refused submit, for the summary at the top of the form (includes/form_errors.html)."""
    return error_items(form) if form is not None and hasattr(form, "errors") else []
