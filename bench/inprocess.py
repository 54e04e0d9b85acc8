"""Benchmarks that run inside Django against an existing city database (DATABASE_URL): coverage roll-ups,
member search (and the search by one district's members' pinyin initials, issue 15), and every main list
page and dashboard, one user at a time — the members', coverage's, assistance's (archives, payments, cards,
budgets, the assistance report) and rights' (cases, overdue cases, risk reports, the rights dashboard), with
a detail page of each record seed_city writes.

Run as `python -m bench.inprocess [coverage,search,initials,pages]` with DATABASE_URL set; prints one JSON
object. Every figure is warm:
each measured call is first made once unmeasured, as a cadre's second look at a page would be; a page's
`cold_ms` is that first call with nothing kept in the process (core/versions.py), as after a restart. Pages go
through Django's test client (the whole middleware stack, templates and all), logged in with
force_login so that password hashing is not what is measured.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")  # DEBUG keeps every query in memory: not what production does
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from unionhall.accounts.models import User  # noqa: E402
from unionhall.assistance.models import Disbursement, HardshipFile  # noqa: E402
from unionhall.commitments.models import CommitmentCard  # noqa: E402
from unionhall.contests.models import SkillsContest  # noqa: E402
from unionhall.core import pii, versions  # noqa: E402
from unionhall.coverage.selectors import coverage_tree  # noqa: E402
from unionhall.innovation.models import Studio  # noqa: E402
from unionhall.meetings.models import Meeting  # noqa: E402
from unionhall.members.models import Membership, Person  # noqa: E402
from unionhall.members.selectors import SEARCH_LIMIT, MemberFilters, member_listing  # noqa: E402
from unionhall.orgs.models import OrgLevel, OrgUnit  # noqa: E402
from unionhall.rights.models import Case, RiskReport  # noqa: E402
from unionhall.supervision.models import SupervisedTask  # noqa: E402
from unionhall.teams.models import WorkTeam  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "40"))


def seconds(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def naive_members_per_node() -> dict[str, int]:
    """Open memberships of every node's subtree, counted the slow obvious way: one join on the path prefix."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.path, count(m.id)
            FROM orgs_orgunit a
            JOIN orgs_orgunit u ON u.path LIKE a.path || '%%'
            JOIN members_membership m ON m.org_id = u.id AND m.status IN ('active', 'retained')
            GROUP BY a.path
            """
        )
        return dict(cursor.fetchall())


def coverage(results: dict[str, Any]) -> None:
    reviewer = User.objects.get(username="reviewer_city")
    root = OrgUnit.objects.get(code="SZ")
    district = OrgUnit.objects.get(code="SZ-GS")
    cadre = User.objects.get(username="cadre_gusu")

    def computed(user: User, unit: OrgUnit) -> None:
        versions.clear()  # the roll-up itself, as after a change: a kept tree costs nothing to read
        coverage_tree(user, unit)

    city_runs = seconds(lambda: computed(reviewer, root), max(RUNS, 5))
    district_runs = seconds(lambda: computed(cadre, district), max(RUNS, 5))
    tree = coverage_tree(reviewer, root)
    naive = naive_members_per_node()
    equal = all(node.total.members == naive.get(path, 0) for path, node in tree.items())
    results["coverage_city_ms"] = statistics.median(city_runs) * 1000
    results["coverage_district_ms"] = statistics.median(district_runs) * 1000
    results["coverage_nodes"] = len(tree)
    results["coverage_equals_naive"] = equal


def search_queries(rng: random.Random) -> dict[str, list[str]]:
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = [rng.randrange(1, top + 1) for _ in range(SAMPLES)]
    persons = list(Person.objects.filter(id__in=ids))
    return {
        "name": [p.name for p in persons],
        "initials": [p.name_initials[:3] for p in persons],
        "id_number": [pii.decrypt(p.id_number_enc) for p in persons],
        "phone": [p.phone for p in persons],
        "member_no": [f"GH{p.id:010d}" for p in persons],
    }


def search(results: dict[str, Any]) -> None:
    """The search box as the city sees it (reviewer at the root) and as a district cadre does: first page."""
    rng = random.Random(7)
    queries = search_queries(rng)
    for username in ("reviewer_city", "cadre_gusu"):
        user = User.objects.get(username=username)
        timings: list[float] = []
        for kind, texts in queries.items():
            kind_timings = []
            for text in texts:

                def run(text: str = text, user: User = user) -> None:
                    listing = member_listing(user, MemberFilters(q=text))  # what the list page does
                    list(listing.rows[:50])  # the first page
                    listing.rows.count()  # and the count above it

                kind_timings += seconds(run, 1)
            timings += kind_timings
            results[f"search_{username}_{kind}_p95_ms"] = p95(kind_timings) * 1000
        results[f"search_{username}_p50_ms"] = statistics.median(timings) * 1000
        results[f"search_{username}_p95_ms"] = p95(timings) * 1000


# Who types the initials (issue 15): the district's cadre, the city's reviewer above, a street's cadre below.
INITIALS_USERS = ("cadre_gusu", "reviewer_city", "cadre_town")


def district_initials(rng: random.Random, district: OrgUnit) -> list[str]:
    """SAMPLES pinyin initials as typed (the first three letters) of members drawn at random from the district."""
    known = list(
        Membership.objects.filter(org__path__startswith=district.path)
        .order_by("id")
        .values_list("person__name_initials", flat=True)
    )
    return [text[:3] for text in rng.sample(known, SAMPLES)]


def initials_search(results: dict[str, Any]) -> None:
    """Member search by pinyin initials drawn from one district's members, as the district's cadre, the city's
    reviewer and a street's cadre type them: the list page's search (member_listing, its first page and the
    count above it), with the page's default status (在会 and 保留会籍, "open") and with every status ("all").
    Each round times every query once (after one unmeasured call); the p50 and p95 of a round are kept, and
    the median over the rounds (BENCH_RUNS, at least 3) reported."""
    district = OrgUnit.objects.get(code="SZ-GS")
    texts = district_initials(random.Random(15), district)
    results["initials_samples"] = len(texts)
    for username in INITIALS_USERS:
        user = User.objects.get(username=username)
        for status, label in (("open", "open"), ("", "all")):

            def run(text: str, user: User = user, status: str = status) -> int:
                listing = member_listing(user, MemberFilters(q=text, status=status))
                list(listing.rows[:50])
                return listing.rows.count()

            found = [run(text) for text in texts]  # the unmeasured call, and what each query finds
            p50s, p95s = [], []
            for _ in range(max(RUNS, 3)):
                timings = []
                for text in texts:
                    started = time.perf_counter()
                    run(text)
                    timings.append(time.perf_counter() - started)
                p50s.append(statistics.median(timings) * 1000)
                p95s.append(p95(timings) * 1000)
            key = f"initials_{username}_{label}"
            results[f"{key}_p50_ms"] = statistics.median(p50s)
            results[f"{key}_p95_ms"] = statistics.median(p95s)
            results[f"{key}_rounds_p95_ms"] = [round(v, 1) for v in p95s]
            results[f"{key}_at_limit"] = sum(1 for n in found if n >= SEARCH_LIMIT)
            results[f"{key}_found"] = sum(found)


def pages(results: dict[str, Any]) -> None:
    root = OrgUnit.objects.get(code="SZ")
    district = OrgUnit.objects.get(code="SZ-GS")
    member = Membership.objects.filter(org__path__startswith=district.path).order_by("id").first()
    assert member is not None
    town_union = OrgUnit.objects.filter(level=OrgLevel.GRASSROOTS, path__startswith=district.path).first()
    assert town_union is not None
    in_district = {"org__path__startswith": district.path}
    records = {
        "archive": HardshipFile.objects.filter(**in_district, status="approved").order_by("id").first(),
        "payment": Disbursement.objects.filter(**in_district, status="paid").order_by("id").first(),
        "case": Case.objects.filter(**in_district).order_by("-received_at").first(),
        "risk": RiskReport.objects.filter(**in_district).order_by("-reported_at").first(),
        "task": SupervisedTask.objects.filter(**in_district).order_by("id").first(),
        # The district's next joint meeting: its agenda is read from the data at each look (meetings/agenda.py).
        "meeting": Meeting.objects.filter(org=district, status="planned").order_by("date").first(),
        # A district cadre's commitment card of the year, with its quarterly ratings (commitments/).
        "card": CommitmentCard.objects.filter(cadre__username="cadre_gusu").order_by("-year").first(),
        # A work team of the district, with three months of targets and actuals (teams/).
        "team": WorkTeam.objects.filter(**in_district).order_by("id").first(),
        # The district's finished skills contest, its ranking frozen (contests/).
        "contest": SkillsContest.objects.filter(org=district, status="finished").order_by("-id").first(),
        # An innovation studio of the district with its members and yearly reviews (demo/city_studios.py).
        "studio": Studio.objects.filter(**in_district).order_by("id").first(),
    }
    missing = [name for name, record in records.items() if record is None]
    if missing:
        raise SystemExit(f"the city has no {', '.join(missing)} in {district.code}: seed it with seed_city")
    pk = {name: record.pk for name, record in records.items() if record is not None}
    views: dict[str, list[tuple[str, str]]] = {
        "reviewer_city": [
            ("members list", "/members/"),
            ("members list, filtered", "/members/?status=open&employment_form=platform"),
            ("members list, page 400", "/members/?page=400"),
            ("member search", "/members/?q=%E7%8E%8B%E4%BC%9F"),
            ("coverage dashboard", "/coverage/"),
            ("coverage node (city)", f"/coverage/{root.pk}/"),
            ("三同步 list", "/coverage/sync/"),
            ("elections list", "/coverage/elections/"),
            ("organizing tasks", "/coverage/tasks/"),
            # The dashboards of the tree (issue 14 point 9): each sets this period beside the one before.
            ("assistance report (city)", f"/reports/{root.pk}/"),
            ("rights dashboard (city)", f"/reports/rights/{root.pk}/"),
            ("十送 roll-up (city)", f"/deliveries/rollup/{root.pk}/"),
            ("innovation and competitions dashboard (city)", f"/reports/innovation/{root.pk}/"),
            ("archive list", "/assistance/"),
            ("archive list, approved", "/assistance/?status=approved"),
            ("archives overdue (年审, 回访)", "/assistance/overdue/"),
            ("disbursement list", "/funds/disbursements/"),
            ("disbursement list, paid", "/funds/disbursements/?status=paid"),
            ("card list", "/cards/"),
            ("budget list", "/funds/budgets/"),
            ("case list", "/rights/"),
            ("case list, wage arrears", "/rights/?category=wage_arrears"),
            ("overdue cases", "/rights/overdue/"),
            ("risk report list", "/rights/risks/"),
            ("risk agenda (orange, red)", "/rights/risks/agenda/"),
            ("org tree", "/orgs/"),
            ("org children (city)", f"/orgs/{root.pk}/children/"),
            ("employers list", "/orgs/employers/"),
            ("API members list", "/api/v1/members/"),
            ("API coverage (city)", f"/api/v1/coverage/{root.pk}"),
            ("responsibility map (city)", "/responsibility/"),
            ("visit list", "/responsibility/visits/"),
            ("overdue visits", "/responsibility/overdue/"),
            ("supervised tasks", "/supervision/tasks/"),
            ("supervised tasks, overdue", "/supervision/tasks/?overdue=1"),
            ("work teams", "/teams/"),
            ("team ranking (city)", f"/teams/ranking/{root.pk}/"),
            ("skills contests", "/contests/"),
            ("innovation studios", "/innovation/studios/"),
            ("innovation studios, two failed years", "/innovation/studios/?flagged=1"),
        ],
        "cadre_gusu": [
            ("members list", "/members/"),
            ("member detail", f"/members/{member.pk}/"),
            ("coverage dashboard", "/coverage/"),
            ("coverage node (district)", f"/coverage/{district.pk}/"),
            ("assistance report (district)", "/reports/"),
            ("rights dashboard (district)", "/reports/rights/"),
            ("十送 roll-up (district)", "/deliveries/rollup/"),
            ("innovation and competitions dashboard (district)", "/reports/innovation/"),
            ("archive list", "/assistance/"),
            ("archive detail", f"/assistance/{pk['archive']}/"),
            ("disbursement list", "/funds/disbursements/"),
            ("disbursement detail", f"/funds/disbursements/{pk['payment']}/"),
            ("card list", "/cards/"),
            ("budget list", "/funds/budgets/"),
            ("case list", "/rights/"),
            ("overdue cases", "/rights/overdue/"),
            ("case detail", f"/rights/{pk['case']}/"),
            ("risk report list", "/rights/risks/"),
            ("risk report detail", f"/rights/risks/{pk['risk']}/"),
            ("joint meeting list", "/meetings/"),
            ("joint meeting (agenda from the data)", f"/meetings/{pk['meeting']}/"),
            ("commitment cards", "/commitments/"),
            ("a commitment card", f"/commitments/{pk['card']}/"),
            ("skills contests", "/contests/"),
            ("a skills contest", f"/contests/{pk['contest']}/"),
            ("a skills contest's ranking", f"/contests/{pk['contest']}/ranking/"),
            ("employers list", "/orgs/employers/"),
            ("org detail", f"/orgs/{town_union.pk}/"),
            ("responsibility map (district)", "/responsibility/"),
            ("a cadre's points and visits", f"/responsibility/cadres/{User.objects.get(username='cadre_gusu').pk}/"),
            ("overdue visits", "/responsibility/overdue/"),
            ("supervised tasks", "/supervision/tasks/"),
            ("supervised task detail", f"/supervision/tasks/{pk['task']}/"),
            ("departments", "/supervision/departments/"),
            ("work teams", "/teams/"),
            ("team ranking (district)", "/teams/ranking/"),
            ("a work team", f"/teams/{pk['team']}/"),
            ("innovation studios", "/innovation/studios/"),
            ("innovation studio", f"/innovation/studios/{pk['studio']}/"),
        ],
    }
    page_results = []
    for username, urls in views.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _, url in urls:  # the process's own first time (templates compiled, connections made) is no page's
            client.get(url)
        for label, url in urls:
            statuses: list[int] = []

            def get(url: str = url, statuses: list[int] = statuses, client: Client = client) -> None:
                statuses.append(client.get(url).status_code)

            # Cold: nothing kept in the process (after a restart, or a write to every table the page reads).
            versions.clear()
            started = time.perf_counter()
            get()
            cold = time.perf_counter() - started
            runs = seconds(get, max(RUNS, 5))
            if set(statuses) != {200}:
                raise SystemExit(f"{url} as {username} answered {statuses}")
            page_results.append(
                {
                    "page": f"{label} ({username})",
                    "median_ms": statistics.median(runs) * 1000,
                    "max_ms": max(runs) * 1000,
                    "cold_ms": cold * 1000,
                }
            )
    results["pages"] = page_results


def main() -> None:
    results: dict[str, Any] = {
        "members": Membership.objects.filter(status__in=("active", "retained")).count(),
        "units": OrgUnit.objects.count(),
    }
    parts = set(filter(None, (sys.argv[1] if len(sys.argv) > 1 else "coverage,search,initials,pages").split(",")))
    if "coverage" in parts:
        coverage(results)
    if "search" in parts:
        search(results)
    if "initials" in parts:
        initials_search(results)
    if "pages" in parts:
        pages(results)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
