"""The API's one error body, and the error answers every operation documents.

Every error under /api/v1/ is `{"code", "message"}` (unionhall/api/urls.py renders them once). The answers
that come from the API's own rules rather than from one route are declared here for every operation, so
the OpenAPI document tells a client what it may get back: 401 (no or a bad token), 404 (missing, or outside
the caller's scope: the same answer), 422 (a parameter or body of the wrong shape); and on writes, what the
services refuse: 400 (field errors), 403 (in sight but not the caller's role), 409 (not in this state). A
route declares any other answer itself (the card till's 423), with `ErrorOut`.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from typing import Any

from ninja import Field, Schema

COMPONENT = "ErrorOut"


class ErrorOut(Schema):
    code: str = Field(description="稳定的英文代码，如 not_found、invalid、conflict、unauthorized、invalid_request")
    message: str = Field(description="中文说明")
    fields: dict[str, list[str]] | None = Field(None, description="invalid：按字段的中文错误")
    errors: list[dict[str, Any]] | None = Field(None, description="invalid_request：不符合接口定义的参数")


EVERY_OPERATION = {
    401: "未登录或令牌无效（unauthorized）",
    404: "未找到，或不在您的权限范围内（not_found）",
    422: "参数或请求体不符合接口定义（invalid_request）",
}
WRITES = {
    400: "提交的内容有误，按字段说明（invalid）",
    403: "在您的范围内，但您的角色不能执行此操作（permission_denied）",
    409: "当前状态不允许此操作（conflict）",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def declare_errors(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error answers to every operation of an OpenAPI document (in place; a route's own
    declaration of a status wins)."""
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(COMPONENT, ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{COMPONENT}"}}}
    for operations in openapi.get("paths", {}).values():
        for method, operation in operations.items():
            errors = EVERY_OPERATION | (WRITES if method in WRITE_METHODS else {})
            responses = operation.setdefault("responses", {})
            for status, description in sorted(errors.items()):
                responses.setdefault(status, {"description": description, "content": body})
    return openapi
