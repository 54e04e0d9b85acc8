// The assistance report's charts (the CSP allows no inline script; the data comes through json_script).
// The children's bar chart drills down: a click on a bar or on a unit's name opens that unit's report.
(function () {
  "use strict";

  const RED = "#c62828";
  const BLUE = "#1e6fb8";
  const yuan = (v) => "¥" + Number(v || 0).toLocaleString("zh-CN", { minimumFractionDigits: 2 });

  function empty(el, text) {
    el.classList.add("rep-chart-empty");
    el.textContent = text;
    el.dataset.ready = "true";
  }

  function chart(el, options) {
    const c = window.echarts.init(el, null, { renderer: "canvas" });
    c.setOption({ aria: { enabled: true }, animationDuration: 300, ...options });
    c.on("finished", () => (el.dataset.ready = "true"));
    window.addEventListener("resize", () => c.resize());
    return c;
  }

  // Rich text tooltips are drawn, never parsed as HTML: a unit's name cannot inject markup.
  const tooltip = (extra) => ({ trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText", ...extra });

  function bars(el, items, key, { onClick } = {}) {
    if (!items.length || !items.some((i) => i[key])) return empty(el, "暂无数据。");
    el.style.height = Math.max(180, items.length * 36 + 60) + "px";
    const names = items.map((i) => i.name);
    const c = chart(el, {
      color: [RED],
      tooltip: tooltip({ valueFormatter: yuan }),
      grid: { left: 4, right: 70, top: 10, bottom: 4, containLabel: true },
      xAxis: { type: "value", axisLabel: { color: "#6b7280" } },
      yAxis: { type: "category", data: names, inverse: true, triggerEvent: !!onClick, axisLabel: { width: 150, overflow: "truncate" } },
      series: [{ type: "bar", data: items.map((i) => i[key]), barMaxWidth: 16, cursor: onClick ? "pointer" : "default",
        label: { show: true, position: "right", fontSize: 11, formatter: (p) => yuan(p.value) } }],
    });
    if (onClick) {
      c.on("click", (p) => {
        if (p.componentType === "series") onClick(p.dataIndex);
        else if (p.componentType === "yAxis") onClick(names.indexOf(p.value));
      });
    }
  }

  function init() {
    const source = document.getElementById("reports-data");
    if (!source || typeof window.echarts === "undefined") return;
    const data = JSON.parse(source.textContent) || {};
    const el = (id) => document.getElementById(id);

    const children = data.children || [];
    if (el("chart-children")) {
      bars(el("chart-children"), children, "yuan", {
        onClick: (i) => children[i] && window.location.assign(children[i].url),
      });
    }
    if (el("chart-programmes")) bars(el("chart-programmes"), data.programmes || [], "yuan");

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
    if (el("chart-cards")) bars(el("chart-cards"), data.cards || [], "yuan");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
