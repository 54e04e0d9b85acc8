// The assistance report's charts (the CSP allows no inline script; the data comes through json_script).
// The children's bar chart drills down: a click on a bar or on a unit's name opens that unit's report.
(function () {
  "use strict";

  const { RED, BLUE, yuan, empty, chart, tooltip, bars } = window.UnionHallCharts;
  const money = (key) => [{ key, name: "金额", colour: RED }];

  function init() {
    const source = document.getElementById("reports-data");
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const el = (id) => document.getElementById(id);

    const children = data.children || [];
    if (el("chart-children")) {
      bars(el("chart-children"), children, money("yuan"), {
        onClick: (i) => children[i] && window.location.assign(children[i].url),
        format: yuan,
      });
    }
    if (el("chart-programmes")) bars(el("chart-programmes"), data.programmes || [], money("yuan"), { format: yuan });

    const months = data.months || [];
    if (el("chart-months")) {
      if (!months.some((m) => m.approved || m.paid)) empty(el("chart-months"), "暂无数据。");
      else
        chart(el("chart-months"), {
          color: [RED, BLUE],
          legend: { top: 0 },
          tooltip: tooltip({ valueFormatter: yuan }),
          grid: { left: 4, right: 10, top: 30, bottom: 4, containLabel: true },
          xAxis: { type: "category", data: months.map((m) => m.name) },
          yAxis: { type: "value" },
          series: [
            { name: "批准", type: "bar", data: months.map((m) => m.approved), barMaxWidth: 14 },
            { name: "支付", type: "line", data: months.map((m) => m.paid) },
          ],
        });
    }

    const status = data.status || [];
    const category = data.category || [];
    if (el("chart-archives")) {
      if (!status.length && !category.length) empty(el("chart-archives"), "暂无档案。");
      else
        chart(el("chart-archives"), {
          tooltip: { trigger: "item", renderMode: "richText" },
          legend: { bottom: 0, type: "scroll" },
          series: [
            { name: "状态", type: "pie", radius: ["0%", "35%"], center: ["50%", "45%"], data: status, label: { show: false } },
            { name: "困难类别", type: "pie", radius: ["45%", "65%"], center: ["50%", "45%"], data: category },
          ],
        });
    }
    if (el("chart-cards")) bars(el("chart-cards"), data.cards || [], money("yuan"), { format: yuan });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
