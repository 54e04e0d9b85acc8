"""Template filters that name people (orgs/people.py). Built into every template (settings TEMPLATES builtins),
so any page writes {{ user|person }} without a load."""

from __future__ import annotations

from typing import Any

from django import template

from unionhall.orgs.people import actor_label, person_label

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """A person as 姓名（单位+角色）, blank for nobody (a handler not yet named). Prefetch the grants
    (orgs.people.grants_prefetch) where a list names many people."""
    return person_label(user)


@register.filter
def actor(user: Any) -> str:
    """Who did something recorded: the person, or 系统 when no user account acted."""
    return actor_label(user)
