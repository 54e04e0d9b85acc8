"""A list's filter form bound from the query string, its unit filter kept inside the capability's reach.

Every list of a unit's rows (archives, cards, deliveries, disbursements, employers) bound its filter form
the same way: pickers given the user, the parsed values copied into the selector's filters, the unit code
turned into a unit in reach (or NOWHERE, so a wrong or foreign code shows nothing, never more).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.db.models import QuerySet
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


class Chosen:
    """A list's filters as parsed, for a selector that reads them as a dict: every value but the unit's code
    in `values`, the unit in reach in `org` (None: none asked; NOWHERE: a wrong or foreign code)."""

    def __init__(self, **values: Any) -> None:
        self.values = values
        self.org: Any = None


def bind_chosen(
    request: HttpRequest, form_class: Callable[..., forms.Form], cap: Cap, *, noun: str = "组织"
) -> tuple[Any, Chosen]:
    """`bind_filters` into a `Chosen`: the form, and its values beside the unit in reach."""
    return bind_filters(
        request,
        form_class,  # type: ignore[arg-type]
        Chosen,
        lambda data: {k: v for k, v in data.items() if k != "org"},
        cap,
        noun=noun,
    )


def under_chosen[M: Any](qs: QuerySet[M], chosen: Chosen, field: str = "org") -> QuerySet[M]:
    """The rows of the chosen unit's subtree: none for NOWHERE, all when no unit was asked."""
    if chosen.org is NOWHERE:
        return qs.none()
    if chosen.org is not None:
        return qs.filter(**{f"{field}__path__startswith": chosen.org.path})
    return qs
