// The rights dashboard's charts (the CSP allows no inline script; the data comes through json_script).
// The children's chart drills down: a click on a bar or on a unit's name opens that unit's dashboard;
// a click on a category of the trend opens the case list of that category.
(function () {
  "use strict";

  const { RED, BLUE, yuan, empty, chart, tooltip, bars } = window.UnionHallCharts;
  const ORANGE = "#ef6c00";
  const GREEN = "#2e7d32";
  const LEVEL_COLOURS = { red: RED, orange: ORANGE, yellow: "#f9a825", blue: BLUE };

  function init() {
    const source = document.getElementById("rights-data");
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const el = (id) => document.getElementById(id);

    const children = data.children || [];
    if (el("chart-children")) {
      bars(
        el("chart-children"),
        children,
        [
          { key: "open", name: "在办", colour: BLUE },
          { key: "overdue", name: "超期", colour: RED },
        ],
        { onClick: (i) => children[i] && window.location.assign(children[i].url) },
      );
    }

    const months = data.months || [];
    const categories = data.categories || [];
    if (el("chart-trend")) {
      if (!months.some((m) => m.received || m.closed)) empty(el("chart-trend"), "近 12 个月暂无案件。");
      else {
        const c = chart(el("chart-trend"), {
          legend: { top: 0, type: "scroll" },
          tooltip: tooltip(),
          grid: { left: 4, right: 10, top: 36, bottom: 4, containLabel: true },
          xAxis: { type: "category", data: months.map((m) => m.name.replace(/^\d+年/, "")) },
          yAxis: { type: "value", minInterval: 1 },
          series: [
            ...categories.map((cat) => ({ name: cat.name, type: "bar", stack: "received", data: cat.months, barMaxWidth: 18, cursor: "pointer" })),
            { name: "办结", type: "line", data: months.map((m) => m.closed), color: GREEN },
          ],
        });
        c.on("click", (p) => {
          const cat = categories[p.seriesIndex];
          if (p.componentType === "series" && cat) window.location.assign(cat.url);
        });
      }
    }
    if (el("chart-wages")) {
      if (!months.some((m) => m.wages)) empty(el("chart-wages"), "近 12 个月暂无追回工资。");
      else
        chart(el("chart-wages"), {
          color: [RED],
          tooltip: tooltip({ valueFormatter: yuan }),
          grid: { left: 4, right: 10, top: 10, bottom: 4, containLabel: true },
          xAxis: { type: "category", data: months.map((m) => m.name.replace(/^\d+年/, "")) },
          yAxis: { type: "value" },
          series: [{ name: "追回工资", type: "bar", data: months.map((m) => m.wages), barMaxWidth: 18 }],
        });
    }
    if (el("chart-handlers")) {
      bars(el("chart-handlers"), data.handlers || [], [
        { key: "open", name: "在办", colour: BLUE },
        { key: "overdue", name: "超期", colour: RED },
      ]);
    }
    const scores = data.satisfaction || [];
    if (el("chart-satisfaction")) {
      if (!scores.some((s) => s.value)) empty(el("chart-satisfaction"), "暂无评价。");
      else
        chart(el("chart-satisfaction"), {
          color: [ORANGE],
          tooltip: tooltip(),
          grid: { left: 4, right: 10, top: 10, bottom: 4, containLabel: true },
          xAxis: { type: "category", data: scores.map((s) => s.name) },
          yAxis: { type: "value", minInterval: 1 },
          series: [{ name: "件数", type: "bar", data: scores.map((s) => s.value), barMaxWidth: 28 }],
        });
    }
    const risks = (data.risks || []).filter((r) => r.value);
    if (el("chart-risks")) {
      if (!risks.length) empty(el("chart-risks"), "暂无未化解的预警。");
      else
        chart(el("chart-risks"), {
          tooltip: { trigger: "item", renderMode: "richText" },
          legend: { bottom: 0 },
          series: [
            {
              name: "未化解预警",
              type: "pie",
              radius: ["35%", "65%"],
              center: ["50%", "45%"],
              data: risks.map((r) => ({ name: r.name, value: r.value, itemStyle: { color: LEVEL_COLOURS[r.key] } })),
            },
          ],
        });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
