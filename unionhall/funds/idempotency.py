"""`Idempotency-Key` on API POSTs that move money: the first answer is kept and replayed to repeats.

A handler decorated with `@idempotent` returns `(status, json-ready dict)`. With the header, the key is
claimed by inserting an `IdempotencyRecord` inside the same transaction as the service's write: a
concurrent repeat blocks on the key's unique index until the first commits, then reads and replays its
answer — so a payment is made once however often, and however concurrently, a client retries. A repeat
with a different body is refused (422). A refused request (a `DomainError`) stores no answer: after fixing
the cause the client may retry with the same key.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from unionhall.core.errors import DomainError, ValidationError
from unionhall.funds.models import IdempotencyRecord

HEADER = "Idempotency-Key"


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422
    message = "该 Idempotency-Key 已用于另一个不同的请求。"


def _json(status: int, body: Any, *, replayed: bool = False) -> HttpResponse:
    response = JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() if request.method else b"")
    digest.update(request.path.encode())
    digest.update(b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def idempotent(view: Callable[..., tuple[int, Any]]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return _json(*view(request, *args, **kwargs))
        if len(key) > 100:
            raise ValidationError(field_errors={HEADER: ["Idempotency-Key 最长 100 个字符。"]})
        fingerprint = _fingerprint(request)
        user: Any = request.user  # authenticated: the API's auth ran before the handler
        refused: DomainError | None = None
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint)
            except IntegrityError:
                record = IdempotencyRecord.objects.select_for_update().get(user=user, key=key)
            if record.fingerprint != fingerprint:
                raise IdempotencyKeyReused()
            if record.status_code is not None:
                return _json(record.status_code, record.response, replayed=True)
            try:
                status, body = view(request, *args, **kwargs)
            except DomainError as error:
                # The service rolled its own work back and recorded its failure event; keep that event
                # (commit) but no answer, so the key may be used again once the cause is fixed.
                refused = error
            else:
                record.status_code, record.response = status, body
                record.save(update_fields=["status_code", "response"])
                return _json(status, body)
        raise refused

    return wrapper
