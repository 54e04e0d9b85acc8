"""Joint meetings of government and unions (政府与工会联席会议, PRODUCT.md §3.11).

A meeting is hosted by a federation (city, district or town) and attended by the government departments
that sit in its joint meeting (supervision.Department) and by people named in text. Its agenda is read from
the data while it is planned (agenda.py) and frozen into rows when it is held, so the minutes stay true to
what was discussed; items added by hand are rows from the start. Each resolution opens a supervised task
(督办事项) given to its responsible department: progress, closing and overdue are the supervision app's.
"""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link
from unionhall.documents.storedfiles import StoredFile


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"


class Meeting(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", verbose_name="召集单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("会议名称", max_length=100)
    date = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=100, blank=True)
    departments = models.ManyToManyField(
        "supervision.Department", verbose_name="参会成员单位", blank=True, related_name="meetings"
    )
    # One person a line: 姓名 职务 单位 (free text: guests from outside the directory attend too).
    attendees = models.TextField("参会人员", blank=True)
    status = models.CharField("状态", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    minutes = models.TextField("会议纪要", blank=True)
    held_at = models.DateTimeField("召开登记时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=500, blank=True)
    created_by = user_link("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "联席会议"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="meeting_org_date")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"联席会议 {self.pk}"

    def attendee_lines(self) -> list[list[str]]:
        """The attendees as [name, post, department] rows (a line may give fewer parts)."""
        return [
            line.replace("，", " ").replace(",", " ").split() for line in self.attendees.splitlines() if line.strip()
        ]


class ItemKind(models.TextChoices):
    RISK = "risk", "风险预警"
    COVERAGE_GAP = "coverage_gap", "建会空白"
    RESOLUTION = "resolution", "未办结决议"
    MANUAL = "manual", "临时议题"


class AgendaItem(models.Model):
    """One item of a meeting's agenda kept as a row: added by hand, or frozen from the data when held.
    `ref` is the id of what the item points at (a risk report, an employer, a resolution) or, for a village
    without a union, its division code."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("类型", max_length=14, choices=ItemKind.choices)
    ref = models.CharField("对象", max_length=20, blank=True)
    title = models.CharField("议题", max_length=300)
    link = models.CharField("链接", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("序号", default=0)
    added_by = user_link("添加人")

    class Meta:
        verbose_name = "联席会议议题"
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Resolution(models.Model):
    """A decision of the meeting, carried out as a supervised task given to one department."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("决议事项", max_length=200)
    detail = models.TextField("具体要求", blank=True)
    department = models.ForeignKey(
        "supervision.Department", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("办理期限")
    task = models.OneToOneField(
        "supervision.SupervisedTask", verbose_name="督办事项", null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = user_link("登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "联席会议决议"
        ordering = ["meeting_id", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="resolution_number_unique")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"联席会议决议 {self.pk}"

    @property
    def label(self) -> str:
        return f"{self.meeting.title} 决议 {self.number}"


class MinutesFile(StoredFile):
    """The signed minutes or other papers of the meeting, checked like every upload."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    content = models.FileField(upload_to="meetings/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = "会议材料"
