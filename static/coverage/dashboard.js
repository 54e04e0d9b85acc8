// The coverage dashboard's chart (the CSP allows no inline script; the data comes through json_script).
// One row per child unit with its unionization and membership rates. A click on a bar, on a unit's name or
// anywhere along its row opens that unit's dashboard: the chart drills down the tree.
(function () {
  "use strict";

  const COLORS = ["#c62828", "#1e6fb8"];
  // A rate none of the children can show (a town's grassroots unions have no employers counted at them)
  // is left out rather than drawn as a row of dashes.
  const SERIES = [
    ["unionization", "建会率"],
    ["membership", "入会率"],
  ];

  function percent(value) {
    return value === null || value === undefined ? "—" : value.toFixed(1) + "%";
  }

  function init() {
    const el = document.getElementById("coverage-chart");
    const source = document.getElementById("coverage-data");
    if (!el || !source || typeof window.echarts === "undefined") return;
    const items = (JSON.parse(source.textContent) || {}).items || [];
    if (!items.length) return;
    if (!items.some((i) => i.unionization !== null || i.membership !== null)) {
      el.classList.add("cov-chart-empty");
      el.textContent = "下级组织暂无可比较的建会率或入会率。";
      el.dataset.ready = "true";
      return;
    }

    const narrow = () => el.clientWidth < 560;
    const fit = () => {
      el.style.height = Math.max(180, items.length * (narrow() ? 56 : 48) + 70) + "px";
    };
    fit();
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    const names = items.map((item) => item.name);
    const open = (index) => {
      const item = items[index];
      if (item) window.location.assign(item.url);
    };
    const label = {
      show: true,
      position: "right",
      fontSize: 11,
      color: "#374151",
      // A unit with nothing to measure (no employer of that size, no covered employee) shows "—" at zero.
      formatter: (p) => (p.data && p.data.empty ? "—" : percent(p.value)),
    };
    const bars = (key) => items.map((i) => (i[key] === null ? { value: 0, empty: true } : { value: i[key] }));
    const options = () => ({
      aria: { enabled: true },
      animationDuration: 300,
      color: items.some((i) => i.unionization !== null) ? COLORS : COLORS.slice(1),
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        // Rich text is drawn, never parsed as HTML: a unit's name cannot inject markup, and no inline style
        // attribute is created (the CSP forbids them).
        renderMode: "richText",
        formatter: (params) => {
          const item = items[params[0].dataIndex];
          return [
            item.name,
            "建会率 " + percent(item.unionization) + "（" + item.covered + " / " + item.employers + " 家）",
            "入会率 " + percent(item.membership) + "（" + item.members + " / " + item.employees + " 人）",
          ].join("\n");
        },
      },
      grid: { left: 4, right: 52, top: 30, bottom: 4, containLabel: true },
      xAxis: {
        type: "value",
        min: 0,
        max: (extent) => Math.max(100, Math.ceil(extent.max / 10) * 10),
        splitNumber: narrow() ? 2 : 5,
        axisLabel: { formatter: "{value}%", color: "#6b7280" },
      },
      yAxis: {
        type: "category",
        data: names,
        inverse: true,
        triggerEvent: true,
        axisTick: { show: false },
        axisLabel: { width: narrow() ? 92 : 170, overflow: "truncate", color: "#1f2937", fontSize: 12 },
      },
      series: SERIES.filter(([key]) => items.some((i) => i[key] !== null)).map(([key, name]) => ({
        name,
        type: "bar",
        data: bars(key),
        label,
        barMaxWidth: 16,
        cursor: "pointer",
      })),
    });
    chart.setOption(options());

    chart.on("click", (p) => {
      if (p.componentType === "series") open(p.dataIndex);
      else if (p.componentType === "yAxis") open(names.indexOf(p.value));
    });
    // Low rates make short bars: the whole row of a unit answers the click, not only its bars.
    const zr = chart.getZr();
    const rowAt = (event) => {
      const point = [event.offsetX, event.offsetY];
      if (!chart.containPixel({ gridIndex: 0 }, point)) return -1;
      const value = chart.convertFromPixel({ gridIndex: 0 }, point);
      return value ? Math.round(value[1]) : -1;
    };
    zr.on("click", (event) => {
      if (event.target) return; // bars and names answer through chart.on("click")
      const index = rowAt(event);
      if (index >= 0) open(index);
    });
    zr.on("mousemove", (event) => {
      if (!event.target) zr.setCursorStyle(rowAt(event) >= 0 ? "pointer" : "default");
    });

    let wasNarrow = narrow();
    window.addEventListener("resize", () => {
      fit();
      if (narrow() !== wasNarrow) {
        wasNarrow = narrow();
        chart.setOption(options());
      }
      chart.resize();
    });
    chart.on("finished", () => {
      el.dataset.ready = "true";
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
