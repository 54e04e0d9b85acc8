"""Skills contests (技能竞赛：岗位练兵、技术比武, PRODUCT.md §3.6): a union's contest of one trade (工种), its
theory (理论) and practice (实操) items with weights summing to 100, its individual entrants, the theory scores
the organizer enters per entrant (an exam's marks) and, through the shared review panel (panels/), the
judges' practice scores.

A contest is organized by one unit (a federation or a grassroots union). Its life is a table of the workflow
kernel (workflow.py) with one history line per step (`ContestEvent`): 筹备中 → 进行中 → 已结束 (the ranking
frozen on the entrants' rows and published, certificates issued), or 已取消 with a reason. Starting the
contest convenes its judging panel (`panel`): the practice items become the panel's criteria and every
entrant one of its subjects (kind "contest_entrant", panel_subject.py), so the own-union rule and dropping
the highest and lowest of five or more scores are the panel's. An entrant is a member of a union in the
organizer's subtree; `number` is the entrant number (参赛编号), the last tie-breaker (ranking.py).
"""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link
from unionhall.workflow.history import HistoryLine


class ContestStatus(models.TextChoices):
    DRAFT = "draft", "筹备中"
    RUNNING = "running", "进行中"
    FINISHED = "finished", "已结束"
    CANCELLED = "cancelled", "已取消"


class SkillsContest(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="主办单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("竞赛名称", max_length=100)
    trade = models.CharField("工种", max_length=50)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("比赛地点", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=ContestStatus.choices, default=ContestStatus.DRAFT)
    # The judging panel, convened when the contest starts (its criteria: the practice items).
    panel = models.OneToOneField(
        "panels.Panel", verbose_name="评审组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    awarded_top = models.PositiveSmallIntegerField("获奖名次（前几名）", default=0)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=500, blank=True)
    created_by = user_link("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "技能竞赛"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["org", "starts_on"], name="contest_org_start")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"技能竞赛 {self.pk}"


class ItemKind(models.TextChoices):
    THEORY = "theory", "理论"
    PRACTICE = "practice", "实操"


class ContestItem(models.Model):
    contest = models.ForeignKey(SkillsContest, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("类别", max_length=10, choices=ItemKind.choices)
    name = models.CharField("项目名称", max_length=50)
    weight = models.PositiveSmallIntegerField("权重（%）")
    max_score = models.PositiveSmallIntegerField("满分", default=100)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "竞赛项目"
        ordering = ["contest_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="contest_item_name_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class Entrant(models.Model):
    """One person competing, for the union of their open membership (in the organizer's subtree). The
    scores are frozen on the row when the contest finishes (`theory`, `practice`, `total`, `rank`)."""

    contest = models.ForeignKey(SkillsContest, on_delete=models.CASCADE, related_name="entrants")
    person = models.ForeignKey("members.Person", verbose_name="选手", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("参赛编号")
    theory = models.DecimalField("理论得分", max_digits=6, decimal_places=2, null=True, blank=True)
    practice = models.DecimalField("实操得分", max_digits=6, decimal_places=2, null=True, blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    awarded = models.BooleanField("获奖", default=False)
    added_by = user_link("登记人")
    added_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "参赛选手"
        ordering = ["contest_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="entrant_number_unique"),
            models.UniqueConstraint(fields=["contest", "person"], name="entrant_person_unique"),
        ]
        indexes = [models.Index(fields=["org"], name="entrant_org")]

    def __str__(self) -> str:
        return f"{self.contest_id}-{self.number:03d}"

    @property
    def label(self) -> str:
        return f"{self.number:03d}号选手"

    def audit_label(self) -> str:
        return f"参赛选手 {self.pk}"


class ItemScore(models.Model):
    """A theory item's score of one entrant, entered by the organizer (the exam's mark)."""

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="item_scores")
    item = models.ForeignKey(ContestItem, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    entered_by = user_link("录入人")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "理论成绩"
        ordering = ["entrant_id", "item_id"]
        constraints = [models.UniqueConstraint(fields=["entrant", "item"], name="item_score_unique")]

    def __str__(self) -> str:
        return f"{self.entrant} {self.item.name} {self.score}"


class ContestEvent(HistoryLine):
    contest = models.ForeignKey(SkillsContest, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField("说明", max_length=500, blank=True)

    class Meta(HistoryLine.Meta):
        verbose_name = "技能竞赛记录"

    def __str__(self) -> str:
        return f"{self.contest_id} {self.step}"
