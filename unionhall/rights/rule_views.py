"""The page of the city's time limits — being written (issue 6); each view is replaced by its page."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def rules_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
