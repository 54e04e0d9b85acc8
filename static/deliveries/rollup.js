// The 十送 roll-up chart (the CSP allows no inline script; the data comes through json_script).
// One horizontal stacked bar per unit (the node's own records first, then each child with its subtree),
// one colour per kind of service. A click on a child's bar or name opens that child's roll-up: the chart
// drills down the tree.
(function () {
  "use strict";

  // Ten kinds, ten distinguishable colours (ECharts' default palette has nine and would repeat one).
  const COLORS = [
    "#c62828", "#1e6fb8", "#2e7d32", "#f9a825", "#6a1b9a",
    "#00838f", "#ef6c00", "#5d4037", "#ad1457", "#546e7a",
  ];

  function init() {
    const el = document.getElementById("rollup-chart");
    const source = document.getElementById("rollup-data");
    if (!el || !source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const orgs = data.orgs || [];
    const urls = data.urls || [];
    if (!orgs.length) return;
    el.style.height = Math.max(200, orgs.length * 44 + 90) + "px";
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    const open = (index) => {
      if (urls[index]) window.location.assign(urls[index]);
    };
    chart.setOption({
      aria: { enabled: true },
      animationDuration: 300,
      color: COLORS,
      legend: { top: 0, left: 0, type: "scroll", itemWidth: 12, itemHeight: 9 },
      // Rich text is drawn, never parsed as HTML: a unit's name cannot inject markup.
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
      grid: { left: 4, right: 24, top: 40, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { color: "#6b7280" } },
      yAxis: {
        type: "category",
        data: orgs,
        inverse: true,
        triggerEvent: true,
        axisTick: { show: false },
        axisLabel: { width: 160, overflow: "truncate", color: "#1f2937", fontSize: 12 },
      },
      series: (data.kinds || []).map((name, i) => ({
        name,
        type: "bar",
        stack: "kinds",
        data: data.series[i],
        barMaxWidth: 18,
        cursor: "pointer",
      })),
    });
    chart.on("click", (p) => {
      if (p.componentType === "series") open(p.dataIndex);
      else if (p.componentType === "yAxis") open(orgs.indexOf(p.value));
    });
    window.addEventListener("resize", () => chart.resize());
    chart.on("finished", () => {
      el.dataset.ready = "true";
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
