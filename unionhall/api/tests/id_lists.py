"""Every id an operation takes can be found through the API: the rule, read off the OpenAPI document.

An integrator who must send `programme: 7` has to learn 7 somewhere other than the database. So for every
operation, every id-typed input — each path parameter, and each query or body field that names another
record (`*_id`, a name in ID_LISTS, or an integer described as an "id") — must name a list route: a GET
whose answer is a collection (a list, or a page of `items`) of records that carry that id in a field of
the same type.

A path parameter is found by the collection its path starts with (`/members/transfers/{request_id}` by
`/members/transfers/`); where there is none (`/coverage/{org_id}`), and for every query and body field,
ID_LISTS says which list finds it and in which field. An id-typed input this table does not know fails,
so a new one is either given a list route or named here.
"""

from __future__ import annotations

import re
from typing import Any

PREFIX = "/api/v1"

# Input name → (the list route that finds it, the fields of its items that carry it: an id or a code).
ID_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "org": ("/orgs/", ("id", "code")),  # by id, or by code (the 十送 log filters by code)
    "org_id": ("/orgs/", ("id",)),
    "parent": ("/orgs/", ("id",)),
    "union": ("/orgs/", ("id",)),
    "employer": ("/employers/", ("id",)),
    "employer_id": ("/employers/", ("id",)),
    "member_id": ("/members/", ("id",)),
    "person": ("/members/", ("person",)),  # a worker (人员) is found as a member
    "archive": ("/assistance/archives/", ("id", "no")),
    "archive_id": ("/assistance/archives/", ("id",)),
    "programme": ("/assistance/programmes/", ("id",)),
    "budget": ("/assistance/budgets/", ("id",)),
    "budget_id": ("/assistance/budgets/", ("id",)),
    "fund": ("/assistance/funds/", ("id", "code")),
    "card_type": ("/assistance/card-types/", ("id",)),
    "number": ("/assistance/cards/", ("number",)),
    "handler": ("/rights/handlers/", ("id",)),
    "share": ("/rights/cases/{case_id}/shares/", ("id",)),
    "line": ("/responsibility/lines/", ("code",)),  # a line of work, by its code
    "department": ("/supervision/departments/", ("id",)),  # a joint meeting's member department (督办)
    "meeting_id": ("/meetings/", ("id",)),
    "resolution_id": ("/resolutions/", ("id",)),
    "competition_id": ("/competitions/", ("id",)),
    "participant": ("/competitions/{competition_id}/participants/", ("id",)),
    "indicator": ("/competitions/{competition_id}/indicators/", ("id",)),
    "period": ("/competitions/{competition_id}/stages/", ("id",)),
}

ID_DESCRIPTION = re.compile(r"(?<![A-Za-z])id(?![A-Za-z])")
# Fields that look like ids to the description rule but are not: none yet. Add with the reason.
NOT_IDS: set[str] = set()


def _resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    # `int | None` is anyOf [integer, null]: the id's type is the non-null one.
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1 and "type" not in schema:
        return {**schema, **_resolve(openapi, options[0])}
    return schema


def _type(openapi: dict[str, Any], schema: dict[str, Any]) -> str:
    return str(_resolve(openapi, schema).get("type", ""))


def id_inputs(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """Every id-typed input of every operation: where it is, its name and its type."""
    found = []
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            fields: list[tuple[str, str, dict[str, Any]]] = [
                (p["in"], p["name"], p.get("schema", {}))
                for p in operation.get("parameters", [])
                if p["in"] in ("path", "query")
            ]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if body:
                properties = _resolve(openapi, body["schema"]).get("properties", {})
                fields += [("body", name, schema) for name, schema in properties.items()]
            for where, name, schema in fields:
                kind = _type(openapi, schema)
                described = str(_resolve(openapi, schema).get("description", ""))
                is_id = (
                    where == "path"
                    or name.endswith("_id")
                    or name in ID_LISTS
                    or (kind == "integer" and bool(ID_DESCRIPTION.search(described)))
                )
                if is_id and name not in NOT_IDS:
                    found.append(
                        {"operation": f"{method.upper()} {path}", "path": path, "in": where, "name": name, "type": kind}
                    )
    return found


def collection_items(openapi: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The item schema of the GET at `path` when it answers a collection (a list, or a page of `items`)."""
    operation = openapi.get("paths", {}).get(path, {}).get("get")
    if operation is None:
        return None
    responses = operation.get("responses", {})
    ok = responses.get("200", responses.get(200, {}))  # keys are ints until the document is JSON
    content = ok.get("content", {}).get("application/json", {})
    answer = _resolve(openapi, content.get("schema", {}))
    if answer.get("type") == "object" and "items" in answer.get("properties", {}):
        answer = _resolve(openapi, answer["properties"]["items"])
    if answer.get("type") != "array":
        return None
    return _resolve(openapi, answer.get("items", {}))


def _carries(openapi: dict[str, Any], item: dict[str, Any], fields: tuple[str, ...], kind: str) -> bool:
    properties = item.get("properties", {})
    return any(name in properties and _type(openapi, properties[name]) == kind for name in fields)


def orphan_ids(openapi: dict[str, Any]) -> list[str]:
    """What breaks the rule, one sentence each; empty when every id can be found through a list route."""
    problems = []
    for found in id_inputs(openapi):
        name, kind, where = found["name"], found["type"], found["in"]
        candidates: list[tuple[str, tuple[str, ...]]] = []
        if where == "path":
            collection = found["path"].split("{" + name + "}", 1)[0]
            candidates.append((collection, ("id",) if kind == "integer" else (name,)))
        if name in ID_LISTS:
            route, fields = ID_LISTS[name]
            candidates.append((PREFIX + route, fields))
        if not candidates:
            problems.append(
                f"{found['operation']}: {where} {name} looks like an id but names no list route (add it to ID_LISTS)"
            )
            continue
        listed = False
        for route, fields in candidates:
            item = collection_items(openapi, route)
            if item is not None and _carries(openapi, item, fields, kind):
                listed = True
                break
        if not listed:
            routes = " or ".join(f"GET {route} (items with {'/'.join(fields)})" for route, fields in candidates)
            problems.append(f"{found['operation']}: {where} {name} ({kind}) cannot be found: no {routes}")
    return problems
