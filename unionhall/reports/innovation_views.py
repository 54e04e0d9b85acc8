"""The innovation and competitions dashboard (创新与竞赛统计): participation down the tree, adopted submissions
and verified benefit by kind, month and child unit, the competitions' leaders, each figure linked to the
list of what it counts or to the child's dashboard, and an Excel export. Thin: parse, call
access/innovation_selectors, render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from unionhall.core.excel import write_workbook
from unionhall.core.lazy import once
from unionhall.orgs import access, drilldown
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.pickers import UnitPickerField, bind_pickers
from unionhall.reports import innovation_selectors as selectors
from unionhall.reports.innovation_selectors import Figures, InnovationReport, Line
from unionhall.reports.views import _record

YEARS = 6  # this year and the five before


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    unit = UnitPickerField(label="组织", cap=Cap.INNOVATION_VIEW)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, f"{y}年") for y in range(this, this - YEARS, -1)]


def _filters(request: HttpRequest, unit: OrgUnit | None = None) -> tuple[FilterForm, int]:
    this = timezone.localdate().year
    if not request.GET:
        initial = {"year": this, "unit": unit.code if unit else ""}
        return bind_pickers(FilterForm(initial=initial), request.user), this
    data = request.GET.copy()
    if unit is not None and not data.get("unit"):
        data["unit"] = unit.code
    form = bind_pickers(FilterForm(data), request.user)
    if not form.is_valid():
        return form, this
    return form, form.cleaned_data["year"] or this


def _picked(request: HttpRequest, form: FilterForm, year: int, unit: OrgUnit | None) -> HttpResponse | None:
    """The page of the unit picked in the filter, when it is another one; a code out of reach is refused at
    the field and the page stays where it was."""
    code = (request.GET.get("unit") or "").strip()
    if not code or (unit is not None and code == unit.code):
        return None
    picked = org_selectors.org_by_code(request.user, code, Cap.INNOVATION_VIEW)
    if picked is None:
        form.add_error("unit", "在您的权限范围内没有这个编码的组织。")
        return None
    return redirect(node_url(picked, year))


def node_url(unit: OrgUnit, year: int) -> str:
    return reverse("reports:innovation_node", args=[unit.pk]) + f"?year={year}"


def submission_list(**params: Any) -> str:
    """The submission list filtered by the given parameters (org code, year, month, kind, reached)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("innovation:list") + (f"?{query}" if query else "")


def competition_list(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("competitions:list") + (f"?{query}" if query else "")


def _org_links(org: OrgUnit, year: int) -> dict[str, str]:
    """Where each figure of a unit's row leads: the submissions (or competitions) of its subtree it counts."""
    return {
        "submissions": submission_list(org=org.code, year=year),
        "adopted": submission_list(org=org.code, year=year, reached="adopted"),
        "verified": submission_list(org=org.code, year=year, reached="verified"),
        "organized": competition_list(org=org.code, year=year),
        "dashboard": node_url(org, year),
    }


def _line_links(node: OrgUnit, year: int, line: Line, **by: Any) -> dict[str, Any]:
    return {
        "line": line,
        "submissions": submission_list(org=node.code, year=year, **by),
        "adopted": submission_list(org=node.code, year=year, reached="adopted", **by),
        "verified": submission_list(org=node.code, year=year, reached="verified", **by),
    }


def _tables(report: InnovationReport) -> dict[str, Any]:
    node, year = report.node, report.year
    return {
        "children": [{"org": c.org, "f": c.figures, "links": _org_links(c.org, year)} for c in report.children],
        "node_links": _org_links(node, year),
        "kinds": [_line_links(node, year, line, kind=line.key) for line in report.by_kind],
        "months": [_line_links(node, year, line, month=i) for i, line in enumerate(report.by_month, start=1)],
        "competitions": [
            {"c": c, "ranking": reverse("competitions:ranking", args=[c.competition.pk])} for c in report.competitions
        ],
        "all_competitions": competition_list(year=year),
    }


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)


def _chart(report: InnovationReport) -> dict[str, Any]:
    """What the tables do not show at a glance: each month beside the year before, the kinds side by side, and
    each child's participation rate (a click on a child opens its dashboard, on a kind its submissions)."""
    year, node = report.year, report.node
    return {
        "year": year,
        "months": [line.label for line in report.by_month],
        "adopted": [line.adopted for line in report.by_month],
        "adopted_before": [line.adopted for line in report.by_month_before],
        "benefit": [_yuan(line.benefit_fen) for line in report.by_month],
        "benefit_before": [_yuan(line.benefit_fen) for line in report.by_month_before],
        "kinds": [
            {
                "name": line.label,
                "adopted": line.adopted,
                "benefit": _yuan(line.benefit_fen),
                "url": submission_list(org=node.code, year=year, kind=line.key, reached="adopted"),
            }
            for line in report.by_kind
        ],
        "children": [
            {
                "name": c.org.name,
                "rate": float(c.figures.rate) if c.figures.rate is not None else None,
                "url": node_url(c.org, year),
            }
            for c in report.children
        ],
    }


def _node_page(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    form, year = _filters(request, unit)
    jump = _picked(request, form, year, unit)
    if jump is not None:
        return jump
    report = once(lambda: selectors.report(request.user, unit, year))
    context = {
        "unit": unit,
        "year": year,
        "form": form,
        "report": report,
        "tables": once(lambda: _tables(report())),
        "chart": once(lambda: _chart(report())),
        "drill": drilldown.trail(request.user, unit, Cap.INNOVATION_VIEW, "reports:innovation_node", f"year={year}"),
    }
    return render(request, "reports/innovation.html", context)


def _roots_page(request: HttpRequest, roots: list[OrgUnit]) -> HttpResponse:
    """A user with several separate grants first chooses among them (the year rides along)."""
    form, year = _filters(request)
    jump = _picked(request, form, year, None)
    if jump is not None:
        return jump
    totals = [(r, node_url(r, year), selectors.roll_up(request.user, r, year)[2]) for r in roots]
    return render(request, "reports/innovation_roots.html", {"totals": totals, "form": form, "year": year})


innovation_dashboard, innovation_node = drilldown.views(Cap.INNOVATION_VIEW, _node_page, _roots_page)


EXPORT_HEADERS = [
    "报表",
    "项目",
    "会员数",
    "参与创新会员",
    "参与率（%）",
    "申报成果",
    "已采纳",
    "创效已核定",
    "核定年创效（元）",
    "主办竞赛",
    "参赛单位次",
    "当前前三名",
    "本级及下级",
]


def _figures_row(table: str, label: str, f: Figures) -> list[Any]:
    rate = float(f.rate) if f.rate is not None else None
    return [
        table,
        label,
        f.members,
        f.participants,
        rate,
        f.submissions,
        f.adopted,
        f.verified,
        _yuan(f.benefit_fen),
        f.organized,
        f.entries,
        None,
        None,
    ]


def _line_row(table: str, line: Line) -> list[Any]:
    figures = [line.submissions, line.adopted, line.verified, _yuan(line.benefit_fen)]
    return [table, line.label, None, None, None, *figures, None, None, None, None]


def export_rows(report: InnovationReport) -> list[list[Any]]:
    """The dashboard's tables, one after another, in one sheet: the first column names the table."""
    unit = report.node
    out: list[list[Any]] = [_figures_row("按组织", c.org.name, c.figures) for c in report.children]
    out.append(_figures_row("按组织", f"{unit.name}（本级直属）", report.own))
    out.append(_figures_row("按组织", f"{unit.name}（合计）", report.total))
    out += [_line_row("按类别", line) for line in report.by_kind]
    out += [_line_row(f"按月份（{report.year}年，按申报时间）", line) for line in report.by_month]
    for c in report.competitions:
        leaders = "；".join(f"第{x.rank}名 {x.label} {x.score}" for x in c.leaders)
        best = f"本级及下级最好名次：第{c.best_ours}名" if c.best_ours else "本级及下级未参赛"
        blank = [None] * 8
        out.append(["劳动竞赛", c.competition.title, *blank, c.participants, leaders, best])
    return out


@require_GET
@login_required
def innovation_export(request: HttpRequest, pk: int) -> FileResponse:
    unit = access.org_for_user_or_404(request.user, pk, Cap.INNOVATION_VIEW)
    _, year = _filters(request)
    report = selectors.report(request.user, unit, year)
    out = write_workbook(EXPORT_HEADERS, export_rows(report), sheet="创新与竞赛统计")
    _record(request, "reports.innovation_export", unit, year=year)
    name = f"创新与竞赛统计_{unit.code}_{year}_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)
