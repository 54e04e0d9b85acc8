"""The load test (`make load`): gunicorn in production settings on 127.0.0.1, PostgreSQL, locust headless.

Steps: pick or build the database (a `uh_load_*` one), migrate, collectstatic, `check --deploy`, read the
samples the users will type and click (bench/load/samples.py), start gunicorn, wait for /healthz, run
locust (bounded by --run-time and --max-requests), stop gunicorn. Prints throughput, p50/p95/p99 overall,
per endpoint group and for the slowest endpoints, and the CPU each part used (locust, gunicorn,
PostgreSQL, everything else on the machine); writes locust's CSV and JSON and a summary JSON under
var/bench/ (`load-<time>*`).

    python -m bench.load.run [--database-url URL] [--workers 3] [--worker-class sync] [--pace 3.2]

Without --database-url: the database `uh_load_city`, built once with `seed_city --members $LOAD_MEMBERS`
(default 1,000,000) when that command exists, else `uh_load_demo` built with `seed_demo --members
$LOAD_MEMBERS` (default 20,000); both on postgres://postgres@127.0.0.1:5432 (LOAD_PG_URL changes that).
The secrets (SECRET_KEY and the two personal-data keys) are generated once into var/bench/load-keys.json:
the ID numbers in a built database are encrypted with those keys.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "bench"
KEYS = OUT / "load-keys.json"
PG_URL = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DEFAULT_USERS = 50
# Request names are "<group>: <what>" (bench/load/locustfile.py); these are the report's groups.
GROUPS = [
    "members", "coverage", "assistance", "rights", "me", "export", "api", "portal", "static", "login", "login page",
    "home",
]  # fmt: skip


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


# --- database --------------------------------------------------------------------------------------


def _server_url(name: str) -> str:
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


def _exists(conn: psycopg.Connection[Any], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _comment(conn: psycopg.Connection[Any], name: str) -> str:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
    ).fetchone()
    return (row[0] or "") if row else ""


def city_database(env: dict[str, str], members: int | None, seed: int, rebuild: bool) -> str:
    """The default database: built once, under a temporary name renamed at the end, so that a build
    cut short is never mistaken for a finished one. Its comment records how it was built."""
    if (APP / "unionhall" / "demo" / "management" / "commands" / "seed_city.py").exists():
        name, count = "uh_load_city", members or 1_000_000
        steps = [["seed_city", "--members", str(count), "--seed", str(seed)]]
    else:
        name, count = "uh_load_demo", members or 20_000
        steps = [
            ["load_divisions", "--province", "32"],
            ["seed_demo", "--members", str(count), "--seed", str(seed)],
        ]
    recipe = " && ".join(" ".join(s) for s in steps)
    building = f"{name}_building"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if _exists(conn, name) and not rebuild:
            if _comment(conn, name) == recipe:
                log(f"reusing database {name} ({recipe})")
                conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')  # as README.md asks
                return _server_url(name)
            log(f"database {name} was built with '{_comment(conn, name)}', not '{recipe}': rebuilding it")
        conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{building}"')
    url = _server_url(building)
    started = time.monotonic()
    build_env = env | {"DATABASE_URL": url}
    manage(build_env, "migrate", "--no-input", "-v", "0")
    for step in steps:
        log(f"building {name}: manage.py {' '.join(step)}")
        manage(build_env, *step, quiet=False)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{recipe}'")
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')  # data on SSD, as README.md asks
    log(f"built {name} in {time.monotonic() - started:.0f} s")
    return _server_url(name)


# --- the server --------------------------------------------------------------------------------------


def secrets_env() -> dict[str, str]:
    """SECRET_KEY and the personal-data keys, generated once: a built database's IDs are encrypted with them."""
    if not KEYS.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        keys = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "UNIONHALL_PII_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "UNIONHALL_PII_HASH_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        }
        KEYS.write_text(json.dumps(keys, indent=1), encoding="utf-8")
        KEYS.chmod(0o600)
    data: dict[str, str] = json.loads(KEYS.read_text(encoding="utf-8"))
    return data


APP = ROOT  # the code served; --commit points it at an exported commit


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "manage.py", *args], cwd=APP, env=env, check=True, stdout=out)  # noqa: S603


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603,S607


def export(rev: str) -> Path:
    """The committed tree of `rev` under var/bench/, so that edits in progress in the working tree (others
    work in it too) are not what is measured. Front-end assets and reference data are linked, not copied."""
    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    dest = OUT / f"load-src-{sha[:10]}"
    if not dest.exists():
        partial = OUT / f"load-src-{sha[:10]}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True)  # noqa: S603,S607
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(partial, filter="data")
        (partial / "static" / "vendor").symlink_to(ROOT / "static" / "vendor")
        (partial / "node_modules").symlink_to(ROOT / "node_modules")
        partial.rename(dest)
    return dest


def wait_until_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(base + "/healthz", headers={"X-Forwarded-Proto": "https"})  # noqa: S310 (loopback http)
    while True:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer {base}/healthz within {timeout:.0f} s")
        time.sleep(0.3)


# --- CPU accounting --------------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    seconds = {}
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        seconds[pid] = t.user + t.system
    return seconds


def tree(pid: int) -> list[int]:
    try:
        parent = psutil.Process(pid)
        return [pid, *(c.pid for c in parent.children(recursive=True))]
    except psutil.Error:
        return []


def postgres_seconds() -> float:
    """CPU of the whole local PostgreSQL server, every database: its live processes, and those that have
    exited (parallel query workers, backends closed after DB_CONN_MAX_AGE), which the postmaster reaped.
    NaN when the server is not a local process this user can read."""
    try:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            row = conn.execute("SELECT pg_backend_pid()").fetchone()
            # Ask while the connection is open: its backend exits with it.
            postmaster = psutil.Process(psutil.Process(row[0] if row else 0).ppid())
        t = postmaster.cpu_times()
        children = postmaster.children()
    except (psutil.Error, ValueError):
        return float("nan")
    total = t.user + t.system + t.children_user + t.children_system
    return total + sum(cpu_seconds([c.pid for c in children]).values())


def busy_seconds() -> float:
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)


# --- the report --------------------------------------------------------------------------------------


@dataclass
class Figures:
    requests: int = 0
    failures: int = 0
    histogram: dict[int, int] = field(default_factory=dict)
    start: float = float("inf")
    end: float = 0.0

    def add(self, entry: dict[str, Any]) -> None:
        self.requests += entry["num_requests"]
        self.failures += entry["num_failures"]
        for ms, n in entry["response_times"].items():
            self.histogram[int(ms)] = self.histogram.get(int(ms), 0) + n
        self.start = min(self.start, entry["start_time"])
        self.end = max(self.end, entry["last_request_timestamp"] or 0)

    def percentile(self, p: float) -> int:
        """Like locust's own: the smallest recorded time with at least p of the requests at or below it."""
        wanted = self.requests * p
        seen = 0
        for ms in sorted(self.histogram):
            seen += self.histogram[ms]
            if seen >= wanted:
                return ms
        return 0

    def row(self, seconds: float) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "failures": self.failures,
            "rps": round(self.requests / seconds, 1) if seconds else 0,
            "p50_ms": self.percentile(0.50),
            "p95_ms": self.percentile(0.95),
            "p99_ms": self.percentile(0.99),
        }


def group_of(name: str) -> str:
    head = name.split(":", 1)[0]
    return head if head in GROUPS else "other"


def report(stats: list[dict[str, Any]]) -> dict[str, Any]:
    total, groups, endpoints = Figures(), {}, {}
    for entry in stats:
        total.add(entry)
        groups.setdefault(group_of(entry["name"]), Figures()).add(entry)
        endpoints.setdefault(f"{entry['method']} {entry['name']}", Figures()).add(entry)
    seconds = max(total.end - total.start, 1e-9)
    return {
        "seconds": round(seconds, 1),
        "overall": total.row(seconds),
        "groups": {k: v.row(seconds) for k, v in sorted(groups.items())},
        "endpoints": {k: v.row(seconds) for k, v in sorted(endpoints.items())},
    }


def table(title: str, rows: dict[str, dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(f"{'':44} {'reqs':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for name, r in rows.items():
        print(
            f"{name[:44]:44} {r['requests']:7} {r['failures']:5} {r['rps']:7.1f} "
            f"{r['p50_ms']:6} {r['p95_ms']:6} {r['p99_ms']:6}"
        )


def code_state(commit: str) -> dict[str, Any]:
    """The commit measured, and, when it is the working tree, the files changed beside it."""
    if commit:
        return {"commit": git("rev-parse", "--short", f"{commit}^{{commit}}"), "changed": []}
    return {"commit": git("rev-parse", "--short", "HEAD"), "changed": git("status", "--porcelain").splitlines()}


# --- main --------------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="an existing PostgreSQL database (name uh_load_*)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the default database")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (see docs/performance.md)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--users", type=int, default=DEFAULT_USERS)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=30_000,
        help="stop after this many requests (the tasks in flight still finish)",
    )
    parser.add_argument("--warmup", type=float, default=10, help="seconds after the ramp left out of the figures")
    parser.add_argument(
        "--pace", type=float, default=3.2, help="tasks per second per user (0: no wait, measures capacity)"
    )
    parser.add_argument(
        "--client", default="fast", choices=["fast", "requests"], help="locust FastHttpUser or HttpUser"
    )
    parser.add_argument(
        "--commit", default="", help="serve this commit (exported under var/bench/) instead of the working tree"
    )
    parser.add_argument("--py-spy", default="", help="path to py-spy: record the gunicorn workers during the run")
    parser.add_argument("--label", default="", help="a word added to the output file names")
    return parser.parse_args()


def main() -> int:
    global APP
    args = arguments()
    if args.commit:
        APP = export(args.commit)
        log(f"serving {args.commit} from {APP.relative_to(ROOT)}")
    keys = secrets_env()
    members = int(os.environ["LOAD_MEMBERS"]) if os.environ.get("LOAD_MEMBERS") else None
    base_env = {k: v for k, v in os.environ.items() if k not in {"UNIONHALL_ENV", "DATABASE_URL", "DEBUG"}}
    base_env |= keys
    if args.database_url:
        url = args.database_url
    else:
        url = city_database(base_env, members, args.seed, args.rebuild)
    database = url.rsplit("/", 1)[1].split("?")[0]
    if not database.startswith("uh_load_"):
        log(f"note: {database} is not a uh_load_* database; it is only read, apart from a few join applications")

    env = base_env | {
        "UNIONHALL_ENV": "production",
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
        "STATIC_ROOT": str(OUT / "staticfiles"),
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S") + (f"-{args.label}" if args.label else "")
    prefix = OUT / f"load-{stamp}"
    samples = OUT / "load-samples.json"
    script = ROOT / "bench" / "load" / "samples.py"
    manage(env, "shell", "-v", "0", "-c", f"import runpy; runpy.run_path({str(script)!r})['main']({str(samples)!r})")

    base = f"http://127.0.0.1:{args.port}"
    gunicorn_cmd = [
        str(VENV_BIN / "gunicorn"), "config.wsgi",
        "--bind", f"127.0.0.1:{args.port}",
        "--workers", str(args.workers),
        "--worker-class", args.worker_class,
        "--threads", str(args.threads),
        "--error-logfile", f"{prefix}-gunicorn.log",
    ]  # fmt: skip
    if os.environ.get("LOAD_ACCESS_LOG"):
        gunicorn_cmd += ["--access-logfile", "-"]
    log(f"gunicorn: {args.workers} × {args.worker_class}" + (f", {args.threads} threads" if args.threads > 1 else ""))
    server = subprocess.Popen(gunicorn_cmd, cwd=APP, env=env, start_new_session=True)  # noqa: S603
    try:
        wait_until_up(base)
        load_before = os.getloadavg()
        idle_check = psutil.cpu_percent(interval=3)
        if idle_check > 20:
            log(f"warning: the cores were {idle_check:.0f}% busy just before the run: other work shares them")
        busy0 = busy_seconds()
        gunicorn0 = cpu_seconds(tree(server.pid))
        pg0 = postgres_seconds()
        locust_cmd = [
            str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless", "--host", base,
            "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
            "--max-requests", str(args.max_requests), "--warmup", str(args.warmup),
            "--stop-timeout", "5", "--only-summary", "--loglevel", "WARNING",
            "--csv", str(prefix), "--json-file", str(prefix) + "-stats",
            "--run-file", f"{prefix}-run.json",
        ]  # fmt: skip
        locust_env = env | {"LOAD_SAMPLES": str(samples), "LOAD_PACE": str(args.pace), "LOAD_CLIENT": args.client}
        log(
            f"locust: {args.users} users, +{args.spawn_rate:g}/s, {args.run_time}, at most {args.max_requests} "
            f"requests, pace {args.pace:g}/s per user, {args.client} client, first {args.warmup:g} s after the "
            "ramp left out"
        )
        started = time.monotonic()
        locust = subprocess.Popen(locust_cmd, cwd=ROOT, env=locust_env)  # noqa: S603
        spy = None
        if args.py_spy:
            # Where the workers' CPU goes, as collapsed stacks (flamegraph.pl or speedscope read them).
            spy = subprocess.Popen(  # noqa: S603
                [args.py_spy, "record", "--pid", str(server.pid), "--subprocesses", "--nonblocking", "--gil", "--rate", "50",
                 "--format", "raw", "--output", f"{prefix}-py-spy.txt"],
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
        _, status, usage = os.wait4(locust.pid, 0)
        locust.returncode = os.waitstatus_to_exitcode(status)
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
        wall = time.monotonic() - started
        locust_cpu = usage.ru_utime + usage.ru_stime
        gunicorn1 = cpu_seconds(tree(server.pid))
        pg_cpu = postgres_seconds() - pg0
        busy = busy_seconds() - busy0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    gunicorn_cpu = sum(v - gunicorn0.get(pid, 0) for pid, v in gunicorn1.items())
    stats = json.loads(Path(f"{prefix}-stats.json").read_text(encoding="utf-8"))
    run = json.loads(Path(f"{prefix}-run.json").read_text(encoding="utf-8"))
    sent = max(run["requests"], 1)
    pg_known = pg_cpu == pg_cpu  # NaN when PostgreSQL's processes could not be read
    pg_cpu = pg_cpu if pg_known else 0.0
    cpu = {
        "wall_seconds": round(wall, 1),
        "cores": psutil.cpu_count(),
        "locust": round(locust_cpu, 1),
        "gunicorn": round(gunicorn_cpu, 1),
        "postgres_all_databases": round(pg_cpu, 1) if pg_known else None,
        "everything_else": round(busy - locust_cpu - gunicorn_cpu - pg_cpu, 1),
        "machine_busy": round(busy, 1),
        "requests_sent": sent,
        "ms_per_request": {
            "locust": round(1000 * locust_cpu / sent, 1),
            "gunicorn": round(1000 * gunicorn_cpu / sent, 1),
            "postgres": round(1000 * pg_cpu / sent, 1) if pg_known else None,
        },
        "load_average_before": [round(x, 2) for x in load_before],
        "busy_percent_before": idle_check,
    }
    figures = report(stats)
    summary = {
        "time": stamp,
        "database": database,
        "code": code_state(args.commit),
        "server": {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads},
        "load": {
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time": args.run_time,
            "max_requests": args.max_requests,
            "pace_per_user": args.pace,
            "warmup_seconds": args.warmup,
            "client": args.client,
        },
        "cpu_seconds": cpu,
        "whole_run": {"requests": run["requests"], "failures": run["failures"], "errors": run["errors"]},
        "logins_ms": run["logins_ms"],
        **figures,
    }
    Path(f"{prefix}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")

    o = figures["overall"]
    slowest = dict(sorted(figures["endpoints"].items(), key=lambda kv: -kv[1]["p95_ms"])[:8])
    table(f"By group ({figures['seconds']} s measured, after the ramp and {args.warmup:g} s)", figures["groups"])
    table("Slowest endpoints by p95", slowest)
    print(
        f"\nOverall: {o['rps']} requests/s, p50 {o['p50_ms']} ms, p95 {o['p95_ms']} ms, p99 {o['p99_ms']} ms, "
        f"{o['failures']} failures of {o['requests']} — database {database}, {args.users} users"
    )
    per = cpu["ms_per_request"]
    ceiling = 1000 * cpu["cores"] / max(per["locust"] + per["gunicorn"] + (per["postgres"] or 0), 0.1)
    print(
        f"CPU seconds over {cpu['wall_seconds']} s on {cpu['cores']} cores: locust {cpu['locust']}, gunicorn "
        f"{cpu['gunicorn']}, PostgreSQL {cpu['postgres_all_databases'] or 'n/a'} (all databases), everything else "
        f"{cpu['everything_else']} "
        f"(the cores were {cpu['busy_percent_before']:.0f}% busy just before)"
    )
    print(
        f"CPU per request: locust {per['locust']} ms, gunicorn {per['gunicorn']} ms, PostgreSQL {per['postgres'] or 'n/a'} ms"
        f" — at most ~{ceiling:.0f} requests/s if these {cpu['cores']} cores did nothing else"
    )
    if run["failures"]:
        print(f"Failures over the whole run, warm-up included: {run['failures']} of {run['requests']}")
        for error, count in sorted(run["errors"].items(), key=lambda kv: -kv[1])[:5]:
            print(f"  {count:6} {error[:110]}")
    if run["logins_ms"]:
        ms = run["logins_ms"]
        print(f"Logins (in the ramp, not in the figures): {len(ms)}, median {ms[len(ms) // 2]:.0f} ms")
    met = o["rps"] >= 150 and o["p95_ms"] <= 250 and run["failures"] == 0
    print(f"Target (≥ 150 requests/s, p95 ≤ 250 ms): {'met' if met else 'not met'}")
    print(f"Written: {prefix}.json, {prefix}_stats.csv, {prefix}-stats.json")
    return 0 if locust.returncode == 0 and run["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
