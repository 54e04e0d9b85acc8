"""The pickers' search endpoints (orgs/pickers.py): JSON for the Tom Select in static/js/unionhall.js.

`?cap=` names the capability of the page that asks (the member list asks for member.view): the answer holds
only units, or employers, in the user's reach for it. Who sees no tree at all, or does not hold `cap`
anywhere, is answered 404, as every page of the tree answers them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from unionhall.core.errors import NotFound
from unionhall.orgs import access, pickers
from unionhall.orgs.access import Cap


def _cap(request: HttpRequest, default: Cap, needs: Cap) -> Cap:
    try:
        cap = Cap(request.GET.get("cap") or default)
    except ValueError:
        raise NotFound() from None
    if not (access.has_cap_anywhere(request.user, needs) and access.has_cap_anywhere(request.user, cap)):
        raise NotFound()
    return cap


@require_GET
@login_required
def pick_units(request: HttpRequest) -> JsonResponse:
    cap = _cap(request, Cap.ORG_VIEW, Cap.ORG_VIEW)
    q = request.GET.get("q", "")[:60]
    return JsonResponse({"items": pickers.unit_choices(request.user, cap, q), "tree": not q.strip()})


@require_GET
@login_required
def pick_employers(request: HttpRequest) -> JsonResponse:
    cap = _cap(request, Cap.EMPLOYER_VIEW, Cap.EMPLOYER_VIEW)
    q = request.GET.get("q", "")[:60]
    return JsonResponse({"items": pickers.employer_choices(request.user, cap, q)})
