"""The stored file: one uploaded file kept for a record (an archive's proof, a rights case's attachment).

A module's own model inherits `StoredFile`, adds its foreign key (and anything of its own), and may redeclare
`content` to choose its folder under MEDIA_ROOT; uploads go through `documents.uploads.store`, downloads
through `documents.uploads.open_stored` and `download_response`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    name = models.CharField("文件名", max_length=120)  # as uploaded, for display and the download's name
    content = models.FileField(upload_to="files/%Y/%m/")  # stored under a random name (uploads.check)
    content_type = models.CharField(max_length=60)  # sniffed from the bytes, never taken from the name
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
