"""Where a request of the load mix spends its time, endpoint by endpoint, measured inside one process.

The load test (run.py) tells how many requests/s the machine serves and how much CPU each process used; this
tells which endpoint costs what: for each URL the load test's users open, the number of SQL queries, the time
spent waiting for PostgreSQL, the Python CPU time and the wall time, as medians over a few repetitions after
one warm-up request, and the mix's weighted average (the weights of locustfile.py's tasks).

    make load-breakdown BREAKDOWN_ARGS="--repeat 5 --only members"   # after `make load` built uh_load_city
    DATABASE_URL=postgres://…/other python -m bench.load.breakdown       # any database built with those keys

Runs with DEBUG off (the cached template loader, no query log), as served; sessions come from force_login,
so sign-in is not measured. Needs the secrets the database was built with (var/bench/load-keys.json, which
`make load-breakdown` passes on). Reads the samples file run.py writes (var/bench/load-samples.json).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"


@dataclass
class Endpoint:
    name: str
    weight: int
    url: Callable[[random.Random], str]
    headers: dict[str, str] | None = None


def cadre_endpoints(scope: dict[str, Any]) -> list[Endpoint]:
    """The cadre tasks of locustfile.py, with their weights."""
    members, unions, nodes = scope["members"], scope["unions"], scope["nodes"]
    cases, archives = scope.get("cases", []), scope.get("archives", [])

    def search(rng: random.Random) -> str:
        m = rng.choice(members)
        return "/members/?" + urlencode({"q": m[rng.choice(["name", "initials", "phone", "no"])]})

    filtered = [
        lambda rng: {"org": rng.choice(unions)["code"]},
        lambda rng: {"employment_form": "platform"},
        lambda rng: {"migrant": "1"},
        lambda rng: {"status": ""},
        lambda rng: {"joined_from": "2020-01-01"},
    ]
    return [
        Endpoint("members: list", 6, lambda rng: "/members/"),
        Endpoint("members: list filtered", 4, lambda rng: "/members/?" + urlencode(rng.choice(filtered)(rng))),
        Endpoint("members: list page 2-10", 3, lambda rng: f"/members/?page={rng.randint(2, 10)}"),
        Endpoint("members: search", 6, search),
        Endpoint("members: detail", 5, lambda rng: f"/members/{rng.choice(members)['id']}/"),
        Endpoint("coverage: dashboard", 4, lambda rng: "/coverage/"),
        Endpoint("coverage: node", 7, lambda rng: f"/coverage/{rng.choice(nodes)}/"),
        Endpoint("coverage: data (api)", 3, lambda rng: f"/api/v1/coverage/{rng.choice(nodes)}"),
        Endpoint(
            "coverage: 三同步", 2, lambda rng: "/coverage/sync/?check=" + rng.choice(["", "found", "start", "join"])
        ),
        Endpoint("coverage: elections", 2, lambda rng: "/coverage/elections/"),
        Endpoint("coverage: tasks", 2, lambda rng: "/coverage/tasks/"),
        Endpoint("export: members of a union", 1, lambda rng: "/members/export.xlsx?org=" + rng.choice(unions)["code"]),
        Endpoint(
            "api: members", 2, lambda rng: "/api/v1/members/?" + urlencode({"q": rng.choice(members)["initials"]})
        ),
        Endpoint("api: employers", 1, lambda rng: "/api/v1/employers/"),
        Endpoint("home", 0, lambda rng: "/"),  # opened once after signing in: measured, not weighed
        Endpoint("assistance: archive list", 3, lambda rng: "/assistance/"),
        Endpoint(
            "assistance: archive list filtered",
            1,
            lambda rng: "/assistance/?status=" + rng.choice(["approved", "submitted", "notice", "exited"]),
        ),
        Endpoint("assistance: disbursement list", 2, lambda rng: "/funds/disbursements/"),
        Endpoint("assistance: report (dashboard)", 2, lambda rng: "/reports/"),
        Endpoint("rights: case list", 3, lambda rng: "/rights/"),
        Endpoint("rights: overdue cases", 1, lambda rng: "/rights/overdue/"),
        Endpoint("rights: risk report list", 2, lambda rng: "/rights/risks/"),
        Endpoint("rights: dashboard", 2, lambda rng: "/reports/rights/"),
        *(
            [Endpoint("assistance: archive detail", 1, lambda rng: f"/assistance/{rng.choice(archives)}/")]
            if archives
            else []
        ),
        *([Endpoint("rights: case detail", 2, lambda rng: f"/rights/{rng.choice(cases)}/")] if cases else []),
    ]


def worker_endpoints(me: dict[str, Any]) -> list[Endpoint]:
    """The SignedInWorker tasks of locustfile.py: a member's own pages."""
    files, cards, cases = me["files"], me["cards"], me["cases"]
    return [
        Endpoint("me: home", 6, lambda rng: "/me/"),
        Endpoint("me: member card", 2, lambda rng: "/me/member-card/"),
        Endpoint("me: cases", 2, lambda rng: "/me/cases/"),
        *([Endpoint("me: case", 2, lambda rng: f"/me/cases/{rng.choice(cases)}/")] if cases else []),
        *([Endpoint("me: archive", 2, lambda rng: f"/me/files/{rng.choice(files)}/")] if files else []),
        *([Endpoint("me: card", 2, lambda rng: f"/me/cards/{rng.choice(cards)}/")] if cards else []),
    ]


def portal_endpoints(portal: dict[str, Any]) -> list[Endpoint]:
    fragments, cards = portal["employer_fragments"], portal["cards"]
    return [
        Endpoint("portal: join page", 7, lambda rng: "/join/"),
        Endpoint(
            "portal: employer search",
            7,
            lambda rng: "/join/employers/?" + urlencode({"q": rng.choice(fragments)}),
            {"HTTP_HX_REQUEST": "true"},
        ),
        Endpoint("portal: status page", 2, lambda rng: "/join/status/"),
        Endpoint("portal: member card check", 2, lambda rng: f"/members/verify/{rng.choice(cards)}/"),
    ]


# The users of locustfile.py and their weights; None is the anonymous worker on the portal.
USERS: dict[str | None, int] = {
    "reviewer_city": 1,
    "cadre_gusu": 2,
    "cadre_town": 2,
    "chair_demo": 2,
    None: 3,
    "worker": 2,
}


def measure(
    client: Any,
    endpoint: Endpoint,
    rng: random.Random,
    repeat: int,
    profiler: cProfile.Profile | None = None,
    show_sql: bool = False,
) -> dict[str, float]:
    from django.db import connection

    sql: list[float] = []
    statements: list[str] = []

    def timed(execute: Any, query: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql.append(time.perf_counter() - t)
            statements.append(query)

    headers = {"HTTP_X_FORWARDED_PROTO": "https", **(endpoint.headers or {})}
    client.get(endpoint.url(rng), secure=True, **headers)  # warm-up: per-process caches, first compile
    rows = []
    for _ in range(repeat):
        sql.clear()
        statements.clear()
        url = endpoint.url(rng)
        with connection.execute_wrapper(timed):
            if profiler is not None:
                profiler.enable()
            cpu0, wall0 = time.process_time(), time.perf_counter()
            response = client.get(url, secure=True, **headers)
            cpu1, wall1 = time.process_time(), time.perf_counter()
            if profiler is not None:
                profiler.disable()
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        rows.append((len(sql), 1000 * sum(sql), 1000 * (cpu1 - cpu0), 1000 * (wall1 - wall0)))
    if show_sql:
        print(f"-- {endpoint.name}: the statements of the last request", *statements, sep="\n  ")
    return {
        "queries": statistics.median(r[0] for r in rows),
        "sql_ms": round(statistics.median(r[1] for r in rows), 2),
        "cpu_ms": round(statistics.median(r[2] for r in rows), 2),
        "wall_ms": round(statistics.median(r[3] for r in rows), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="endpoints whose name contains this")
    parser.add_argument("--samples", default=str(OUT / "load-samples.json"))
    parser.add_argument("--out", default="", help="write the table as JSON to this file")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        help="profile the measured requests (with --only: those endpoints) "
        "and print this many functions by own time and by time spent within, the project's own first",
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL of each endpoint's last request")
    args = parser.parse_args()

    from bench.load.run import PG_URL, secrets_env

    for name, value in secrets_env().items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DATABASE_URL", PG_URL.rsplit("/", 1)[0] + "/uh_load_city")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("UNIONHALL_OTP_REQUIRED", "0")
    # As served: DEBUG off (cached templates, no query log), the static files run.py collected.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("STATIC_ROOT", str(OUT / "staticfiles"))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    profiler = cProfile.Profile() if args.profile else None
    samples = json.loads(Path(args.samples).read_text(encoding="utf-8"))
    rng = random.Random(7)
    results: dict[str, dict[str, Any]] = {}
    mix: list[tuple[float, dict[str, float]]] = []
    for username, user_weight in USERS.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if username is None:
            endpoints, who = portal_endpoints(samples["portal"]), "portal"
        elif username == "worker":
            workers = samples.get("workers") or []
            if not workers:
                continue  # a database seeded before workers had logins
            me = next((w for w in workers if w["files"] and w["cases"]), workers[0])
            client.force_login(get_user_model().objects.get(username=me["username"]))
            endpoints, who = worker_endpoints(me), me["username"]
        else:
            client.force_login(get_user_model().objects.get(username=username))
            endpoints, who = cadre_endpoints(samples["logins"][username]), username
            if username == "chair_demo":
                endpoints.append(Endpoint("portal: applications (union)", 3, lambda rng: "/join/applications/"))
        total_weight = sum(e.weight for e in endpoints)
        for endpoint in endpoints:
            if args.only and args.only not in endpoint.name:
                continue
            figures = measure(client, endpoint, rng, args.repeat, profiler, args.sql)
            results[f"{who:<14} {endpoint.name}"] = figures
            mix.append((user_weight * endpoint.weight / total_weight, figures))
            figures["share"] = user_weight * endpoint.weight / total_weight  # made a fraction of the mix below
            print(
                f"{who:<14} {endpoint.name:<28} {figures['queries']:>4.0f} q {figures['sql_ms']:>7.1f} ms SQL "
                f"{figures['cpu_ms']:>7.1f} ms CPU {figures['wall_ms']:>7.1f} ms wall",
                flush=True,
            )
    weights = sum(w for w, _ in mix) or 1
    average = {k: round(sum(w * f[k] for w, f in mix) / weights, 2) for k in ("queries", "sql_ms", "cpu_ms", "wall_ms")}
    print(
        f"\nThe mix, weighted as locustfile.py: {average['queries']} queries, {average['sql_ms']} ms SQL, "
        f"{average['cpu_ms']} ms Python CPU, {average['wall_ms']} ms wall per request"
    )
    # Where the mix's Python time goes: each endpoint's CPU times its share of the requests, largest first.
    for figures in results.values():
        figures["share"] = round(figures["share"] / weights, 4)
    heaviest = sorted(results.items(), key=lambda item: item[1]["share"] * item[1]["cpu_ms"], reverse=True)
    print("\nLargest parts of the mix's Python CPU (share of requests × CPU):")
    for name, figures in heaviest[:15]:
        part = figures["share"] * figures["cpu_ms"]
        print(f"  {name:<44} {100 * figures['share']:>5.1f} % × {figures['cpu_ms']:>5.1f} ms = {part:>5.2f} ms")
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(str(ROOT / "unionhall"), args.profile)
    if args.out:
        Path(args.out).write_text(json.dumps({"endpoints": results, "mix": average}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
