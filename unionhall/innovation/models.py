"""Worker innovation (职工经济技术创新, PRODUCT.md §3.5): the 五个一 and 五小 submissions, their life from
filing to reward, the patents recorded against them or a person, and the near-duplicate index.

A `Submission` belongs to a grassroots union, is made by one member or a team of its members
(`SubmissionMember`, one of them the lead), and lives on the workflow kernel (workflow.py): submitted →
under_review (before a review panel, `panels`) → adopted / not_adopted → implemented → benefit_verified
(创效 in fen per year, with the evidence: `BenefitEvidence`) → rewarded. Its history is `SubmissionEvent`.
When filed, the most similar earlier submissions of the city are found (similarity.py) and kept as
`SimilarSubmission` rows with their score; above the threshold the submission is flagged.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from unionhall.core.models import user_link
from unionhall.documents.storedfiles import StoredFile
from unionhall.workflow.history import HistoryLine


class Kind(models.TextChoices):
    # 五个一
    RATIONALIZATION = "rationalization", "合理化建议"
    BREAKTHROUGH = "breakthrough", "技术攻关"
    INNOVATION = "innovation", "技术革新"
    NEW_PRODUCT = "new_product", "新产品开发"
    OPERATING_METHOD = "operating_method", "先进操作法"
    # 五小
    SMALL_INVENTION = "small_invention", "小发明"
    SMALL_CREATION = "small_creation", "小创造"
    SMALL_INNOVATION = "small_innovation", "小革新"
    SMALL_DESIGN = "small_design", "小设计"
    SMALL_SUGGESTION = "small_suggestion", "小建议"


FIVE_ONES = (Kind.RATIONALIZATION, Kind.BREAKTHROUGH, Kind.INNOVATION, Kind.NEW_PRODUCT, Kind.OPERATING_METHOD)


class Status(models.TextChoices):
    SUBMITTED = "submitted", "已申报"
    FORWARDED = "forwarded", "已推荐"
    UNDER_REVIEW = "under_review", "评审中"
    ADOPTED = "adopted", "已采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    IMPLEMENTED = "implemented", "已实施"
    BENEFIT_VERIFIED = "benefit_verified", "创效已核定"
    REWARDED = "rewarded", "已奖励"


class Grade(models.TextChoices):
    """The grade of an adopted submission (奖励等级), from its panel result by the city's thresholds
    (InnovationSettings), fixed when it is adopted."""

    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    MERIT = "merit", "优秀奖"


class Channel(models.TextChoices):
    UNION = "union", "工会代报"
    PORTAL = "portal", "职工端"
    API = "api", "接口"


class Submission(models.Model):
    no = models.CharField("编号", max_length=20, unique=True)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    content = models.TextField("主要内容")
    expected_benefit_fen = models.BigIntegerField("预计年创效（分）", null=True, blank=True)
    verified_benefit_fen = models.BigIntegerField("核定年创效（分）", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # Fixed by the adopt step from the panel's result and the city's thresholds (blank: no grade reached).
    grade = models.CharField("奖励等级", max_length=10, choices=Grade.choices, blank=True)
    panel = models.ForeignKey(
        "panels.Panel", verbose_name="评审组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("来源", max_length=10, choices=Channel.choices, default=Channel.UNION)
    # The best similarity score among earlier submissions when filed, and whether it passed the threshold.
    similarity = models.DecimalField("最高相似度", max_digits=4, decimal_places=3, default=0)
    flagged = models.BooleanField("疑似重复", default=False)
    filed_by = user_link("填报人")
    filed_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新成果申报"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org", "status"], name="submission_org_status"),
            models.Index(fields=["kind", "status"], name="submission_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.title}"

    def audit_label(self) -> str:
        return f"创新成果 {self.no}"

    @property
    def is_team(self) -> bool:
        return self.members.count() > 1


class SubmissionMember(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("members.Person", verbose_name="成员", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField("负责人", default=False)

    class Meta:
        verbose_name = "申报成员"
        ordering = ["submission_id", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "person"], name="submission_member_unique"),
            models.UniqueConstraint(
                fields=["submission"], condition=models.Q(is_lead=True), name="submission_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.person_id}"


class SubmissionEvent(HistoryLine):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.CharField("说明", max_length=300, blank=True)

    class Meta(HistoryLine.Meta):
        verbose_name = "创新成果办理记录"


class BenefitEvidence(StoredFile):
    """The evidence of a verified benefit (财务核算表, 用户证明), checked like every upload."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    content = models.FileField(upload_to="innovation/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = "创效证明材料"


class SimilarSubmission(models.Model):
    """An earlier submission found similar when this one was filed, with its score (0–1)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="similar")
    other = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField("相似度", max_digits=4, decimal_places=3)

    class Meta:
        verbose_name = "相似申报"
        ordering = ["submission_id", "-score", "other_id"]
        constraints = [models.UniqueConstraint(fields=["submission", "other"], name="similar_pair_unique")]

    def __str__(self) -> str:
        return f"{self.submission_id}~{self.other_id} {self.score}"


class SketchToken(models.Model):
    """The near-duplicate index: each submission's MinHash bottom-k sketch of its character bigrams, one row a
    hash (similarity.py). Finding candidates is one indexed `token IN (…)` grouped by submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+", db_index=False)
    token = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["token", "submission"], name="sketch_token_idx")]
        constraints = [models.UniqueConstraint(fields=["submission", "token"], name="sketch_token_unique")]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.token}"


class PatentKind(models.TextChoices):
    INVENTION = "invention", "发明专利"
    UTILITY = "utility", "实用新型"
    DESIGN = "design", "外观设计"


class Patent(models.Model):
    """A patent recorded against a submission or a person (one of the two at least), at a union."""

    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("专利类型", max_length=10, choices=PatentKind.choices)
    number = models.CharField("专利号", max_length=30, unique=True)
    title = models.CharField("专利名称", max_length=100)
    filed_on = models.DateField("申请日")
    granted_on = models.DateField("授权日", null=True, blank=True)
    holders = models.CharField("专利权人", max_length=200)
    submission = models.ForeignKey(
        Submission, verbose_name="创新成果", null=True, blank=True, on_delete=models.PROTECT, related_name="patents"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name="发明人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = user_link("登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "专利"
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def audit_label(self) -> str:
        return f"专利 {self.number}"


# --- rewards (奖励, issue 17 §4) ---------------------------------------------------------------------


class RewardBasis(models.TextChoices):
    BENEFIT = "benefit", "按核定年创效"
    GRADE = "grade", "按奖励等级"


class RewardRule(models.Model):
    """One line of the city's 奖励办法 as data, of one of two bases:

    - `benefit`: a tier: a submission whose verified benefit a year (in fen) lies in [from, to) gets
      `amount_fen`;
    - `grade`: a submission of that grade (一等奖 … 优秀奖) gets `amount_fen`.

    `kind` blank: the line holds for every kind; a line of the submission's own kind is preferred over one for
    all kinds. When both bases give an amount, the reward is the larger (reward_services.rule_for). Edited by
    the city admin (reward_services.reward_rule_save, audited: the audit trail is its history); inactive lines
    are kept, never deleted."""

    basis = models.CharField("奖励依据", max_length=10, choices=RewardBasis.choices, default=RewardBasis.BENEFIT)
    kind = models.CharField("适用类别", max_length=20, choices=Kind.choices, blank=True)
    grade = models.CharField("奖励等级", max_length=10, choices=Grade.choices, blank=True)
    from_fen = models.BigIntegerField("年创效下限（分，含）", null=True, blank=True)
    to_fen = models.BigIntegerField("年创效上限（分，不含）", null=True, blank=True)
    amount_fen = models.PositiveBigIntegerField("奖励金额（分）")
    active = models.BooleanField("启用", default=True)
    updated_by = user_link("修改人")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "奖励标准"
        ordering = ["basis", "kind", "grade", "from_fen", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(from_fen__gte=0), name="reward_rule_from_not_negative"),
            models.CheckConstraint(
                condition=models.Q(to_fen__isnull=True) | models.Q(to_fen__gt=models.F("from_fen")),
                name="reward_rule_to_above_from",
            ),
            # A tier has its lower bound and no grade; a grade line has a grade and no bounds.
            models.CheckConstraint(
                condition=(
                    models.Q(basis="benefit", from_fen__isnull=False, grade="")
                    | models.Q(basis="grade", from_fen__isnull=True, to_fen__isnull=True) & ~models.Q(grade="")
                ),
                name="reward_rule_basis_fields",
            ),
            models.UniqueConstraint(
                fields=["kind", "grade"],
                condition=models.Q(basis="grade", active=True),
                name="reward_rule_one_active_per_grade",
            ),
        ]

    def __str__(self) -> str:
        scope = self.get_kind_display() or "各类"
        if self.basis == RewardBasis.GRADE:
            return f"{scope} {self.get_grade_display()}：{self.amount_fen // 100} 元"
        low = (self.from_fen or 0) // 100
        upper = f"{self.to_fen // 100} 元" if self.to_fen is not None else "以上"
        return f"{scope} {low} 元—{upper}：{self.amount_fen // 100} 元"

    def audit_label(self) -> str:
        return f"奖励标准 {self}"


class InnovationSettings(models.Model):
    """The city's settings of innovation rewards: one row."""

    dual_approval_fen = models.PositiveBigIntegerField("需两人审批的奖励金额起点（分）", default=10_000_00)
    fund_code = models.CharField("奖励资金编码", max_length=30, default="innovation")
    # The lowest panel result (out of 100) of each grade; an adopted submission takes the highest it reaches.
    grade_first_min = models.DecimalField("一等奖最低评审得分", max_digits=5, decimal_places=2, default=90)
    grade_second_min = models.DecimalField("二等奖最低评审得分", max_digits=5, decimal_places=2, default=80)
    grade_third_min = models.DecimalField("三等奖最低评审得分", max_digits=5, decimal_places=2, default=70)
    grade_merit_min = models.DecimalField("优秀奖最低评审得分", max_digits=5, decimal_places=2, default=60)
    updated_by = user_link("修改人")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "职工创新奖励设置"

    def __str__(self) -> str:
        return "职工创新奖励设置"

    def audit_label(self) -> str:
        return "职工创新奖励设置"

    @classmethod
    def current(cls) -> InnovationSettings:
        row = cls.objects.order_by("pk").first()
        return row if row is not None else cls.objects.create()

    def thresholds(self) -> list[tuple[str, Decimal]]:
        """(grade, lowest result), best grade first."""
        return [
            (Grade.FIRST, self.grade_first_min),
            (Grade.SECOND, self.grade_second_min),
            (Grade.THIRD, self.grade_third_min),
            (Grade.MERIT, self.grade_merit_min),
        ]

    def grade_for(self, result: Decimal | None) -> str:
        """The grade a panel result reaches ("" below every threshold or without a result)."""
        if result is None:
            return ""
        return next((grade for grade, low in self.thresholds() if result >= low), "")


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", "待审批"
    PARTLY_APPROVED = "partly", "待二次审批"
    APPROVED = "approved", "已批准待支付"
    PAID = "paid", "已支付"
    CANCELLED = "cancelled", "已撤销"


class Reward(models.Model):
    """The reward of one submission, its amount from the city's rules (its verified benefit's tier or its
    grade's line, the larger), spent from a budget of the innovation fund on the union's chain through
    funds/spending.py. One live (not cancelled) reward per submission at most (a conditional constraint): a
    cancelled reward stays as it was, and a fresh one may be proposed."""

    no = models.CharField("编号", max_length=20, unique=True)
    submission = models.ForeignKey(
        Submission, verbose_name="创新成果", on_delete=models.PROTECT, related_name="rewards"
    )
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey("funds.Budget", verbose_name="预算", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        RewardRule, verbose_name="奖励标准", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    benefit_fen = models.BigIntegerField("核定年创效（分）")
    grade = models.CharField("奖励等级", max_length=10, choices=Grade.choices, blank=True)
    amount_fen = models.PositiveBigIntegerField("奖励金额（分）")
    payee = models.ForeignKey("members.Person", verbose_name="领奖人", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=10, choices=RewardStatus.choices, default=RewardStatus.PROPOSED, db_index=True
    )
    needs_two_approvals = models.BooleanField("需两人审批", default=False)
    proposed_by = user_link("提出人")
    proposed_at = models.DateTimeField("提出时间", auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approve_journal = models.OneToOneField(
        "funds.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField("支付日期", null=True, blank=True)
    bank_ref = models.CharField("银行流水号", max_length=60, blank=True)
    pay_journal = models.OneToOneField(
        "funds.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField("撤销理由", max_length=300, blank=True)
    cancel_journal = models.OneToOneField(
        "funds.Journal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "创新成果奖励"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org", "status"], name="reward_org_status"),
            models.Index(fields=["payee", "status"], name="reward_payee_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=~models.Q(status="cancelled"),
                name="reward_one_live_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.amount_fen / 100:.2f} 元"

    def audit_label(self) -> str:
        return f"创新奖励 {self.no}"


class RewardApproval(models.Model):
    reward = models.ForeignKey(Reward, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["reward", "approver"], name="reward_approval_by_different_people")
        ]

    def __str__(self) -> str:
        return f"{self.reward_id} ← {self.approver_id}"


# --- innovation studios (劳模和工匠人才创新工作室, issue 17 §5) -------------------------------------------


class StudioLevel(models.TextChoices):
    CITY = "city", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "全国"


class StudioStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    REVOKED = "revoked", "已撤销"


class StudioRating(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Studio(models.Model):
    """A 劳模和工匠人才创新工作室 at a union: named at a level, led by a person (usually a model worker: there is
    no model-worker register yet, so the lead's honour is free text), with members of the union's subtree, the
    submissions and patents it produced linked (`StudioSubmission`, `StudioPatent`), and a yearly review by the
    federation above its union (`StudioReview`). Revoked and restored through its kernel table
    (studio_workflow.py); `flagged` says the reviews hold two 不合格 years in a row."""

    name = models.CharField("工作室名称", max_length=100)
    level = models.CharField("级别", max_length=12, choices=StudioLevel.choices)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey("members.Person", verbose_name="领办人", on_delete=models.PROTECT, related_name="+")
    lead_title = models.CharField("领办人荣誉", max_length=100, blank=True)
    founded_on = models.DateField("命名日期")
    status = models.CharField("状态", max_length=10, choices=StudioStatus.choices, default=StudioStatus.ACTIVE)
    flagged = models.BooleanField("连续两年不合格", default=False)
    created_by = user_link("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室"
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "status"], name="studio_org_status")]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="studio_name_per_union")]

    def __str__(self) -> str:
        return self.name

    def masked_name(self, name: str | None = None) -> str:
        """The name as the audit trail keeps it: a studio is usually named after its lead (张建国劳模创新工作室),
        whose name is masked in it as everywhere in the trail (张**劳模创新工作室)."""
        from unionhall.core.pii import mask_name

        text = self.name if name is None else name
        lead = self.lead.name if self.lead_id else ""
        return text.replace(lead, mask_name(lead)) if len(lead) > 1 else text

    def audit_label(self) -> str:
        return f"创新工作室 {self.masked_name()}"


class StudioMember(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("members.Person", verbose_name="成员", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "工作室成员"
        ordering = ["studio_id", "id"]
        constraints = [models.UniqueConstraint(fields=["studio", "person"], name="studio_member_unique")]

    def __str__(self) -> str:
        return f"{self.studio_id}:{self.person_id}"


class StudioSubmission(models.Model):
    """A submission the studio produced (one of its members is among the submission's)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="submission_links")
    submission = models.ForeignKey(Submission, verbose_name="创新成果", on_delete=models.PROTECT, related_name="+")
    linked_by = user_link("关联人")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作室创新成果"
        ordering = ["studio_id", "id"]
        constraints = [models.UniqueConstraint(fields=["studio", "submission"], name="studio_submission_unique")]

    def __str__(self) -> str:
        return f"{self.studio_id}:{self.submission_id}"


class StudioPatent(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="patent_links")
    patent = models.ForeignKey(Patent, verbose_name="专利", on_delete=models.PROTECT, related_name="+")
    linked_by = user_link("关联人")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作室专利"
        ordering = ["studio_id", "id"]
        constraints = [models.UniqueConstraint(fields=["studio", "patent"], name="studio_patent_unique")]

    def __str__(self) -> str:
        return f"{self.studio_id}:{self.patent_id}"


class StudioReview(models.Model):
    """The 年度考评 of a studio for one year, recorded by the federation above its union: one a year."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField("考评年度")
    rating = models.CharField("考评结果", max_length=10, choices=StudioRating.choices)
    comment = models.TextField("考评意见")
    reviewer_org = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="考评单位", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = user_link("考评人")
    recorded_at = models.DateTimeField("考评时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室年度考评"
        ordering = ["studio_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="studio_review_once_a_year")]

    def __str__(self) -> str:
        return f"{self.studio_id} {self.year} {self.rating}"

    def audit_label(self) -> str:
        return f"创新工作室年度考评 {self.year}"


class StudioReviewEvidence(StoredFile):
    review = models.ForeignKey(StudioReview, on_delete=models.CASCADE, related_name="evidence")
    content = models.FileField(upload_to="innovation/studios/%Y/")

    class Meta(StoredFile.Meta):
        verbose_name = "考评材料"


class StudioEvent(HistoryLine):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField("说明", max_length=300, blank=True)

    class Meta(HistoryLine.Meta):
        verbose_name = "创新工作室办理记录"
