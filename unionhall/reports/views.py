"""Assistance report pages: the dashboard that drills down the tree, its Excel export, and the two printable
PDFs (帮扶审批表, 公示名单). Thin: parse, call access/selectors, render.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from unionhall.assistance import notice as hardship_notice
from unionhall.assistance.models import HardshipCause
from unionhall.core import versions
from unionhall.core.audit import PendingEvent, record
from unionhall.core.excel import write_workbook
from unionhall.core.lazy import once
from unionhall.core.money import yuan_display
from unionhall.documents.issuing import issue_pdf
from unionhall.funds.models import Fund
from unionhall.notices.public_list import list_context
from unionhall.orgs import access, drilldown
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.pickers import UnitPickerField, bind_pickers
from unionhall.reports import selectors
from unionhall.reports.selectors import Filters, Report, Row
from unionhall.reports.words import rmb_upper


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    fund = forms.ModelChoiceField(label="资金", queryset=Fund.objects.all(), required=False, empty_label="全部资金")
    # Which unit's report: picked by searching (the view goes to that unit's page), or drilled down to.
    unit = UnitPickerField(label="组织", cap=Cap.ASSISTANCE_VIEW)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, f"{y}年") for y in range(this, this - 6, -1)]


def _filters(request: HttpRequest, unit: OrgUnit | None = None) -> tuple[FilterForm, Filters]:
    data = request.GET.copy()
    if unit is not None and not data.get("unit"):
        data["unit"] = unit.code
    form = bind_pickers(FilterForm(data if request.GET else None), request.user)
    filters = Filters(year=timezone.localdate().year)
    if form.is_bound and form.is_valid():
        filters = Filters(year=form.cleaned_data["year"] or filters.year, fund=form.cleaned_data["fund"])
    elif not form.is_bound:
        form = bind_pickers(FilterForm(initial={"year": filters.year, "unit": unit.code if unit else ""}), request.user)
    return form, filters


def _picked(request: HttpRequest, form: FilterForm, filters: Filters, unit: OrgUnit | None) -> HttpResponse | None:
    """The page of the unit picked in the filter, when it is another one; a code out of reach is refused at
    the field and the page stays where it was."""
    code = (request.GET.get("unit") or "").strip()
    if not code or (unit is not None and code == unit.code):
        return None
    picked = org_selectors.org_by_code(request.user, code, Cap.ASSISTANCE_VIEW)
    if picked is None:
        form.add_error("unit", "在您的权限范围内没有这个编码的组织。")
        return None
    return redirect(reverse("reports:node", args=[picked.pk]) + "?" + _query(filters))


def _query(filters: Filters) -> str:
    q = f"year={filters.year}"
    return q + (f"&fund={filters.fund.pk}" if filters.fund else "")


def _record(request: HttpRequest, action: str, org: OrgUnit | None, **changes: Any) -> None:
    """Exports and printouts carry personal data out of the platform: each is audited."""
    event = PendingEvent(actor=request.user, action=action, org=org)
    event.changes = changes
    record(event, success=True)


# --- the dashboard ---------------------------------------------------------------------------------


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)


def _chart(report: Report, query: str) -> dict[str, Any]:
    """What the tables do not show: each month and each child beside the year before. The breakdowns by
    programme, archive and card are tables only; a chart of the same figures would repeat them."""
    year = report.filters.year
    return {
        "year": year,
        "months": [r.label for r in report.by_month],
        "approved": [_yuan(r.amount_fen) for r in report.by_month],
        "approved_before": [_yuan(r.amount_fen) for r in report.by_month_before],
        "children": [
            {
                "name": c.org.name,
                "url": reverse("reports:node", args=[c.org.pk]) + "?" + query,
                "yuan": _yuan(c.figures.money_fen),
                "before": _yuan(report.money_before.get(c.org.path, 0)),
            }
            for c in report.children
        ],
    }


def _node_page(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    form, filters = _filters(request, unit)
    jump = _picked(request, form, filters, unit)
    if jump is not None:
        return jump
    query = _query(filters)
    # The page's body is kept per user, unit and filters (dashboard.html); the report, its chart and the
    # notice count are read only when it is drawn, so that the body learns the report's topics.
    report = once(lambda: selectors.report(request.user, unit, filters))
    context = {
        "unit": unit,
        "report": report,
        "form": form,
        "query": query,
        "chart": once(lambda: _chart(report(), query)),
        "drill": drilldown.trail(request.user, unit, Cap.ASSISTANCE_VIEW, "reports:node", query),
        "in_notice": once(lambda: versions.count(selectors.notice_archives(request.user, unit))),
    }
    return render(request, "reports/dashboard.html", context)


def _roots_page(request: HttpRequest, roots: list[OrgUnit]) -> HttpResponse:
    """A user with several separate grants first chooses among them (the filters ride along)."""
    form, filters = _filters(request)
    jump = _picked(request, form, filters, None)
    if jump is not None:
        return jump
    totals = [(r, selectors.roll_up(request.user, r, filters)[2]) for r in roots]
    return render(request, "reports/roots.html", {"totals": totals, "form": form, "query": _query(filters)})


dashboard, node = drilldown.views(Cap.ASSISTANCE_VIEW, _node_page, _roots_page)


EXPORT_HEADERS = ["报表", "项目", "笔数/户数/张数/次数", "金额（元）", "已支付（元）", "受益人数"]


def _rows(table: str, rows: Iterable[Row], *, people: bool = False, paid: bool = False) -> list[list[Any]]:
    return [
        [
            table,
            r.label,
            r.count,
            _yuan(r.amount_fen),
            _yuan(r.paid_fen) if paid else None,
            r.people if people else None,
        ]
        for r in rows
    ]


def export_rows(report: Report) -> list[list[Any]]:
    """The dashboard's tables, one after another, in one sheet: the first column names the table."""
    unit = report.node
    out: list[list[Any]] = []
    for label, f in (
        *((c.org.name, c.figures) for c in report.children),
        (f"{unit.name}（本级直属）", report.own),
        (f"{unit.name}（合计）", report.total),
    ):
        out.append(["按组织·救助资金", label, f.disbursements, _yuan(f.money_fen), _yuan(f.paid_fen), f.beneficiaries])
    out += _rows("按项目·救助资金", report.by_programme, people=True)
    out += _rows("按月份·救助资金", report.by_month, paid=True)
    out += _rows("受益户·按困难类别", report.beneficiaries_by_category)
    out += _rows("困难档案·按状态", report.archives_by_status)
    out += _rows("困难档案·按困难类别", report.archives_by_category)
    out += _rows("帮扶卡余额·按卡种", report.cards_by_type)
    out += _rows("十送·按类别", report.deliveries_by_kind, people=True)
    return out


@require_GET
@login_required
def node_export(request: HttpRequest, pk: int) -> FileResponse:
    unit = access.org_for_user_or_404(request.user, pk, Cap.ASSISTANCE_VIEW)
    _, filters = _filters(request)
    report = selectors.report(request.user, unit, filters)
    name = f"帮扶报表_{unit.code}_{filters.year}"
    out = write_workbook(EXPORT_HEADERS, export_rows(report), sheet="帮扶报表")
    _record(request, "reports.export", unit, year=filters.year, fund=filters.fund.pk if filters.fund else None)
    return FileResponse(out, as_attachment=True, filename=f"{name}_{timezone.localdate():%Y%m%d}.xlsx")


# --- the PDFs --------------------------------------------------------------------------------------


def causes_text(causes: Iterable[str]) -> str:
    labels = dict(HardshipCause.choices)
    return "、".join(labels.get(c, c) for c in causes)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "private, no-store"
    return response


def approval_context(d: Any) -> dict[str, Any]:
    f = d.file
    return {
        "d": d,
        "file": f,
        "household": list(f.household.all()),
        "causes": causes_text(f.causes),
        "amount": yuan_display(d.amount_fen),
        "amount_upper": rmb_upper(d.amount_fen),
        "income": yuan_display(f.monthly_income_fen),
        "per_capita": yuan_display(f.per_capita_fen),
        "approvals": list(d.approvals.select_related("approver").order_by("at", "id")),
        # Always masked on paper, whoever prints it: a form is filed, copied and passed around.
        "bank_account": d.bank_account_masked or f.bank_account_masked,
        "printed_on": timezone.localdate(),
    }


@require_GET
@login_required
def approval_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.disbursement_for_user_or_404(request.user, pk)
    content, issued = issue_pdf(
        request,
        "reports/approval_pdf.html",
        approval_context(d),
        kind="reports.approval",
        title="困难职工帮扶审批表",
        org=d.org,
    )
    _record(request, "reports.approval_pdf", d.org, disbursement=d.pk, serial=issued.serial)
    return _pdf_response(content, f"approval-{d.no}.pdf")


def notice_context(user: Any, unit: OrgUnit) -> dict[str, Any]:
    """The archives' 公示名单 as the public notice component lays it out (unionhall/notices)."""
    return list_context(hardship_notice.KEY, user, unit)


@require_GET
@login_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.org_for_user_or_404(request.user, pk, Cap.ASSISTANCE_VIEW)
    content, issued = issue_pdf(
        request,
        "notices/notice_pdf.html",
        notice_context(request.user, unit),
        kind="reports.notice",
        title="困难职工帮扶公示名单",
        org=unit,
    )
    _record(request, "reports.notice_pdf", unit, serial=issued.serial)
    return _pdf_response(content, f"notice-{unit.code}.pdf")
