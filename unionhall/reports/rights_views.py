"""The rights dashboard (维权统计): open and overdue cases down the tree, by handler, category trends, wages
recovered, satisfaction, employers and risk reports, with each figure linked to the filtered case list and
an Excel export. Thin: parse, call access/rights_selectors, render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from unionhall.core.excel import write_workbook
from unionhall.core.lazy import once
from unionhall.orgs import access, drilldown
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.reports import rights_selectors as selectors
from unionhall.reports.rights_selectors import CaseFigures, Line, RightsReport
from unionhall.reports.views import _record


def case_list(**params: Any) -> str:
    """The case list filtered by the given parameters (status, category, org, handler, overdue)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("rights:case_list") + (f"?{query}" if query else "")


def risk_list(**params: Any) -> str:
    """The risk report list filtered by the given parameters (org code, status, level, late)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("rights:risk_list") + (f"?{query}" if query else "")


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)


def _org_links(org: OrgUnit) -> dict[str, str]:
    return {
        "open": case_list(status="open", org=org.pk),
        "overdue": case_list(overdue=1, org=org.pk),
        "closed": case_list(status="closed", org=org.pk),
        "cases": case_list(org=org.pk),
        "risks": risk_list(org=org.code, status="open"),
    }


def _chart(report: RightsReport) -> dict[str, Any]:
    """What the tables do not show: each month of the last 12 by category, beside the 12 months before.
    Children, handlers, satisfaction and risks are tables only: a chart of them repeated the figures."""
    node = report.node
    return {
        "months": [f"{m.month}月" for m in report.months],
        "closed": [m.closed for m in report.by_month],
        "received_before": [m.cases for m in report.by_month_before],
        "wages": [_yuan(m.wages_fen) for m in report.by_month],
        "wages_before": [_yuan(m.wages_fen) for m in report.by_month_before],
        "categories": [
            {"name": c.label, "months": c.by_month, "url": case_list(category=c.key, org=node.pk)}
            for c in report.by_category
            if c.cases
        ],
    }


def _tables(report: RightsReport) -> dict[str, Any]:
    """The page's tables with the link of each figure to the case list."""
    node = report.node
    return {
        "children": [{"org": c.org, "f": c.figures, "links": _org_links(c.org)} for c in report.children],
        "node_links": _org_links(node),
        "handlers": [
            {
                "line": h,
                "open": case_list(status="open", handler=h.key, org=node.pk) if h.key else "",
                "overdue": case_list(overdue=1, handler=h.key, org=node.pk) if h.key else "",
            }
            for h in report.by_handler
        ],
        # The list's text search looks in the employer's name as typed on the case.
        "employers": [{"line": e, "url": case_list(q=e.label, org=node.pk)} for e in report.employers],
        "risks": [
            {
                "line": r,
                "open": risk_list(org=node.code, status="open", level=r.key),
                "late": risk_list(org=node.code, late=1, level=r.key),
                "closed": risk_list(org=node.code, status="closed", level=r.key),
                "all": risk_list(org=node.code, level=r.key),
            }
            for r in report.risks_by_level
        ],
        "categories": [
            {
                "line": c,
                "all": case_list(category=c.key, org=node.pk),
                "open": case_list(status="open", category=c.key, org=node.pk),
                "overdue": case_list(overdue=1, category=c.key, org=node.pk),
                "closed": case_list(status="closed", category=c.key, org=node.pk),
            }
            for c in report.by_category
        ],
    }


def _node_page(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    # The page's body is kept per user, unit and moment (rights.html); the report, its chart and its tables
    # are read only when it is drawn, so that the body learns the report's topics.
    at = selectors.moment()
    report = once(lambda: selectors.report(request.user, unit, at=at))
    context = {
        "unit": unit,
        "moment": at.key,
        "report": report,
        "chart": once(lambda: _chart(report())),
        "tables": once(lambda: _tables(report())),
        "drill": drilldown.trail(request.user, unit, Cap.RIGHTS_VIEW, "reports:rights_node"),
    }
    return render(request, "reports/rights.html", context)


def _roots_page(request: HttpRequest, roots: list[OrgUnit]) -> HttpResponse:
    """A user with several separate grants first chooses among them."""
    totals = [(r, selectors.roll_up(request.user, r)[2]) for r in roots]
    return render(request, "reports/rights_roots.html", {"totals": totals})


rights_dashboard, rights_node = drilldown.views(Cap.RIGHTS_VIEW, _node_page, _roots_page)


EXPORT_HEADERS = ["报表", "项目", "案件数", "在办", "超期", "已办结", "追回工资（元）", "评价件数", "平均满意度"]


def _figures_row(table: str, label: str, f: CaseFigures) -> list[Any]:
    return [table, label, f.cases, f.open, f.overdue, f.closed, _yuan(f.wages_fen), f.rated, f.satisfaction]


def _line_row(table: str, line: Line, *, wages: bool = True) -> list[Any]:
    return [
        table,
        line.label,
        line.cases,
        line.open,
        line.overdue,
        line.closed,
        _yuan(line.wages_fen) if wages else None,
        None,
        None,
    ]


def export_rows(report: RightsReport) -> list[list[Any]]:
    """The dashboard's tables, one after another, in one sheet: the first column names the table."""
    unit = report.node
    out: list[list[Any]] = [_figures_row("按组织（承办工会）", c.org.name, c.figures) for c in report.children]
    out.append(_figures_row("按组织（承办工会）", f"{unit.name}（本级直属）", report.own))
    out.append(_figures_row("按组织（承办工会）", f"{unit.name}（合计）", report.total))
    out += [_line_row("按承办人（在办）", h, wages=False) for h in report.by_handler]
    out += [_line_row("按月份（受理/办结/追回工资）", m) for m in report.by_month]
    out += [_line_row("按类别（近12个月受理/办结，当前在办）", c, wages=False) for c in report.by_category]
    out += [_line_row("满意度分布（评价件数）", s, wages=False) for s in report.satisfaction]
    out += [_line_row(f"按用人单位（前{selectors.TOP_EMPLOYERS}名）", e) for e in report.employers]
    out += [_line_row("风险预警·按级别（总数/未化解/签收超时/已化解）", r, wages=False) for r in report.risks_by_level]
    out.append(
        ["双向维权协办（他单位承办）", unit.name, report.shared_in, report.shared_in_open, None, None, None, None, None]
    )
    return out


@require_GET
@login_required
def rights_export(request: HttpRequest, pk: int) -> FileResponse:
    unit = access.org_for_user_or_404(request.user, pk, Cap.RIGHTS_VIEW)
    report = selectors.report(request.user, unit)
    out = write_workbook(EXPORT_HEADERS, export_rows(report), sheet="维权统计")
    _record(request, "reports.rights_export", unit)
    name = f"维权统计_{unit.code}_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)
