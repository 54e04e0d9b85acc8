"""How a record's life shows on its page: the step bar (the main path of its workflow table, with where the
row stands) and the confirmation text of a step, both read from the table, so a page cannot forget them."""

from __future__ import annotations

from typing import Any

from django import template

from unionhall.workflow import kernel

register = template.Library()


@register.inclusion_tag("includes/step_bar.html")
def step_bar(obj: Any) -> dict[str, Any]:
    """`{% step_bar file %}`: the row's main path, done / current / next, and its status when off the path."""
    return {"progress": kernel.steps(obj)}


@register.filter
def confirm_text(t: kernel.Transition) -> str:
    """`data-confirm="{{ t|confirm_text }}"` on a dangerous step's form; empty for a step that needs none."""
    return kernel.confirm_text(t) if t.danger or t.confirm else ""


@register.simple_tag
def step_of(obj: Any, name: str) -> kernel.Transition:
    """`{% step_of card "freeze" as t %}`: a step of the row's table by name (its label, danger, confirm)."""
    return kernel.table_of(obj).get(name)


@register.filter
def step_button(t: kernel.Transition, main: str = "") -> str:
    """The button class of a step: dangerous ones in red, the page's main step emphasized, others quiet."""
    if t.danger:
        return "btn btn-outline-danger"
    if main and t.name == main:
        return "btn btn-primary"
    return "btn btn-outline-secondary"


@register.simple_tag(takes_context=True)
def main_step(context: Any, obj: Any) -> str:
    """`{% main_step case as main %}`: the name of the step the page emphasizes for this user."""
    user = context["request"].user
    t = kernel.primary(obj, kernel.available(obj, user))
    return t.name if t is not None else ""
