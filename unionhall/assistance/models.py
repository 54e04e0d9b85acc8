"""Hardship archives (困难职工档案, 一户一档), the city's assistance standards and its programmes.

An archive belongs to the grassroots union that files it (`org`); its life is the transition table in
`assistance/workflow.py`, each move appended to `FileEvent` and audited. Income and health are sensitive
(PRODUCT.md §4): health notes and bank accounts are stored encrypted, shown masked unless the user holds
`assistance.sensitive`, every reveal audited; incomes and the hardship description are encrypted fields
(`core/pii_fields.py`) that read as plain values, so nothing in SQL filters, orders or sums by them.

The payments to an archive's household (救助支出) and the 送温暖 batches live in `assistance/disbursements/`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from unionhall.assistance.disbursements.models import (  # noqa: F401  (registered with this app; imported from here)
    Disbursement,
    DisbursementApproval,
    DisbursementStatus,
    WarmthBatch,
)
from unionhall.core import pii
from unionhall.core.models import user_link
from unionhall.core.pii_fields import EncryptedIntegerField, EncryptedTextField, SealedBankAccount
from unionhall.documents.storedfiles import StoredFile
from unionhall.notices.models import Objection
from unionhall.workflow.history import HistoryLine


class HardshipCategory(models.TextChoices):
    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"
    NONE = "none", "未达困难标准"


class HardshipCause(models.TextChoices):
    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    UNEMPLOYMENT = "unemployment", "失业"
    DISASTER = "disaster", "因灾"
    EDUCATION = "education", "子女就学"
    ACCIDENT = "accident", "意外事故"
    LOW_INCOME = "low_income", "收入低"
    OTHER = "other", "其他"


# Causes that make a sudden hardship 意外致困 whatever the income was before.
ACCIDENT_CAUSES = frozenset({HardshipCause.DISASTER, HardshipCause.ACCIDENT})


class FileStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待核查"
    VERIFIED = "verified", "已核查"
    NOTICE = "notice", "公示中"
    APPROVED = "approved", "已建档"
    REJECTED = "rejected", "未通过"
    EXITED = "exited", "已解困"
    RETURNED = "returned", "返困待核"


class FileSource(models.TextChoices):
    STAFF = "staff", "工会建档"
    PORTAL = "portal", "职工申请"


class AssistanceSettings(models.Model):
    """The city's standards: one row, edited by who configures programmes at the root."""

    dibao_fen = models.PositiveIntegerField("城市低保标准（元/人·月，以分计）", default=1_095_00)
    relative_multiple = models.DecimalField(
        "相对困难线（低保标准的倍数）", max_digits=4, decimal_places=2, default=Decimal("1.50")
    )
    notice_days = models.PositiveSmallIntegerField("公示天数", default=5)
    review_interval_days = models.PositiveSmallIntegerField("年审周期（天）", default=365)
    follow_up_days = models.PositiveSmallIntegerField("解困后回访期限（天）", default=180)
    reminder_days = models.PositiveSmallIntegerField("到期前提醒（天）", default=30)
    dual_approval_fen = models.PositiveIntegerField("需两人审批的金额起点（以分计）", default=5_000_00)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "帮扶标准"

    def __str__(self) -> str:
        return "帮扶标准"

    @classmethod
    def current(cls) -> AssistanceSettings:
        row = cls.objects.order_by("pk").first()
        return row if row is not None else cls.objects.create()


class HardshipFile(SealedBankAccount):
    no = models.CharField("档案编号", max_length=20, unique=True)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="建档工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "members.Person", verbose_name="困难职工", on_delete=models.PROTECT, related_name="hardship_files"
    )
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="工作单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("家庭住址", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=FileStatus.choices, default=FileStatus.DRAFT, db_index=True
    )
    source = models.CharField("来源", max_length=8, choices=FileSource.choices, default=FileSource.STAFF)
    causes = models.JSONField("致困原因", default=list, blank=True)
    description = EncryptedTextField("困难情况", blank=True)
    # Household income per month, all members together, in fen; the per-capita figure decides the category,
    # which is stored in clear beside it (a coarse value that lists and reports may filter and count by).
    monthly_income_fen = EncryptedIntegerField("家庭月收入（分）", default=0)
    household_size = models.PositiveSmallIntegerField("家庭人口", default=1)
    category = models.CharField(
        "困难类别", max_length=10, choices=HardshipCategory.choices, default=HardshipCategory.NONE, db_index=True
    )
    computed_category = models.CharField(
        "按标准测算的类别", max_length=10, choices=HardshipCategory.choices, default=HardshipCategory.NONE
    )
    category_override_reason = models.CharField("人工认定理由", max_length=300, blank=True)
    bank_name = models.CharField("开户银行", max_length=60, blank=True)
    notice_starts_on = models.DateField("公示开始", null=True, blank=True)
    notice_ends_on = models.DateField("公示结束", null=True, blank=True)
    approved_on = models.DateField("建档日期", null=True, blank=True)
    verified_on = models.DateField("最近核查日期", null=True, blank=True, db_index=True)
    exited_on = models.DateField("解困日期", null=True, blank=True, db_index=True)
    exit_reason = models.CharField("解困原因", max_length=300, blank=True)
    followed_up_on = models.DateField("回访日期", null=True, blank=True)
    created_by = user_link()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "困难职工档案"
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return f"{self.no} {self.person.name}"

    def audit_label(self) -> str:
        return f"{self.no} {pii.mask_name(self.person.name)}"

    @property
    def per_capita_fen(self) -> int:
        return self.monthly_income_fen // max(self.household_size, 1)


class Relation(models.TextChoices):
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    PARENT = "parent", "父母"
    OTHER = "other", "其他"


class HouseholdMember(models.Model):
    """Another member of the household (the worker is the archive's `person`)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="household")
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("与职工关系", max_length=8, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField("出生年份", null=True, blank=True)
    occupation = models.CharField("职业/就学情况", max_length=60, blank=True)
    monthly_income_fen = EncryptedIntegerField("月收入（分）", default=0)
    health_enc = models.TextField("健康/残疾状况（密文）", blank=True)
    has_health_note = models.BooleanField("有健康/残疾记录", default=False)

    class Meta:
        verbose_name = "家庭成员"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"家庭成员 {pii.mask_name(self.name)}"

    def set_health(self, note: str) -> None:
        note = note.strip()
        self.health_enc = pii.seal(note)
        self.has_health_note = bool(note)

    def reveal_health(self) -> str:
        return pii.unseal(self.health_enc)


class EvidenceKind(models.TextChoices):
    INCOME = "income", "收入证明"
    MEDICAL = "medical", "病历/诊断证明"
    DISABILITY = "disability", "残疾证"
    ADMISSION = "admission", "录取通知书"
    DISASTER = "disaster", "受灾证明"
    VISIT = "visit", "入户照片"
    OTHER = "other", "其他"


class EvidenceFile(StoredFile):
    """An uploaded proof. Content is checked (type sniffed, size bounded) before it is stored
    (documents.uploads)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("材料类型", max_length=12, choices=EvidenceKind.choices)
    content = models.FileField(upload_to="evidence/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = "证明材料"


class VisitKind(models.TextChoices):
    VERIFICATION = "verification", "入户核查"
    REVIEW = "review", "年审核查"
    FOLLOW_UP = "follow_up", "解困回访"
    CARE = "care", "走访慰问"


class HomeVisit(models.Model):
    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField("走访类型", max_length=12, choices=VisitKind.choices)
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("走访人", max_length=120)
    findings = models.TextField("核查情况")
    confirmed = models.BooleanField("情况属实", default=True)
    recorded_by = user_link()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "入户走访记录"
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on}"


class NoticeObjection(Objection):
    """An objection raised during the public notice; an open one blocks approval until it is resolved
    (the fields and the rule come from unionhall/notices)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="objections")

    class Meta(Objection.Meta):
        verbose_name = "公示异议"
        ordering = ["id"]


class FileEvent(HistoryLine):
    """The archive's history: every transition, with who and why."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.transition} {self.from_status}→{self.to_status}"


class ProgrammeKind(models.TextChoices):
    LIVING = "living", "生活救助"
    MEDICAL = "medical", "医疗救助"
    WARMTH = "warmth", "送温暖"
    EDUCATION = "education", "金秋助学"
    EMPLOYMENT = "employment", "就业帮扶"


class Programme(models.Model):
    """A kind of help the city offers. Who qualifies and how much are data (`rules`, `amounts`), read by
    `assistance/eligibility.py`; nothing about a programme is hard-coded.

    rules:   {"categories": ["deep", "relative", ...], "max_per_year": 1, "evidence": ["admission"]}
    amounts: {"default": 100000, "by_category": {"deep": 200000}, "by_tier": {"undergraduate": 500000},
              "max": 1000000}   (fen)
    """

    code = models.CharField("编码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类别", max_length=12, choices=ProgrammeKind.choices)
    fund = models.ForeignKey(
        "funds.Fund",
        verbose_name="资金来源",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    description = models.TextField("说明", blank=True)
    rules = models.JSONField("资格规则", default=dict, blank=True)
    amounts = models.JSONField("标准金额", default=dict, blank=True)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "帮扶项目"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SchoolTier(models.TextChoices):
    """金秋助学 amounts differ by the kind of school the child was admitted to."""

    KEY_UNDERGRADUATE = "key", "本科一批（重点）"
    UNDERGRADUATE = "undergraduate", "普通本科"
    VOCATIONAL = "vocational", "高职（专科）"
    POSTGRADUATE = "postgraduate", "研究生"


class ArchiveReminder(models.Model):
    """The claim that an overdue 年审 or follow-up visit of one archive was reminded for one period (the day it
    fell due): a unique row, so however often or concurrently the reminders run, the cadre hears once. A new
    verification or exit moves the due day, and with it the period."""

    class Kind(models.TextChoices):
        REVIEW = "review", "年审逾期"
        FOLLOW_UP = "follow_up", "回访逾期"

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file", "kind", "due_on"], name="assist_reminder_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"
