"""Labour competitions (劳动竞赛, PRODUCT.md §3.6): who organizes them, their indicators, stages and
participants, the results participants report per stage, and the standings kept from the verified results.

A competition is organized by one unit (a federation or a grassroots union), seen by the co-organizers and the
participants too (selectors.py). Its indicators carry a weight (the weights sum to 100), a target, a unit, a
direction and a scoring method (scoring.py). A participant's union reports one value per indicator and stage
(`Result`, its life on the workflow kernel: entered → verified, or returned with a reason and entered again);
only verified values count. `Standing` rows are the ranking as last computed (ranking.py), rewritten inside
the verify step, so the ranking page reads rows; when the competition finishes they are frozen and the
commended ones marked, which the honours module reads.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from unionhall.core.models import user_link


class Kind(models.TextChoices):
    KEY_PROJECT = "key_project", "重点工程/重大项目"
    FIVE = "five", "五比"
    SIX_ONE = "six_one", "六比一创"
    WINDOW = "window", "窗口服务"
    ENERGY = "energy", "节能减排"
    SAFETY = "safety", "安全生产"
    OTHER = "other", "其他"


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", "筹备中"
    RUNNING = "running", "进行中"
    FINISHED = "finished", "已结束"
    CANCELLED = "cancelled", "已取消"


class Competition(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="主办单位", on_delete=models.PROTECT, related_name="+")
    co_organizers = models.ManyToManyField("orgs.OrgUnit", verbose_name="协办单位", blank=True, related_name="+")
    kind = models.CharField("竞赛类型", max_length=12, choices=Kind.choices, default=Kind.KEY_PROJECT)
    title = models.CharField("竞赛名称", max_length=100)
    description = models.TextField("竞赛内容", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField("状态", max_length=10, choices=CompetitionStatus.choices, default=CompetitionStatus.DRAFT)
    commendation = models.TextField("表彰决定", blank=True)
    commended_top = models.PositiveSmallIntegerField("表彰名次（前几名）", default=0)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=500, blank=True)
    created_by = user_link("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "劳动竞赛"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "starts_on"], name="competition_org_start")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"劳动竞赛 {self.pk}"


class Stage(models.Model):
    """A period of the competition (季度、阶段) for which participants report their results."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("阶段名称", max_length=50)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = "竞赛阶段"
        ordering = ["competition_id", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="stage_number_unique")]

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Method(models.TextChoices):
    RATIO = "ratio", "完成率计分（封顶）"
    RANK = "rank", "名次计分"
    THRESHOLD = "threshold", "达标计分"


class Indicator(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("指标代码", max_length=20)
    name = models.CharField("指标名称", max_length=50)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2)
    target = models.DecimalField("目标值", max_digits=16, decimal_places=4)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    direction = models.CharField("方向", max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    method = models.CharField("计分方法", max_length=10, choices=Method.choices, default=Method.RATIO)
    cap_percent = models.PositiveSmallIntegerField("完成率封顶（%）", default=120)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "竞赛指标"
        ordering = ["competition_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Participant(models.Model):
    """A unit taking part (a team name when a work team of the unit competes)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="participants")
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="参赛单位", on_delete=models.PROTECT, related_name="+")
    team = models.CharField("班组（可不填）", max_length=50, blank=True)
    added_by = user_link("登记人")

    class Meta:
        verbose_name = "参赛单位"
        ordering = ["competition_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "org", "team"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.org.name} {self.team}" if self.team else self.org.name


class ResultStatus(models.TextChoices):
    ENTERED = "entered", "待核定"
    VERIFIED = "verified", "已核定"
    RETURNED = "returned", "已退回"


class Result(models.Model):
    """One participant's value of one indicator for one stage (cumulative to the stage's end)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="results")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    stage = models.ForeignKey(Stage, verbose_name="阶段", on_delete=models.CASCADE, related_name="results")
    value = models.DecimalField("数值", max_digits=16, decimal_places=4)
    status = models.CharField("状态", max_length=10, choices=ResultStatus.choices, default=ResultStatus.ENTERED)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    entered_by = user_link("填报人")
    entered_at = models.DateTimeField("填报时间", auto_now_add=True)
    verified_by = user_link("核定人")
    verified_at = models.DateTimeField("核定时间", null=True, blank=True)

    class Meta:
        verbose_name = "竞赛成绩"
        ordering = ["competition_id", "stage_id", "participant_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "indicator", "stage"], name="result_unique"),
        ]
        indexes = [models.Index(fields=["competition", "status"], name="result_competition_status")]

    def __str__(self) -> str:
        return f"{self.participant} {self.indicator.code} {self.value}"

    def audit_label(self) -> str:
        return f"竞赛成绩 {self.pk}"


class Standing(models.Model):
    """One participant's place in the ranking of the whole competition (`stage` empty) or of one stage, as last
    recomputed from the verified results (ranking.py); `points` holds each indicator's points."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="standings")
    stage = models.ForeignKey(Stage, null=True, blank=True, on_delete=models.CASCADE, related_name="standings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="standings")
    score = models.DecimalField("得分", max_digits=10, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    points = models.JSONField("各指标得分", default=dict)
    commended = models.BooleanField("受表彰", default=False)

    class Meta:
        verbose_name = "竞赛排名"
        ordering = ["competition_id", "stage_id", "rank", "participant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "participant"], condition=Q(stage=None), name="standing_overall_unique"
            ),
            models.UniqueConstraint(
                fields=["stage", "participant"], condition=Q(stage__isnull=False), name="standing_stage_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} #{self.rank}"
