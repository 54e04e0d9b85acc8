"""Request-wide plumbing: the client address for audit, and domain errors turned into pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from unionhall.core import request_context, versions
from unionhall.core.errors import DomainError


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip_token = request_context.client_address.set(request_context.client_ip(request.META))
        via_token = request_context.via.set("api" if request.path.startswith("/api/") else "web")
        versions_token = versions.begin_request(request.method or "")
        try:
            return self.get_response(request)
        finally:
            versions.end_request(versions_token)
            request_context.client_address.reset(ip_token)
            request_context.via.reset(via_token)


class DomainErrorMiddleware:
    """A DomainError escaping a view becomes the error page with its status (404 looks like any 404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            template = "404.html" if exception.status == 404 else "error.html"
            return render(request, template, {"error": exception}, status=exception.status)
        return None
