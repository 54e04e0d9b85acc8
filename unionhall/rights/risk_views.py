"""Pages of the 四个第一人 early warning: the list of risk reports in sight (filters, late acknowledgements,
Excel), reporting a risk, a report's detail with its timeline and the buttons the user may use
(acknowledge and close by the upper federation, follow-up by the reporting side too), and the joint
meeting's agenda of open orange and red reports. Thin: parse, call access/selectors/services, render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.core.audit import record_refusal
from unionhall.core.errors import Conflict, PermissionDenied, ValidationError
from unionhall.core.forms import add_further_errors, apply_domain_error
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.money import yuan
from unionhall.core.paging import sortable
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.pickers import bind_pickers
from unionhall.rights import risk_services, risk_workflow, routing, selectors
from unionhall.rights.models import RiskFollowUp, RiskLevel, RiskReport, RiskStatus
from unionhall.rights.risk_forms import OPEN_STATUS, NoteForm, ResolutionForm, RiskFilterForm, RiskReportForm
from unionhall.workflow import kernel

# Who may open the risk pages at all: who reads rights (reviewers, unions, federations) and who files
# reports (information officers); everyone else gets 404, as for a page that does not exist.
SIGHT = (Cap.RIGHTS_VIEW, Cap.RISK_REPORT)
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def _refuse(request: HttpRequest, action: str, report: RiskReport) -> PermissionDenied:
    """The user sees the report but may not do this: 403, recorded like every refusal."""
    record_refusal(
        actor=request.user, action=action, org=report.org, obj=report, reason="permission_denied: 无权办理该预警"
    )
    return PermissionDenied()


class Allowed:
    """What the user may do with one report: acknowledge and close at the upper federation, follow up from
    the reporting side (risk.report over the report's unit) or the upper federation."""

    def __init__(self, user: Any, report: RiskReport) -> None:
        self.upper = routing.upper_federation(report.org)
        upper = access.reach(user, Cap.RISK_ACKNOWLEDGE).covers(self.upper.path)
        reporting = access.reach(user, Cap.RISK_REPORT).covers(report.org.path)
        self.acknowledge_any = upper
        self.follow_up_any = upper or reporting
        # The buttons: the steps the report's table offers this user now.
        offered = {t.name for t in kernel.available(report, user, risk_workflow.TABLE)}
        self.acknowledge = "acknowledge" in offered
        self.follow_up = "follow_up" in offered
        self.close = "close" in offered


# --- the list --------------------------------------------------------------------------------------


def _unit(user: Any, code: str) -> OrgUnit | None:
    """A unit in sight by its code, for either capability that opens the risk pages."""
    for cap in SIGHT:
        unit = org_selectors.org_by_code(user, code, cap)
        if unit is not None:
            return unit
    return None


def _filtered(request: HttpRequest) -> tuple[RiskFilterForm, QuerySet[RiskReport]]:
    form = bind_pickers(RiskFilterForm(request.GET or None), request.user)
    form.fields["org"].cap = next(c for c in (*SIGHT, Cap.RIGHTS_VIEW) if access.has_cap_anywhere(request.user, c))  # type: ignore[attr-defined]
    qs = selectors.risks_for(request.user)
    if not form.is_valid():
        return form, qs
    data = form.cleaned_data
    if data["status"] == OPEN_STATUS:
        qs = selectors.open_risks(qs)
    elif data["status"]:
        qs = qs.filter(status=data["status"])
    if data["level"]:
        qs = qs.filter(level=data["level"])
    if data["kind"]:
        qs = qs.filter(kind=data["kind"])
    if data["late"]:
        qs = selectors.unacknowledged_late(qs)
    code = (data["org"] or "").strip()
    if code:
        unit = _unit(request.user, code)
        if unit is None:
            form.add_error("org", "在您的权限范围内没有这个编码的工会。")
            return form, qs.none()
        qs = qs.filter(org__path__startswith=unit.path)
    return form, qs


def _late(report: RiskReport, now: Any) -> bool:
    if report.acknowledged_at is not None:
        return report.acknowledged_at > report.ack_due_at
    return report.status == RiskStatus.REPORTED and report.ack_due_at < now


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _risk_columns(now: Any) -> list[Column]:
    return [
        ("编号", lambda r: r.no),
        ("报告工会", lambda r: r.org.name),
        ("用人单位", lambda r: r.employer.name if r.employer else ""),
        ("风险类型", lambda r: r.get_kind_display()),
        ("预警级别", lambda r: r.get_level_display()),
        ("涉及人数", lambda r: r.affected_count),
        ("涉及金额（元）", lambda r: yuan(r.amount_fen)),
        ("状态", lambda r: r.get_status_display()),
        ("报告时间", lambda r: _local(r.reported_at)),
        ("签收期限", lambda r: _local(r.ack_due_at)),
        ("签收时间", lambda r: _local(r.acknowledged_at)),
        ("签收是否超时", lambda r: "是" if _late(r, now) else "否"),
        ("化解时间", lambda r: _local(r.closed_at)),
        ("情况", lambda r: r.description),
        ("处置结果", lambda r: r.resolution),
    ]


def _counts(request: HttpRequest, page: Any) -> dict[str, Any]:
    mine = selectors.risks_for(request.user)
    return {
        "now": timezone.now(),
        "late_count": selectors.unacknowledged_late(mine).count(),
        "open_count": selectors.open_risks(mine).count(),
        "can_create": access.has_cap_anywhere(request.user, Cap.RISK_REPORT),
        "can_read_rules": access.has_cap_anywhere(request.user, Cap.RIGHTS_VIEW),
    }


RISKS = ListPage(
    guard=access.needs(*SIGHT),
    rows=_filtered,
    sorts=sortable(
        "no",
        "status",
        org="org__path",
        affected="affected_count",
        amount="amount_fen",
        reported="reported_at",
        ack_due="ack_due_at",
    ),
    template="rights/risk_list.html",
    more=_counts,
    export=Export(
        name="风险预警",
        action="risk_report.export",
        columns=_risk_columns,
    ),
)
risk_list = list_view(RISKS)
risk_export = export_view(RISKS)


# --- reporting a risk ------------------------------------------------------------------------------


def _report_form(request: HttpRequest) -> RiskReportForm:
    # One grant (an information officer's union): its unit, the first by path, is the likely one.
    roots = access.reach(request.user, Cap.RISK_REPORT).paths
    first = OrgUnit.objects.filter(path__in=roots, status=OrgStatus.ACTIVE).first() if len(roots) == 1 else None
    initial = {"org": first.code} if first else {}
    return bind_pickers(RiskReportForm(request.POST or None, initial=initial), request.user)


def _employer(request: HttpRequest, form: forms.Form) -> tuple[bool, Employer | None]:
    """The employer named by its credit code or its full name, among those the user may see."""
    text = (form.cleaned_data.get("employer") or "").strip()
    if not text:
        return True, None
    qs = access.scope_queryset(request.user, Cap.EMPLOYER_VIEW, Employer.objects.all(), access.EMPLOYER_SCOPE)
    found = list(qs.filter(uscc=text.upper()) if USCC.match(text.upper()) else qs.filter(name=text)[:2])
    if len(found) == 1:
        return True, found[0]
    if found:
        form.add_error("employer", "有多个同名单位，请填写统一社会信用代码。")
    else:
        form.add_error("employer", "在您的权限范围内没有这个单位；请核对名称或统一社会信用代码，也可不填。")
    return False, None


@require_http_methods(["GET", "POST"])
@login_required
def risk_create(request: HttpRequest) -> HttpResponse:
    # a reviewer reads reports but files none: 403
    access.require_cap_anywhere(request.user, Cap.RISK_REPORT, seen=Cap.RIGHTS_VIEW)
    form = _report_form(request)
    if form.is_bound:  # a POST with no fields leaves the form unbound: shown again as it was
        # Every error of the submit at once: the form's, the employer look-up, and the service's check.
        form.is_valid()
        data = form.cleaned_data
        org = data.get("org")
        known, employer = _employer(request, form)
        fields = ("kind", "level", "description", "affected_count", "amount")
        if form.errors:  # else the service refuses what its check finds, audited as before
            add_further_errors(form, risk_services.report_problems(**{k: data.get(k) or "" for k in fields}))
        elif org is not None and known:
            try:
                report = risk_services.risk_report_file(
                    actor=request.user,
                    org=org,
                    employer=employer,
                    **{k: data[k] for k in fields},
                )
            except (Conflict, ValidationError) as e:
                apply_domain_error(form, e)
            else:
                due = timezone.localtime(report.ack_due_at)
                upper = routing.upper_federation(org)
                messages.success(
                    request, f"已报告预警 {report.no}，已通知{upper.name}，须于 {due:%m月%d日 %H:%M} 前签收。"
                )
                return redirect("rights:risk_detail", pk=report.pk)
    return render(request, "rights/risk_form.html", {"form": form})


# --- one report ------------------------------------------------------------------------------------


def _timeline(report: RiskReport, follow_ups: list[RiskFollowUp]) -> list[dict[str, Any]]:
    """What happened to the report, oldest first: reported, acknowledged, overdue, follow-ups, closed."""
    items: list[dict[str, Any]] = [
        {"at": report.reported_at, "label": "报告", "text": report.description, "by": report.reported_by}
    ]
    if report.ack_overdue_at:
        items.append({"at": report.ack_overdue_at, "label": "超时未签收，已督办", "text": "", "by": None})
    if report.acknowledged_at:
        late = "（超时签收）" if report.acknowledged_at > report.ack_due_at else ""
        items.append({"at": report.acknowledged_at, "label": f"签收{late}", "text": "", "by": report.acknowledged_by})
    items += [{"at": f.at, "label": "跟踪处置", "text": f.note, "by": f.by} for f in follow_ups]
    if report.closed_at:
        items.append({"at": report.closed_at, "label": "化解销号", "text": report.resolution, "by": None})
    return sorted(items, key=lambda item: item["at"])


@require_GET
@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.risk_for_user_or_404(request.user, pk)
    follow_ups = list(report.follow_ups.select_related("by").prefetch_related(grants_prefetch("by__grants")))
    now = timezone.now()
    context = {
        "report": report,
        "allowed": Allowed(request.user, report),
        "timeline": _timeline(report, follow_ups),
        "late": report.status == RiskStatus.REPORTED and report.ack_due_at < now,
        "late_ack": report.acknowledged_at is not None and report.acknowledged_at > report.ack_due_at,
        "now": now,
    }
    return render(request, "rights/risk_detail.html", context)


@require_POST
@login_required
def risk_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.risk_for_user_or_404(request.user, pk)
    if not Allowed(request.user, report).acknowledge_any:
        raise _refuse(request, "risk.acknowledge", report)

    def said(done: RiskReport) -> str:
        late = done.acknowledged_at is not None and done.acknowledged_at > done.ack_due_at
        return f"已签收预警 {done.no}" + ("（已超过签收期限）。" if late else "。")

    return actions.press(
        request,
        lambda: risk_services.risk_acknowledge(actor=request.user, report=report),
        success=said,
        to=_report_url(report),
        refusals=(Conflict,),
    )


def _report_url(report: RiskReport) -> str:
    return reverse("rights:risk_detail", kwargs={"pk": report.pk})


def _open_report(request: HttpRequest, pk: int, may: str, action: str, closed: str) -> RiskReport | HttpResponse:
    """The report a follow-up or closing form works on: 404 out of sight, 403 (recorded as `action`) unless
    the user `may`; once the report is closed, back to it with `closed` said."""
    report = selectors.risk_for_user_or_404(request.user, pk)
    if not getattr(Allowed(request.user, report), may):
        raise _refuse(request, action, report)
    if report.status not in risk_services.OPEN:
        messages.error(request, closed)
        return redirect(_report_url(report))
    return report


def _action(
    request: HttpRequest,
    report: RiskReport,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    done: str,
    *,
    title: str,
    button: str,
) -> HttpResponse:
    """A follow-up or closing form: on a valid post run `save` and go back to the report with `done`; a
    domain error shows next to the field, a conflict (the report changed meanwhile) on the report."""
    answered = actions.submit(
        request, form, save, success=done, to=_report_url(report), conflict_to=_report_url(report)
    )
    return answered or render(
        request, "rights/risk_action.html", {"report": report, "form": form, "title": title, "button": button}
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    report = _open_report(request, pk, "follow_up_any", "risk.follow_up", "预警已化解，不能再添加跟踪记录。")
    if isinstance(report, HttpResponse):
        return report
    form = NoteForm(request.POST or None)
    return _action(
        request,
        report,
        form,
        lambda d: risk_services.risk_follow_up(actor=request.user, report=report, note=d["note"]),
        "跟踪记录已保存。",
        title="添加跟踪处置记录",
        button="保存",
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_close(request: HttpRequest, pk: int) -> HttpResponse:
    report = _open_report(request, pk, "acknowledge_any", "risk.close", "预警已化解。")
    if isinstance(report, HttpResponse):
        return report
    form = ResolutionForm(request.POST or None)
    return _action(
        request,
        report,
        form,
        lambda d: risk_services.risk_close(actor=request.user, report=report, resolution=d["resolution"]),
        f"预警 {report.no} 已化解销号。",
        title="化解销号",
        button="确认化解",
    )


# --- the joint meeting's agenda --------------------------------------------------------------------

AGENDA_LEVELS = (RiskLevel.RED, RiskLevel.ORANGE)


@require_GET
@login_required
def risk_agenda(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, *SIGHT)
    latest = Prefetch("follow_ups", queryset=RiskFollowUp.objects.order_by("id"))
    reports = list(selectors.agenda_risks(request.user).prefetch_related(latest)[:500])
    now = timezone.now()
    groups = []
    for level in AGENDA_LEVELS:
        rows = []
        for r in reports:
            if r.level == level:
                follow_ups = list(r.follow_ups.all())
                rows.append({"report": r, "latest": follow_ups[-1] if follow_ups else None})
        groups.append({"level": level.value, "label": level.label, "rows": rows})
    context = {
        "groups": groups,
        "total": len(reports),
        "now": now,
        "affected": sum(r.affected_count for r in reports),
        "amount_fen": sum(r.amount_fen for r in reports),
    }
    return render(request, "rights/risk_agenda.html", context)
