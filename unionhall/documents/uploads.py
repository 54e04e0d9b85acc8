"""The upload store: only PDF, JPEG and PNG, recognised by their first bytes as well as their name, at most
MAX_BYTES; the stored name is random (the typed name is kept for display), the content's sha256 recorded.

A file named .pdf that is really a program or a zip archive is refused: the extension and the content must
agree, and the content must be one of the three kinds. Downloads go out as attachments with the sniffed type
and `X-Content-Type-Options: nosniff`, so a browser never renders an upload as a page.

A file is written when its row is, inside the service's transaction; if that transaction rolls back (the
action was refused after the upload, or failed), the file is deleted too (`delete_on_rollback`), so storage
never keeps a file that no row names.

Used by `assistance.EvidenceFile` and `rights.CaseAttachment` (both `documents.storedfiles.StoredFile`).
"""

from __future__ import annotations

import hashlib
import os
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.http import FileResponse

from unionhall.core.actors import user_of
from unionhall.core.errors import Conflict, ValidationError

MAX_BYTES = 10 * 1024 * 1024

# content type → (the magic bytes it starts with, the extensions it may carry)
KINDS: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {
    "application/pdf": ((b"%PDF-",), (".pdf",)),
    "image/jpeg": ((b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), (".png",)),
}
ALLOWED_EXTENSIONS = tuple(ext for _, exts in KINDS.values() for ext in exts)


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the name as uploaded, cleaned for display
    content_type: str
    size: int
    sha256: str
    content: ContentFile[bytes]  # named with a random stem and the right extension


def sniff(head: bytes) -> str | None:
    for content_type, (magics, _) in KINDS.items():
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


def _error(message: str) -> ValidationError:
    return ValidationError(field_errors={"upload": [message]})


def check(upload: Any, *, max_bytes: int = MAX_BYTES) -> CheckedUpload:
    """Read and check an uploaded file (Django's UploadedFile or anything with .name, .size, .chunks())."""
    if upload is None:
        raise _error("请选择要上传的文件。")
    raw_name = os.path.basename(str(getattr(upload, "name", "") or "")).strip()
    ext = os.path.splitext(raw_name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise _error("只能上传 PDF、JPG 或 PNG 文件。")
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _error(f"文件不能超过 {max_bytes // (1024 * 1024)} MB。")
    digest = hashlib.sha256()
    parts: list[bytes] = []
    total = 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > max_bytes:  # the declared size may lie
            raise _error(f"文件不能超过 {max_bytes // (1024 * 1024)} MB。")
        digest.update(chunk)
        parts.append(chunk)
    data = b"".join(parts)
    if not data:
        raise _error("文件是空的。")
    content_type = sniff(data[:16])
    if content_type is None:
        raise _error("文件内容不是 PDF、JPG 或 PNG，已拒收。")
    if ext not in KINDS[content_type][1]:
        raise _error("文件扩展名与实际内容不符，已拒收。")
    name = raw_name[:120]
    stored = ContentFile(data, name=f"{uuid.uuid4().hex}{KINDS[content_type][1][0]}")
    return CheckedUpload(name=name, content_type=content_type, size=total, sha256=digest.hexdigest(), content=stored)


class _Commit:
    """The on_commit callback of one stored file. Django runs it when the transaction commits, and drops it
    unrun when the transaction (or the savepoint it was registered in) rolls back; a dropped callback is
    freed at once, and its finalizer then deletes the file."""

    def __init__(self, state: dict[str, bool]) -> None:
        self.state = state

    def __call__(self) -> None:
        self.state["committed"] = True


def _delete_unless_committed(storage: Storage, name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        storage.delete(name)


def delete_on_rollback(storage: Storage, name: str) -> None:
    """Delete the file `name` from `storage` if the current transaction rolls back; keep it if it commits.
    Outside a transaction the callback runs at once: the file is kept."""
    state = {"committed": False}
    callback = _Commit(state)
    weakref.finalize(callback, _delete_unless_committed, storage, name, state)
    transaction.on_commit(callback)


def store(record: Any, upload: Any, *, uploaded_by: Any) -> Any:
    """Check `upload` and save it as `record` — an unsaved row with the stored-file fields (name, content,
    content_type, size, sha256, uploaded_by): an archive's evidence, a rights case's attachment. Call it
    inside the service's transaction: the file goes again if the action rolls back."""
    checked = check(upload)
    record.name = checked.name
    record.content_type = checked.content_type
    record.size = checked.size
    record.sha256 = checked.sha256
    record.uploaded_by = user_of(uploaded_by)
    record.content.save(checked.content.name or "upload", checked.content, save=False)
    storage, name = record.content.storage, record.content.name
    try:
        record.save()
    except BaseException:
        storage.delete(name)  # no row names it, whatever the transaction does next
        raise
    delete_on_rollback(storage, name)
    return record


def open_stored(record: Any) -> Any:
    """The stored content, opened for download; a file gone from storage is said plainly."""
    try:
        return record.content.open("rb")
    except FileNotFoundError:
        raise Conflict("材料文件已不在存储中，请联系系统管理员。") from None


def download_response(record: Any, handle: Any) -> FileResponse:
    """The stored file as a download: an attachment under its uploaded name, with the type sniffed at upload,
    and nosniff so that no browser second-guesses it into something it would render."""
    response = FileResponse(handle, as_attachment=True, filename=record.name, content_type=record.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
