"""Import jobs (one uploaded file on its way from upload to commit) and the column mappings each union
has confirmed, remembered for the next file with the same headers."""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", "待确认列"
    VALIDATING = "validating", "校验中"
    VALIDATED = "validated", "待提交"
    COMMITTING = "committing", "提交中"
    COMMITTED = "committed", "已导入"
    REFUSED = "refused", "未导入（整体导入被拒）"
    FAILED = "failed", "失败"
    DISCARDED = "discarded", "已丢弃"


RUNNING = (JobStatus.VALIDATING, JobStatus.COMMITTING)
QUEUED = "排队等待"  # the phase of a step handed to the background worker and not started yet


class ImportJob(models.Model):
    """One uploaded file. The upload itself is kept under MEDIA_ROOT/imports/ for the job's life, so the
    rows that went in can always be traced back to what was sent.

    Per-row results are kept compactly: counts, a sample of the rows with something to say (ID numbers
    masked) for the preview page, and the row numbers that were not committed. The full list of
    invalid rows with their messages is the error workbook.
    """

    org = models.ForeignKey("orgs.OrgUnit", verbose_name="导入到", on_delete=models.PROTECT, related_name="+")
    # the key of a registered kind (imports/kinds.py); no choices here, so a new kind needs no migration
    kind = models.CharField("类型", max_length=10)
    file = models.FileField("上传文件", upload_to="imports/%Y/%m/", max_length=200)
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    fmt = models.CharField("格式", max_length=8, default="xlsx")
    status = models.CharField(
        "状态", max_length=12, choices=JobStatus.choices, default=JobStatus.UPLOADED, db_index=True
    )
    header_row = models.PositiveIntegerField("表头行（从 0 起）", default=0)
    headers = models.JSONField("表头", default=list)
    # a few values of each column, personal numbers masked, shown while choosing the mapping
    column_samples = models.JSONField("各列示例", default=list)
    # column index (as text) → field key; columns not imported are absent
    mapping = models.JSONField("列映射", default=dict)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    done_rows = models.PositiveIntegerField("已处理行数", default=0)
    phase = models.CharField("进度说明", max_length=40, blank=True)
    counts = models.JSONField("校验结果", default=dict)
    sample = models.JSONField("预览（有问题的行）", default=list)
    elsewhere = models.JSONField("其他工会的会员", default=list)
    transfer_all = models.BooleanField("全部接转到本工会", default=False)
    transfer_rows = models.JSONField("接转的行", default=list)
    all_or_nothing = models.BooleanField("整体导入", default=False)
    outcome = models.JSONField("导入结果", default=dict)
    error_file = models.FileField("错误行工作簿", upload_to="imports/%Y/%m/", max_length=200, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    created_by = user_link()
    committed_by = user_link()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"

    def get_kind_display(self) -> str:
        from unionhall.imports.kinds import label_of

        return label_of(self.kind)

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def waiting_long(self) -> bool:
        """Queued for over a minute: most likely no task worker is running."""
        from datetime import timedelta

        from django.utils import timezone

        return self.phase == QUEUED and timezone.now() - self.updated_at > timedelta(minutes=1)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done_rows / self.total_rows)) if self.total_rows else 0


class ColumnMapping(models.Model):
    """The column mapping a union confirmed for a header row (its signature), per kind of import."""

    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)  # normalized header texts
    fields = models.JSONField(default=list)  # the field key of each header, "" when not imported
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "kind", "signature"], name="column_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"
