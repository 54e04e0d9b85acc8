"""`{% kept %}`: a part of a page drawn once and kept until the data under it changes (core/versions.py).

    {% load kept %}
    {% kept "filters" query %}<form method="get">{% for field in form %}…{% endfor %}</form>{% endkept %}
    {% kept "form" if blank %}…{% endkept %}      drawn each time when `blank` is false
    {% kept "filters" form if form|without_errors %}…{% endkept %}   a filter form: keyed by its data and choices

The part is kept per page template, name, signed-in user (or nobody), language and the values after the name,
and drawn again once a table it read changes — the tables of its SQL and of the figures kept elsewhere that
it used (a picker's tree, a list's count). The values must hold everything else it shows: what the request
says (the query string, the path), the time when it shows dates relative to today. Messages and anything
else that is the request's own stay outside.

A part may hold a form with `{% csrf_token %}` (or `{{ csrf_token }}`): it is drawn with a stand-in for the
token, kept so, and the stand-in is replaced by this request's own token each time the part is shown. The
stand-in is random per process, so no text typed into a page can be taken for it.

Why per user: every part drawn for a signed-in user may show what their grants let them see (a picker's
units, a filter's handlers); keeping it per user cannot leak one user's choices into another's page.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable
from datetime import date
from typing import Any

from django import template
from django.db.models import Model
from django.forms import BaseForm
from django.http import QueryDict
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from unionhall.core import versions

register = template.Library()

# What a kept part holds where the request's CSRF token goes (plain letters: HTML escaping leaves it as it is).
TOKEN_STAND_IN = f"keptcsrf{secrets.token_hex(16)}"


def _hashable(value: Any) -> Hashable:
    """A value of the key as something a dict can hold; refuses what has no stable identity."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseForm):
        return _form_key(value)
    if isinstance(value, QueryDict):
        return tuple(sorted((k, tuple(v)) for k, v in value.lists()))
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    raise template.TemplateSyntaxError(f"{{% kept %}} cannot key on {type(value).__name__}: pass its parts")


def _form_key(form: BaseForm) -> Hashable:
    """A form as it would be drawn: its class, what it was bound to or started with, and the choices the
    view set on its fields (a queryset's choices are read while drawing, so the keeping sees their tables)."""
    data = _hashable(form.data) if form.is_bound else _hashable({k: v for k, v in form.initial.items()})
    choices = []
    for name, field in form.fields.items():
        offered = getattr(field, "choices", None)
        if isinstance(offered, list | tuple):
            choices.append((name, _hashable([(str(k), str(v)) for k, v in offered])))
    return (type(form).__module__, type(form).__qualname__, form.is_bound, form.prefix, data, tuple(choices))


class KeptNode(template.Node):
    def __init__(self, name: str, keys: list[FilterExpression], condition: FilterExpression | None, nodelist: NodeList):
        self.name, self.keys, self.condition, self.nodelist = name, keys, condition, nodelist

    def render(self, context: template.Context) -> str:
        if self.condition is not None and not self.condition.resolve(context):
            return self.nodelist.render(context)
        if not versions.keeping():
            return self.nodelist.render(context)
        request = context.get("request")
        user = getattr(request, "user", None)
        who = user.pk if user is not None and user.is_authenticated else None
        key = (who, get_language(), tuple(_hashable(k.resolve(context)) for k in self.keys))
        origin = self.origin.name if self.origin is not None else ""
        drawn = versions.kept(f"block:{origin}:{self.name}", key, lambda: self._draw(context), whole_key=True)
        if TOKEN_STAND_IN in drawn:
            # this request's own token (a part kept inside another gets the stand-in, replaced by the outer one)
            drawn = mark_safe(drawn.replace(TOKEN_STAND_IN, str(context.get("csrf_token", ""))))
        return drawn

    def _draw(self, context: template.Context) -> str:
        with context.push(csrf_token=TOKEN_STAND_IN):
            return self.nodelist.render(context)


@register.filter
def without_errors(form: BaseForm) -> bool:
    """A form to keep drawn: unbound (a list opened without filters) or bound without errors; a form with
    errors is drawn each time (its messages may name what the database said)."""
    return not form.errors


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('{% kept %} takes a quoted name: {% kept "filters" query %}')
    name, rest = bits[1][1:-1], bits[2:]
    condition = None
    if "if" in rest:
        at = rest.index("if")
        if at != len(rest) - 2:
            raise template.TemplateSyntaxError("{% kept %}: `if` takes one value, at the end")
        condition = parser.compile_filter(rest[at + 1])
        rest = rest[:at]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(name, [parser.compile_filter(bit) for bit in rest], condition, nodelist)
