"""Acceptance: random sequences of money actions through the services never break the books.

A hypothesis state machine funds a root budget, allocates down the small city's tree, requests, approves
(by several people, the requester among them), rejects, pays and cancels disbursements, and puts money on
cards and spends it at a merchant (the cards app's services). Refused actions are part of the game. After
every step:

- each account's balance equals the sum of its entries, and every journal sums to zero;
- no account but a fund's source is below zero;
- for every budget, amount − allocated − spent == its account's balance ≥ 0, and its children together
  received exactly what it allocated;
- all the money in the system is what the sources put in, and the sources put in what the machine funded;
- a refused action moved no money; each disbursement is in the state the machine expects.

Each example runs in a transaction rolled back at its end, on the one small city of the test.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from unionhall.assistance.disbursements import services as payments
from unionhall.assistance.models import AssistanceSettings, Disbursement, DisbursementStatus
from unionhall.cards import services as card_services
from unionhall.cards.models import AssistanceCard, CardType
from unionhall.core.errors import DomainError
from unionhall.funds import services
from unionhall.funds.models import Account, AccountKind, Budget
from unionhall.tests import factories
from unionhall.tests.books import assert_books_balance
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
YEAR = 2026
_serial = itertools.count(1)
# Two ranges, so large amounts are as likely as small ones (hypothesis favours small integers).
amounts = st.one_of(st.integers(min_value=1, max_value=100_00), st.integers(min_value=100_00, max_value=3_000_00))
requests = st.one_of(st.integers(min_value=1, max_value=499_99), st.integers(min_value=500_00, max_value=2_000_00))
picks = st.integers(min_value=0, max_value=1_000)
# Mostly people who may approve at U1 and U3's side; the outsider and the chair are refused (404, 403).
APPROVERS = ("city_admin", "cadre_d1", "cadre_t1", "city_admin", "cadre_d1", "outsider", "chair_u1")
S = DisbursementStatus


class LedgerMachine(RuleBasedStateMachine):
    city: City  # set by the test before the machine runs
    reached: set[str] = set()  # what the examples achieved, so the test knows it did not only refuse

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        c = self.city
        self.admin = c.users["city_admin"]
        n = next(_serial)
        self.fund = services.fund_create(actor=self.admin, code=f"SM{n}", name=f"状态机资金{n}")
        self.funded = 2_000_00
        services.budget_create(actor=self.admin, fund=self.fund, year=YEAR, amount_fen=self.funded)
        self.programme = factories.programme(fund=self.fund, rules={}, amounts={"max": 5_000_00})
        self.files = [(factories.hardship_file(c.u1), "chair_u1"), (factories.hardship_file(c.u3), "chair_u3")]
        self.units = [c.d1, c.d2, c.t1, c.t2, c.u1, c.u2, c.u3, c.b1]
        self.expected: dict[int, str] = {}
        self.started = False
        self.cards: list[AssistanceCard] = []
        self.merchant = None
        if CardType.objects.filter(code="living").exists():
            self.merchant = card_services.merchant_create(
                actor=self.admin, org=c.d1, code=f"SM{n}", name=f"状态机超市{n}", kind="supermarket"
            )
            card_services.merchant_user_link(actor=self.admin, merchant=self.merchant, user=c.users["merchant_d1"])
            living = CardType.objects.get(code="living")
            self.cards = [card_services.card_issue(actor=self.admin, file=f, card_type=living) for f, _ in self.files]
        self.receipts = itertools.count(1)
        AssistanceSettings.objects.update_or_create(  # most requests need two approvers
            pk=AssistanceSettings.current().pk, defaults={"dual_approval_fen": 500_00}
        )
        self.opening()
        self.started = True

    def opening(self) -> None:
        """Every example starts with a request in each live state, so short random runs still meet them:
        one awaiting its second approval, one approved, one paid (and money on the U1 card)."""
        root = Budget.objects.get(fund=self.fund, parent=None)
        admin, cadre = self.admin, self.city.users["cadre_d1"]
        file, requester = self.files[0]
        made = []
        for amount in (600_00, 300_00, 700_00):
            d = payments.disbursement_request(
                actor=self.city.users[requester], file=file, programme=self.programme, budget=root, amount_fen=amount
            )
            made.append(payments.disbursement_approve(actor=admin, disbursement=d))
        payments.disbursement_approve(actor=cadre, disbursement=made[2])
        payments.disbursement_pay(actor=admin, disbursement=made[2], paid_on=timezone.localdate(), bank_ref="OPEN")
        self.expected = {made[0].pk: S.PARTLY_APPROVED, made[1].pk: S.APPROVED, made[2].pk: S.PAID}
        if self.cards:
            card_services.card_top_up(actor=admin, card=self.cards[0], budget=root, amount_fen=100_00)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ---

    def budgets(self) -> list[Budget]:
        return list(Budget.objects.filter(fund=self.fund).select_related("org", "fund").order_by("pk"))

    def disbursements(self) -> list[Disbursement]:
        return list(Disbursement.objects.filter(budget__fund=self.fund).order_by("pk"))

    def attempt(self, fn: Any) -> Any:
        """Run one action; a refusal must leave every balance as it was."""
        before = dict(Account.objects.values_list("pk", "balance_fen"))
        try:
            result = fn()
            if self.started:
                self.reached |= {type(result).__name__, str(getattr(result, "status", ""))}
            return result
        except DomainError:
            assert dict(Account.objects.values_list("pk", "balance_fen")) == before, "a refused action moved money"
            return None

    # --- rules ---

    @rule(amount=amounts)
    def fund(self, amount: int) -> None:
        root = Budget.objects.get(fund=self.fund, parent=None)
        if self.attempt(lambda: services.budget_fund(actor=self.admin, budget=root, amount_fen=amount)):
            self.funded += amount

    @rule(parent=picks, unit=picks, amount=amounts)
    def allocate(self, parent: int, unit: int, amount: int) -> None:
        budgets = self.budgets()
        source = budgets[parent % len(budgets)]
        org = self.units[unit % len(self.units)]
        self.attempt(lambda: services.budget_allocate(actor=self.admin, parent=source, org=org, amount_fen=amount))

    @rule(which=picks, budget=picks, amount=requests)
    def request(self, which: int, budget: int, amount: int) -> None:
        file, requester = self.files[which % len(self.files)]
        budgets = self.budgets()
        chosen = budgets[budget % len(budgets)]
        d = self.attempt(
            lambda: payments.disbursement_request(
                actor=self.city.users[requester], file=file, programme=self.programme, budget=chosen, amount_fen=amount
            )
        )
        if d is not None:
            self.expected[d.pk] = S.REQUESTED

    @rule(which=picks, choice=picks, approver=picks)
    def advance(self, which: int, choice: int, approver: int) -> None:
        """Move one disbursement on: mostly its next natural step, sometimes a refused or odd one."""
        ds = self.disbursements()
        if not ds:
            return
        d = ds[which % len(ds)]
        status = self.expected[d.pk]
        if status in (S.REQUESTED, S.PARTLY_APPROVED):
            if choice % 6 == 0:
                self.reject(d)
            else:
                self.approve(d, APPROVERS[approver % len(APPROVERS)])
        elif status == S.APPROVED:
            self.pay(d) if choice % 3 else self.cancel(d)
        elif status == S.PAID:
            self.cancel(d) if choice % 2 else self.pay(d)
        else:  # rejected or cancelled: nothing may happen to it any more (each refused)
            (self.pay, self.cancel, lambda d: self.approve(d, "cadre_d1"))[choice % 3](d)

    @rule(which=picks, approver=picks, choice=picks)
    def decide_an_open_request(self, which: int, approver: int, choice: int) -> None:
        open_ = [d for d in self.disbursements() if self.expected[d.pk] in (S.REQUESTED, S.PARTLY_APPROVED)]
        if open_:
            d = open_[which % len(open_)]
            if choice % 5 == 1:
                self.reject(d)
            else:
                self.approve(d, APPROVERS[approver % len(APPROVERS)])

    @rule(which=picks, choice=picks)
    def pay_or_cancel_an_approved_one(self, which: int, choice: int) -> None:
        done = [d for d in self.disbursements() if self.expected[d.pk] in (S.APPROVED, S.PAID)]
        if done:
            d = done[which % len(done)]
            self.pay(d) if choice % 3 and self.expected[d.pk] == S.APPROVED else self.cancel(d)

    def approve(self, d: Disbursement, approver: str) -> None:
        result = self.attempt(lambda: payments.disbursement_approve(actor=self.city.users[approver], disbursement=d))
        if result is not None:
            assert self.expected[d.pk] in (S.REQUESTED, S.PARTLY_APPROVED)
            self.expected[d.pk] = result.status

    def reject(self, d: Disbursement) -> None:
        if self.attempt(lambda: payments.disbursement_reject(actor=self.admin, disbursement=d, reason="不符合")):
            self.expected[d.pk] = S.REJECTED

    def pay(self, d: Disbursement) -> None:
        paid = self.attempt(
            lambda: payments.disbursement_pay(
                actor=self.admin, disbursement=d, paid_on=timezone.localdate(), bank_ref="B"
            )
        )
        if paid:
            assert self.expected[d.pk] == S.APPROVED
            self.expected[d.pk] = S.PAID

    def cancel(self, d: Disbursement) -> None:
        if self.attempt(lambda: payments.disbursement_cancel(actor=self.admin, disbursement=d, reason="退回")):
            assert self.expected[d.pk] in (S.APPROVED, S.PAID)
            self.expected[d.pk] = S.CANCELLED

    @rule(which=picks, budget=picks, amount=amounts)
    def top_up(self, which: int, budget: int, amount: int) -> None:
        if not self.cards:
            return
        card = self.cards[which % len(self.cards)]
        budgets = self.budgets()
        chosen = budgets[budget % len(budgets)]
        self.attempt(lambda: card_services.card_top_up(actor=self.admin, card=card, budget=chosen, amount_fen=amount))

    @rule(amount=st.integers(min_value=1, max_value=1_000_00))
    def redeem(self, amount: int) -> None:
        if not self.cards:
            return
        card = self.cards[0]  # the U1 card, inside the D1 merchant's reach
        self.attempt(
            lambda: card_services.card_redeem(
                actor=self.city.users["merchant_d1"],
                number=card.number,
                code=card_services.reveal_code(card),
                amount_fen=amount,
                merchant_ref=f"R{next(self.receipts)}",
                merchant=self.merchant,
            )
        )

    # --- invariants ---

    @invariant()
    def books_balance(self) -> None:
        assert_books_balance()

    @invariant()
    def sources_put_in_what_was_funded(self) -> None:
        source = Account.objects.get(pk=self.fund.source_id)
        assert -source.balance_fen == self.funded
        held = (
            Account.objects.exclude(kind=AccountKind.SOURCE)
            .filter(entries__journal__isnull=False)
            .distinct()
            .aggregate(t=Sum("balance_fen"))["t"]
            or 0
        )
        assert held == -(Account.objects.filter(kind=AccountKind.SOURCE).aggregate(t=Sum("balance_fen"))["t"] or 0)

    @invariant()
    def disbursements_are_where_the_machine_put_them(self) -> None:
        actual = dict(Disbursement.objects.filter(budget__fund=self.fund).values_list("pk", "status"))
        assert actual == self.expected
        for d in Disbursement.objects.filter(budget__fund=self.fund):
            committed = d.status in (S.APPROVED, S.PAID)
            assert (d.approve_journal_id is not None) == (committed or d.status == S.CANCELLED)
            assert d.approvals.count() <= (2 if d.needs_two_approvals else 1)


def test_random_money_sequences_keep_the_books_balanced(city: City) -> None:
    LedgerMachine.city = city
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=30,
            derandomize=True,  # the same 30 sequences every run: the "reached" check below never flakes
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    # Not vacuous: the random steps themselves requested, approved, paid, cancelled and allocated (a run
    # that only met refusals would prove nothing). Rejection and the first of two approvals are met by
    # chance here and deterministically in test_services.
    wanted = {str(s) for s in (S.REQUESTED, S.APPROVED, S.PAID, S.CANCELLED)} | {"Budget", "Disbursement"}
    if CardType.objects.filter(code="living").exists():
        wanted |= {"AssistanceCard", "Redemption"}
    assert wanted <= LedgerMachine.reached, f"never reached: {wanted - LedgerMachine.reached}"
