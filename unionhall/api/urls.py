"""The versioned JSON API, assembled from each app's api.py; errors as {"code", "message"} once, here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from unionhall.api.auth import BearerToken, PageSession
from unionhall.api.errors import declare_errors
from unionhall.core.errors import DomainError


class ChineseJSONRenderer(JSONRenderer):
    """Chinese messages as readable UTF-8, not \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class UnionHallAPI(NinjaAPI):
    """The OpenAPI document also lists the error answers every operation may give (api/errors.py)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return declare_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = UnionHallAPI(
    renderer=ChineseJSONRenderer(),
    title="UnionHall 工会之家 API",
    version="1",
    description="工会之家平台接口。认证：`Authorization: Bearer <令牌>`（`manage.py create_api_token` 生成），或已登录页面的会话。"
    '错误统一为 JSON：`{"code": 稳定的英文代码, "message": 中文说明}`。',
    auth=[BearerToken(), PageSession()],
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str, **extra: object) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra = {"fields": exc.field_errors} if exc.field_errors else {}
    extra |= getattr(exc, "extra", {})
    return _error(request, exc.status, exc.code, exc.message, **extra)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", "未登录或令牌无效。")


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, "invalid_request", "请求参数不正确。", errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {404: "not_found", 403: "permission_denied", 405: "method_not_allowed", 429: "too_many_requests"}
    messages = {404: "未找到该记录。", 403: "您没有执行此操作的权限。"}
    return _error(
        request, exc.status_code, codes.get(exc.status_code, "error"), messages.get(exc.status_code, str(exc))
    )


def _add_app_routers() -> None:
    """Every app's `api.py` with a `router` joins the API; no app edits this file to appear."""
    import importlib
    import pkgutil

    import unionhall

    for module_info in sorted(pkgutil.iter_modules(unionhall.__path__), key=lambda m: m.name):
        if module_info.name == "api":
            continue
        try:
            module = importlib.import_module(f"unionhall.{module_info.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"unionhall.{module_info.name}.api":
                raise
            continue
        api.add_router("/", module.router)


_add_app_routers()
