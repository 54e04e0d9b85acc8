"""The objection raised against someone in public notice (公示异议), as an abstract model: each module keeps its
own table with a foreign key to what is in notice (assistance.NoticeObjection → HardshipFile)."""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link


class Objection(models.Model):
    """An objection raised during a public notice; an open one keeps approval closed until it is resolved,
    an upheld one means the subject is then refused."""

    received_on = models.DateField("收到日期")
    content = models.TextField("异议内容")
    resolution = models.TextField("处理结果", blank=True)
    upheld = models.BooleanField("异议成立", null=True, blank=True)
    resolved_on = models.DateField("处理日期", null=True, blank=True)
    recorded_by = user_link()

    class Meta:
        abstract = True
        verbose_name = "公示异议"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"异议 {self.received_on}"
