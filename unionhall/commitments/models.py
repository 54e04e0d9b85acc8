"""Job-commitment cards (工作岗位承诺卡, PRODUCT.md §3.9): the city's template items, a cadre's card per
year with its commitments, and the grassroots unions' ratings of each commitment, one per unit and quarter."""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link
from unionhall.workflow.history import HistoryLine


class Group(models.TextChoices):
    """The two parts of the city's discipline a card's template items come from, and the cadre's own."""

    STYLE = "style", "机关作风“六多六少”"
    DUTY = "duty", "工作责任“六不六要”"
    OWN = "own", "本人承诺"


class TemplateItem(models.Model):
    """One item of the city's template (六多六少, 六不六要), kept and edited by the city: a card copies the
    text when published, so a later edit changes no card already out in public."""

    group = models.CharField("类别", max_length=10, choices=Group.choices)
    text = models.CharField("承诺内容", max_length=200)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return self.text


class CommitmentCard(models.Model):
    """A federation cadre's card for one year, public at `/commitments/card/<token>/` (a random token, so
    cards cannot be enumerated)."""

    cadre = models.ForeignKey(
        "accounts.User", verbose_name="干部", on_delete=models.PROTECT, related_name="commitment_cards"
    )
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    token = models.CharField(max_length=43, unique=True)
    published_at = models.DateTimeField("公开时间", auto_now_add=True)
    published_by = user_link("发布人")

    class Meta:
        ordering = ["-year", "org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="commitment_card_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年岗位承诺卡"

    def audit_label(self) -> str:
        return f"{self.year}年岗位承诺卡#{self.pk}"


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", "推进中"
    FULFILLED = "fulfilled", "已兑现"
    NOT_FULFILLED = "not_fulfilled", "未兑现"


class Commitment(models.Model):
    card = models.ForeignKey(CommitmentCard, on_delete=models.CASCADE, related_name="commitments")
    group = models.CharField("类别", max_length=10, choices=Group.choices)
    text = models.CharField("承诺内容", max_length=200)
    due_on = models.DateField("兑现期限")
    status = models.CharField("状态", max_length=15, choices=Status.choices, default=Status.IN_PROGRESS)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    def audit_label(self) -> str:
        return f"承诺#{self.pk}"


class CommitmentEvent(HistoryLine):
    """A commitment's history: each step of its life (workflow.py) with who, when and why."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20)
    from_status = models.CharField(max_length=15)
    to_status = models.CharField(max_length=15)
    reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.step} {self.from_status}→{self.to_status}"


class Rating(models.Model):
    """A grassroots union's rating of one commitment for one quarter (`period`, 2026Q2): the unique row is
    what refuses a second rating in the same period, also when two are sent at once."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="ratings")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name="评价单位", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("评价周期", max_length=6)
    score = models.PositiveSmallIntegerField("评分")
    comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_at = models.DateTimeField(auto_now_add=True)
    rated_by = user_link("评价人")

    class Meta:
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "unit", "period"], name="commitment_rated_once_a_period"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="commitment_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.score}分"
