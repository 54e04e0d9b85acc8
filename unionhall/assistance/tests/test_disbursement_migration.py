"""救助支出 moved from `funds` to `assistance` keeps its rows: a database holding requests, their approvals
and a 送温暖 batch under the old app is migrated forward, and the same rows come out of the new models,
from the renamed tables."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from unionhall.assistance.models import Disbursement, DisbursementApproval, DisbursementStatus, WarmthBatch
from unionhall.orgs.models import OrgLevel
from unionhall.tests import factories
from unionhall.tests.city import make_unit

BEFORE = [
    ("assistance", "0003_encrypt_incomes_and_hardship_description"),
    ("funds", "0003_budget_payable_paid_accounts"),
]
OLD_TABLES = {"funds_disbursement", "funds_disbursementapproval", "funds_warmthbatch"}
NEW_TABLES = {"assistance_disbursement", "assistance_disbursementapproval", "assistance_warmthbatch"}


@pytest.mark.django_db(transaction=True)
def test_the_disbursements_of_funds_survive_the_move() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert set(connection.introspection.table_names()) >= OLD_TABLES
    old = executor.loader.project_state(BEFORE).apps
    # The tables these rows point at are the same before and after: today's models write them.
    union = make_unit(None, "C", "测试市总工会", OrgLevel.CITY)
    approver = get_user_model().objects.create_user(username="approver", password="x")
    budget = factories.budget_chain(union, 10_000_00)
    programme = factories.programme(fund=budget.fund)
    archive = factories.hardship_file(union)
    batch = old.get_model("funds", "WarmthBatch").objects.create(
        programme_id=programme.pk, budget_id=budget.pk, org_id=union.pk, amount_fen=500_00, total=1, status="done"
    )
    request = old.get_model("funds", "Disbursement").objects.create(
        no="ZC2026000001",
        file_id=archive.pk,
        programme_id=programme.pk,
        budget_id=budget.pk,
        org_id=union.pk,
        amount_fen=500_00,
        status=DisbursementStatus.PAID,
        batch_id=batch.pk,
        payee_name="王困难",
        bank_account_masked="6222 **** 0123",
        paid_on=date(2026, 1, 20),
        bank_ref="B1",
    )
    old.get_model("funds", "DisbursementApproval").objects.create(
        disbursement_id=request.pk, approver_id=approver.pk, note="属实"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    tables = set(connection.introspection.table_names())
    assert tables >= NEW_TABLES and not OLD_TABLES & tables
    moved = Disbursement.objects.get()
    assert (moved.pk, moved.no, moved.file_id, moved.budget_id, moved.status, moved.paid_on, moved.bank_ref) == (
        request.pk,
        "ZC2026000001",
        archive.pk,
        budget.pk,
        DisbursementStatus.PAID,
        date(2026, 1, 20),
        "B1",
    )
    assert moved.batch == WarmthBatch.objects.get(pk=batch.pk)
    assert list(DisbursementApproval.objects.values_list("disbursement_id", "approver_id", "note")) == [
        (request.pk, approver.pk, "属实")
    ]
    assert list(budget.disbursements.all()) == [moved]
    # The id sequences still serve, and the unique number is still enforced by the renamed table.
    second = Disbursement.objects.create(
        no="ZC2026000002",
        file=archive,
        programme=programme,
        budget=budget,
        org=union,
        amount_fen=100_00,
        payee_name="王困难",
    )
    assert second.pk > moved.pk
    assert WarmthBatch.objects.create(programme=programme, budget=budget, org=union).pk > batch.pk
