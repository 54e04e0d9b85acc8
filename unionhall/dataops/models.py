"""How long the city keeps each kind of record (PRODUCT.md §4); `retention.py` says what each kind is."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RetentionPolicy(models.Model):
    """One row per kind of record: records older than `days` (counted from the kind's own date) are purged
    by `manage.py purge_expired`. A kind without a row keeps its default from `retention.KINDS`."""

    kind = models.CharField("记录类型", max_length=40, unique=True)
    days = models.PositiveIntegerField("保存天数")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "保存期限"
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days} 天"
