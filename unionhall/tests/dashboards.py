"""What every dashboard's browser test checks of its charts (static/js/charts.js), at a laptop's and a
phone's width: the ECharts options as the page holds them, and the page's text.

`dashboard_checks` opens the page at each width, waits for every chart, screenshots it to
test-artifacts/dashboard-<name>-<width>.png and returns what it read, for the test to assert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unionhall.tests.browser import Visit, artifacts_dir

WIDTHS = ({"width": 1366, "height": 800}, {"width": 390, "height": 844})

# Every chart on the page, by its data-testid: legend types, series names, the series carrying a target
# line, the series with at least one value drawn, and whether any axis or label is set to cut text short.
READ_CHARTS = """() => Array.from(document.querySelectorAll("[data-testid]"))
  .filter((el) => window.echarts && echarts.getInstanceByDom(el))
  .map((el) => {
    const o = echarts.getInstanceByDom(el).getOption();
    const axes = [...(o.xAxis || []), ...(o.yAxis || [])];
    const series = o.series || [];
    return {
      id: el.dataset.testid,
      legends: (o.legend || []).map((l) => l.type || "plain"),
      series: series.map((s) => s.name),
      targets: series.filter((s) => s.markLine && (s.markLine.data || []).length).map((s) => s.name),
      valued: series.filter((s) => (s.data || []).some((v) => {
        const value = v !== null && typeof v === "object" ? (v.empty ? null : v.value) : v;
        return value !== null && value !== undefined && value !== "-";
      })).map((s) => s.name),
      truncating: axes.some((a) => a.axisLabel && a.axisLabel.overflow === "truncate")
        || series.some((s) => s.label && s.label.overflow === "truncate"),
    };
  })"""

# Lines of the page's text that end in "…": a name cut short.
CUT_TEXT = """() => document.body.innerText.split("\\n").map((t) => t.trim()).filter((t) => t.endsWith("…"))"""


@dataclass
class Reading:
    width: int
    charts: dict[str, dict[str, Any]]
    cut: list[str]
    page_width: int  # how wide the page is drawn: wider than the window means it scrolls sideways
    title: str  # the browser tab's title


def dashboard_checks(visit: Visit, path: str, name: str, ready: tuple[str, ...]) -> list[Reading]:
    """The page at each width, every chart in `ready` drawn: what its charts and text say."""
    from playwright.sync_api import expect

    out = []
    for size in WIDTHS:
        context = visit.context.browser.new_context(
            viewport=size, locale="zh-CN", storage_state=visit.context.storage_state()
        )
        page = context.new_page()
        visit.watch(page)
        page.goto(visit.base_url + path)
        for testid in ready:
            expect(page.get_by_test_id(testid)).to_have_attribute("data-ready", "true")
        page.screenshot(path=str(artifacts_dir() / f"dashboard-{name}-{size['width']}.png"), full_page=True)
        charts = {c["id"]: c for c in page.evaluate(READ_CHARTS)}
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        out.append(Reading(size["width"], charts, page.evaluate(CUT_TEXT), wide, page.title()))
        context.close()
    return out


def assert_fits(readings: list[Reading]) -> None:
    """No paged legend, no text cut with "…" on the page or set to be cut in a chart, no sideways scroll."""
    for r in readings:
        assert r.cut == [], (r.width, r.cut)
        assert r.page_width <= r.width, (r.width, r.page_width)
        # Each tab names its dashboard and unit ("帮扶报表 · 东区总工会 - 工会之家"), not only the product.
        assert r.title.endswith(" - 工会之家") and "总工会" in r.title, r.title
        for chart in r.charts.values():
            assert "scroll" not in chart["legends"], (r.width, chart)
            assert not chart["truncating"], (r.width, chart)


def assert_compares(readings: list[Reading], chart: str, previous: tuple[str, ...]) -> None:
    """At every width, `chart` draws each of the period-before series in `previous` with something in it
    (a series of dashes only would compare nothing)."""
    for r in readings:
        drawn = r.charts[chart]
        for name in previous:
            assert name in drawn["series"], (r.width, name, drawn["series"])
            assert name in drawn["valued"], (r.width, name, drawn)
