"""The console's own pages: the home page (the user's units with their figures, and the 待办 panel every app
fills) and the audit log. They sit on the top floor because they read every module's work."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from unionhall.core.audit_labels import actions_labelled
from unionhall.core.errors import NotFound
from unionhall.core.models import AuditEvent
from unionhall.core.paging import paginate, query_without_page
from unionhall.orgs import access, selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Role
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.pickers import UnitPickerField, bind_pickers

# A user whose only roles face outward starts on their own pages, not on the staff home they cannot use.
OWN_START_PAGE: dict[str, str] = {
    Role.WORKER: "worker_portal:home",
    Role.MERCHANT: "cards:redeem",
    Role.DEPARTMENT_LIAISON: "supervision:liaison_home",
}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = access.roles_of(request.user)
    if len(roles) == 1 and (start := OWN_START_PAGE.get(next(iter(roles)))):
        return redirect(start)
    roots = access.visible_roots(request.user)
    summaries = [
        (counts, figures(request.user, counts))
        for counts in (selectors.org_counts(request.user, u) for u in roots[:10])
    ]
    return render(request, "console/home.html", {"summaries": summaries, "todo": waiting_work(request.user)})


def figures(user: Any, s: selectors.OrgCounts) -> list[dict[str, Any]]:
    """The unit's figures, each linking to the list it counts narrowed to the unit's subtree, where the user
    may open that list (the system admin sees the tree's shape but no employer or member list)."""
    code = urlencode({"org": s.unit.code})
    within = urlencode({"level": "grassroots", "within": s.unit.code})
    rows: list[tuple[int, str, str, Cap]] = [
        (s.units_in_subtree, "下属组织", reverse("orgs:detail", args=[s.unit.pk]), Cap.ORG_VIEW),
        (s.grassroots_in_subtree, "基层工会", f"{reverse('orgs:tree')}?{within}", Cap.ORG_VIEW),
        (s.employers, "用人单位", f"{reverse('orgs:employers')}?{code}", Cap.EMPLOYER_VIEW),
        (s.employers_covered, "已建会单位", f"{reverse('orgs:employers')}?{code}&covered=yes", Cap.EMPLOYER_VIEW),
        (s.members, "会员", f"{reverse('members:list')}?{code}&status=open", Cap.MEMBER_VIEW),
        (s.overdue_elections, "届满未换届", f"{reverse('coverage:elections')}?{code}", Cap.COVERAGE_VIEW),
    ]
    return [
        {
            "count": count,
            "label": label,
            "url": url if access.reach(user, cap).covers(s.unit.path) else "",
            "warn": label == "届满未换届" and count > 0,
        }
        for count, label, url, cap in rows
    ]


def waiting_work(user: Any) -> list[dict[str, Any]]:
    """The 待办 panel: each app whose AppConfig names a `todo` function says what waits for this user
    there (label, count, link); core knows no module's rules."""
    items: list[dict[str, Any]] = []
    for config in apps.get_app_configs():
        if path := getattr(config, "todo", None):
            items.extend(import_string(path)(user))
    return items


class AuditFilterForm(forms.Form):
    action = forms.CharField(label="操作", required=False)
    actor = forms.CharField(label="操作人", required=False)
    org = UnitPickerField(label="组织（含下级）", cap=Cap.AUDIT_VIEW)
    success = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), ("1", "成功"), ("0", "失败/拒绝")])
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@require_GET
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not access.has_cap_anywhere(request.user, Cap.AUDIT_VIEW):
        raise NotFound()
    qs = access.scope_paths(request.user, Cap.AUDIT_VIEW, AuditEvent.objects.all(), "org_path")
    form = bind_pickers(AuditFilterForm(request.GET or None), request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            # by code (its start) or by its Chinese label (any part of it)
            term = data["action"].strip()
            qs = qs.filter(Q(action__startswith=term) | Q(action__in=actions_labelled(term)))
        if data["actor"]:
            who = data["actor"].strip()
            qs = qs.filter(Q(actor_name__icontains=who) | Q(actor__display_name__icontains=who))
        if data["org"]:
            unit = selectors.org_by_code(request.user, data["org"], Cap.AUDIT_VIEW)
            if unit is None:
                form.add_error("org", "在您的权限范围内没有这个编码的组织。")
                qs = qs.none()
            else:
                qs = qs.filter(org_path__startswith=unit.path)
        if data["success"] in ("0", "1"):
            qs = qs.filter(success=data["success"] == "1")
        tz = timezone.get_current_timezone()
        if data["since"]:
            qs = qs.filter(at__gte=datetime.combine(data["since"], time.min, tzinfo=tz))
        if data["until"]:
            qs = qs.filter(at__lte=datetime.combine(data["until"], time.max, tzinfo=tz))
    page = paginate(request, qs.select_related("org", "actor").prefetch_related(grants_prefetch("actor__grants")))
    return render(
        request, "console/audit_list.html", {"form": form, "page": page, "query": query_without_page(request)}
    )
