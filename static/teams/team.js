// A team's chart: actual costs month by month as bars, the cost target as a dashed line — the months the
// table under it lists, oldest first. Built on static/js/charts.js.
(function () {
  "use strict";

  const { BLUE, empty, compare, yuan } = window.UnionHallCharts;

  function init() {
    const el = document.getElementById("team-chart");
    const source = document.getElementById("team-data");
    if (!el || !source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const drawn = compare(
      el,
      data.months || [],
      { name: "实际成本（已对比项目）", data: data.actual || [], colour: BLUE },
      { name: "成本目标", data: data.target || [] },
      { format: yuan },
    );
    if (!drawn) empty(el, "这几个月尚无可对比的目标与实际成本。");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
