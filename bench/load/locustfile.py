"""Locust workload for UnionHall: cadres at four levels of the tree, anonymous workers on the portal, and
workers signed in to their own pages (/me/).

Run by bench/load/run.py, which starts gunicorn and prepares the samples file; by hand:
`LOAD_SAMPLES=var/bench/load-samples.json locust -f bench/load/locustfile.py --headless -H http://127.0.0.1:8765`.

Every request carries what the reverse proxy adds in production (`X-Forwarded-Proto: https`, the client's
address in `X-Forwarded-For`), and the cookie jar sends the Secure session and CSRF cookies over the loopback
connection, as the browser does over TLS to the proxy. The production settings stay as they are.

Pacing: each user runs about LOAD_PACE tasks a second (one request each, apart from a first visit's static
files), 3.2 by default, so that 50 users offer about 160 requests/s, the PRODUCT.md §5 target's rate; at
LOAD_PACE=0 users do not wait at all, which measures the server's capacity instead.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent
import gevent.lock
from locust import HttpUser, between, constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

SAMPLES_PATH = Path(os.environ.get("LOAD_SAMPLES", "var/bench/load-samples.json"))
PASSWORD = os.environ.get("UNIONHALL_DEMO_PASSWORD", "Gonghui@2026")
PACE = float(os.environ.get("LOAD_PACE", "3.2"))
# FastHttpUser (geventhttpclient) costs the shared 2 cores far less than HttpUser (requests).
CLIENT = os.environ.get("LOAD_CLIENT", "fast")

_samples: dict[str, Any] | None = None


def samples() -> dict[str, Any]:
    global _samples
    if _samples is None:
        _samples = json.loads(SAMPLES_PATH.read_text(encoding="utf-8"))
    return _samples


def wait() -> Any:
    return constant_throughput(PACE) if PACE > 0 else between(0, 0)


# --- bounds, warm-up and what the report needs ----------------------------------------------------


@events.init_command_line_parser.add_listener
def _arguments(parser: Any) -> None:
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="stop after this many requests, letting the tasks in flight finish (0: no limit)",
    )
    parser.add_argument(
        "--warmup", type=float, default=0, help="reset the statistics this many seconds after spawning completes"
    )
    parser.add_argument(
        "--run-file", default="", help="write the whole run's counts, failures and login times to this JSON file"
    )


_counted = 0
_logins: list[float] = []
# The statistics are reset after the warm-up: failures are counted here too, so that none goes unseen.
_errors: dict[str, int] = {}


@events.request.add_listener
def _count(request_type: str, name: str, response_time: float, exception: Any, **kwargs: Any) -> None:
    global _counted
    _counted += 1
    if exception is not None:
        key = f"{request_type} {name}: {exception!r}"
        _errors[key] = _errors.get(key, 0) + 1
    elif name == "login":
        _logins.append(response_time)
    limit = _options.get("max_requests", 0)
    if limit and _counted >= limit and _runner is not None and not _stopping[0]:
        _stopping[0] = True
        # Quitting from inside a request handler would kill this greenlet mid-request.
        gevent.spawn(_runner.quit)


_options: dict[str, Any] = {}
_runner: Any = None
_stopping = [False]


@events.test_start.add_listener
def _start(environment: Any, **kwargs: Any) -> None:
    global _runner
    _runner = environment.runner
    opts = environment.parsed_options
    if opts is not None:
        _options.update(max_requests=opts.max_requests, warmup=opts.warmup, run_file=opts.run_file)


@events.spawning_complete.add_listener
def _spawned(user_count: int, **kwargs: Any) -> None:
    warmup = _options.get("warmup", 0)
    if warmup and _runner is not None:
        # Logins (argon2, on purpose slow) and the ramp are over by then: the figures are the steady state.
        gevent.spawn_later(warmup, _runner.stats.reset_all)


@events.quitting.add_listener
def _quit(environment: Any, **kwargs: Any) -> None:
    path = _options.get("run_file")
    if path:
        run = {"requests": _counted, "failures": sum(_errors.values()), "errors": _errors, "logins_ms": sorted(_logins)}
        Path(path).write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")


# --- the browser behind the proxy -----------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
Base: type[Any] = FastHttpUser if CLIENT == "fast" else HttpUser


class Browser(Base):  # type: ignore[misc]
    """A browser reaching gunicorn through the TLS-terminating proxy, with a cache for static files."""

    abstract = True
    wait_time = wait()

    def on_start(self) -> None:
        if CLIENT == "fast":
            # The proxy terminates TLS: to the browser the site is https, so its Secure cookies are sent.
            self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "http")))
        self.address = f"10.{random.randrange(1, 255)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.cached: set[str] = set()
        self.rng = random.Random()

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Accept-Language": "zh-CN,zh;q=0.9",
            **(extra or {}),
        }

    @contextmanager
    def fetch(self, path: str, name: str, *, expect: int = 200, **kwargs: Any) -> Iterator[Any]:
        """GET without following redirects: a redirect (to https, to the login page) is a failure here."""
        with self.client.get(
            path, name=name, headers=self.headers(kwargs.pop("headers", None)), allow_redirects=False,
            catch_response=True, **kwargs,
        ) as response:  # fmt: skip
            if response.status_code != expect:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
            self.secure_cookies_over_loopback()
            yield response

    def secure_cookies_over_loopback(self) -> None:
        """requests copies the session's cookies into a jar of its own for every request, so a cookie policy
        set on the session does not reach it: mark the Secure cookies as sendable over the loopback instead."""
        if CLIENT != "fast":
            for cookie in self.client.cookies:
                cookie.secure = False

    def get(self, path: str, name: str, **kwargs: Any) -> str:
        with self.fetch(path, name, **kwargs) as response:
            return (response.text or "") if response.status_code == 200 else ""

    def post(self, path: str, name: str, data: dict[str, str], *, expect: int = 302) -> Any:
        origin = self.host.replace("http://", "https://", 1)
        extra = {"Origin": origin, "Referer": origin + path}
        with self.client.post(
            path, name=name, data=data, headers=self.headers(extra), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}".strip())
            self.secure_cookies_over_loopback()
            return response

    def assets(self, html: str) -> None:
        """What a browser fetches the first time it sees a page; whitenoise's far-future headers cache the rest."""
        for url in ASSET.findall(html):
            if url not in self.cached:
                self.cached.add(url)
                self.get(url, "static")


# --- cadres ----------------------------------------------------------------------------------------

_login_locks: dict[str, gevent.lock.Semaphore] = {}
_verified: set[str] = set()
_refused: set[str] = set()


class Cadre(Browser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        super().on_start()
        scope = samples()["logins"][self.username]
        self.scope = scope
        self.members: list[dict[str, Any]] = scope["members"]
        self.unions: list[dict[str, Any]] = scope["unions"]
        self.nodes: list[int] = scope["nodes"]
        self.cases: list[int] = scope.get("cases", [])
        self.archives: list[int] = scope.get("archives", [])
        self.login()

    def login(self) -> None:
        """The sign-in limits lock an account after 5 failures from one address: the first login of each account goes alone, and after a
        refusal nobody tries that account again. Once one has succeeded, the others log in side by side."""
        if self.username not in _verified:
            with _login_locks.setdefault(self.username, gevent.lock.Semaphore()):
                if self.username in _refused:
                    raise StopUser()
                if self.username not in _verified:
                    self.sign_in()
                    _verified.add(self.username)
                    return
        self.sign_in()

    def sign_in(self) -> None:
        page = self.get("/accounts/login/", "login page")
        self.assets(page)
        token = CSRF_FIELD.search(page)
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token[1] if token else ""}
        if self.post("/accounts/login/", "login", data).status_code != 302:
            _refused.add(self.username)
            raise StopUser()
        self.assets(self.get("/", "home"))

    def member(self) -> dict[str, Any]:
        return self.rng.choice(self.members)

    def union(self) -> dict[str, Any]:
        return self.rng.choice(self.unions)

    # Lists and dashboards: the bulk of a cadre's day.
    @task(6)
    def member_list(self) -> None:
        self.get("/members/", "members: list")

    @task(4)
    def member_list_filtered(self) -> None:
        params = self.rng.choice(
            [
                {"org": self.union()["code"]},
                {"employment_form": "platform"},
                {"migrant": "1"},
                {"status": ""},
                {"joined_from": "2020-01-01"},
            ]
        )
        self.get("/members/?" + urlencode(params), "members: list filtered")

    @task(3)
    def member_list_page(self) -> None:
        self.get(f"/members/?page={self.rng.randint(2, 10)}", "members: list page 2-10")

    @task(6)
    def member_search(self) -> None:
        m = self.member()
        kind, q = self.rng.choice(
            [
                ("name", m["name"]),
                ("initials", m["initials"]),
                ("phone", m["phone"]),
                ("number", m["no"]),
            ]
        )
        self.get("/members/?" + urlencode({"q": q}), f"members: search {kind}")

    @task(5)
    def member_detail(self) -> None:
        self.get(f"/members/{self.member()['id']}/", "members: detail")

    @task(4)
    def coverage_dashboard(self) -> None:
        page = self.get("/coverage/", "coverage: dashboard")
        self.assets(page)
        children = re.findall(r'href="/coverage/(\d+)/"', page)
        if children:
            self.get(f"/coverage/{self.rng.choice(children)}/", "coverage: drill-down")

    @task(3)
    def coverage_node(self) -> None:
        self.get(f"/coverage/{self.rng.choice(self.nodes)}/", "coverage: node")

    @task(3)
    def coverage_data(self) -> None:
        self.get(f"/api/v1/coverage/{self.rng.choice(self.nodes)}", "coverage: data (api)")

    @task(2)
    def sync_list(self) -> None:
        check = self.rng.choice(["", "found", "start", "join"])
        self.get("/coverage/sync/" + (f"?check={check}" if check else ""), "coverage: 三同步")

    @task(2)
    def election_list(self) -> None:
        self.get("/coverage/elections/", "coverage: elections")

    @task(2)
    def task_list(self) -> None:
        self.get("/coverage/tasks/", "coverage: tasks")

    @task(1)
    def export_small(self) -> None:
        self.get("/members/export.xlsx?" + urlencode({"org": self.union()["code"]}), "export: members of a union")

    # Assistance: the archives, the payments and the assistance report of the cadre's part of the tree.
    @task(3)
    def archive_list(self) -> None:
        self.get("/assistance/", "assistance: archive list")

    @task(1)
    def archive_list_filtered(self) -> None:
        status = self.rng.choice(["approved", "submitted", "notice", "exited"])
        self.get("/assistance/?" + urlencode({"status": status}), "assistance: archive list filtered")

    @task(1)
    def archive_detail(self) -> None:
        if self.archives:
            self.get(f"/assistance/{self.rng.choice(self.archives)}/", "assistance: archive detail")

    @task(2)
    def disbursement_list(self) -> None:
        self.get("/funds/disbursements/", "assistance: disbursement list")

    @task(2)
    def assistance_report(self) -> None:
        self.get("/reports/", "assistance: report (dashboard)")

    # Rights: the cases, the overdue list, the risk reports and the rights dashboard.
    @task(3)
    def case_list(self) -> None:
        self.get("/rights/", "rights: case list")

    @task(1)
    def overdue_cases(self) -> None:
        self.get("/rights/overdue/", "rights: overdue cases")

    @task(2)
    def case_detail(self) -> None:
        if self.cases:
            self.get(f"/rights/{self.rng.choice(self.cases)}/", "rights: case detail")

    @task(2)
    def risk_list(self) -> None:
        self.get("/rights/risks/", "rights: risk report list")

    @task(2)
    def rights_dashboard(self) -> None:
        self.get("/reports/rights/", "rights: dashboard")

    @task(2)
    def api_members(self) -> None:
        self.get("/api/v1/members/?" + urlencode({"q": self.member()["initials"]}), "api: members")

    @task(1)
    def api_employers(self) -> None:
        self.get("/api/v1/employers/", "api: employers")


class ReviewerCity(Cadre):
    """经审/督查 at the city root: reads the whole city."""

    weight = 1
    username = "reviewer_city"


class CadreDistrict(Cadre):
    weight = 2
    username = "cadre_gusu"


class CadreTown(Cadre):
    weight = 2
    username = "cadre_town"


class ChairGrassroots(Cadre):
    """A grassroots chair: the own union's roster and applications; coverage of the own union."""

    weight = 2
    username = "chair_demo"

    @task(3)
    def applications(self) -> None:
        self.get("/join/applications/", "portal: applications (union)")


# --- workers on the portal -------------------------------------------------------------------------


def id_number(rng: random.Random) -> str:
    """A valid resident ID number (GB 11643 check digit) of someone born 1970–2004 in a Suzhou county."""
    body = f"{rng.choice(['320508', '320506', '320507', '320505', '340122', '510122'])}"
    body += f"{rng.randint(1970, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


class PortalWorker(Browser):
    """An anonymous worker on a phone: online joining, the employer search, the status page, a card check."""

    weight = 3

    def on_start(self) -> None:
        super().on_start()
        portal = samples()["portal"]
        self.fragments: list[str] = portal["employer_fragments"]
        self.cards: list[str] = portal["cards"]
        self.areas: list[int] = portal["areas"]

    @task(6)
    def join_page(self) -> None:
        self.assets(self.get("/join/", "portal: join page"))

    @task(6)
    def employer_search(self) -> None:
        q = self.rng.choice(self.fragments)
        self.get("/join/employers/?" + urlencode({"q": q}), "portal: employer search", headers={"HX-Request": "true"})

    @task(2)
    def status_page(self) -> None:
        self.get("/join/status/", "portal: status page")

    @task(2)
    def card_check(self) -> None:
        self.get(f"/members/verify/{self.rng.choice(self.cards)}/", "portal: member card check")

    @task(1)
    def apply(self) -> None:
        """Search, pick an employer, submit: the one write in the mix, a small share of it."""
        page = self.get("/join/", "portal: join page")
        token = CSRF_FIELD.search(page)
        hits = self.get(
            "/join/employers/?" + urlencode({"q": self.rng.choice(self.fragments)}),
            "portal: employer search",
            headers={"HX-Request": "true"},
        )
        picked = re.findall(r'name="employer" value="(\d+)"', hits)
        data = {
            "csrfmiddlewaretoken": token[1] if token else "",
            "name": self.rng.choice("王李张刘陈杨黄赵吴周") + self.rng.choice("伟芳娜秀英敏静丽强磊"),
            "id_number": id_number(self.rng),
            "phone": f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}",
            "employer_text": "",
            "employer": self.rng.choice(picked) if picked else "",
            "area": "" if picked else str(self.rng.choice(self.areas)),
        }
        if not picked:
            data["employer_text"] = "苏州某某服务部" + str(time.time_ns() % 10_000)
        self.post("/join/", "portal: submit application", data)


# --- workers signed in: their own pages --------------------------------------------------------------

_next_worker = [0]


class SignedInWorker(Browser):
    """A member on a phone, signed in to /me/ (seed_city's worker_0001 …, with the demo password): the home
    page with their archives, payments, cards and cases, the e-member card, and what the home page links to."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        workers = samples().get("workers") or []
        if not workers:
            raise StopUser()  # a database without worker logins (an older seed): nobody to sign in as
        me = workers[_next_worker[0] % len(workers)]  # each user its own login, round the list
        _next_worker[0] += 1
        self.username: str = me["username"]
        self.files: list[int] = me["files"]
        self.cards: list[int] = me["cards"]
        self.cases: list[int] = me["cases"]
        page = self.get("/accounts/login/", "login page")
        token = CSRF_FIELD.search(page)
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token[1] if token else ""}
        if self.post("/accounts/login/", "login", data).status_code != 302:
            raise StopUser()
        self.assets(self.get("/me/", "me: home"))

    @task(6)
    def home(self) -> None:
        self.get("/me/", "me: home")

    @task(2)
    def member_card(self) -> None:
        self.get("/me/member-card/", "me: member card")

    @task(2)
    def my_cases(self) -> None:
        self.get("/me/cases/", "me: cases")

    @task(2)
    def my_case(self) -> None:
        if self.cases:
            self.get(f"/me/cases/{self.rng.choice(self.cases)}/", "me: case")

    @task(2)
    def my_file(self) -> None:
        if self.files:
            self.get(f"/me/files/{self.rng.choice(self.files)}/", "me: archive")

    @task(2)
    def my_card(self) -> None:
        if self.cards:
            self.get(f"/me/cards/{self.rng.choice(self.cards)}/", "me: card")
