"""Roster benchmarks on PostgreSQL (PRODUCT.md §5): a 100,000-row import and a 1,000,000-row export.

The export reads the city database of bench/city.py (seed_city, built once and reused); the import runs
into a fresh database each time.
Each command runs in its own process under /usr/bin/time, so wall time and peak RSS are the command's.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.city import admin, city_database, url

ROOT = Path(__file__).resolve().parent.parent
CITY_MEMBERS = int(os.environ.get("BENCH_CITY_MEMBERS", "1000000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
# the import's fresh databases are named with this prefix (a helper sharing the server keeps to its own)
IMPORT_DB_PREFIX = os.environ.get("BENCH_IMPORT_DB_PREFIX", "uh_bench_import_")


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    cpu_seconds: float  # user + system time of the command's process (not the database server's)


def manage(db: str, *args: str, timed: bool = False) -> tuple[str, Measure | None]:
    env = dict(os.environ, DATABASE_URL=url(db))
    command = [sys.executable, "manage.py", *args]
    if timed:
        command = ["/usr/bin/time", "-f", "TIME %e %M %U %S", *command]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    if not timed:
        return done.stdout, None
    match = re.search(r"TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", done.stderr)
    assert match, done.stderr
    cpu = float(match.group(3)) + float(match.group(4))
    return done.stdout, Measure(float(match.group(1)), int(match.group(2)) / 1024, cpu)


def export_benchmark(runs: int, members: int = CITY_MEMBERS) -> list[tuple[str, float, str, float, bool]]:
    db, _ = city_database(members)
    out = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False).name  # noqa: SIM115
    measures = [manage(db, "export_members", "--org", "SZ", "--out", out, timed=True)[1] for _ in range(runs)]
    os.unlink(out)
    seconds = statistics.median(m.seconds for m in measures if m)
    peak = max(m.peak_mb for m in measures if m)
    rate = members / seconds
    return [
        (f"roster export {members:,} members' rows, s", seconds, "≤ 30", 30, seconds <= 30),
        ("roster export rows/s", rate, "—", 0, True),
        ("roster export peak memory, MB", peak, "≤ 200", 200, peak <= 200),
    ]


def write_roster(path: str, rows: int, *, seed: int = 7) -> None:
    """A realistic roster as a grassroots union sends it: Chinese headers, mixed date forms, some full-width."""
    from rustpy_xlsxwriter import write_worksheet
    from stdnum.cn import ric

    rng = random.Random(seed)
    seen: set[str] = set()

    def records():  # type: ignore[no-untyped-def]
        while len(seen) < rows:
            born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
            body = f"320583{born:%Y%m%d}{rng.randrange(1000):03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number in seen:
                continue
            seen.add(number)
            joined = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3000))
            joined_text = rng.choice(
                [
                    joined.isoformat(),
                    f"{joined.year}.{joined.month}.{joined.day}",
                    f"{joined.year}年{joined.month}月{joined.day}日",
                ]
            )
            yield {
                "序号": len(seen),
                "姓名": rng.choice("王李张刘陈杨") + rng.choice("伟芳娜秀英敏静丽强磊") + rng.choice("军洋勇艳杰娟"),
                "身份证号码": number.lower() if rng.random() < 0.05 else number,
                "手机号码": "1" + rng.choice("3589") + f"{rng.randrange(10**9):09d}",
                "入会日期": joined_text,
                "用工形式": rng.choice(["", "劳务派遣", ""]),
            }

    write_worksheet(records(), path, sheet_name="花名册")


def import_benchmark(runs: int) -> list[tuple[str, float, str, float, bool]]:
    path = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False).name  # noqa: SIM115
    write_roster(path, IMPORT_ROWS)
    parse_code = (
        "import time, sys; from python_calamine import CalamineWorkbook; t = time.perf_counter(); "
        f"rows = CalamineWorkbook.from_path({path!r}).get_sheet_by_index(0).to_python(); "
        "print(len(rows), time.perf_counter() - t)"
    )
    parse = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", parse_code], check=True, capture_output=True, text=True)  # noqa: S603
        parse.append(float(done.stdout.split()[1]))
    imports: list[Measure] = []
    for _ in range(runs):
        name = f"{IMPORT_DB_PREFIX}{os.getpid()}_{time.monotonic_ns()}"
        admin(f'CREATE DATABASE "{name}"')
        try:
            manage(name, "migrate", "--no-input", "-v0")
            manage(name, "seed_demo", "--members", "0")
            _, measure = manage(name, "import_members", path, "--org", "SZ-GS-01-E01", timed=True)
            assert measure is not None
            imports.append(measure)
        finally:
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    os.unlink(path)
    seconds = statistics.median(m.seconds for m in imports)
    parse_s = statistics.median(parse)
    peak = max(m.peak_mb for m in imports)
    cpu = statistics.median(m.cpu_seconds for m in imports)
    ratio = seconds / parse_s
    return [
        (f"roster import {IMPORT_ROWS:,} rows end to end, s", seconds, "≤ 5", 5, seconds <= 5),
        ("roster import rows/s", IMPORT_ROWS / seconds, "—", 0, True),
        ("roster import CPU time of the command (not the server's), s", cpu, "—", 0, True),
        ("calamine parse of the same file, s", parse_s, "—", 0, True),
        ("import ÷ parse", ratio, "≤ 3", 3, ratio <= 3),
        ("roster import peak memory, MB", peak, "≤ 400", 400, peak <= 400),
    ]
