"""Team cost management (班组成本管理, PRODUCT.md §3.5): the work teams of a grassroots union, and each team's
cost targets and actual costs per month and cost item.

A `WorkTeam` (班组) belongs to a grassroots union; its leader and members are open members of that union (or
of a branch of it), checked by the services as innovation checks a submission's members. Money is fen. A
period is a month written `YYYY-MM` (periods.py). `CostTarget` and `CostActual` hold at most one amount per
team, period and item; the savings and the saving rate are computed on read (costs.py), never stored.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from unionhall.core.models import user_link


class CostItem(models.TextChoices):
    MATERIALS = "materials", "材料"
    ENERGY = "energy", "能耗"
    REPAIRS = "repairs", "维修"
    TOOLS = "tools", "工器具"
    OTHER = "other", "其他"


ITEMS: tuple[CostItem, ...] = tuple(CostItem)


class WorkTeam(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属基层工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("班组名称", max_length=60)
    leader = models.ForeignKey("members.Person", verbose_name="班组长", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("在册", default=True)
    created_by = user_link("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "班组"
        ordering = ["org__path", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="work_team_name_per_union")]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"班组 {self.name}"


class TeamMember(models.Model):
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("members.Person", verbose_name="成员", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "班组成员"
        ordering = ["team_id", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.person_id}"


class _Amount(models.Model):
    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="+")
    period = models.CharField("期间", max_length=7)  # YYYY-MM
    item = models.CharField("成本项目", max_length=10, choices=CostItem.choices)
    amount_fen = models.BigIntegerField("金额（分）")
    entered_by = user_link("填报人")
    entered_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.team_id} {self.period} {self.item}"


class CostTarget(_Amount):
    class Meta:
        verbose_name = "班组成本目标"
        constraints = [
            models.UniqueConstraint(fields=["team", "period", "item"], name="cost_target_once"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="cost_target_not_negative"),
        ]
        indexes = [models.Index(fields=["period", "team"], name="cost_target_period")]


class CostActual(_Amount):
    class Meta:
        verbose_name = "班组实际成本"
        constraints = [
            models.UniqueConstraint(fields=["team", "period", "item"], name="cost_actual_once"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="cost_actual_not_negative"),
        ]
        indexes = [models.Index(fields=["period", "team"], name="cost_actual_period")]
