"""Pickers: choosing a unit or an employer by searching, not by typing its code.

A `UnitPickerField` renders `<select data-search data-remote="/orgs/pick/units/?cap=…">`; static/js/unionhall.js
turns it into a Tom Select that asks the endpoint as the user types (name, pinyin initials or code). The
endpoint — and the options rendered server-side for a browser without the script — hold only units in the
user's reach for the page's capability, so an out-of-scope unit never appears. The value posted is the
unit's code, as `?org=<code>` links and exports have always carried it; a pasted code is also a search term.

Employers work the same way (`EmployerPickerField`, `/orgs/pick/employers/`), by name or 统一社会信用代码,
the value being the credit code the forms already expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from unionhall.core import versions
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit

# A search answers with at most this many; the user types more to narrow it.
PICK_LIMIT = 50
# Browsing without a query lists the reach's roots and their children, up to this many.
BROWSE_LIMIT = 200
_INITIALS = re.compile(r"^[a-z]{2,}$")


@lru_cache(maxsize=200_000)
def name_initials(name: str) -> str:
    """The pinyin initials of a unit's name (东方机械公司工会 → dfjxgsgh), read as words, not as a surname."""
    from pypinyin import Style, lazy_pinyin  # loads its dictionaries (0.3 s) when first needed

    return "".join(x for x in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore") if x.isalnum()).lower()


# --- units ------------------------------------------------------------------------------------------


def _units_in_reach(user: Any, cap: Cap) -> QuerySet[OrgUnit]:
    return access.orgs_with(user, cap).filter(status=OrgStatus.ACTIVE)


def unit_choices(user: Any, cap: Cap, q: str = "") -> list[dict[str, Any]]:
    """What the unit picker offers: the units matching `q` by code, name or pinyin initials, or, with no
    query, the reach's roots and their children as a tree. Only units in reach for `cap`.

    The tree is drawn into every list page's filter form: it is kept until a unit or a grant changes
    (core/versions.py), for the reach it was read for. The rows are shared: callers copy before changing."""
    q = q.strip()
    if not q:
        reach = access.reach(user, cap)
        return versions.cached("unit_tree", access.GRANT_TOPICS, reach.paths, lambda: _unit_tree(user, cap))
    return _unit_matches(user, cap, q)


def _unit_tree(user: Any, cap: Cap) -> list[dict[str, Any]]:
    units = _units_in_reach(user, cap)
    roots = access.reach(user, cap).paths
    top = units.filter(path__in=roots)
    depth_of = {u.path: u.depth for u in top}
    children = Q(pk__in=[])
    for path, depth in depth_of.items():
        children |= Q(path__startswith=path, depth=depth + 1)
    found = list(units.filter(Q(path__in=roots) | children).order_by("path")[:BROWSE_LIMIT])
    return _describe(user, cap, found, tree=True)


def _unit_matches(user: Any, cap: Cap, q: str) -> list[dict[str, Any]]:
    units = _units_in_reach(user, cap)
    exact = list(units.filter(code__iexact=q)[:1])
    matches = units.filter(Q(name__icontains=q) | Q(code__istartswith=q))
    found = list(matches.order_by("path")[:PICK_LIMIT])
    letters = q.lower()
    if _INITIALS.match(letters) and len(found) < PICK_LIMIT:
        # Initials are not stored: read them from the names in reach (cached per name) and keep those that
        # begin with, then those that contain, the letters typed.
        seen = {u.pk for u in found}
        hits = [
            (not name_initials(name).startswith(letters), path, pk)
            for pk, name, path in units.values_list("pk", "name", "path")
            if pk not in seen and letters in name_initials(name)
        ]
        ids = [pk for _, _, pk in sorted(hits)[: PICK_LIMIT - len(found)]]
        by_id = OrgUnit.objects.in_bulk(ids)
        found += [by_id[pk] for pk in ids if pk in by_id]
    found = exact + [u for u in found if not exact or u.pk != exact[0].pk]
    return _describe(user, cap, found[:PICK_LIMIT], tree=False)


def _describe(user: Any, cap: Cap, units: list[OrgUnit], *, tree: bool) -> list[dict[str, Any]]:
    paths = ancestor_names(user, cap, units)
    top = min((u.depth for u in units), default=1)
    return [
        {
            "value": u.code,
            "id": u.pk,
            "name": u.name,
            "path": paths[u.path],
            "text": f"{paths[u.path]} / {u.name}" if paths[u.path] else u.name,
            "code": u.code,
            "initials": name_initials(u.name),  # the browser's own filter matches typed initials too
            "depth": min(u.depth - top, 6) if tree else 0,
        }
        for u in units
    ]


def ancestor_names(user: Any, cap: Cap, units: Iterable[OrgUnit]) -> dict[str, str]:
    """Each unit's ancestors' names, from where the user's reach for `cap` starts, in one query."""
    units = list(units)
    step = OrgUnit.steplen
    r = access.reach(user, cap)
    prefixes = {u.path[:i] for u in units for i in range(step, len(u.path), step) if r.covers(u.path[:i])}
    names = dict(OrgUnit.objects.filter(path__in=prefixes).values_list("path", "name"))
    return {
        u.path: " / ".join(names[u.path[:i]] for i in range(step, len(u.path), step) if u.path[:i] in names)
        for u in units
    }


def unit_in_reach(user: Any, cap: Cap, code: str) -> OrgUnit | None:
    code = code.strip()
    if not code:
        return None
    return _units_in_reach(user, cap).filter(code=code).first()


# --- employers --------------------------------------------------------------------------------------

# An employer is in scope for its territory's federation and for the union that covers it.


def _employers_in_reach(user: Any, cap: Cap) -> QuerySet[Employer]:
    return access.scope_queryset(user, cap, Employer.objects.all(), access.EMPLOYER_SCOPE)


def employer_choices(user: Any, cap: Cap, q: str = "") -> list[dict[str, Any]]:
    """Employers in reach for `cap` whose name contains `q` or whose credit code begins with it."""
    q = q.strip()
    qs = _employers_in_reach(user, cap).select_related("org")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__startswith=q.upper()))
    return [_employer_row(e) for e in qs.order_by("name", "id")[:PICK_LIMIT]]


def _employer_row(e: Employer) -> dict[str, Any]:
    return {
        "value": e.uscc,
        "id": e.pk,
        "name": e.name,
        "path": e.org.name,
        "text": f"{e.name}（{e.uscc}）",
        "code": e.uscc,
    }


def employer_in_reach(user: Any, cap: Cap, uscc: str) -> Employer | None:
    uscc = uscc.strip().upper()
    if not uscc:
        return None
    return _employers_in_reach(user, cap).filter(uscc=uscc).select_related("org").first()


# --- the form fields --------------------------------------------------------------------------------


class PickerSelect(forms.Select):
    """A select whose options are the ones the field offers the bound user, marked for the remote search."""

    def __init__(self, field: PickerField):
        super().__init__(attrs={"data-search": "", "data-remote": ""})
        self.field = field

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        self.choices = self.field.options_for(value)
        attrs = {**(attrs or {}), "data-remote": self.field.remote_url()}
        return super().get_context(name, value, attrs)


class PickerField(forms.CharField):
    """The shared part of the two pickers. Bind the user (`bind_pickers`) before rendering or cleaning.

    `strict` fields (a create form's unit) clean to the chosen object and refuse one out of reach with a
    Chinese message. Filter fields (`strict=False`) clean to the code as typed: the list's view looks it up
    and shows nothing for a wrong one (orgs.selectors.org_filter), never more.
    """

    route = ""
    empty_label = "全部"

    def __init__(self, *, cap: Cap, strict: bool = False, **kwargs: Any):
        self.cap = cap
        self.strict = strict
        self.user: Any = None
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.widget = PickerSelect(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)
        result.widget = PickerSelect(result)
        return result

    def remote_url(self) -> str:
        return f"{reverse(self.route)}?{urlencode({'cap': str(self.cap)})}"

    def options_for(self, value: Any) -> list[tuple[str, str]]:
        value = self.prepare_value(value) or ""
        options = [("", self.empty_label if not self.required else "请选择")]
        if self.user is None:
            return [*options, (value, value)] if value else options
        rows = self.browse()
        if value and all(r["value"] != value for r in rows):
            chosen = self.describe(value)
            # A value out of reach is shown as typed (the view says it finds nothing), never by its name.
            rows = [chosen or {"value": value, "text": value, "depth": 0}, *rows]
        return [*options, *((r["value"], "\u3000" * r.get("depth", 0) + r["text"]) for r in rows)]

    def browse(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def describe(self, value: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def lookup(self, value: str) -> Any:
        raise NotImplementedError

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        if not self.strict:
            return text
        if not text:
            return None
        found = self.lookup(text) if self.user is not None else None
        if found is None:
            raise forms.ValidationError(self.refusal)
        return found

    refusal = ""


class UnitPickerField(PickerField):
    route = "orgs:pick_units"
    refusal = "在您的权限范围内没有这个工会，请从列表中选择。"

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, OrgUnit) else value

    def browse(self) -> list[dict[str, Any]]:
        return unit_choices(self.user, self.cap)

    def describe(self, value: str) -> dict[str, Any] | None:
        unit = unit_in_reach(self.user, self.cap, value)
        return _describe(self.user, self.cap, [unit], tree=False)[0] if unit else None

    def lookup(self, value: str) -> OrgUnit | None:
        return unit_in_reach(self.user, self.cap, value)


class EmployerPickerField(PickerField):
    route = "orgs:pick_employers"
    refusal = "在您的权限范围内没有这个用人单位，请从列表中选择。"
    empty_label = "—"

    def prepare_value(self, value: Any) -> Any:
        return value.uscc if isinstance(value, Employer) else value

    def browse(self) -> list[dict[str, Any]]:
        return []  # thousands of them: found by searching only

    def describe(self, value: str) -> dict[str, Any] | None:
        employer = employer_in_reach(self.user, self.cap, value)
        return _employer_row(employer) if employer else None

    def lookup(self, value: str) -> Employer | None:
        return employer_in_reach(self.user, self.cap, value)


def remote_attrs(route: str, cap: Cap) -> dict[str, str]:
    """Attributes that make an existing choice of units or employers by id (the rights pages' selects, whose
    server-side choices stay the fallback) search the picker's endpoint as the user types."""
    url = f"{reverse(route)}?{urlencode({'cap': str(cap)})}"
    return {"data-search": "", "data-remote": url, "data-value-field": "id"}


def bind_pickers[F: forms.BaseForm](form: F, user: Any) -> F:
    """Give the form's pickers the user whose reach they offer and check against."""
    for field in form.fields.values():
        if isinstance(field, PickerField):
            field.user = user
    return form
