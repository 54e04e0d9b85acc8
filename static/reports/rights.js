// The rights dashboard's charts: what the tables under them do not show. Cases received in each of the
// last 12 months by category, beside the 12 months before, with those closed; wages recovered each month
// beside the 12 months before. A click on a category's bar opens the case list of that category.
// Built on static/js/charts.js; the tables carry children, handlers, satisfaction and risks.
(function () {
  "use strict";

  const { RED, GREEN, yuan, empty, compare } = window.UnionHallCharts;

  function init() {
    const source = document.getElementById("rights-data");
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const el = (id) => document.getElementById(id);
    const months = data.months || [];
    const categories = data.categories || [];

    if (el("chart-trend")) {
      const c = compare(el("chart-trend"), months, null, { name: "前 12 个月受理", data: data.received_before || [] }, {
        stacked: categories.map((cat) => ({ name: cat.name, data: cat.months, cursor: "pointer" })),
        extra: [{ name: "办结", data: data.closed || [], color: GREEN }],
      });
      if (!c) empty(el("chart-trend"), "近 24 个月暂无案件。");
      else
        c.on("click", (p) => {
          const cat = categories[p.seriesIndex];
          if (p.componentType === "series" && p.seriesType === "bar" && cat) window.location.assign(cat.url);
        });
    }
    if (el("chart-wages")) {
      const c = compare(
        el("chart-wages"),
        months,
        { name: "近 12 个月", data: data.wages || [], colour: RED },
        { name: "前 12 个月", data: data.wages_before || [] },
        { format: yuan },
      );
      if (!c) empty(el("chart-wages"), "近 24 个月暂无追回工资。");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
