"""The shell's template tags: the page's own title, read once from its `title` block for the tab and the
breadcrumb alike (Django renders a block only where it stands)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context: Any) -> str:
    """The text of the most derived `{% block title %}`, or "" where no template defines one. Rendered from
    the block's nodes without taking it off the block stack, so the block still renders in <title>."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block("title") if blocks is not None else None
    if block is None:
        return ""
    return " ".join(block.nodelist.render(context).split())


@register.filter
def status_tag(obj: Any, field: str = "status") -> str:
    """`obj`'s status as a coloured Tabler badge (`{{ case|status_tag }}`, `{{ risk|status_tag:"level" }}`)."""
    from django.utils.html import format_html

    from unionhall.console.status_colors import colour_of

    model_field = obj._meta.get_field(field)
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    colour = colour_of(list(model_field.choices or []), str(value))
    return format_html('<span class="badge bg-{}-lt" data-status="{}">{}</span>', colour, value, label)
