"""How long the city keeps each kind of record (PRODUCT.md §4); `retention.py` says what each kind is."""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link


class RetentionPolicy(models.Model):
    """One row per kind of record: records older than `days` (counted from the kind's own date) are purged
    by `manage.py purge_expired`. A kind without a row keeps its default from `retention.KINDS`."""

    kind = models.CharField("记录类型", max_length=40, unique=True)
    days = models.PositiveIntegerField("保存天数")
    updated_by = user_link()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "保存期限"
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days} 天"
