"""Supervised tasks (督办事项) and the government departments they may be given to (PRODUCT.md §3.9, §3.11).

A task is one shared mechanism: whatever makes one — an organizing task, a problem found on a visit, a joint
meeting's resolution, a manual entry, later an assessment's rectification — names itself as the task's
`source` (a registered kind code, the id of its own row and a label), so each module finds its tasks again by
one indexed lookup without the tasks knowing the module. A task concerns one unit (`org`, which decides who
sees it), is answered for by a cadre or by a department, and has a due date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from unionhall.core.models import user_link
from unionhall.core.pii import mask_phone
from unionhall.documents.storedfiles import StoredFile
from unionhall.workflow.history import HistoryLine


class Department(models.Model):
    """A government department that sits in the joint meeting (联席会议成员单位) at one level of government,
    named by the federation of that level (`org`: the city's 人社局 under the city federation)."""

    org = models.ForeignKey("orgs.OrgUnit", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("单位全称", max_length=100)
    short_name = models.CharField("简称", max_length=20)
    active = models.BooleanField("成员单位", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "联席会议成员单位"
        ordering = ["org__path", "short_name", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "short_name"], name="department_short_name_unique")]

    def __str__(self) -> str:
        return self.short_name

    def audit_label(self) -> str:
        return f"{self.short_name}（{self.name}）"


class Liaison(models.Model):
    """A department's liaison contact; with `user`, also the login through which the department sees and
    answers its own tasks (the user holds Role.DEPARTMENT_LIAISON at the department's federation)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="liaisons")
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="liaison"
    )
    active = models.BooleanField("在任", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "成员单位联络人"
        ordering = ["department_id", "id"]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"{self.department.short_name}联络人"

    @property
    def phone_masked(self) -> str:
        """As every list shows a phone (core/pii.py): the first three and last four digits."""
        return mask_phone(self.phone) if self.phone else ""


class TaskStatus(models.TextChoices):
    OPEN = "open", "待办理"
    IN_PROGRESS = "in_progress", "办理中"
    DONE = "done", "已办结"
    CANCELLED = "cancelled", "已撤销"


class SupervisedTask(models.Model):
    """督办事项: what must be done about a unit, by whom, by when."""

    title = models.CharField("事项", max_length=200)
    detail = models.TextField("具体要求", blank=True)
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="涉及单位", on_delete=models.PROTECT, related_name="+")
    # What made the task (sources.py): a registered kind, the id of its row in its own module, its label.
    source_kind = models.CharField("来源", max_length=30)
    source_id = models.BigIntegerField(null=True, blank=True)
    source_label = models.CharField("来源说明", max_length=200, blank=True)
    # Who answers for it: a cadre or a department, never both (a check constraint).
    responsible_user = user_link("责任人", related_name="supervised_tasks")
    department = models.ForeignKey(
        Department, verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    starts_on = models.DateField("交办日期")
    due_on = models.DateField("办理期限")
    due_workdays = models.PositiveSmallIntegerField("期限（工作日）", null=True, blank=True)
    remind_on = models.DateField("提醒日期")
    status = models.CharField("状态", max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    # The sweep's marks (sweep.py): each set once, by the run whose conditional UPDATE claimed it.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    opened_by = user_link("交办人")
    opened_at = models.DateTimeField("交办时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = user_link("办结人")
    evidence = models.TextField("办结情况", blank=True)

    class Meta:
        verbose_name = "督办事项"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["source_kind", "source_id"], name="task_source"),
            models.Index(fields=["status", "due_on"], name="task_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False, department__isnull=True)
                | Q(responsible_user__isnull=True, department__isnull=False),
                name="task_one_responsible",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("starts_on")), name="task_due_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"督办事项 {self.pk}"


class TaskEvent(HistoryLine):
    """A task's history: each step — opening, every progress note, closing with its evidence, cancelling,
    reopening — with who, when and the text written."""

    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    text = models.TextField(blank=True)

    class Meta(HistoryLine.Meta):
        verbose_name = "督办记录"


class TaskFile(StoredFile):
    """A file attached to a progress note or to the closing (evidence), checked like every upload."""

    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(TaskEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="files")
    content = models.FileField(upload_to="supervision/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = "督办材料"
