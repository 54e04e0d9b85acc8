"""A programme's payment to a household (救助支出): the request, its approvals, and the 送温暖 batch that
requests many at once. The money itself moves in the generic ledger of `funds` (funds/spending.py);
these rows say why, for whom and to which bank card.

The tables were made by `funds` and keep their rows (assistance 0004 renamed them); the indexes keep the
names they were created with, so no index has to be rebuilt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from unionhall.core import pii
from unionhall.core.models import user_link


class DisbursementStatus(models.TextChoices):
    REQUESTED = "requested", "待审批"
    PARTLY_APPROVED = "partly", "待二次审批"
    APPROVED = "approved", "已批准待支付"
    PAID = "paid", "已支付"
    REJECTED = "rejected", "未批准"
    CANCELLED = "cancelled", "已撤销"


class Disbursement(models.Model):
    """A payment of a programme to a household, from one budget, to the worker's own bank card."""

    no = models.CharField("编号", max_length=20, unique=True)
    file = models.ForeignKey(
        "assistance.HardshipFile", verbose_name="困难档案", on_delete=models.PROTECT, related_name="disbursements"
    )
    programme = models.ForeignKey(
        "assistance.Programme", verbose_name="帮扶项目", on_delete=models.PROTECT, related_name="disbursements"
    )
    budget = models.ForeignKey(
        "funds.Budget", verbose_name="预算", on_delete=models.PROTECT, related_name="disbursements"
    )
    # The archive's union, copied so lists and reports scope and group without a join through the file.
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="建档工会", on_delete=models.PROTECT, related_name="+")
    amount_fen = models.PositiveBigIntegerField("金额（分）")
    status = models.CharField(
        "状态", max_length=10, choices=DisbursementStatus.choices, default=DisbursementStatus.REQUESTED, db_index=True
    )
    needs_two_approvals = models.BooleanField("需两人审批", default=False)
    details = models.JSONField("明细", default=dict, blank=True)  # 金秋助学: child, school, tier
    evidence = models.ForeignKey(
        "assistance.EvidenceFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        "assistance.WarmthBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="disbursements"
    )
    payee_name = models.CharField("收款人", max_length=50)
    bank_name = models.CharField("开户银行", max_length=60, blank=True)
    bank_account_enc = models.TextField("银行卡号（密文）", blank=True)
    bank_account_masked = models.CharField("银行卡号", max_length=32, blank=True)
    requested_by = user_link()
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approve_journal = models.OneToOneField(
        "funds.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField("支付日期", null=True, blank=True)
    bank_ref = models.CharField("银行流水号", max_length=60, blank=True)
    pay_journal = models.OneToOneField(
        "funds.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField("撤销/驳回理由", max_length=300, blank=True)
    cancel_journal = models.OneToOneField(
        "funds.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "救助支出"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org", "status"], name="funds_disbu_org_id_f46549_idx"),
            models.Index(fields=["programme", "requested_at"], name="funds_disbu_program_5d67f6_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.payee_name}"

    def audit_label(self) -> str:
        return f"{self.no} {pii.mask_name(self.payee_name)}"

    def reveal_bank_account(self) -> str:
        return pii.decrypt(self.bank_account_enc) if self.bank_account_enc else ""


class DisbursementApproval(models.Model):
    disbursement = models.ForeignKey(Disbursement, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # "Two different people": the database refuses the same approver twice.
            models.UniqueConstraint(fields=["disbursement", "approver"], name="approval_by_different_people")
        ]

    def __str__(self) -> str:
        return f"{self.disbursement_id} ← {self.approver_id}"


class WarmthBatch(models.Model):
    """送温暖 in bulk: one request per household over a filtered list, each with its own result."""

    programme = models.ForeignKey("assistance.Programme", on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey("funds.Budget", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField(default=dict, blank=True)
    amount_fen = models.PositiveBigIntegerField("每户金额（分）", default=0)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=list, blank=True)  # [{"file": id, "ok": bool, "message": str}]
    status = models.CharField(max_length=10, default="pending")  # pending / running / done / failed
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"送温暖批次 #{self.pk}"
