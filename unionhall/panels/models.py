"""Review panels (评审组): the one mechanism that scores innovation submissions, competition entries, skills
contestants and, later, honours' nominees (PRODUCT.md §3.5–§3.6).

A `Panel` is convened by a unit for one kind of subject (registered in `subjects.py` by the module whose
records it scores). Its `Criterion` rows weigh 100 together; its `PanelMember`s are the reviewers; each
`PanelSubject` is one record put before it, with the union it belongs to (read from the kind when added, for
the own-union rule and the scope rule) and its result; each `Score` is one reviewer's values for one subject,
one per reviewer (a constraint: two sent at once still give one).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from unionhall.core.models import user_link


def default_drop_from() -> int:
    return int(getattr(settings, "PANEL_DROP_EXTREMES_FROM", 5))


class PanelStatus(models.TextChoices):
    OPEN = "open", "评审中"
    CLOSED = "closed", "已结束"


class Panel(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("评审名称", max_length=100)
    kind = models.CharField("评审对象", max_length=30)
    status = models.CharField("状态", max_length=10, choices=PanelStatus.choices, default=PanelStatus.OPEN)
    # From this many scores on, one highest and one lowest are dropped (0: never).
    drop_extremes_from = models.PositiveSmallIntegerField("去掉最高最低分的评分数", default=default_drop_from)
    created_by = user_link("组织人")
    created_at = models.DateTimeField("组建时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "评审组"
        ordering = ["-id"]
        indexes = [models.Index(fields=["org", "status"], name="panel_org_status")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"评审组 {self.pk}"


class Criterion(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("评分标准", max_length=50)
    weight = models.PositiveSmallIntegerField("权重（%）")
    max_score = models.PositiveSmallIntegerField("满分", default=10)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "评分标准"
        ordering = ["panel_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "name"], name="criterion_name_unique")]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评委", on_delete=models.PROTECT, related_name="+")
    added_by = user_link("添加人")
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "评委"
        ordering = ["panel_id", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_member_unique")]

    def __str__(self) -> str:
        return str(self.user)


class PanelSubject(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="subjects")
    ref = models.PositiveBigIntegerField("对象编号")  # the record's id in its own module
    title = models.CharField("评审对象", max_length=200)
    # The union the record belongs to, read from its kind when it was put before the panel.
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+")
    score_count = models.PositiveSmallIntegerField("评分数", default=0)
    result = models.DecimalField("评审得分", max_digits=6, decimal_places=2, null=True, blank=True)
    added_by = user_link("提交人")
    added_at = models.DateTimeField("提交评审时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审对象"
        ordering = ["panel_id", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "ref"], name="panel_subject_unique")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"评审对象 {self.pk}"


class Score(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="scores")
    subject = models.ForeignKey(PanelSubject, on_delete=models.PROTECT, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评委", on_delete=models.PROTECT, related_name="+"
    )
    # {criterion id (as text): value}
    values = models.JSONField("分项得分")
    total = models.DecimalField("加权得分", max_digits=6, decimal_places=2)
    comment = models.CharField("评语", max_length=300, blank=True)
    scored_at = models.DateTimeField("评分时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分"
        ordering = ["subject_id", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "subject", "reviewer"], name="score_once_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.subject} {self.total}"

    def audit_label(self) -> str:
        return f"评分 {self.pk}"
