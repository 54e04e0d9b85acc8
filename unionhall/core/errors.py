"""The one application-error hierarchy; middleware and the API map it to HTTP once.

A refusal of its own is declared in one line, `class CardLocked(Conflict, code="card_locked", status=423,
message="…")`: the stable code the API returns, the HTTP status (the parent's when left out) and the default
message shown to people.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused the action. `code` is stable for the API; `message` is for people."""

    code = "domain_error"
    status = 400
    message = "操作未能完成。"

    def __init_subclass__(cls, *, code: str = "", status: int = 0, message: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = code or cls.code
        cls.status = status or cls.status
        cls.message = message or cls.message

    def __init__(self, message: str | None = None, *, field_errors: dict[str, list[str]] | None = None):
        self.message = message or self.message
        self.field_errors = field_errors or {}
        super().__init__(self.message)


class NotFound(DomainError, code="not_found", status=404, message="未找到该记录。"):
    """Missing, or outside the user's scope: the two are indistinguishable on purpose."""


class PermissionDenied(DomainError, code="permission_denied", status=403, message="您没有执行此操作的权限。"):
    """Inside scope but not allowed for the user's role (e.g. a reviewer trying to write)."""


class ValidationError(DomainError, code="invalid", status=400, message="提交的内容有误，请检查标出的字段。"):
    """What was typed is wrong; `field_errors` says where, next to each field."""


class Conflict(DomainError, code="conflict", status=409, message="当前状态不允许此操作。"):
    """The input is fine but the record's state (or another record) does not allow the action now."""
