"""`make bench-growth`: the city benchmarks at 10,000, 100,000 and 1,000,000 members, then how each cost grows.

Runs `python -m bench` with BENCH_ONLY=city,export and BENCH_MEMBERS=10000,100000,1000000 (override with
GROWTH_MEMBERS), prints a Markdown table (metric per size, and the factor from the smallest city to the
largest beside the factor of the data) and draws docs/performance-growth.svg with ECharts (node, no browser).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = os.environ.get("GROWTH_MEMBERS", "10000,100000,1000000")
# The series drawn: the costs a cadre waits for, in milliseconds.
PLOTTED = [
    "coverage of all nodes, city, ms",
    "coverage of one district's subtree, ms",
    "member search p95, city-wide, ms",
    "member search p95, district cadre, ms",
    "page: members list (reviewer_city), median ms",
    "page: coverage dashboard (reviewer_city), median ms",
    "page: employers list (reviewer_city), median ms",
    "page: organizing tasks (reviewer_city), median ms",
    "roster export, ms",
]


def key(metric: str) -> str:
    """The metric without its size: 'coverage of all 20,169 nodes, city (1,000,000), ms' → '… city, ms'."""
    metric = re.sub(r" \([\d,]+\)", "", metric)
    metric = re.sub(r"of all [\d,]+ nodes", "of all nodes", metric)
    if metric.startswith("roster export") and metric.endswith(", s"):
        return "roster export, s"
    return re.sub(r"^seed_city [\d,]+ members", "seed_city", metric)


def main() -> None:
    if "--no-run" not in sys.argv:
        env = dict(os.environ, BENCH_ONLY="city,export", BENCH_MEMBERS=SIZES)
        subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, env=env, check=True)
    latest = max((ROOT / "var" / "bench").glob("*-postgresql.json"))
    report = json.loads(latest.read_text())
    sizes: list[int] = report["sizes"]
    table: dict[str, dict[int, Any]] = {}
    parent = ""
    for row in report["results"]:
        if row.get("size") is None or isinstance(row["value"], str):
            continue
        metric = key(row["metric"])
        # "  … p50, ms" and "  … first, nothing kept, ms" belong to the metric above them.
        if metric.lstrip().startswith("…"):
            metric = f"{parent} {metric.strip()}"
        else:
            parent = metric.removesuffix(", ms").removesuffix(", median")
        table.setdefault(metric, {})[row["size"]] = row["value"]
    # Export is measured at the largest size only unless asked for each; give it in ms for the plot.
    if "roster export, s" in table:
        table["roster export, ms"] = {s: v * 1000 for s, v in table["roster export, s"].items()}
    factor = sizes[-1] / sizes[0]
    print(f"\n| metric | {' | '.join(f'{s:,}' for s in sizes)} | ×{factor:g} data → |")
    print(f"|---|{'---:|' * len(sizes)}---:|")
    for metric, values in table.items():
        cells = [f"{values[s]:,.1f}" if s in values else "—" for s in sizes]
        first, last = values.get(sizes[0]), values.get(sizes[-1])
        growth = f"×{last / first:,.1f}" if first and last else "—"
        print(f"| {metric} | {' | '.join(cells)} | {growth} |")
    series = {m: [table.get(m, {}).get(s) for s in sizes] for m in PLOTTED if m in table}
    data = ROOT / "var" / "bench" / "growth.json"
    data.write_text(json.dumps({"sizes": sizes, "series": series}, ensure_ascii=False))
    svg = ROOT / "docs" / "performance-growth.svg"
    subprocess.run(["node", "bench/growth_chart.cjs", str(data), str(svg)], cwd=ROOT, check=True)  # noqa: S603, S607
    print(f"\nfrom {latest.relative_to(ROOT)}; plot written to {svg.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
