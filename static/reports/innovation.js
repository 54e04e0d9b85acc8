// The innovation and competitions dashboard's charts (创新与竞赛统计): adopted submissions and verified benefit
// each month of the year beside the year before, adopted submissions and benefit by kind (a click opens that
// kind's adopted submissions), and each child's participation rate (a click opens the child's dashboard, so
// the chart drills down the tree). Built on static/js/charts.js; the data comes through json_script.
(function () {
  "use strict";

  const { RED, BLUE, yuan, percent, empty, hbars, compare } = window.UnionHallCharts;

  function init() {
    const source = document.getElementById("innovation-data");
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const el = (id) => document.getElementById(id);
    const year = data.year;
    const months = data.months || [];

    if (el("chart-adopted")) {
      const drawn = compare(
        el("chart-adopted"),
        months,
        { name: year + "年采纳", data: data.adopted || [] },
        { name: year - 1 + "年采纳", data: data.adopted_before || [] },
      );
      if (!drawn) empty(el("chart-adopted"), "两年均无采纳的成果。");
    }
    if (el("chart-benefit")) {
      const drawn = compare(
        el("chart-benefit"),
        months,
        { name: year + "年核定创效", data: data.benefit || [], colour: BLUE },
        { name: year - 1 + "年核定创效", data: data.benefit_before || [] },
        { format: yuan },
      );
      if (!drawn) empty(el("chart-benefit"), "两年均无核定的创效。");
    }
    const kinds = data.kinds || [];
    if (el("chart-kinds")) {
      hbars(el("chart-kinds"), kinds, [{ key: "adopted", name: "已采纳", colour: RED }], {
        onClick: (i) => kinds[i] && window.location.assign(kinds[i].url),
      });
    }
    const children = data.children || [];
    if (el("chart-children")) {
      hbars(el("chart-children"), children, [{ key: "rate", name: "参与率", colour: RED }], {
        onClick: (i) => children[i] && window.location.assign(children[i].url),
        format: percent,
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
