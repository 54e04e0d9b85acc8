"""The disbursement services: requesting against a budget on the archive's chain, one or two approvals by
different people, rejecting, paying and cancelling, revealing bank accounts — who may do what, the audit event
each leaves, and the books balancing after every step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from unionhall.assistance.disbursements import services as payments
from unionhall.assistance.models import Disbursement, DisbursementStatus, FileStatus
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.funds import ledger
from unionhall.funds.models import Budget, JournalKind
from unionhall.tests import factories
from unionhall.tests.audit_support import last_event
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City
from unionhall.tests.factories import a_request

pytestmark = pytest.mark.django_db


def test_a_request_copies_the_payee_and_the_masked_account_and_numbers_itself(city: City) -> None:
    d = a_request(city, amount_fen=1_000_00)
    assert d.status == DisbursementStatus.REQUESTED and not d.needs_two_approvals
    assert d.no.startswith(f"ZC{timezone.localdate().year}") and len(d.no) == 12
    assert d.payee_name == "王困难" and d.bank_account_masked == "6222 **** **** 0123"
    assert d.reveal_bank_account() == "6222021234567890123"
    second = a_request(city, budget=d.budget)
    assert int(second.no[-6:]) == int(d.no[-6:]) + 1
    assert (last_event().action, last_event().success, last_event().org_id) == (
        "disbursement.request",
        True,
        city.u1.pk,
    )


def test_a_request_at_or_above_the_dual_figure_needs_two_approvals(city: City) -> None:
    assert a_request(city, amount_fen=5_000_00).needs_two_approvals
    assert not a_request(city, amount_fen=4_999_99).needs_two_approvals


def test_a_request_for_an_archive_not_yet_approved_is_refused(city: City) -> None:
    budget = factories.budget_chain(city.d1, 10_000_00)
    archive = factories.hardship_file(city.u1, status=FileStatus.NOTICE)
    with pytest.raises(Conflict):
        payments.disbursement_request(
            actor=city.users["chair_u1"],
            file=archive,
            programme=factories.programme(fund=budget.fund),
            budget=budget,
            amount_fen=100_00,
        )
    assert (last_event().action, last_event().success) == ("disbursement.request", False)


def test_a_budget_off_the_archive_chain_is_not_found_and_another_fund_is_refused(city: City) -> None:
    archive = factories.hardship_file(city.u1)
    d2_budget = factories.budget_chain(city.d2, 10_000_00)
    with pytest.raises(NotFound):
        payments.disbursement_request(
            actor=city.users["chair_u1"], file=archive, programme=factories.programme(), budget=d2_budget
        )
    d1_budget = factories.budget_chain(city.d1, 10_000_00)
    with pytest.raises(ValidationError) as error:
        payments.disbursement_request(
            actor=city.users["chair_u1"],
            file=archive,
            programme=factories.programme(fund=factories.fund()),
            budget=d1_budget,
        )
    assert "budget" in error.value.field_errors
    assert not Disbursement.objects.exists()


def test_a_reviewer_may_not_request_and_an_outsider_does_not_see_the_archive(city: City) -> None:
    budget = factories.budget_chain(city.d1, 10_000_00)
    archive = factories.hardship_file(city.u1)
    for actor, error in (("reviewer_d1", PermissionDenied), ("outsider", NotFound)):
        with pytest.raises(error):
            payments.disbursement_request(
                actor=city.users[actor], file=archive, programme=factories.programme(), budget=budget, amount_fen=1_00
            )
    assert not Disbursement.objects.exists()


def test_an_amount_above_the_programme_maximum_is_refused(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        a_request(city, amount_fen=20_000_01, budget_fen=30_000_00)
    assert "amount" in error.value.field_errors


def test_one_approval_commits_a_small_request_from_the_budget(city: City) -> None:
    d = a_request(city, amount_fen=1_000_00, budget_fen=3_000_00)
    d = payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    budget = Budget.objects.get(pk=d.budget_id)
    assert d.status == DisbursementStatus.APPROVED and d.approve_journal.kind == JournalKind.DISBURSEMENT
    assert (budget.spent_fen, budget.remaining_fen) == (1_000_00, 2_000_00)
    assert budget.payable_account.balance_fen == 1_000_00
    assert (last_event().action, last_event().success) == ("disbursement.approve", True)
    assert_books_balance()


def test_two_different_people_approve_a_large_request_and_the_second_posts(city: City) -> None:
    d = a_request(city, amount_fen=6_000_00, budget_fen=10_000_00)
    d = payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    assert d.status == DisbursementStatus.PARTLY_APPROVED and d.approve_journal is None
    assert Budget.objects.get(pk=d.budget_id).spent_fen == 0
    with pytest.raises(Conflict, match="另一人"):
        payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    assert (last_event().success, d.approvals.count()) == (False, 1)
    d = payments.disbursement_approve(actor=city.users["cadre_d1"], disbursement=d)
    assert d.status == DisbursementStatus.APPROVED
    assert [a.approver.username for a in d.approvals.all()] == ["cadre_t1", "cadre_d1"]
    assert Budget.objects.get(pk=d.budget_id).spent_fen == 6_000_00
    assert_books_balance()


def test_the_requester_may_not_approve_their_own_request(city: City) -> None:
    budget = factories.budget_chain(city.d1, 10_000_00)
    d = payments.disbursement_request(
        actor=city.users["cadre_t1"],
        file=factories.hardship_file(city.u1),
        programme=factories.programme(fund=budget.fund),
        budget=budget,
        amount_fen=100_00,
    )
    with pytest.raises(PermissionDenied, match="申请人"):
        payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    assert not d.approvals.exists()
    assert (last_event().action, last_event().success) == ("disbursement.approve", False)


def test_a_union_chair_may_request_but_not_approve(city: City) -> None:
    d = a_request(city)
    with pytest.raises(PermissionDenied):
        payments.disbursement_approve(actor=city.users["chair_u1"], disbursement=d)
    with pytest.raises(NotFound):
        payments.disbursement_approve(actor=city.users["outsider"], disbursement=d)


def test_an_approval_without_enough_money_changes_nothing_and_is_audited(city: City) -> None:
    d = a_request(city, amount_fen=1_000_00, budget_fen=999_99)
    with pytest.raises(ledger.InsufficientFunds):
        payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    d.refresh_from_db()
    assert d.status == DisbursementStatus.REQUESTED and not d.approvals.exists()
    assert Budget.objects.get(pk=d.budget_id).spent_fen == 0
    assert last_event().reason.startswith("insufficient_funds")
    assert_books_balance()


def test_a_rejection_needs_a_reason_and_ends_the_request(city: City) -> None:
    d = a_request(city)
    with pytest.raises(ValidationError):
        payments.disbursement_reject(actor=city.users["cadre_t1"], disbursement=d, reason=" ")
    d = payments.disbursement_reject(actor=city.users["cadre_t1"], disbursement=d, reason="已享受同类救助")
    assert (d.status, d.cancel_reason) == (DisbursementStatus.REJECTED, "已享受同类救助")
    with pytest.raises(Conflict):
        payments.disbursement_approve(actor=city.users["cadre_d1"], disbursement=d)
    assert last_event().action == "disbursement.approve"


def test_payment_moves_the_money_from_payable_to_paid(city: City) -> None:
    d = a_request(city, amount_fen=800_00)
    d = payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    with pytest.raises(ValidationError) as error:
        payments.disbursement_pay(
            actor=city.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate() + timedelta(days=1), bank_ref=""
        )
    assert set(error.value.field_errors) == {"paid_on", "bank_ref"}
    with pytest.raises(PermissionDenied):
        payments.disbursement_pay(
            actor=city.users["chair_u1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="B1"
        )
    d = payments.disbursement_pay(
        actor=city.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="ICBC20260001"
    )
    budget = Budget.objects.get(pk=d.budget_id)
    assert (d.status, d.bank_ref) == (DisbursementStatus.PAID, "ICBC20260001")
    assert (budget.payable_account.balance_fen, budget.paid_account.balance_fen) == (0, 800_00)
    assert (last_event().action, last_event().success) == ("disbursement.pay", True)
    assert_books_balance()


@pytest.mark.parametrize("paid", [False, True])
def test_cancelling_reverses_what_was_posted_and_gives_the_budget_back(city: City, paid: bool) -> None:
    d = a_request(city, amount_fen=700_00, budget_fen=1_000_00)
    d = payments.disbursement_approve(actor=city.users["cadre_t1"], disbursement=d)
    if paid:
        d = payments.disbursement_pay(
            actor=city.users["cadre_t1"], disbursement=d, paid_on=timezone.localdate(), bank_ref="R"
        )
    with pytest.raises(ValidationError):
        payments.disbursement_cancel(actor=city.users["cadre_t1"], disbursement=d, reason="")
    d = payments.disbursement_cancel(actor=city.users["cadre_t1"], disbursement=d, reason="银行退回：账户已销户")
    budget = Budget.objects.get(pk=d.budget_id)
    assert d.status == DisbursementStatus.CANCELLED
    assert d.cancel_journal.reverses_id == d.approve_journal_id
    if paid:
        assert d.pay_journal.reversed_by.kind == JournalKind.REVERSAL
    assert (budget.spent_fen, budget.remaining_fen) == (0, 1_000_00)
    assert (last_event().action, last_event().success) == ("disbursement.cancel", True)
    with pytest.raises(Conflict):
        payments.disbursement_cancel(actor=city.users["cadre_t1"], disbursement=d, reason="再次")
    assert_books_balance()


def test_a_request_cannot_be_cancelled_before_approval(city: City) -> None:
    d = a_request(city)
    with pytest.raises(Conflict):
        payments.disbursement_cancel(actor=city.users["cadre_t1"], disbursement=d, reason="重复申请")


def test_revealing_bank_accounts_needs_the_sensitive_capability_and_is_audited(city: City) -> None:
    d = a_request(city)
    shown = payments.disbursement_accounts_reveal(actor=city.users["chair_u1"], disbursements=[d])
    assert shown == {d.pk: "6222021234567890123"}
    assert (last_event().action, last_event().object_id, last_event().success) == (
        "disbursement.accounts_reveal",
        str(d.pk),
        True,
    )
    with pytest.raises(PermissionDenied):
        payments.disbursement_accounts_reveal(actor=city.users["reviewer_d1"], disbursements=[d])
    with pytest.raises(NotFound):
        payments.disbursement_accounts_reveal(actor=city.users["outsider"], disbursements=[d])
    assert last_event().success is False


def test_a_request_follows_the_programme_rules_and_standard_amount(city: City) -> None:
    budget = factories.budget_chain(city.d1, 10_000_00)
    archive = factories.hardship_file(city.u1, category="relative")
    deep_only = factories.programme(fund=budget.fund, rules={"categories": ["deep"]})
    with pytest.raises(ValidationError) as error:
        payments.disbursement_request(actor=city.users["chair_u1"], file=archive, programme=deep_only, budget=budget)
    assert "archive" in error.value.field_errors
    standard = factories.programme(fund=budget.fund, amounts={"default": 800_00, "by_category": {"relative": 600_00}})
    d = payments.disbursement_request(actor=city.users["chair_u1"], file=archive, programme=standard, budget=budget)
    assert d.amount_fen == 600_00


def test_a_request_may_belong_to_a_warmth_batch(city: City) -> None:
    from unionhall.assistance.models import WarmthBatch

    budget = factories.budget_chain(city.d1, 10_000_00)
    programme = factories.programme(fund=budget.fund)
    batch = WarmthBatch.objects.create(programme=programme, budget=budget, org=city.d1)
    d = payments.disbursement_request(
        actor=city.users["chair_u1"],
        file=factories.hardship_file(city.u1),
        programme=programme,
        budget=budget,
        amount_fen=500_00,
        batch=batch,
    )
    assert list(batch.disbursements.all()) == [d]
