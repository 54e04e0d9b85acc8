"""Run every benchmark, print one table (metric, median, target, met) and write JSON under var/bench/.

Each benchmark runs its command in a fresh database (SQLite under a temporary directory, or a fresh
PostgreSQL database when DATABASE_URL is set) and times it as a whole, so the figure is what a user of
the command waits for. The median of RUNS runs is reported.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


@dataclass
class Result:
    metric: str
    seconds: float
    runs: list[float]
    target: float
    met: bool


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def fresh_env() -> tuple[dict[str, str], Callable[[], None]]:
    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, _ = url.rpartition("/")
        name = f"uh_bench_{os.getpid()}_{time.monotonic_ns()}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"

        def drop() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return env, drop
    tmp = tempfile.TemporaryDirectory()
    env["UNIONHALL_VAR_DIR"] = tmp.name
    return env, tmp.cleanup


def timed(metric: str, target: float, prepare: tuple[tuple[str, ...], ...], command: tuple[str, ...]) -> Result:
    runs = []
    for _ in range(RUNS):
        env, cleanup = fresh_env()
        try:
            manage(env, "migrate", "--no-input", "-v0")
            for step in prepare:
                manage(env, *step)
            started = time.perf_counter()
            manage(env, *command)
            runs.append(time.perf_counter() - started)
        finally:
            cleanup()
    median = statistics.median(runs)
    return Result(metric, round(median, 2), [round(r, 2) for r in runs], target, median <= target)


def main() -> None:
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    rows: list[tuple[str, float, str, bool]] = []
    if not only or "setup" in only:
        for r in (
            timed("load_divisions --province 32 (22k villages), s", 30, (), ("load_divisions", "--province", "32")),
            timed(
                "seed_demo --members 2000 (divisions loaded), s",
                60,
                (("load_divisions", "--province", "32"),),
                ("seed_demo", "--members", "2000"),
            ),
        ):
            rows.append((r.metric, r.seconds, f"≤ {r.target:g}", r.met))
    if engine == "postgresql":
        from bench import rosters

        if not only or "export" in only:
            rows += [(m, v, t, ok) for m, v, t, _, ok in rosters.export_benchmark(RUNS)]
        if not only or "import" in only:
            rows += [(m, v, t, ok) for m, v, t, _, ok in rosters.import_benchmark(RUNS)]
    else:
        print("(roster import/export benchmarks need PostgreSQL: set DATABASE_URL)")
    machine = f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · {engine}"
    print(f"\nUnionHall benchmarks — {machine} — median of {RUNS} runs\n")
    print(f"{'metric':<52} {'value':>12} {'target':>8}  met")
    for metric, value, target, met in rows:
        print(f"{metric:<52} {value:>12,.2f} {target:>8}  {'yes' if met else 'NO'}")
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"{stamp}-{engine}.json"
    results = [{"metric": m, "value": v, "target": t, "met": ok} for m, v, t, ok in rows]
    path.write_text(json.dumps({"machine": machine, "runs": RUNS, "results": results}, ensure_ascii=False, indent=2))
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
