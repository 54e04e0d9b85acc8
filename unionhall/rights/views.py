"""Pages of rights cases and risk reports — being written (issue 6); each view is replaced by its page."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def case_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_export(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def overdue(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_transition(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_assign(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_transfer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_share(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_unshare(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def mediation_add(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def legal_aid(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def note_add(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def attachment_upload(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def attachment_download(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def case_rate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
