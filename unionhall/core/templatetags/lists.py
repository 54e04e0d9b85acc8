"""The list kit's template side: sortable headers, page links and jump, thousands separators.

Every link is built from the request's own query string, so filters, sort and page size stay with the
reader from page to page and into the export link (`unionhall/core/paging.py` reads them back).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

from unionhall.core.paging import PAGE_SIZE, PAGE_SIZES, SORT_PARAM

register = template.Library()


def _query(context: Any, **changes: Any) -> str:
    # A plain dict of lists, not `GET.copy()`: a QueryDict copies itself with deepcopy, and a list page asks
    # for this once per sortable column and page link.
    params = {key: values for key, values in context["request"].GET.lists() if key != "page"}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    return urlencode(params, doseq=True)


@register.simple_tag(takes_context=True)
def sort_header(context: Any, key: str, label: str) -> str:
    """A column header that sorts by `key`: ascending first, descending on the second click, with an
    arrow on the column the list is sorted by. The view's whitelist decides whether the key is honoured."""
    current = context["request"].GET.get(SORT_PARAM, "")
    if current == key:
        target, arrow, state = f"-{key}", " ↑", "ascending"
    elif current == f"-{key}":
        target, arrow, state = key, " ↓", "descending"
    else:
        target, arrow, state = key, "", "none"
    return format_html(
        '<a class="sort-link" href="?{}" data-sort="{}" aria-sort="{}">{}{}</a>',
        _query(context, **{SORT_PARAM: target}),
        key,
        state,
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def page_url(context: Any, number: int) -> str:
    """`?…&page=N` keeping every other parameter."""
    query = _query(context)
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.simple_tag(takes_context=True)
def list_query(context: Any) -> str:
    """The list's query without the page, for an export link: the file holds what the reader sees, in
    the same order."""
    return _query(context)


@register.inclusion_tag("includes/carried_inputs.html", takes_context=True)
def carried_inputs(context: Any, *skip: str) -> dict[str, Any]:
    """Hidden inputs repeating the query string (minus `page` and `skip`), for a GET form that changes
    one parameter (the page jump, the page size) and keeps the filters."""
    params = context["request"].GET
    left_out = {"page", *skip}
    return {"pairs": [(k, v) for k in params for v in params.getlist(k) if k not in left_out]}


@register.simple_tag(takes_context=True)
def page_size_choices(context: Any) -> list[tuple[int, bool]]:
    try:
        current = context["page"].paginator.per_page
    except (KeyError, AttributeError):
        current = PAGE_SIZE
    # a list whose own default is another size (imports: 30) offers it too, so the menu says the truth
    return [(size, size == current) for size in sorted({*PAGE_SIZES, current})]


@register.filter
def thousands(number: Any) -> str:
    """12345 → "12,345"; blank for nothing; text that is not a number passes unchanged."""
    if number in (None, ""):
        return ""
    try:
        value = float(number)
    except (TypeError, ValueError):
        return str(number)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"
