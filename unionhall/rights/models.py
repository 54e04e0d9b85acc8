"""Rights protection (PRODUCT.md §3.4, issue 6): cases and hotline tickets with time limits, two-way
cases shared with a second union, and the 四个第一人 early-warning reports.

A case belongs to the union that handles it (`org`, where the employer sits: 属地管理); a `CaseShare`
lets one more unit anywhere in the tree (the worker's home-place union, 双向维权) see and update it until
the share is revoked. Time limits are data (`TimeLimitRule`), counted in calendar or working days over
the working calendar (`unionhall/workcalendar`: the State Council's holidays, corrected by the city's
`Holiday` table).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from unionhall.core.models import user_link
from unionhall.documents.storedfiles import StoredFile
from unionhall.workflow.history import HistoryLine


class CaseCategory(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", "欠薪"
    CONTRACT = "contract", "劳动合同"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    INJURY = "injury", "工伤"
    DISMISSAL = "dismissal", "解除劳动关系"
    HOURS = "hours", "工时休假"
    CONSULTATION = "consultation", "咨询"
    SUGGESTION = "suggestion", "建议"
    COMPLAINT = "complaint", "投诉"
    OTHER = "other", "其他"


class Complexity(models.TextChoices):
    GENERAL = "general", "一般"
    DIFFICULT = "difficult", "难点"
    SPECIAL = "special", "特别复杂"


class CaseSource(models.TextChoices):
    PORTAL = "portal", "职工网上申请"
    HOTLINE = "hotline", "12351 热线"
    WALK_IN = "walk_in", "来访"
    UNION = "union", "基层工会上报"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    IN_PROGRESS = "in_progress", "办理中"
    MEDIATING = "mediating", "调解中"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


class TimeLimitRule(models.Model):
    """How long a case may take: per category (blank = any category) and complexity, in calendar or
    working days, with a reminder some days before the due date. The most specific rule wins."""

    category = models.CharField("类别", max_length=20, choices=CaseCategory.choices, blank=True)
    complexity = models.CharField("复杂程度", max_length=10, choices=Complexity.choices)
    days = models.PositiveSmallIntegerField("办理时限（天）")
    working_days = models.BooleanField("按工作日计算", default=True)
    remind_before_days = models.PositiveSmallIntegerField("到期前提醒（天）", default=2)

    class Meta:
        verbose_name = "办理时限"
        ordering = ["category", "complexity"]
        constraints = [
            models.UniqueConstraint(fields=["category", "complexity"], name="time_limit_once_per_kind"),
            models.CheckConstraint(condition=Q(days__gt=0), name="time_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display() or '全部类别'} · {self.get_complexity_display()} · {self.days} 天"


class Case(models.Model):
    no = models.CharField("编号", max_length=20, unique=True)
    source = models.CharField("来源", max_length=10, choices=CaseSource.choices)
    category = models.CharField("类别", max_length=20, choices=CaseCategory.choices, db_index=True)
    complexity = models.CharField("复杂程度", max_length=10, choices=Complexity.choices, default=Complexity.GENERAL)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="承办工会", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="用人单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    employer_text = models.CharField("填写的用人单位", max_length=200, blank=True)
    person = models.ForeignKey(
        "members.Person", verbose_name="职工", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who took the request in (a hotline at the city, a walk-in at a district) when routing sent it elsewhere.
    intake_org = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="受理登记单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    worker_count = models.PositiveIntegerField("涉及人数", default=1)
    summary = models.CharField("诉求摘要", max_length=200)
    facts = models.TextField("事实与诉求", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    handler = user_link("承办人")
    received_at = models.DateTimeField("受理时间", db_index=True)
    due_at = models.DateTimeField("办理期限", db_index=True)
    # When the reminder is due (from the rule's remind_before_days), and when it was sent: once per due date.
    remind_at = models.DateTimeField("提醒时间", null=True, blank=True)
    reminded_at = models.DateTimeField("到期提醒时间", null=True, blank=True)
    # Escalation happens once per breach: the periodic task sets these and never escalates a case twice
    # for the same due date.
    escalated_at = models.DateTimeField("超期督办时间", null=True, blank=True)
    escalated_to = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="督办单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_aid = models.BooleanField("已转介法律援助", default=False)
    outcome = models.TextField("办理结果", blank=True)
    wages_recovered_fen = models.PositiveBigIntegerField("追回工资（分）", default=0)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度（1–5）", null=True, blank=True)
    satisfaction_note = models.CharField("评价", max_length=300, blank=True)
    created_by = user_link()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "维权案件"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["org", "status"]), models.Index(fields=["status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="case_satisfaction_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.summary}"

    def audit_label(self) -> str:
        # the summary is the worker's own words (names, employer, amounts): the trail keeps the number
        return f"{self.no} {self.get_category_display()}"


class CaseShare(models.Model):
    """双向维权: the case shared with a second unit of the tree, or recorded with a partner union outside
    the city as a contact (no access, since it has no login here). Revoking ends the access."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    org = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="协办工会", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner_name = models.CharField("市外协作工会", max_length=120, blank=True)
    partner_contact = models.CharField("联系人及电话", max_length=120, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "双向维权协办"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org__isnull=False) | ~Q(partner_name=""), name="case_share_names_a_unit_or_a_partner"
            ),
            # One live share per unit and case; a revoked share may be followed by a new one.
            models.UniqueConstraint(
                fields=["case", "org"], condition=Q(revoked_at__isnull=True), name="case_share_live_once_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.org_id or self.partner_name}"


class MediationResult(models.TextChoices):
    AGREED = "agreed", "达成调解协议"
    PARTIAL = "partial", "部分达成"
    FAILED = "failed", "调解不成"
    ONGOING = "ongoing", "继续调解"


class Mediation(models.Model):
    """One mediation session (调解) of a case: when, who mediated, who took part, what came of it."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="mediations")
    held_on = models.DateField("调解日期")
    mediator = models.CharField("调解员", max_length=50)
    parties = models.CharField("参加人员", max_length=200, blank=True)
    result = models.CharField("调解结果", max_length=10, choices=MediationResult.choices)
    agreement = models.TextField("协议内容", blank=True)
    amount_fen = models.PositiveBigIntegerField("协议金额（分）", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "调解记录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on} {self.get_result_display()}"


class CaseAttachment(StoredFile):
    """A file that backs a case (pay slips, the contract, a photo), checked like every upload
    (documents.uploads)."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="attachments")
    content = models.FileField(upload_to="rights/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = "案件材料"


class CaseEvent(HistoryLine):
    """The case's history: every transition, transfer, share, mediation and note, with who and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    org = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class RiskKind(models.TextChoices):
    ARREARS = "arrears", "欠薪苗头"
    LAYOFF = "layoff", "裁员"
    RELOCATION = "relocation", "搬迁"
    CLOSURE = "closure", "关停"
    PETITION = "petition", "集体上访"
    STOPPAGE = "stoppage", "停工"
    OTHER = "other", "其他"


class RiskLevel(models.TextChoices):
    """Higher levels must be acknowledged by the upper federation sooner (RiskLevelRule)."""

    BLUE = "blue", "一般（蓝色）"
    YELLOW = "yellow", "较大（黄色）"
    ORANGE = "orange", "重大（橙色）"
    RED = "red", "特别重大（红色）"


class RiskStatus(models.TextChoices):
    REPORTED = "reported", "已报告"
    ACKNOWLEDGED = "acknowledged", "已签收"
    FOLLOWING = "following", "跟踪处置中"
    CLOSED = "closed", "已化解"


class RiskLevelRule(models.Model):
    level = models.CharField("预警级别", max_length=8, choices=RiskLevel.choices, unique=True)
    ack_hours = models.PositiveSmallIntegerField("上级签收时限（小时）")

    class Meta:
        verbose_name = "预警签收时限"
        ordering = ["ack_hours"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.ack_hours} 小时"


class RiskReport(models.Model):
    """四个第一人: an information officer's early-warning report, followed until it is closed."""

    no = models.CharField("编号", max_length=20, unique=True)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="报告工会", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="用人单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("风险类型", max_length=12, choices=RiskKind.choices)
    level = models.CharField("预警级别", max_length=8, choices=RiskLevel.choices, db_index=True)
    affected_count = models.PositiveIntegerField("涉及人数", default=0)
    amount_fen = models.PositiveBigIntegerField("涉及金额（分）", default=0)
    description = models.TextField("情况")
    status = models.CharField(
        "状态", max_length=12, choices=RiskStatus.choices, default=RiskStatus.REPORTED, db_index=True
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField("报告时间", db_index=True)
    ack_due_at = models.DateTimeField("签收期限")
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = user_link()
    # Set once by the deadline sweep when the acknowledgement window passes unacknowledged.
    ack_overdue_at = models.DateTimeField("签收超时督办时间", null=True, blank=True)
    closed_at = models.DateTimeField("化解时间", null=True, blank=True)
    resolution = models.TextField("处置结果", blank=True)

    class Meta:
        verbose_name = "风险预警"
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return f"{self.no} {self.get_kind_display()}"


class RiskFollowUp(models.Model):
    report = models.ForeignKey(RiskReport, on_delete=models.CASCADE, related_name="follow_ups")
    note = models.TextField("跟踪情况")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.at:%Y-%m-%d}"
