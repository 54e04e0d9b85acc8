"""Authorization specs of the funds app's routes, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1: budgets and disbursements are read with funds.view, which federations, union
staff and reviewers hold in their subtree; information officers, the system admin, merchants and workers
see none of it. Federations (city admin, district and town cadres) manage budgets, approve and pay;
a union's staff request payments for its archives but never approve them; reviewers only read.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.assistance.disbursements import services
from unionhall.assistance.models import Disbursement, HardshipFile
from unionhall.funds.models import Budget, Fund
from unionhall.orgs.models import OrgUnit
from unionhall.tests import factories
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City

FUNDS_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
SEE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
MANAGE_U1 = {"city_admin", "cadre_d1", "cadre_t1"}
REQUEST_U1 = MANAGE_U1 | {"chair_u1"}
D2_NAMES = ("西区总工会", "西一街道总工会", "西方纺织公司工会", "西方困难户")
ARCHIVE_NO = "KNAUTHZ0001"


def world(c: City) -> dict[str, Any]:
    """Budgets reaching U1 and U3 from one fund; in each union a request approved and paid."""
    fund = factories.fund()
    u1_budget = factories.budget_chain(c.u1, 10_000_00, the_fund=fund)
    u3_budget = factories.budget_chain(c.u3, 10_000_00, the_fund=fund)
    programme = factories.programme(fund=fund)
    for unit, budget, name, chair, approver in (
        (c.u1, u1_budget, "王困难", "chair_u1", "cadre_d1"),
        (c.u3, u3_budget, "西方困难户", "chair_u3", "outsider"),
    ):
        archive = factories.hardship_file(unit, name=name)
        d = services.disbursement_request(
            actor=c.users[chair], file=archive, programme=programme, budget=budget, amount_fen=100_00
        )
        services.disbursement_approve(actor=c.users[approver], disbursement=d)
        services.disbursement_pay(actor=c.users[approver], disbursement=d, paid_on=timezone.localdate(), bank_ref="R")
    return {}


def u1_budget(c: City) -> dict[str, Any]:
    world(c)
    return {"pk": Budget.objects.get(org=c.u1).pk}


def root_budget(c: City) -> dict[str, Any]:
    world(c)
    return {"pk": Budget.objects.get(org=c.city).pk}


def paid(c: City) -> dict[str, Any]:
    world(c)
    return {"pk": Disbursement.objects.get(org=c.u1).pk}


def fresh(status: str = "requested") -> Any:
    """A new request at U1 by chair_u1 (so no federation actor is its requester), approved if asked."""

    def kwargs(c: City) -> dict[str, Any]:
        world(c)
        budget = Budget.objects.get(org=c.u1)
        d = services.disbursement_request(
            actor=c.users["chair_u1"],
            file=factories.hardship_file(c.u1),
            programme=factories.programme(fund=Fund.objects.get()),
            budget=budget,
            amount_fen=200_00,
        )
        if status == "approved":
            services.disbursement_approve(actor=c.users["cadre_d1"], disbursement=d)
        return {"pk": d.pk}

    return kwargs


def archive(c: City) -> dict[str, Any]:
    """An approved archive at U1 with a known number (the page takes ?file=<id or number>)."""
    world(c)
    f = factories.hardship_file(c.u1)
    HardshipFile.objects.filter(pk=f.pk).update(no=ARCHIVE_NO)
    return {}


def api(kwargs: Any, name: str) -> Any:
    return lambda c: {name: kwargs(c)["pk"]}


def create_body(c: City) -> dict[str, Any]:
    f = HardshipFile.objects.filter(org=c.u1).first()
    assert f is not None
    return {
        "archive": f.pk,
        "programme": factories.programme(fund=Fund.objects.get()).pk,
        "budget": Budget.objects.get(org=c.d1).pk,
        "amount": "300.50",
    }


def page_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    for name in D2_NAMES:
        assert name not in text, f"{name} leaked"


def export_has_no_d2_rows(city: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert len(rows) > 1, "a D1 actor sees its own rows"
    for name in D2_NAMES:
        assert name not in cells, f"{name} leaked"


def api_has_no_d2_budgets(city: City, response: Any) -> None:
    items = response.json()
    assert items, "a D1 actor sees its own budgets"
    assert not any(name in item["org_name"] for item in items for name in D2_NAMES)


def api_has_no_d2_disbursements(city: City, response: Any) -> None:
    orgs = {item["org"] for item in response.json()["items"]}
    assert city.u1.pk in orgs
    assert not orgs & set(OrgUnit.objects.filter(path__startswith=city.d2.path).values_list("pk", flat=True))


PERIOD = "paid_from=2000-01-01&paid_to=2100-12-31"

ROUTES: dict[str, Route] = {
    "funds:budgets": Route(world, statuses(FUNDS_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "funds:budget_create": Route(world, statuses({"city_admin"}), methods=("get", "post")),
    "funds:budget": Route(u1_budget, statuses(SEE_U1), no_foreign=page_has_no_d2_rows),
    "funds:budget_allocate": Route(u1_budget, statuses(MANAGE_U1, in_sight=SEE_U1), methods=("get", "post")),
    "funds:budget_fund": Route(root_budget, statuses({"city_admin"}), methods=("get", "post")),
    "funds:disbursements": Route(world, statuses(FUNDS_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "funds:disbursement_export": Route(world, statuses(FUNDS_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "funds:reconciliation_export": Route(
        world, statuses(FUNDS_ANYWHERE), query=PERIOD, no_foreign=export_has_no_d2_rows
    ),
    # Full card numbers: a POST with a purpose, for who holds assistance.sensitive somewhere (not the
    # reviewer); posted empty it shows the form again.
    "funds:reconciliation_export_unmasked": Route(world, statuses(FUNDS_ANYWHERE - {"reviewer_d1"}), methods=("post",)),
    "funds:disbursement_new": Route(
        archive, statuses(REQUEST_U1, in_sight=SEE_U1), methods=("get", "post"), query=f"file={ARCHIVE_NO}"
    ),
    "funds:disbursement": Route(paid, statuses(SEE_U1), no_foreign=page_has_no_d2_rows),
    # An approval needs nothing typed: it succeeds and redirects. The others re-show the form (reason,
    # payment date and bank reference are required).
    "funds:disbursement_approve": Route(fresh(), statuses(MANAGE_U1, ok=302, in_sight=SEE_U1), methods=("post",)),
    "funds:disbursement_reject": Route(fresh(), statuses(MANAGE_U1, in_sight=SEE_U1), methods=("post",)),
    "funds:disbursement_pay": Route(fresh("approved"), statuses(MANAGE_U1, in_sight=SEE_U1), methods=("post",)),
    "funds:disbursement_cancel": Route(fresh("approved"), statuses(MANAGE_U1, in_sight=SEE_U1), methods=("post",)),
    "api:budget_list": Route(world, statuses(FUNDS_ANYWHERE, anon=401), no_foreign=api_has_no_d2_budgets),
    "api:budget_detail": Route(api(u1_budget, "budget_id"), statuses(SEE_U1, anon=401)),
    "api:disbursement_create": Route(
        world, statuses(REQUEST_U1, ok=201, in_sight=SEE_U1, anon=401), methods=("post",), body=create_body
    ),
    "api:disbursement_approve": Route(
        api(fresh(), "disbursement_id"),
        statuses(MANAGE_U1, in_sight=SEE_U1, anon=401),
        methods=("post",),
        body=lambda c: {"note": "同意"},
    ),
    "api:disbursement_detail": Route(api(paid, "disbursement_id"), statuses(SEE_U1, anon=401)),
    "api:disbursement_list": Route(world, statuses(FUNDS_ANYWHERE, anon=401), no_foreign=api_has_no_d2_disbursements),
    # The city's funds, one list for whoever reads budgets anywhere (the budget page's filter).
    "api:fund_list": Route(world, statuses(FUNDS_ANYWHERE, anon=401)),
}
