"""Who answers for what (PRODUCT.md §3.9): the city's lines of work, a federation cadre's assignments — an
area (包片: a unit and its subtree) or a fixed point (定点: one unit, visited at a frequency), each for some
lines or all of them (管线) — their history, and the visits to fixed points with the problems they raise."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from unionhall.core.models import user_link
from unionhall.orgs.models import OrgUnit


class Line(models.Model):
    """A line of work the city keeps (帮扶, 维权, 组建 …). Its code is what other modules ask by."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


# The codes other modules ask `who_answers` by; the rows themselves are the city's to rename and reorder.
ORGANIZING = "organizing"
ASSISTANCE = "assistance"
RIGHTS = "rights"


class Kind(models.TextChoices):
    AREA = "area", "包片"
    POINT = "point", "定点"


class Frequency(models.TextChoices):
    """How often a fixed point is visited; the value is the months of a period, periods aligned to the year
    (a quarterly point's periods are January–March, April–June …)."""

    MONTHLY = "1", "每月"
    QUARTERLY = "3", "每季度"
    HALF_YEARLY = "6", "每半年"
    YEARLY = "12", "每年"


class Assignment(models.Model):
    """One cadre answering for one unit: an area reaches the unit's subtree, a fixed point the unit alone.

    `lines` empty means every line — a cadre given an area without naming a line answers for all the work
    there, and a line added to the city later is covered without editing every row. The assignment holds
    from `starts_on` to `ends_on` (open when empty); it is ended rather than deleted, so who answered on a
    past day stays known, and every change is a `AssignmentChange` line."""

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="干部", on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField("类型", max_length=5, choices=Kind.choices)
    org = models.ForeignKey(OrgUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="assignments")
    lines = models.ManyToManyField(Line, verbose_name="管线", blank=True, related_name="assignments")
    frequency = models.CharField("走访频次", max_length=2, choices=Frequency.choices, blank=True)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("终止日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = user_link("安排人")

    class Meta:
        ordering = ["org__path", "kind", "starts_on", "id"]
        indexes = [models.Index(fields=["kind", "org"], name="resp_assignment_kind_org")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=Kind.AREA, frequency="") | Q(kind=Kind.POINT) & ~Q(frequency=""),
                name="resp_point_has_frequency",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="resp_assignment_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.org.name}"

    def audit_label(self) -> str:
        return f"{self.get_kind_display()}#{self.pk}"

    @property
    def months(self) -> int:
        return int(self.frequency) if self.frequency else 0


class AssignmentChange(models.Model):
    """One line of an assignment's history: who made, changed or ended it, when, and what changed."""

    class Action(models.TextChoices):
        CREATE = "create", "安排"
        UPDATE = "update", "调整"
        END = "end", "终止"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    changes = models.JSONField("变更", default=dict)
    at = models.DateTimeField(auto_now_add=True)
    by = user_link("操作人")
    by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class Visit(models.Model):
    """A visit to a fixed point: when, who went (the point's cadre and companions named as text), why, and
    what was found; the problems raised are rows of their own."""

    assignment = models.ForeignKey(Assignment, verbose_name="定点", on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("走访日期")
    companions = models.CharField("同行人员", max_length=200, blank=True)
    purpose = models.CharField("走访事由", max_length=200)
    findings = models.TextField("了解情况")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = user_link("记录人")

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["assignment", "visited_on"], name="resp_visit_by_point")]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} 走访"

    def audit_label(self) -> str:
        return f"走访#{self.pk}"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待解决"
    CLOSED = "closed", "已解决"


# The 督办 source kind of a problem handed on as a task. Such a problem is followed there: its page shows the
# task's status, and it can no longer be marked settled by hand (two places to close one thing would disagree).
PROBLEM_SOURCE = "visit_problem"


class VisitProblem(models.Model):
    """A problem a visit raised, one per row, open until someone records how it was settled. Kept apart from
    the visit so that each can be followed (and later handed on as a 督办 task) on its own."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="problems")
    text = models.CharField("问题", max_length=300)
    status = models.CharField("状态", max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    resolution = models.CharField("解决情况", max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = user_link("办结人")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text

    def audit_label(self) -> str:
        return f"走访问题#{self.pk}"


class VisitReminder(models.Model):
    """A reminder sent for one point and one period: the unique row is the claim that makes the sweep tell a
    cadre once per period, however often or concurrently it runs."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()  # the last day of the period the reminder is about
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "due_on"], name="resp_reminder_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


def active_on(day: Any, prefix: str = "") -> Q:
    """Assignments holding on `day` (`prefix` reaches them through a relation)."""
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )
