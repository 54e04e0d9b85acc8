"""Coverage (PRODUCT.md §3.2): the city's coverage settings and the organizing tasks (建会任务) made from gaps."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from unionhall.core import versions
from unionhall.core.models import user_link

# The defaults, written out so a fresh installation measures by the usual rules (see docs/architecture.md).
DEFAULT_SIZE_THRESHOLD = 25  # 建会率 counts employers with at least this many employees (PRODUCT §3.2)
DEFAULT_SYNC_SINCE = date(2024, 1, 1)  # 三同步 applies to employers registered on or after this day
DEFAULT_SYNC_FOUND_DAYS = 180  # 同步建会: a union founded within this many days of registration
DEFAULT_SYNC_JOIN_RATE = Decimal("0.80")  # 同步入会: at least this share of the employees are members


def _target(rate: str) -> models.DecimalField:
    """A city target for a rate (0.01–1.00), empty until the city enters one."""
    return models.DecimalField(
        f"{rate}目标",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=f"全市{rate}目标（0.01–1.00）；留空则不显示目标线。",
    )


class CoverageSettings(models.Model):
    """The city's rules for measuring coverage: one row, created with the defaults on first use."""

    size_threshold = models.PositiveIntegerField(
        "建会统计规模（职工人数≥）",
        default=DEFAULT_SIZE_THRESHOLD,
        validators=[MinValueValidator(1)],
        help_text="职工人数达到此数的用人单位计入建会率，并纳入三同步与建会任务。",
    )
    sync_since = models.DateField(
        "三同步起算日期", default=DEFAULT_SYNC_SINCE, help_text="在此日期及以后登记成立的用人单位纳入三同步检查。"
    )
    sync_found_days = models.PositiveIntegerField(
        "同步建会期限（天）",
        default=DEFAULT_SYNC_FOUND_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="登记成立后多少天内应建立工会。",
    )
    sync_join_rate = models.DecimalField(
        "同步入会比例",
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_SYNC_JOIN_RATE,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text="已建会单位的会员数低于职工人数的这一比例，视为未同步入会（0.01–1.00）。",
    )
    # The city's targets, drawn as a line on the dashboard's chart. PRODUCT.md names no figure, so none
    # is set until the city enters its own: an empty target draws no line.
    unionization_target = _target("建会率")
    membership_target = _target("入会率")
    updated_by = user_link()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "覆盖统计设置"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="coverage_settings_single_row")]

    def __str__(self) -> str:
        return "覆盖统计设置"

    @classmethod
    def current(cls) -> CoverageSettings:
        # Read by every coverage page: kept until the settings change (core/versions.py); a copy each time,
        # since the settings page changes what it is given.
        return copy.copy(versions.cached("coverage_settings", ("coverage_settings",), None, cls._read))

    @classmethod
    def _read(cls) -> CoverageSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class TaskKind(models.TextChoices):
    EMPLOYER = "employer", "用人单位建会"
    VILLAGE = "village", "行政村建会"
    COMMUNITY = "community", "社区建会"


class TaskStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已建会结项"


class OrganizingTask(models.Model):
    """建会任务: one coverage gap (an employer or a village/community without a union) and who answers for it.

    A task closes only when the new union exists in the tree (services.organizing_task_close checks it).
    """

    kind = models.CharField("类型", max_length=10, choices=TaskKind.choices)
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="用人单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "orgs.Division", verbose_name="村（社区）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The federation unit answerable for the gap: the employer's territory unit, or the deepest territorial
    # federation whose division covers the village. Scope follows it.
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    assignee = user_link("责任干部", related_name="organizing_tasks")
    status = models.CharField("状态", max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by_name = models.CharField("生成人", max_length=150, blank=True)
    closed_at = models.DateTimeField("结项时间", null=True, blank=True)
    closed_by = user_link("结项人")
    closing_union = models.ForeignKey(
        "orgs.OrgUnit", verbose_name="新建工会", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "org"])]
        constraints = [
            # One target per task, matching its kind.
            models.CheckConstraint(
                condition=(models.Q(kind="employer", employer__isnull=False, division__isnull=True))
                | (models.Q(kind__in=["village", "community"], employer__isnull=True, division__isnull=False)),
                name="organizing_task_one_target",
            ),
            # Generating again never duplicates an open task for the same gap.
            models.UniqueConstraint(
                fields=["employer"], condition=models.Q(status="open"), name="organizing_task_open_employer"
            ),
            models.UniqueConstraint(
                fields=["division"], condition=models.Q(status="open"), name="organizing_task_open_division"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.target_name}"

    @property
    def target_name(self) -> str:
        if self.employer_id is not None and self.employer is not None:
            return self.employer.name
        if self.division_id is not None and self.division is not None:
            return self.division.name
        return ""


class CoverageSnapshot(models.Model):
    """One unit's coverage figures at the end of a year, kept because rates are computed from today's records
    and so cannot be computed for a past year. The dashboard sets the previous year's rates beside this year's.

    `figures` holds the unit's rolled-up counts (selectors.Counts by field name), from which the rates follow.
    Taken again for the same year, a year's rows are replaced (services.coverage_snapshot_take).
    """

    # A derived record: it goes with its unit rather than holding the unit back from deletion.
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="组织", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    taken_on = models.DateField("快照日期")
    figures = models.JSONField("覆盖数据", default=dict)

    class Meta:
        verbose_name = "覆盖年度快照"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="coverage_snapshot_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year} 年覆盖快照"
