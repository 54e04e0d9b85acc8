"""Under /api/, even Django's own 404 and 405 answers are JSON with a stable code and a Chinese message."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

FALLBACK = {
    404: ("not_found", "未找到该记录。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    500: ("server_error", "服务器内部错误，请稍后再试。"),
}


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in FALLBACK
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = FALLBACK[response.status_code]
            body = json.dumps({"code": code, "message": message}, ensure_ascii=False)
            replacement = HttpResponse(
                body, status=response.status_code, content_type="application/json; charset=utf-8"
            )
            if "Allow" in response:
                replacement["Allow"] = response["Allow"]
            return replacement
        return response
