"""Pages of risk reports — being written (issue 6); each view is replaced by its page."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def risk_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def risk_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def risk_agenda(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def risk_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def risk_acknowledge(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def risk_follow_up(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def risk_close(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
