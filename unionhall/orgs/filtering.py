"""A list's filter form bound from the query string, its unit filter kept inside the capability's reach.

Every list of a unit's rows (archives, cards, deliveries, disbursements, employers) bound its filter form
the same way: pickers given the user, the parsed values copied into the selector's filters, the unit code
turned into a unit in reach (or NOWHERE, so a wrong or foreign code shows nothing, never more).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.http import HttpRequest

from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import bind_pickers
from unionhall.orgs.selectors import NOWHERE, org_filter


class Filters(Protocol):
    org: Any


def bind_filters[F: Filters](
    request: HttpRequest,
    form_class: type[forms.Form],
    filters: Callable[..., F],
    values: Callable[[dict[str, Any]], dict[str, Any]],
    cap: Cap,
    *,
    noun: str = "组织",
    unparsed_shows_nothing: bool = False,
) -> tuple[Any, F]:
    """The bound form and `filters(**values(cleaned_data))` with its `org` in reach; unfiltered when
    nothing was asked. `unparsed_shows_nothing`: a filter that does not parse shows no row (lists whose
    unfiltered rows are many and sensitive), else the list shows as if unfiltered."""
    form = bind_pickers(form_class(request.GET or None), request.user)
    chosen = filters()
    if form.is_valid():
        data = form.cleaned_data
        chosen = filters(**values(data))
        chosen.org = org_filter(request.user, data["org"] or "", cap, form, noun=noun)
    elif form.is_bound and unparsed_shows_nothing:
        chosen.org = NOWHERE
    return form, chosen
