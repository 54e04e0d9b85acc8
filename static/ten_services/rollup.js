// The 十送 roll-up's chart: deliveries each month of the last 12 beside the 12 months before (of the kind
// filtered, or all) — what the table under it, one period by kind and unit, cannot show. The table drills
// down the tree through its links. Built on static/js/charts.js.
(function () {
  "use strict";

  const { BLUE, empty, compare } = window.UnionHallCharts;

  function init() {
    const el = document.getElementById("rollup-chart");
    const source = document.getElementById("rollup-data");
    if (!el || !source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const drawn = compare(
      el,
      data.months || [],
      { name: "近 12 个月", data: data.current || [], colour: BLUE },
      { name: "前 12 个月", data: data.before || [] },
    );
    if (!drawn) empty(el, "近 24 个月暂无服务记录。");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
