"""The whole of /api/v1/ against its own OpenAPI document: schemathesis generates requests for every
operation — valid ones and ones that break the document on purpose — sends them through the WSGI app in
process as a city admin with a bearer token, and checks every answer: never a 5xx, only documented status
codes, JSON, bodies of the documented shape, invalid requests refused, valid ones not refused as invalid,
a missing token refused.

A small city with a record of every kind (build_city in unionhall/tests/city.py plus members, archives, budgets, payments,
a card, deliveries, rights cases and risk reports) is built once per operation; every generated request
runs in a savepoint rolled back after it, so one example's writes never reach the next. Ids in paths,
query strings and bodies are often swapped for ids of that city (an int for an int, a card number for a
string, so a valid request stays valid and an invalid one invalid), so requests reach past the 404 to the
services and the answers' bodies are checked too.

Deterministic (derandomized per operation) and small (MAX_EXAMPLES fuzzed examples per operation besides
the schema's examples and the boundary cases), so it runs in `make test` on SQLite.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, get_args

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from schemathesis.config import PositiveDataAcceptanceConfig

from config.wsgi import application
from unionhall.accounts import services as account_services
from unionhall.accounts.models import User
from unionhall.api.tests import id_lists
from unionhall.api.urls import api
from unionhall.assistance.models import Disbursement, HardshipFile, Programme
from unionhall.cards.models import AssistanceCard, CardType
from unionhall.funds.models import Budget, Fund
from unionhall.joining.models import JoinApplication
from unionhall.members.models import Membership, Person
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.rights.models import Case, CaseShare, CaseStatus, RiskReport
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join, submit

# Fuzzed examples per operation; a deeper local run: UNIONHALL_CONTRACT_EXAMPLES=200 pytest <this file>.
MAX_EXAMPLES = int(os.environ.get("UNIONHALL_CONTRACT_EXAMPLES", "20"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# The test sends the city admin's token itself (and a request without it, for the `ignored_auth` check), so
# schemathesis does not generate the security parameters: a generated bad token would be replaced by the
# good one, and the request would no longer be the invalid one it was meant to be.
schema.config.generation.update(
    max_examples=MAX_EXAMPLES, deterministic=True, database="none", with_security_parameters=False
)
# A schema-valid request may still be refused by a service: 400 `invalid` with Chinese messages by field is
# the documented answer when the business rules say no (a wrong card code, a unit that does not handle cases,
# an empty summary — the bodies keep such fields loose on purpose, see rights/schemas.py). The check still
# fails on a 422 to a schema-valid request: a document looser or stricter than the API's own validation.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig.from_dict(
    {"expected-statuses": [*PositiveDataAcceptanceConfig().expected_statuses, "400"]}
)

# Which ids a parameter or body field named so takes: filled from the city before each operation's run,
# read when an example is drawn.
KNOWN: dict[str, list[Any]] = {}
ID_NAMES: dict[str, Callable[[], list[Any]]] = {
    "org": lambda: list(OrgUnit.objects.values_list("pk", flat=True)),
    "org_id": lambda: list(OrgUnit.objects.values_list("pk", flat=True)),
    "parent": lambda: list(OrgUnit.objects.values_list("pk", flat=True)),
    "employer": lambda: list(Employer.objects.values_list("pk", flat=True)),
    "employer_id": lambda: list(Employer.objects.values_list("pk", flat=True)),
    "person": lambda: list(Person.objects.values_list("pk", flat=True)),
    "member_id": lambda: list(Membership.objects.values_list("pk", flat=True)),
    "archive": lambda: list(HardshipFile.objects.values_list("pk", flat=True)),
    "archive_id": lambda: list(HardshipFile.objects.values_list("pk", flat=True)),
    "programme": lambda: list(Programme.objects.values_list("pk", flat=True)),
    "programme_id": lambda: list(Programme.objects.values_list("pk", flat=True)),
    "fund": lambda: list(Fund.objects.values_list("code", flat=True)),
    "card_type": lambda: list(CardType.objects.values_list("pk", flat=True)),
    "application_id": lambda: list(JoinApplication.objects.values_list("pk", flat=True)),
    "union": lambda: list(OrgUnit.objects.values_list("pk", flat=True)),
    "budget": lambda: list(Budget.objects.values_list("pk", flat=True)),
    "budget_id": lambda: list(Budget.objects.values_list("pk", flat=True)),
    "disbursement_id": lambda: list(Disbursement.objects.values_list("pk", flat=True)),
    "case_id": lambda: list(Case.objects.values_list("pk", flat=True)),
    "share": lambda: list(CaseShare.objects.values_list("pk", flat=True)),
    "risk_id": lambda: list(RiskReport.objects.values_list("pk", flat=True)),
    "handler": lambda: list(User.objects.values_list("pk", flat=True)),
    "number": lambda: list(AssistanceCard.objects.values_list("number", flat=True)),
}


STRING_IDS = {"number", "fund"}  # a card's number, a fund's code


def _known(name: str, index: int, original: Any) -> Any:
    choices = KNOWN.get(name) or [original]
    return choices[index % len(choices)]


def _swappable(name: str, value: Any) -> bool:
    if name not in ID_NAMES or isinstance(value, bool):
        return False
    return isinstance(value, str) if name in STRING_IDS else isinstance(value, int)


def _with_known_ids(values: Any) -> st.SearchStrategy[Any]:
    """The drawn values, or the same with each id-like value swapped for an id of the city."""
    if not isinstance(values, dict) or not any(_swappable(k, v) for k, v in values.items()):
        return st.just(values)
    fields = {
        key: (
            st.one_of(st.integers(0, 50).map(lambda i, k=key, v=value: _known(k, i, v)), st.just(value))
            if _swappable(key, value)
            else st.just(value)
        )
        for key, value in values.items()
    }
    return st.fixed_dictionaries(fields)


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: Any) -> st.SearchStrategy[Any]:
    return _with_known_ids(path_parameters)


@schema.hook
def flatmap_query(context: Any, query: Any) -> st.SearchStrategy[Any]:
    return _with_known_ids(query)


@schema.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    return _with_known_ids(body)


def build_records(city: City) -> None:
    """Beside the city's units, employers and users: a record of every kind the API reads or writes (a
    join application included)."""
    join(city.u1, "张会员", "32050819850101001", phone="13900000001")
    join(city.u3, "李会员", "32050619900202002", phone="13900000002")
    archive = factories.hardship_file(city.u1, name="王困难")
    factories.hardship_file(city.u3, name="赵困难")
    factories.hardship_file(city.u1, name="钱草稿", status="draft")
    budget = factories.budget_chain(city.u1, 100_000_00)
    programme = factories.programme()
    factories.disbursement(archive, programme, budget, 1_000_00, status="requested")
    factories.disbursement(archive, programme, budget, 2_000_00, status="approved", paid_on=timezone.localdate())
    factories.card(archive, factories.card_type(), budget, 500_00)
    factories.delivery(city.u1, "warmth", 12, 300_00)
    factories.delivery(city.u3, "culture", 40)
    factories.case(city.u1, employer=city.e1)
    factories.case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS, shared_with=city.u3)
    factories.case(city.u3, employer=city.e3, status=CaseStatus.CLOSED)
    factories.risk(city.u1)
    factories.risk(city.u3, level="red")
    submit(city, name="赵申请", phone="13900000003")


@pytest.fixture
def city_admin_token(city: City) -> Iterator[str]:
    """A bearer token of the city admin (tokens need no second factor; sessions of a city admin do), with
    the city's records built and their ids known; requests through the WSGI app keep the test's database
    connection, as Django's test client does."""
    build_records(city)
    KNOWN.clear()
    KNOWN.update({name: ids() for name, ids in ID_NAMES.items()})
    _, plain = account_services.api_token_create(actor=SYSTEM, user=city.users["city_admin"])
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield plain
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        KNOWN.clear()


@schema.parametrize()
# The function-scoped city is built once per operation on purpose: each example runs in its own savepoint.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_answer_of_the_api_matches_its_openapi_document(case: Any, city_admin_token: str) -> None:
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {city_admin_token}"})
        transaction.set_rollback(True)


# --- every id can be found through the API (id_lists.py) ----------------------------------------------


@pytest.fixture
def openapi(client: Any) -> dict[str, Any]:
    """The document as an integrator reads it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


@pytest.mark.django_db
def test_every_id_an_operation_takes_can_be_found_through_a_list_route(openapi: dict[str, Any]) -> None:
    assert id_lists.orphan_ids(openapi) == []


@pytest.mark.django_db
def test_the_id_check_sees_the_ids_of_paths_queries_and_bodies(openapi: dict[str, Any]) -> None:
    seen = {(i["operation"], i["in"], i["name"]) for i in id_lists.id_inputs(openapi)}
    assert ("POST /api/v1/assistance/disbursements/", "body", "programme") in seen
    assert ("GET /api/v1/rights/cases/", "query", "handler") in seen
    assert ("GET /api/v1/members/{member_id}", "path", "member_id") in seen
    assert ("POST /api/v1/join-applications/{application_id}/approve", "body", "union") in seen
    # Not ids: amounts, names, states.
    assert not {name for _, _, name in seen} & {"amount", "name", "status", "page", "reason"}


@pytest.mark.django_db
def test_without_its_list_route_an_id_is_an_orphan(openapi: dict[str, Any]) -> None:
    del openapi["paths"]["/api/v1/assistance/programmes/"]
    problems = id_lists.orphan_ids(openapi)
    assert any(p.startswith("POST /api/v1/assistance/disbursements/: body programme") for p in problems)
    assert any(p.startswith("GET /api/v1/assistance/programmes/{programme_id}: path programme_id") for p in problems)


def _document(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"paths": paths, "components": {"schemas": schemas or {}}}


def _list_of(properties: dict[str, Any]) -> dict[str, Any]:
    items = {"type": "object", "properties": properties}
    page = {"type": "object", "properties": {"items": {"type": "array", "items": items}, "count": {"type": "integer"}}}
    return {"get": {"responses": {"200": {"content": {"application/json": {"schema": page}}}}}}


def _post(body: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": body}
    return {"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": {}}}


INTEGER_ID = {"type": "integer", "description": "工会 id"}


def test_a_document_with_an_orphan_id_fails_the_check() -> None:
    widgets = _document({"/api/v1/widgets/": _post({"gadget_id": {"type": "integer"}, "name": {"type": "string"}})})
    assert id_lists.orphan_ids(widgets) == [
        "POST /api/v1/widgets/: body gadget_id looks like an id but names no list route (add it to ID_LISTS)"
    ]


def test_an_integer_described_as_an_id_is_an_id_whatever_its_name() -> None:
    widgets = _document({"/api/v1/widgets/": _post({"owner": INTEGER_ID, "count": {"type": "integer"}})})
    assert [p.split(":")[0] for p in id_lists.orphan_ids(widgets)] == ["POST /api/v1/widgets/"]


def test_a_known_id_needs_its_list_route_and_the_field_that_carries_it() -> None:
    body = _post({"org": INTEGER_ID})
    assert id_lists.orphan_ids(_document({"/api/v1/widgets/": body})) == [
        "POST /api/v1/widgets/: body org (integer) cannot be found: no GET /api/v1/orgs/ (items with id/code)"
    ]
    no_ids = _list_of({"name": {"type": "string"}})
    assert id_lists.orphan_ids(_document({"/api/v1/widgets/": body, "/api/v1/orgs/": no_ids}))
    with_ids = _list_of({"id": {"type": "integer"}, "name": {"type": "string"}})
    assert id_lists.orphan_ids(_document({"/api/v1/widgets/": body, "/api/v1/orgs/": with_ids})) == []


def test_a_path_id_is_found_by_the_collection_its_path_starts_with() -> None:
    read = {"get": {"parameters": [{"in": "path", "name": "widget_id", "schema": {"type": "integer"}}]}}
    alone = _document({"/api/v1/widgets/{widget_id}": read})
    assert id_lists.orphan_ids(alone)
    listed = _document({"/api/v1/widgets/{widget_id}": read, "/api/v1/widgets/": _list_of({"id": {"type": "integer"}})})
    assert id_lists.orphan_ids(listed) == []


@pytest.mark.django_db
def test_import_jobs_can_be_listed_through_the_api(openapi: dict[str, Any]) -> None:
    listed = [path for path in openapi["paths"] if path.startswith("/api/v1/imports/")]
    assert any(id_lists.collection_items(openapi, path) is not None for path in listed)


# --- one name, one schema ---------------------------------------------------------------------------


def schema_name_clashes(models: Iterable[Any]) -> dict[str, set[str]]:
    """Names shared by different pydantic classes among `models` and the classes they hold. The OpenAPI
    document keeps one component per name, so the second class's operations were documented with the
    first's shape (the members transfer body read as the rights one, both `TransferIn`)."""
    by_name: dict[str, set[str]] = defaultdict(set)
    seen: set[type] = set()

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
            seen.add(annotation)
            by_name[annotation.__name__].add(f"{annotation.__module__}.{annotation.__qualname__}")
            for field in annotation.model_fields.values():
                walk(field.annotation)
        for argument in get_args(annotation):
            walk(argument)

    for model in models:
        walk(model)
    return {name: classes for name, classes in by_name.items() if len(classes) > 1}


def _operation_models() -> Iterator[Any]:
    for _, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                yield from operation.models
                yield from (m for m in operation.response_models.values() if m is not None)


def test_no_two_schemas_of_the_api_share_a_name() -> None:
    assert schema_name_clashes(_operation_models()) == {}


def test_two_schemas_of_one_name_are_a_clash() -> None:
    first = type("TransferIn", (BaseModel,), {"__annotations__": {"org": int}, "__module__": "members"})
    second = type("TransferIn", (BaseModel,), {"__annotations__": {"reason": str}, "__module__": "rights"})
    holder = type("Holder", (BaseModel,), {"__annotations__": {"items": list[second]}})  # type: ignore[valid-type]
    assert set(schema_name_clashes([first, holder])) == {"TransferIn"}
