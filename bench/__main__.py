"""`make bench`: run every benchmark, print one table (metric, value, target, met) and write JSON to var/bench/.

Groups, chosen with BENCH_ONLY (comma-separated; default all):
  setup    load_divisions and seed_demo into fresh databases (SQLite or PostgreSQL)
  city     PostgreSQL: seed_city at each size of BENCH_MEMBERS (built once, reused), then inside Django the
           coverage roll-up of the whole tree against a naive recount, member search, the search by one
           district's members' pinyin initials (district, city and street users), and every main list page
           and dashboard — members, coverage, assistance, rights — one user at a time (bench/inprocess.py)
  export   PostgreSQL: roster export of the largest city
  import   PostgreSQL: a 100,000-row roster import, against merely parsing the file with calamine
  load     PostgreSQL: the load test of `make load` (bench/load/run.py), 50 users, 60 s
  documents  the PDF base (unionhall/documents): a Chinese printout with serial, page numbers and QR code,
           first render in a fresh process and warm, with the project's fonts (bench/documents.py; no database)
  assistance  PostgreSQL: the two Chinese PDFs (帮扶审批表, 公示名单) and concurrent disbursement
           approvals against one budget, in a fresh database (bench/assistance.py)

BENCH_MEMBERS lists the city sizes (default 1000000; `make bench-growth` uses 10000,100000,1000000).
BENCH_RUNS is how many times each timed figure is taken; the median is reported.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


@dataclass
class Row:
    metric: str
    value: float | str
    target: str = "—"
    met: bool | None = None  # None: no target
    size: int | None = None  # the city's members, for the growth table


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


def timed(metric: str, target: float, prepare: tuple[tuple[str, ...], ...], command: tuple[str, ...]) -> Row:
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
    return Row(metric, median, f"≤ {target:g}", median <= target)


def setup_rows() -> list[Row]:
    return [
        timed("load_divisions --province 32 (22k villages), s", 30, (), ("load_divisions", "--province", "32")),
        timed(
            "seed_demo --members 2000 (divisions loaded), s",
            60,
            (("load_divisions", "--province", "32"),),
            ("seed_demo", "--members", "2000"),
        ),
    ]


def city_rows(members: int) -> list[Row]:
    from bench.city import city_database, url

    name, info = city_database(members)
    env = dict(os.environ, DATABASE_URL=url(name), BENCH_RUNS=str(max(RUNS, 5)))
    done = subprocess.run(
        [sys.executable, "-m", "bench.inprocess"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    r = json.loads(done.stdout.strip().splitlines()[-1])
    n = f"{members:,}"
    rows = [
        Row(f"seed_city {n} members, s", info["seed_seconds"], "≤ 600", info["seed_seconds"] <= 600, members),
        Row(f"seed_city {n} members, peak MB", info["seed_peak_mb"], size=members),
        # The rights and assistance records within it (cases, risk reports, archives, payments, cards).
        Row("  … of which the casework, s", info.get("casework_ms", 0) / 1000, size=members),
        Row(
            f"coverage of all {r['coverage_nodes']:,} nodes, city ({n}), ms",
            r["coverage_city_ms"],
            "≤ 200",
            r["coverage_city_ms"] <= 200,
            members,
        ),
        Row(
            f"coverage equals a naive recount ({n})",
            "yes" if r["coverage_equals_naive"] else "NO",
            "yes",
            r["coverage_equals_naive"],
            members,
        ),
        Row(f"coverage of one district's subtree ({n}), ms", r["coverage_district_ms"], size=members),
    ]
    for who, label in (("reviewer_city", "city-wide"), ("cadre_gusu", "district cadre")):
        p95 = r[f"search_{who}_p95_ms"]
        rows.append(Row(f"member search p95, {label} ({n}), ms", p95, "≤ 30", p95 <= 30, members))
        for kind in ("name", "initials", "id_number", "phone", "member_no"):
            rows.append(Row(f"  … by {kind} p95, {label} ({n}), ms", r[f"search_{who}_{kind}_p95_ms"], size=members))
    samples = r["initials_samples"]
    users = (("cadre_gusu", "district cadre"), ("reviewer_city", "city-wide"), ("cadre_town", "street cadre"))
    for who, label in users:
        for status in ("open", "all"):
            p95 = r[f"initials_{who}_{status}_p95_ms"]
            metric = f"initials search p95, {samples} district initials, {label}, {status} ({n}), ms"
            rows.append(Row(metric, p95, "≤ 30", p95 <= 30, members))
            rows.append(Row(f"  … p50 ({n}), ms", r[f"initials_{who}_{status}_p50_ms"], size=members))
    for page in r["pages"]:
        # PRODUCT.md §5: every list and dashboard ≤ 250 ms for one user, again (warm) and first (cold).
        ms, cold = page["median_ms"], page["cold_ms"]
        rows.append(Row(f"page: {page['page']} ({n}), median ms", ms, "≤ 250", ms <= 250, members))
        rows.append(Row(f"  … first, nothing kept ({n}), ms", cold, "≤ 250", cold <= 250, members))
    return rows


def load_rows() -> list[Row]:
    """The load test as `make load` runs it (bench/load/run.py: its own city database, uh_load_city, built
    once with seed_city under the production keys it generates), read back from its summary JSON."""
    out = ROOT / "var" / "bench"
    subprocess.run([sys.executable, "-m", "bench.load.run", "--label", "bench"], cwd=ROOT, check=True)
    summary = json.loads(max(out.glob("load-*-bench.json")).read_text())
    o = summary["overall"]
    users = summary["load"]["users"]
    return [
        Row(f"load: requests/s, {users} users", o["rps"], "≥ 150", o["rps"] >= 150),
        Row("load: p50 ms", o["p50_ms"]),
        Row("load: p95 ms", o["p95_ms"], "≤ 250", o["p95_ms"] <= 250),
        Row("load: p99 ms", o["p99_ms"]),
        Row("load: failed requests", o["failures"], "0", o["failures"] == 0),
    ]


def assistance_rows() -> list[Row]:
    """bench/assistance.py in a fresh, migrated database, dropped afterwards."""
    env, cleanup = fresh_env()
    try:
        manage(env, "migrate", "--no-input", "-v0")
        done = subprocess.run(
            [sys.executable, "-m", "bench.assistance"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
    finally:
        cleanup()
    r = json.loads(done.stdout.strip().splitlines()[-1])
    threads, requests = r["approvals_threads"], r["approvals_requests"]
    return [
        Row("PDF 帮扶审批表, render, median ms", r["pdf_approval_ms"], "≤ 1500", r["pdf_approval_ms"] <= 1500),
        Row("  … CPU time of the render, median ms", r["pdf_approval_cpu_ms"]),
        Row(
            "PDF 帮扶审批表, whole request, median ms",
            r["pdf_approval_page_ms"],
            "≤ 1500",
            r["pdf_approval_page_ms"] <= 1500,
        ),
        Row(
            f"PDF 公示名单 ({r['pdf_notice_rows']} rows, {r['pdf_notice_pages']} pages), render, median ms",
            r["pdf_notice_ms"],
            "≤ 1500",
            r["pdf_notice_ms"] <= 1500,
        ),
        Row("  … CPU time of the render, median ms", r["pdf_notice_cpu_ms"]),
        Row(
            "PDF 公示名单, whole request, median ms", r["pdf_notice_page_ms"], "≤ 1500", r["pdf_notice_page_ms"] <= 1500
        ),
        Row(f"approvals: {threads} threads, {requests} requests on one budget, approved/s", r["approvals_per_s"]),
        Row("approvals: attempts/s (approved + refused)", r["approvals_attempts_per_s"]),
        Row(f"approvals: approved (budget covers {r['approvals_budget_covers']})", r["approvals_approved"]),
        Row("approvals: refused for want of money", r["approvals_refused"]),
        Row(
            "approvals: the budget spent to the last fen",
            "yes" if r["approvals_all_money_used"] else "NO",
            "yes",
            r["approvals_all_money_used"],
        ),
        Row("approvals: other errors", r["approvals_other_errors"], "0", r["approvals_other_errors"] == 0),
        Row("approvals: overspent, fen", r["approvals_overspent_fen"], "0", r["approvals_overspent_fen"] == 0),
        Row(
            "approvals: ledger equals balances",
            "yes" if r["approvals_ledger_equals_balances"] else "NO",
            "yes",
            r["approvals_ledger_equals_balances"],
        ),
    ]


def documents_rows() -> list[Row]:
    """bench/documents.py in a fresh process (no database): the PDF base with the project's fonts."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.documents"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    r = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        Row("PDF base, first render in a fresh process, ms", r["first_ms"], "≤ 1500", r["first_ms"] <= 1500),
        Row("  … CPU time of that render, ms", r["first_cpu_ms"]),
        Row(f"PDF base ({r['pages']} pages), render, median ms", r["warm_ms"], "≤ 1500", r["warm_ms"] <= 1500),
        Row("  … CPU time of the render, median ms", r["warm_cpu_ms"]),
        Row("PDF base with a character outside GB 2312, median ms", r["rare_ms"], "≤ 1500", r["rare_ms"] <= 1500),
        Row("PDF base: embedded fonts", " + ".join(r["fonts"])),
    ]


def main() -> None:
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    sizes = [int(s) for s in os.environ.get("BENCH_MEMBERS", "1000000").split(",")]
    rows: list[Row] = []

    def wanted(group: str) -> bool:
        return not only or group in only

    if wanted("setup"):
        rows += setup_rows()
    if wanted("documents"):
        rows += documents_rows()
    if engine == "postgresql":
        from bench import rosters

        if wanted("city"):
            for members in sizes:
                rows += city_rows(members)
        if wanted("export"):
            rows += [Row(m, v, t, ok, max(sizes)) for m, v, t, _, ok in rosters.export_benchmark(RUNS, max(sizes))]
        if wanted("import"):
            rows += [Row(m, v, t, ok) for m, v, t, _, ok in rosters.import_benchmark(RUNS)]
        if wanted("load"):
            rows += load_rows()
        if wanted("assistance"):
            rows += assistance_rows()
    else:
        print("(the city, roster and load benchmarks need PostgreSQL: set DATABASE_URL)")
    machine = f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · {engine}"
    print(f"\nUnionHall benchmarks — {machine} — median of {RUNS} runs (searches: p95 of every query)\n")
    width = max(len(r.metric) for r in rows) if rows else 20
    print(f"{'metric':<{width}} {'value':>12} {'target':>8}  met")
    for r in rows:
        value = f"{r.value:>12,.1f}" if isinstance(r.value, float | int) else f"{r.value:>12}"
        met = "" if r.met is None else ("yes" if r.met else "NO")
        print(f"{r.metric:<{width}} {value} {r.target:>8}  {met}")
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"{stamp}-{engine}.json"
    results: list[dict[str, Any]] = [r.__dict__ for r in rows]
    path.write_text(
        json.dumps({"machine": machine, "runs": RUNS, "sizes": sizes, "results": results}, ensure_ascii=False, indent=2)
    )
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
