"""Money (PRODUCT.md §3.3, §4): funds, budgets allocated down the tree, and the ledger. A generic ledger:
it knows no domain. What the money was for (a hardship payment, a card top-up, prize money) is kept by the
module that spends it (`funds/spending.py`), which names its own row in the journal's memo.

The ledger is double-entry in integer fen. Every movement is a `Journal` whose `LedgerEntry` lines sum to
zero; an `Account` keeps its balance, updated in the same transaction under a row lock (see
`funds/ledger.py`), and a check constraint refuses a negative balance on every account that may not go
below zero. Entries are never edited or deleted (a database trigger refuses it); a cancellation is a
reversing journal.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q

from unionhall.core.models import AppendOnly, user_link


class AccountKind(models.TextChoices):
    SOURCE = "source", "资金来源"  # money entering a fund; the only kind that runs negative
    BUDGET = "budget", "预算"
    PAYABLE = "payable", "待支付"  # approved disbursements not yet paid out
    PAID = "paid", "已支付"  # paid to workers' bank cards
    CARD = "card", "帮扶卡余额"
    MERCHANT = "merchant", "应付商户"  # redemptions owed to a partner merchant
    SETTLED = "settled", "已结算"  # paid to merchants at settlement


class Account(models.Model):
    kind = models.CharField(max_length=10, choices=AccountKind.choices, db_index=True)
    name = models.CharField(max_length=120)
    balance_fen = models.BigIntegerField(default=0)
    allow_negative = models.BooleanField(default=False)

    class Meta:
        verbose_name = "账户"
        constraints = [
            # The backstop of PRODUCT.md §3.3: whatever the code does, no balance goes below zero.
            models.CheckConstraint(
                condition=Q(allow_negative=True) | Q(balance_fen__gte=0), name="account_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JournalKind(models.TextChoices):
    FUNDING = "funding", "资金注入"
    ALLOCATION = "allocation", "预算下拨"
    DISBURSEMENT = "disbursement", "救助支出"
    PAYMENT = "payment", "支付到卡"
    TOP_UP = "top_up", "帮扶卡充值"
    REDEMPTION = "redemption", "帮扶卡消费"
    CARRY_OVER = "carry_over", "补卡余额转移"
    SETTLEMENT = "settlement", "商户结算"
    REVERSAL = "reversal", "冲正"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise RuntimeError("账目只增不改。")

    def delete(self) -> NoReturn:
        raise RuntimeError("账目只增不改。")


class Journal(models.Model):
    """One movement of money: its entries sum to zero. `org` places it in the tree for scoping."""

    kind = models.CharField(max_length=12, choices=JournalKind.choices, db_index=True)
    memo = models.CharField(max_length=200, blank=True)
    org = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    actor = user_link()
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "记账凭证"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"


class LedgerEntry(AppendOnly):
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount_fen = models.BigIntegerField()  # + into the account, − out of it

    objects = AppendOnlyQuerySet.as_manager()
    edit_refusal = "账目只增不改。"

    class Meta:
        verbose_name = "分录"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=~Q(amount_fen=0), name="ledger_entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount_fen:+d}"


class Fund(models.Model):
    """A pot of money (帮扶专项资金, 送温暖资金, 金秋助学资金…) entering through its source account."""

    code = models.CharField("编码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=60)
    source = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "资金"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Budget(models.Model):
    """A fund's money for one year at one org. The root's budget is funded from the fund's source; every
    other is allocated from its parent's budget of the same fund and year, so a child never holds more
    than its parent could give.

    amount = received; allocated = passed down to children; spent = paid out, put on cards or committed
    to approved disbursements; remaining = the account's balance = amount − allocated − spent.
    """

    fund = models.ForeignKey(Fund, verbose_name="资金", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField("年度")
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", verbose_name="上级预算", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="budget")
    # Where this budget's approved disbursements wait for payment, and where paid ones end: opened on the
    # first approval (under the budget's row lock), so reconciliation can follow one budget's money.
    payable_account = models.OneToOneField(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="payable_of"
    )
    paid_account = models.OneToOneField(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="paid_of"
    )
    amount_fen = models.BigIntegerField("预算额", default=0)
    allocated_fen = models.BigIntegerField("已下拨", default=0)
    spent_fen = models.BigIntegerField("已支出", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预算"
        ordering = ["-year", "fund__code", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year", "org"], name="budget_one_per_fund_year_org"),
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0) & Q(allocated_fen__gte=0) & Q(spent_fen__gte=0),
                name="budget_figures_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.fund.name} · {self.org.name}"

    @property
    def remaining_fen(self) -> int:
        return self.amount_fen - self.allocated_fen - self.spent_fen


class IdempotencyRecord(models.Model):
    """An API POST made with an `Idempotency-Key`: the first answer is stored and replayed to repeats."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)  # method, path and body: the same key with another body is refused
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return self.key
