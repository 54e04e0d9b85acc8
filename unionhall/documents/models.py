"""The register of issued documents: every printed PDF that carries a serial and a verification QR code."""

from __future__ import annotations

from django.db import models

from unionhall.core.models import user_link


class IssuedDocument(models.Model):
    """One printout as it left the platform. The public check page (`documents:verify`) finds it by `token`,
    a random string nobody can guess or count through, and tells what it is, its serial, the issuing union
    and the date — never whom it is about."""

    serial = models.CharField("文件编号", max_length=32, unique=True)
    kind = models.CharField("文件类型", max_length=40)  # e.g. "reports.approval": which printout
    title = models.CharField("文件名称", max_length=120)  # generic, without personal data
    org = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="出具单位"
    )
    issued_by = user_link()
    issued_at = models.DateTimeField("出具时间", auto_now_add=True)
    token = models.CharField(max_length=43, unique=True)
    sha256 = models.CharField("内容摘要", max_length=64, blank=True)  # of the PDF as delivered

    class Meta:
        verbose_name = "出具文件"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.title} {self.serial}"
