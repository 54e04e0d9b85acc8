// The assistance report's charts: what the tables under them do not show. Money approved each month this
// year beside the year before, and each child's money beside its year before; a click on a child's bar or
// name opens that child's report (the chart drills down the tree). Built on static/js/charts.js.
(function () {
  "use strict";

  const { RED, GREY, yuan, empty, hbars, compare } = window.UnionHallCharts;

  function init() {
    const source = document.getElementById("reports-data");
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const el = (id) => document.getElementById(id);
    const year = data.year;

    if (el("chart-months")) {
      const drawn = compare(
        el("chart-months"),
        data.months || [],
        { name: year + "年批准", data: data.approved || [] },
        { name: year - 1 + "年批准", data: data.approved_before || [] },
        { format: yuan },
      );
      if (!drawn) empty(el("chart-months"), "两年均无救助支出。");
    }

    const children = data.children || [];
    if (el("chart-children")) {
      hbars(
        el("chart-children"),
        children,
        [
          { key: "yuan", name: year + "年", colour: RED },
          { key: "before", name: year - 1 + "年", colour: GREY, previous: true },
        ],
        { onClick: (i) => children[i] && window.location.assign(children[i].url), format: yuan },
      );
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
