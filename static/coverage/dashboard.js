// The coverage dashboard's chart: each child unit's 建会率 and 入会率 against the city's targets (a dashed
// line where the settings hold a target) and, where last year's end-of-year snapshot was kept, last year's
// rates as quieter bars beside them, which the table under it cannot show. A click on a bar, on a
// unit's name or anywhere along its row opens that unit's dashboard: the chart drills down the tree.
// Built on static/js/charts.js.
(function () {
  "use strict";

  const { RED, BLUE, percent, hbars } = window.UnionHallCharts;
  // A rate none of the children can show (a town's grassroots unions have no employers counted at them)
  // is left out rather than drawn as a row of dashes.
  const SERIES = [
    { key: "unionization", name: "建会率", colour: RED },
    { key: "unionization_prev", name: "上年建会率", colour: RED, previous: true, of: "unionization" },
    { key: "membership", name: "入会率", colour: BLUE },
    { key: "membership_prev", name: "上年入会率", colour: BLUE, previous: true, of: "membership" },
  ];

  function init() {
    const el = document.getElementById("coverage-chart");
    const source = document.getElementById("coverage-data");
    if (!el || !source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const items = data.items || [];
    const targets = data.targets || {};
    if (!items.length) return;
    // Last year's bars only beside a rate that is drawn this year, and only when a snapshot was kept.
    const drawn = (key) => items.some((i) => i[key] !== null && i[key] !== undefined);
    const series = SERIES.filter((s) => drawn(s.key) && (!s.previous || (data.previous && drawn(s.of)))).map((s) => ({
      ...s,
      target: s.previous ? undefined : targets[s.key],
    }));
    if (!series.some((s) => !s.previous)) {
      el.classList.add("cov-chart-empty");
      el.textContent = "下级组织暂无可比较的建会率或入会率。";
      el.dataset.ready = "true";
      return;
    }
    const open = (index) => items[index] && window.location.assign(items[index].url);
    const top = Math.max(100, ...series.map((s) => s.target || 0), ...items.flatMap((i) => series.map((s) => i[s.key] || 0)));
    const chart = hbars(el, items, series, {
      onClick: open,
      format: percent,
      axisFormat: (v) => window.UnionHallCharts.num(v) + "%",
      max: Math.ceil(top / 10) * 10,
    });
    if (!chart) return;
    chart.setOption({
      tooltip: {
        formatter: (params) => {
          const item = items[params[0].dataIndex];
          const n = window.UnionHallCharts.num;
          const lines = [
            item.name,
            "建会率 " + percent(item.unionization) + "（" + n(item.covered) + " / " + n(item.employers) + " 家）",
            "入会率 " + percent(item.membership) + "（" + n(item.members) + " / " + n(item.employees) + " 人）",
          ];
          if (data.previous) {
            lines.push("上年建会率 " + percent(item.unionization_prev) + "，上年入会率 " + percent(item.membership_prev));
          }
          return lines.join("\n");
        },
      },
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
      if (event.target) return; // bars and names answer through the kit's click
      const index = rowAt(event);
      if (index >= 0) open(index);
    });
    zr.on("mousemove", (event) => {
      if (!event.target) zr.setCursorStyle(rowAt(event) >= 0 ? "pointer" : "default");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
