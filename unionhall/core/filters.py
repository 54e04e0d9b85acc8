"""Narrowing a list's query by the filters a user gave.

A list's filters are optional, and one left empty means "any": `given` applies the lookups whose value was
given, `under` keeps the rows of one unit's subtree. Lookups over a multi-valued relation (a reverse or
many-to-many one) do not belong in one `given` call, which filters once.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet


def given[M: models.Model](qs: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """`qs` narrowed by each lookup whose value was given: None and '' mean any; False and 0 are values."""
    chosen = {name: value for name, value in lookups.items() if value is not None and value != ""}
    return qs.filter(**chosen) if chosen else qs


def under[M: models.Model](qs: QuerySet[M], org: Any, field: str = "org") -> QuerySet[M]:
    """The rows whose `field` lies in `org`'s subtree (all of them when no unit was chosen)."""
    return qs if org is None else qs.filter(**{f"{field}__path__startswith": org.path})
