"""The one application-error hierarchy; middleware and the API map it to HTTP once."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action. `code` is stable for the API; `message` is for people."""

    code = "domain_error"
    status = 400
    message = "操作未能完成。"

    def __init__(self, message: str | None = None, *, field_errors: dict[str, list[str]] | None = None):
        self.message = message or self.message
        self.field_errors = field_errors or {}
        super().__init__(self.message)


class NotFound(DomainError):
    """Missing, or outside the user's scope: the two are indistinguishable on purpose."""

    code = "not_found"
    status = 404
    message = "未找到该记录。"


class PermissionDenied(DomainError):
    """Inside scope but not allowed for the user's role (e.g. a reviewer trying to write)."""

    code = "permission_denied"
    status = 403
    message = "您没有执行此操作的权限。"


class ValidationError(DomainError):
    code = "invalid"
    status = 400
    message = "提交的内容有误，请检查标出的字段。"


class Conflict(DomainError):
    code = "conflict"
    status = 409
    message = "当前状态不允许此操作。"
