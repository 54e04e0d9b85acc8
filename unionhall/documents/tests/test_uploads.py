"""The upload store: the bytes decide the type, not the name; the size is bounded even when the declared size
lies; downloads are attachments with nosniff; a file written in a transaction that rolls back is deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from unionhall.core.errors import ValidationError
from unionhall.documents import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(1)</script>"


def refusal(name: str, content: bytes, **kw: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.check(SimpleUploadedFile(name, content), **kw)
    return caught.value.field_errors["upload"][0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("证明.pdf", EXE, "不是 PDF"),  # a program named .pdf
        ("证明.pdf", HTML, "不是 PDF"),  # a page named .pdf, that a browser would run
        ("照片.png", JPEG, "扩展名与实际内容不符"),  # a real JPEG named .png
        ("证明.html", PDF, "只能上传"),
    ],
)
def test_a_disguised_file_is_refused_by_its_bytes(name: str, content: bytes, message: str) -> None:
    assert message in refusal(name, content)


def test_the_type_is_taken_from_the_bytes_and_the_stored_name_is_random() -> None:
    checked = uploads.check(SimpleUploadedFile("照片.JPG", JPEG, content_type="application/pdf"))
    assert checked.content_type == "image/jpeg"  # the browser's claimed type counts for nothing
    assert checked.name == "照片.JPG" and checked.size == len(JPEG)
    assert checked.content.name and checked.content.name.endswith(".jpg") and "照片" not in checked.content.name


def test_the_size_limit_counts_the_bytes_read_not_the_declared_size() -> None:
    assert "不能超过" in refusal("大.pdf", PDF + b"0" * 200, max_bytes=100)
    lying = SimpleUploadedFile("大.pdf", PDF + b"0" * 200)
    lying.size = 10
    with pytest.raises(ValidationError):
        uploads.check(lying, max_bytes=100)
    assert uploads.check(SimpleUploadedFile("小.pdf", PDF), max_bytes=len(PDF)).size == len(PDF)


def test_a_download_is_an_attachment_with_the_sniffed_type_and_nosniff() -> None:
    record = type("Record", (), {"name": "工资条.pdf", "content_type": "application/pdf"})()
    response = uploads.download_response(record, ContentFile(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF  # type: ignore[arg-type]


def _write(storage: FileSystemStorage, name: str) -> str:
    saved = storage.save(name, ContentFile(PDF))
    uploads.delete_on_rollback(storage, saved)
    return saved


@pytest.mark.django_db(transaction=True)
def test_a_file_written_in_a_transaction_that_rolls_back_is_deleted_and_one_that_commits_kept(
    tmp_path: Path,
) -> None:
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = _write(storage, "lost.pdf")
        assert storage.exists(lost)  # written at once, readable inside the action
        raise RuntimeError("the action fails after the upload")
    assert not storage.exists(lost)
    with transaction.atomic():
        kept = _write(storage, "kept.pdf")
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back inside
            inner = _write(storage, "inner.pdf")
            raise RuntimeError
        assert not storage.exists(inner)
    assert storage.exists(kept)
    outside = _write(storage, "autocommit.pdf")  # no transaction: nothing to roll back
    assert storage.exists(outside)
