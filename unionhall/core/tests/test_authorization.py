"""The scope rule on every route: each URL pattern and API route, as every role at several places in the
tree, as an outsider, as a user with no grant and anonymously.

The expectations below are written out by hand from PRODUCT.md §1–§2, not computed from access.py, so
a change to the rule that lets a role see more than it should fails here. A route missing from ROUTES
fails `test_every_route_is_covered`.
"""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from python_calamine import CalamineWorkbook

import unionhall
from unionhall.core.audit import PendingEvent, record
from unionhall.members.models import Membership
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.tests.authz_support import (
    ACTORS,
    AUDIT,
    D1_ONLY,
    EDIT_E1,
    EDIT_U1,
    EMPLOYERS_ANYWHERE,
    LOGGED_IN,
    SEE_E1,
    SEE_U1,
    STRUCTURE_U1,
    TREE_ANYWHERE,
    Route,
    statuses,
)
from unionhall.tests.city import City, build_city


def page_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    for foreign in ("西区总工会", "西一街道总工会", "西方纺织", city.u3.code):
        assert foreign not in text, f"{foreign} leaked"


def export_has_no_d2_rows(city: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    names = {row[0] for row in rows[1:]}
    assert city.e1.name in names
    assert city.e3.name not in names


def api_ids_in_d1(city: City, response: Any) -> None:
    body = response.json()
    assert body["items"], "a D1 actor sees its own rows"
    foreign_orgs = set(OrgUnit.objects.filter(path__startswith=city.d2.path).values_list("id", flat=True))
    foreign_employers = set(Employer.objects.filter(org__path__startswith=city.d2.path).values_list("id", flat=True))
    for item in body["items"]:
        if "uscc" in item:
            assert item["id"] not in foreign_employers
        else:
            assert item["id"] not in foreign_orgs


def audit_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    assert "marker-d1" in text
    assert "marker-d2" not in text


u1 = lambda c: {"pk": c.u1.pk}  # noqa: E731
e1 = lambda c: {"pk": c.e1.pk}  # noqa: E731
PUBLIC = dict.fromkeys(ACTORS, 200)

CORE_ROUTES: dict[str, Route] = {
    # Workers, merchants and departments' liaisons are sent on to their own start pages (/me/, the
    # redemption counter, the department's supervised tasks).
    "console:home": Route(
        expect=statuses(LOGGED_IN - {"worker_u1", "merchant_d1", "liaison_d1"})
        | {"worker_u1": 302, "merchant_d1": 302, "liaison_d1": 302}
    ),
    "core:healthz": Route(expect=PUBLIC),
    "console:audit": Route(expect=statuses(AUDIT), no_foreign=audit_has_no_d2_rows),
    "accounts:login": Route(expect={a: 302 if a in LOGGED_IN else 200 for a in ACTORS}),
    "accounts:logout": Route(expect=dict.fromkeys(ACTORS, 302), methods=("post",)),
    # 账户安全 is for staff roles: a worker or a merchant's cashier needs no authenticator, nor does a login
    # without any role.
    "accounts:otp": Route(expect=statuses(LOGGED_IN - {"worker_u1", "merchant_d1", "nobody"})),
    "orgs:tree": Route(expect=statuses(TREE_ANYWHERE), query="q=工会", no_foreign=page_has_no_d2_rows),
    "orgs:detail": Route(u1, statuses(SEE_U1)),
    "orgs:children": Route(u1, statuses(SEE_U1)),
    "orgs:edit": Route(u1, statuses(EDIT_U1, in_sight=SEE_U1), ("get", "post")),
    "orgs:add_child": Route(u1, statuses(STRUCTURE_U1, in_sight=SEE_U1), ("get", "post")),
    "orgs:move": Route(u1, statuses(STRUCTURE_U1, in_sight=SEE_U1), ("get", "post")),
    "orgs:merge": Route(u1, statuses(STRUCTURE_U1, in_sight=SEE_U1), ("get", "post")),
    "orgs:dissolve": Route(u1, statuses(STRUCTURE_U1, in_sight=SEE_U1), ("get", "post")),
    "orgs:employer_create": Route(u1, statuses(EDIT_E1, in_sight=SEE_E1), ("get", "post")),
    "orgs:employers": Route(expect=statuses(EMPLOYERS_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "orgs:employer_export": Route(expect=statuses(EMPLOYERS_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "orgs:employer": Route(e1, statuses(SEE_E1)),
    "orgs:employer_edit": Route(e1, statuses(EDIT_E1, in_sight=SEE_E1), ("get", "post")),
    "api:api-root": Route(expect=dict.fromkeys(ACTORS, 404)),  # no index: the docs live at /api/v1/docs
    "api:openapi-json": Route(expect=PUBLIC),
    "api:openapi-view": Route(expect=PUBLIC),
    "api:org_list": Route(expect=statuses(TREE_ANYWHERE, anon=401), no_foreign=api_ids_in_d1),
    "api:org_detail": Route(lambda c: {"org_id": c.u1.pk}, statuses(SEE_U1, anon=401)),
    "api:employer_list": Route(expect=statuses(EMPLOYERS_ANYWHERE, anon=401), no_foreign=api_ids_in_d1),
    "api:employer_detail": Route(lambda c: {"employer_id": c.e1.pk}, statuses(SEE_E1, anon=401)),
}


def collect_routes() -> dict[str, Route]:
    """The core table plus every app's `tests/authz.py` ROUTES."""
    routes = dict(CORE_ROUTES)
    for module_info in pkgutil.iter_modules(unionhall.__path__):
        try:
            module = importlib.import_module(f"unionhall.{module_info.name}.tests.authz")
        except ModuleNotFoundError:
            continue
        overlap = set(routes) & set(module.ROUTES)
        assert not overlap, f"routes described twice: {overlap}"
        routes.update(module.ROUTES)
    return routes


ROUTES = collect_routes()


def all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                if namespace and p.namespace:
                    ns = f"{namespace}:{p.namespace}"
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                assert p.name, f"every route needs a name: {p.pattern}"
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_route_is_covered() -> None:
    missing = all_route_names() - set(ROUTES)
    assert not missing, f"routes without an authorization spec: {sorted(missing)}"
    stale = set(ROUTES) - all_route_names()
    assert not stale, f"specs for routes that no longer exist: {sorted(stale)}"


def snapshot() -> tuple[Any, ...]:
    """What a refused write must leave untouched."""
    return (
        list(OrgUnit.objects.order_by("pk").values_list("pk", "name", "path", "status")),
        list(Employer.objects.order_by("pk").values_list("pk", "name", "org_id", "union_id")),
        list(Membership.objects.order_by("pk").values_list("pk", "org_id", "status")),
    )


@dataclass
class Prepared:
    """A route's city and the URL its spec builds from it: made once for all its actors (route_case)."""

    city: City
    url: str


@pytest.fixture(scope="module")
def route_case(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any) -> Iterator[Prepared]:
    """The city and the route's own rows, built once for every actor of the route, inside a transaction
    that is rolled back when the route's cases end.

    Building the city and the rows a route names took about as long as the requests themselves, fifteen
    times over (once per actor). The route is an indirect parameter of this module-scoped fixture, so pytest
    runs a route's actors one after the other and sets the fixture up once per route. Each case's own `db`
    transaction is a savepoint inside this one, so what one actor's request writes (an allowed POST) is
    rolled back before the next actor's.
    """
    route: str = request.param
    spec = ROUTES[route]
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            city = build_city()
            url = reverse(route, kwargs=spec.kwargs(city))
            query = spec.query(city) if callable(spec.query) else spec.query
            if query:
                url += "?" + query
            if route == "console:audit":
                for org, marker in ((city.u1, "marker-d1"), (city.u3, "marker-d2")):
                    record(PendingEvent(actor="test", action=marker, org=org), success=True)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield Prepared(city, url)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# Two decorators, not one list of pairs: pytest keys a wider-scoped fixture's cache by the parameter's index,
# so the route must be one parameter of its own for its city to be built once for all actors.
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route_case", list(ROUTES), indirect=True)
def test_route_answers_each_actor_by_the_scope_rule(route_case: Prepared, db: None, actor: str, request: Any) -> None:
    route = request.node.callspec.params["route_case"]
    spec = ROUTES[route]
    city, url = route_case.city, route_case.url
    client = city.client(actor)
    expected = spec.expect[actor]
    for method in spec.methods:
        before = snapshot()
        if spec.body is not None and method != "get":
            response = getattr(client, method)(url, data=json.dumps(spec.body(city)), content_type="application/json")
        else:
            response = getattr(client, method)(url)
        assert response.status_code == expected, f"{method.upper()} {url} as {actor}"
        if method == "post" and expected in (403, 404):
            assert snapshot() == before, "a refused write changed data"
        if response.status_code == 302 and actor == "anonymous":
            assert "/accounts/login/" in response["Location"]
        if expected == 200 and actor in D1_ONLY and spec.no_foreign:
            spec.no_foreign(city, response)


def test_out_of_scope_answers_exactly_like_a_missing_object(city: City) -> None:
    client = city.client("cadre_d1")
    foreign = client.get(reverse("orgs:detail", kwargs={"pk": city.u3.pk}))
    missing = client.get(reverse("orgs:detail", kwargs={"pk": 999_999}))
    assert foreign.status_code == missing.status_code == 404
    # Pages differ only in the per-render CSRF tokens (logout form, htmx headers).
    token = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')
    assert token.sub(b"", foreign.content) == token.sub(b"", missing.content)
    api_foreign = client.get(reverse("api:org_detail", kwargs={"org_id": city.u3.pk}))
    api_missing = client.get(reverse("api:org_detail", kwargs={"org_id": 999_999}))
    assert api_foreign.status_code == api_missing.status_code == 404
    assert api_foreign.json() == api_missing.json() == {"code": "not_found", "message": "未找到该记录。"}


def test_a_city_admin_without_the_second_factor_reaches_no_page(city: City) -> None:
    client = city.client("city_admin", verified=False)
    response = client.get(reverse("orgs:detail", kwargs={"pk": city.u1.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp")
    assert client.get(reverse("api:org_list")).status_code == 401


def test_counts_on_a_unit_page_hold_no_foreign_rows(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("orgs:detail", kwargs={"pk": city.d1.pk}))
    counts = response.context["counts"]
    assert counts.employers == 2  # E0 and E1; E3 lies in D2
    assert counts.grassroots_in_subtree == 2
