// What the reports' charts share (the assistance report and the rights dashboard): colours, the yuan
// format, an empty-chart note, a chart that marks itself ready for the browser tests, tooltips drawn as
// rich text, and horizontal bars that drill down on a click. Loaded before each report's own script.
(function () {
  "use strict";

  const RED = "#c62828";
  const BLUE = "#1e6fb8";
  const yuan = (v) => "¥" + Number(v || 0).toLocaleString("zh-CN", { minimumFractionDigits: 2 });

  function empty(el, text) {
    el.classList.add("rep-chart-empty");
    el.textContent = text;
    el.dataset.ready = "true";
  }

  function chart(el, options) {
    const c = window.echarts.init(el, null, { renderer: "canvas" });
    c.setOption({ aria: { enabled: true }, animationDuration: 300, ...options });
    c.on("finished", () => (el.dataset.ready = "true"));
    window.addEventListener("resize", () => c.resize());
    return c;
  }

  // Rich text tooltips are drawn, never parsed as HTML: a unit's name cannot inject markup.
  const tooltip = (extra) => ({ trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText", ...extra });

  // Horizontal bars, one series per {key, name, colour}; onClick(index) on a bar or on a name; values
  // drawn with format (counts when there is none).
  function bars(el, items, series, { onClick, format } = {}) {
    if (!items.length || !items.some((i) => series.some((s) => i[s.key]))) return empty(el, "暂无数据。");
    el.style.height = Math.max(180, items.length * 36 + 70) + "px";
    const names = items.map((i) => i.name);
    const c = chart(el, {
      color: series.map((s) => s.colour),
      legend: series.length > 1 ? { top: 0 } : undefined,
      tooltip: tooltip(format ? { valueFormatter: format } : {}),
      grid: { left: 4, right: format ? 70 : 60, top: series.length > 1 ? 30 : 10, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: format ? 0 : 1, axisLabel: { color: "#6b7280" } },
      yAxis: { type: "category", data: names, inverse: true, triggerEvent: !!onClick, axisLabel: { width: 150, overflow: "truncate" } },
      series: series.map((s) => ({
        name: s.name,
        type: "bar",
        data: items.map((i) => i[s.key]),
        barMaxWidth: 14,
        cursor: onClick ? "pointer" : "default",
        label: { show: true, position: "right", fontSize: 11, formatter: format ? (p) => format(p.value) : undefined },
      })),
    });
    if (onClick) {
      c.on("click", (p) => {
        if (p.componentType === "series") onClick(p.dataIndex);
        else if (p.componentType === "yAxis") onClick(names.indexOf(p.value));
      });
    }
  }

  window.UnionHallCharts = { RED, BLUE, yuan, empty, chart, tooltip, bars };
})();
