// Renders the growth plot of docs/performance.md with ECharts on the server (SVG, no browser, no network).
// node bench/growth_chart.cjs IN.json OUT.svg — IN: {"sizes": [...], "series": {"name": [value per size]}}
const fs = require("fs");
const echarts = require("echarts");

const [input, output] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(input, "utf8"));
const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 960, height: 560 });
const series = Object.entries(data.series).map(([name, values]) => ({
  name,
  type: "line",
  symbolSize: 7,
  data: data.sizes.map((size, i) => [size, values[i]]).filter(([, v]) => v !== null && v > 0),
}));
// A line growing exactly as the data does, through the first point of the slowest series, for comparison.
const first = Math.max(...series.map((s) => (s.data.length ? s.data[0][1] : 0)));
series.push({
  name: "与数据同比增长（参考）",
  type: "line",
  lineStyle: { type: "dashed", color: "#999" },
  itemStyle: { color: "#999" },
  symbol: "none",
  data: data.sizes.map((size) => [size, (first * size) / data.sizes[0]]),
});
chart.setOption({
  animation: false,
  title: { text: "成本随会员规模的增长（中位数，毫秒，对数坐标）", left: "center", textStyle: { fontSize: 15 } },
  legend: { bottom: 0, type: "plain", textStyle: { fontSize: 11 } },
  grid: { left: 70, right: 30, top: 50, bottom: 150 },
  xAxis: { type: "log", name: "会员", min: data.sizes[0], max: data.sizes[data.sizes.length - 1], axisLabel: { formatter: (v) => v.toLocaleString("en") } },
  yAxis: { type: "log", name: "ms" },
  series,
});
fs.writeFileSync(output, chart.renderToSVGString());
chart.dispose();
