// The chart kit every dashboard of the tree shares (coverage, assistance, rights, 十送): one place for how
// figures are written (thousands separators by Intl.NumberFormat zh-CN, amounts to two places), legends that
// list every name on as many lines as they need (never paged), axis names that wrap instead of ending in
// "…", a dashed target line where the city set a target, and this period beside the one before.
// Loaded before each dashboard's own script; exposes window.UnionHallCharts. The CSP allows no inline
// script: every page hands its data over through json_script.
(function () {
  "use strict";

  const RED = "#c62828";
  const BLUE = "#1e6fb8";
  const GREEN = "#2e7d32";
  const ORANGE = "#ef6c00";
  const GREY = "#9ca3af"; // the period before: drawn quieter than this one
  const TEXT = "#1f2937";
  const MUTED = "#6b7280";
  // Ten distinguishable colours for charts with many categories (ECharts' default palette has nine).
  const PALETTE = [RED, BLUE, GREEN, "#f9a825", "#6a1b9a", "#00838f", ORANGE, "#5d4037", "#ad1457", "#546e7a"];

  const formats = {};
  function num(value, digits = 0) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return "—";
    const f = (formats[digits] ||= new Intl.NumberFormat("zh-CN", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }));
    return f.format(Number(value));
  }
  const int = (v) => num(v);
  const yuan = (v) => "¥" + num(v || 0, 2);
  // Axis ticks are round numbers: amounts there without the fen.
  const axisOf = (format) => (format === yuan ? (v) => "¥" + num(v) : (v) => format(v));
  const percent = (v) => (v === null || v === undefined ? "—" : num(v, 1) + "%");
  const narrow = (el) => el.clientWidth < 560;

  function empty(el, text) {
    el.classList.add("rep-chart-empty");
    el.textContent = text;
    el.dataset.ready = "true";
  }

  // A chart that resizes with the window and marks itself ready for the browser tests.
  function chart(el, options) {
    const c = window.echarts.init(el, null, { renderer: "canvas" });
    c.setOption({ aria: { enabled: true }, animationDuration: 300, textStyle: { color: TEXT }, ...options });
    c.on("finished", () => (el.dataset.ready = "true"));
    window.addEventListener("resize", () => c.resize());
    return c;
  }

  // Rich text tooltips are drawn, never parsed as HTML: a unit's name cannot inject markup, and no inline
  // style attribute is made (the CSP forbids them).
  const tooltip = (extra) => ({ trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText", ...extra });

  // Roughly how wide a legend entry is drawn: CJK characters are about one font size wide.
  function textWidth(text, size = 12) {
    let w = 0;
    for (const ch of String(text)) w += ch.charCodeAt(0) > 0x2e80 ? size : size * 0.6;
    return w;
  }

  // A legend listing every name in full, wrapped onto as many lines as the chart's width needs, and the
  // space the grid must leave above for it. Never { type: "scroll" }: a paged legend ("1/4") hides names.
  function legend(el, names) {
    const width = Math.max(200, el.clientWidth - 8);
    let lines = 1;
    let x = 0;
    for (const name of names) {
      const w = 14 + 5 + textWidth(name) + 10;
      if (x + w > width && x > 0) {
        lines += 1;
        x = 0;
      }
      x += w;
    }
    return {
      legend: { type: "plain", top: 0, left: 0, right: 0, itemWidth: 14, itemHeight: 10, itemGap: 10, data: names },
      top: lines * 22 + 8,
    };
  }

  // A dashed line at the target on the value axis, as a series of its own so that the legend names it
  // with its value ("建会率目标 85.0%"): labels drawn on the lines overlapped when two targets were close.
  function targetLine(value, name, colour, axis = "xAxis") {
    return {
      name,
      type: "line",
      data: [],
      itemStyle: { color: colour },
      lineStyle: { color: colour, type: "dashed" },
      markLine: {
        symbol: "none",
        lineStyle: { color: colour, type: "dashed", width: 1.5 },
        label: { show: false },
        data: [{ [axis]: value, name }],
      },
    };
  }

  // Category names along the vertical axis, wrapped on words rather than cut with "…".
  function nameAxis(el, names, onClick) {
    return {
      type: "category",
      data: names,
      inverse: true,
      triggerEvent: !!onClick,
      axisTick: { show: false },
      axisLabel: { width: narrow(el) ? 96 : 170, overflow: "break", color: TEXT, fontSize: 12, lineHeight: 14 },
    };
  }

  // Horizontal bars, one row per item and one series per {key, name, colour, target, previous}; values
  // written with `format` beside each bar; `target` draws that series' target line; `previous` draws the
  // series quieter (the period before). onClick(index) on a bar or on a name.
  function hbars(el, items, series, { onClick, format = int, axisFormat, max } = {}) {
    if (!items.length || !items.some((i) => series.some((s) => i[s.key]))) return empty(el, "暂无数据。");
    const rows = series.length;
    el.style.height = Math.max(180, items.length * (14 * rows + 22) + 80) + "px";
    const names = items.map((i) => i.name);
    const targets = series
      .filter((s) => s.target != null)
      .map((s) => targetLine(s.target, (s.targetName || s.name + "目标") + " " + format(s.target), s.colour));
    const { legend: lg, top } = legend(el, [...series.map((s) => s.name), ...targets.map((t) => t.name)]);
    const c = chart(el, {
      color: series.map((s) => s.colour),
      legend: series.length > 1 || targets.length ? lg : undefined,
      tooltip: tooltip({ valueFormatter: (v) => format(v) }),
      grid: { left: 4, right: 72, top, bottom: 4, containLabel: true },
      xAxis: { type: "value", max, minInterval: format === int ? 1 : 0, axisLabel: { color: MUTED, formatter: axisFormat || axisOf(format) }, splitNumber: narrow(el) ? 2 : 5 },
      yAxis: nameAxis(el, names, onClick),
      series: series.map((s) => ({
        name: s.name,
        type: "bar",
        data: items.map((i) => (i[s.key] === null || i[s.key] === undefined ? { value: 0, empty: true } : i[s.key])),
        barMaxWidth: 14,
        itemStyle: s.previous ? { opacity: 0.55 } : undefined,
        cursor: onClick ? "pointer" : "default",
        label: {
          show: true,
          position: "right",
          fontSize: 11,
          color: "#374151",
          formatter: (p) => (p.data && p.data.empty ? "—" : format(p.value)),
        },
      })).concat(targets),
    });
    if (onClick) {
      c.on("click", (p) => {
        if (p.componentType === "series" && p.seriesType === "bar") onClick(p.dataIndex);
        else if (p.componentType === "yAxis") onClick(names.indexOf(p.value));
      });
    }
    return c;
  }

  // This period beside the one before, by month: bars for this one, a quieter line for the one before.
  // labels: the months; current/previous: {name, data}; extra: more series drawn over the bars.
  function compare(el, labels, current, previous, { format = int, stacked = [], extra = [] } = {}) {
    const all = [...stacked.map((s) => s.data), current ? current.data : [], previous.data, ...extra.map((s) => s.data)];
    if (!all.some((d) => d.some((v) => v))) return null;
    const painted = (colour) => ({ itemStyle: { color: colour }, lineStyle: { color: colour } });
    const bars = stacked.length
      ? stacked.map((s, i) => ({ name: s.name, type: "bar", stack: "current", data: s.data, barMaxWidth: 18, itemStyle: { color: PALETTE[i % PALETTE.length] }, cursor: s.cursor || "default" }))
      : current
        ? [{ name: current.name, type: "bar", data: current.data, barMaxWidth: 18, itemStyle: { color: current.colour || RED } }]
        : []; // a stacked chart with nothing to stack this period (the rights trend before any case)
    const series = [
      ...bars,
      { name: previous.name, type: "line", data: previous.data, symbolSize: 5, itemStyle: { color: GREY }, lineStyle: { color: GREY, type: "dashed" } },
      ...extra.map((s) => ({ type: "line", symbolSize: 5, name: s.name, data: s.data, ...painted(s.color || GREEN) })),
    ];
    const { legend: lg, top } = legend(el, series.map((s) => s.name));
    return chart(el, {
      legend: lg,
      tooltip: tooltip({ valueFormatter: (v) => format(v) }),
      grid: { left: 4, right: 12, top, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: { color: MUTED, hideOverlap: true } },
      yAxis: { type: "value", minInterval: format === int ? 1 : 0, axisLabel: { color: MUTED, formatter: axisOf(format) } },
      series,
    });
  }

  window.UnionHallCharts = {
    RED, BLUE, GREEN, ORANGE, GREY, PALETTE,
    num, int, yuan, percent, narrow, empty, chart, tooltip, legend, targetLine, nameAxis, hbars, compare,
  };
})();
