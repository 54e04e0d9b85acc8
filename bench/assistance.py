"""Benchmarks of the assistance module (PRODUCT.md §5): the two Chinese PDFs and concurrent approvals.

Run as `python -m bench.assistance` with DATABASE_URL set to an empty, migrated PostgreSQL database (`make
bench` with BENCH_ONLY=assistance makes one and drops it afterwards); prints one JSON object.

- PDFs: the 帮扶审批表 of one disbursement (a household of three, two approvals) and the 公示名单 of a
  district with BENCH_NOTICE archives in public notice, each rendered BENCH_PDF_RUNS times after one warm-up
  render, through `documents.pdf.render` and through the whole page stack (test client, middleware, scope
  check, audit row). The median is reported.
- Approvals: BENCH_REQUESTS disbursement requests of 1,000 yuan against one union's budget that covers only
  half of them, approved by BENCH_THREADS threads at once, each thread its own approver and its own database
  connection, through `assistance.disbursements.payments.disbursement_approve`. Reported: approvals and refusals per second,
  and the invariants checked afterwards (nothing overspent, no negative balance, the ledger's entries sum
  to every account's balance, the budget's figures agree with its account).
"""

from __future__ import annotations

import json
import os
import queue
import statistics
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
django.setup()

from django.db import connection, connections  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from unionhall.accounts.models import User  # noqa: E402
from unionhall.assistance.disbursements import services as payments  # noqa: E402
from unionhall.assistance.models import Disbursement, DisbursementStatus, FileStatus, HouseholdMember  # noqa: E402
from unionhall.core.errors import Conflict  # noqa: E402
from unionhall.documents import pdf  # noqa: E402
from unionhall.funds import ledger, services  # noqa: E402
from unionhall.funds.models import Account, Budget, LedgerEntry  # noqa: E402
from unionhall.orgs.models import Grant, GrassrootsKind, OrgLevel, OrgUnit, Role  # noqa: E402
from unionhall.reports.views import approval_context, notice_context  # noqa: E402
from unionhall.tests import factories as af  # noqa: E402

PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "20"))
NOTICE = int(os.environ.get("BENCH_NOTICE", "60"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
AMOUNT = 1_000_00  # fen: below the two-approver threshold, so one approval commits the money


def user(name: str, role: str, org: OrgUnit) -> User:
    u = User.objects.create_user(username=name, password=None)
    Grant.objects.create(user=u, role=role, org=org)
    return u


def build() -> dict[str, Any]:
    """A city → district → union, a city admin, a union chair who files and requests, THREADS approvers."""
    city = OrgUnit.objects.add_root({"code": "BC", "name": "基准市总工会", "level": OrgLevel.CITY})
    district = OrgUnit.objects.add_child(city, {"code": "BC-D", "name": "基准区总工会", "level": OrgLevel.DISTRICT})
    union = OrgUnit.objects.add_child(
        district,
        {"code": "BC-D-U", "name": "基准机械公司工会", "level": OrgLevel.GRASSROOTS, "kind": GrassrootsKind.ENTERPRISE},
    )
    for unit in (city, district, union):
        unit.refresh_from_db()
    admin = user("bench_admin", Role.CITY_ADMIN, city)
    chair = user("bench_chair", Role.GRASSROOTS_STAFF, union)
    approvers = [user(f"bench_approver_{i}", Role.FEDERATION_CADRE, district) for i in range(THREADS)]
    return {"city": city, "district": district, "union": union, "admin": admin, "chair": chair, "approvers": approvers}


def median_ms(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall-clock ms of `runs` calls after one warm-up, and the median CPU ms of this process.

    On a shared machine the wall clock also counts the time other processes held the cores; the CPU time
    is what the render itself cost, to tell the two apart."""
    fn()  # warm: templates compiled, fonts loaded
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000


def pdf_figures(w: dict[str, Any], results: dict[str, Any]) -> None:
    fund = af.fund(name="帮扶专项资金")
    prog = af.programme(fund=fund)
    budget = af.budget_chain(w["union"], 100_000_00, the_fund=fund)
    f = af.hardship_file(w["union"], name="王小明")
    f.description = "妻子患尿毒症长期透析，本人所在车间停产，家庭收入骤减。" * 3
    f.causes = ["illness", "low_income"]
    f.save()
    for name, relation, year in (("张丽", "spouse", 1982), ("王小宝", "child", 2008)):
        HouseholdMember.objects.create(file=f, name=name, relation=relation, birth_year=year, occupation="就学")
    d = payments.disbursement_request(actor=w["chair"], file=f, programme=prog, budget=budget, amount_fen=1_234_50)
    payments.disbursement_approve(actor=w["approvers"][0], disbursement=d)
    today = timezone.localdate()
    for i in range(NOTICE):
        af.hardship_file(
            w["union"],
            name=f"李{'明华建国'[i % 4]}{i}",
            status=FileStatus.NOTICE,
            notice_starts_on=today,
            notice_ends_on=today,
        )
    d = Disbursement.objects.get(pk=d.pk)
    cadre = w["approvers"][0]

    approval_ms, approval_cpu = median_ms(
        lambda: pdf.render("reports/approval_pdf.html", approval_context(d)), PDF_RUNS
    )
    notice_ms, notice_cpu = median_ms(
        lambda: pdf.render("reports/notice_pdf.html", notice_context(cadre, w["district"])), PDF_RUNS
    )
    client = Client()
    client.force_login(cadre)

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-"), response.status_code

    approval_page_ms, _ = median_ms(lambda: get(reverse("reports:approval_pdf", args=[d.pk])), PDF_RUNS)
    notice_page_ms, _ = median_ms(lambda: get(reverse("reports:notice_pdf", args=[w["district"].pk])), PDF_RUNS)
    notice_doc = pdf.document("reports/notice_pdf.html", notice_context(cadre, w["district"]))
    results.update(
        pdf_approval_ms=approval_ms,
        pdf_approval_cpu_ms=approval_cpu,
        pdf_approval_page_ms=approval_page_ms,
        pdf_notice_ms=notice_ms,
        pdf_notice_cpu_ms=notice_cpu,
        pdf_notice_page_ms=notice_page_ms,
        pdf_notice_rows=NOTICE,
        pdf_notice_pages=len(notice_doc.pages),
        pdf_runs=PDF_RUNS,
    )


def ledger_consistent() -> bool:
    """Every account's balance equals the sum of its entries, and every budget's figures its account's."""
    sums = dict(
        LedgerEntry.objects.order_by().values("account").annotate(s=Sum("amount_fen")).values_list("account", "s")
    )
    for account in Account.objects.all():
        if account.balance_fen != sums.get(account.pk, 0):
            return False
        if account.balance_fen < 0 and not account.allow_negative:
            return False
    return all(b.remaining_fen == b.account.balance_fen for b in Budget.objects.select_related("account"))


def approval_figures(w: dict[str, Any], results: dict[str, Any]) -> None:
    fund = af.fund(name="生活救助资金")
    prog = af.programme(fund=fund, amounts={"default": AMOUNT, "max": 20_000_00})
    covers = REQUESTS // 2
    root_budget = services.budget_create(
        actor=w["admin"], fund=fund, year=date.today().year, amount_fen=covers * AMOUNT
    )
    mid = services.budget_allocate(actor=w["admin"], parent=root_budget, org=w["district"], amount_fen=covers * AMOUNT)
    budget = services.budget_allocate(actor=w["admin"], parent=mid, org=w["union"], amount_fen=covers * AMOUNT)
    requests = []
    for i in range(REQUESTS):
        f = af.hardship_file(w["union"], name=f"赵{i}")
        requests.append(
            payments.disbursement_request(actor=w["chair"], file=f, programme=prog, budget=budget, amount_fen=AMOUNT)
        )
    work: queue.Queue[Disbursement] = queue.Queue()
    for d in requests:
        work.put(d)
    outcome = {"approved": 0, "refused": 0, "other": 0}
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def approve(approver: User) -> None:
        try:
            start.wait()
            while True:
                try:
                    d = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    payments.disbursement_approve(actor=approver, disbursement=d)
                    key = "approved"
                except ledger.InsufficientFunds:
                    key = "refused"
                except Conflict as e:  # anything else is a failure of the benchmark, reported as such
                    key = "other"
                    errors.append(str(e))
                with lock:
                    outcome[key] += 1
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=approve, args=(a,)) for a in w["approvers"]]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    budget.refresh_from_db()
    approved_fen = (
        Disbursement.objects.filter(budget=budget, status=DisbursementStatus.APPROVED).aggregate(s=Sum("amount_fen"))[
            "s"
        ]
        or 0
    )
    results.update(
        approvals_threads=THREADS,
        approvals_requests=REQUESTS,
        approvals_budget_covers=covers,
        approvals_seconds=seconds,
        approvals_per_s=outcome["approved"] / seconds,
        approvals_attempts_per_s=REQUESTS / seconds,
        approvals_approved=outcome["approved"],
        approvals_refused=outcome["refused"],
        approvals_other_errors=outcome["other"],
        approvals_error_sample=errors[:3],
        approvals_overspent_fen=max(0, approved_fen - budget.amount_fen),
        approvals_all_money_used=approved_fen == budget.amount_fen and outcome["approved"] == covers,
        approvals_budget_balance_fen=budget.account.balance_fen,
        approvals_ledger_equals_balances=ledger_consistent(),
    )


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("bench.assistance needs PostgreSQL: set DATABASE_URL")
    results: dict[str, Any] = {}
    w = build()
    pdf_figures(w, results)
    approval_figures(w, results)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
