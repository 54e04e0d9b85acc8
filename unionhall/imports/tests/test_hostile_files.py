"""Hostile files are refused before calamine reads them, in under 2 s and 200 MB each: zip bombs (by the
declared sizes, by the compression ratio, and by a header that lies), entity bombs, absurd sheet
dimensions declared or real, oversized uploads, programs renamed .xlsx, empty files."""

from __future__ import annotations

import base64
import os
import resource
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from unionhall.imports.reading import HostileFile, UnreadableFile, inspect
from unionhall.imports.tests.support import hand_built, inline, sheet_xml

MB = 1024 * 1024


@contextmanager
def refused_quickly(
    error: type[Exception] = HostileFile, *, seconds: float = 2.0, megabytes: int = 200
) -> Iterator[Any]:
    """The block must raise `error` within the time, with Python's peak allocation and the process's
    peak resident size growing by less than the budget."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    started = time.perf_counter()
    caught: dict[str, Any] = {}
    try:
        with pytest.raises(error) as info:
            yield caught
        caught["error"] = info.value
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < megabytes * MB, f"Python peak {peak / MB:.0f} MB"
    assert grown < megabytes * 1024, f"resident size grew {grown / 1024:.0f} MB"


def zeros_member(path: Path, name: str, megabytes: int, *, with_workbook: bool = True) -> Path:
    """A workbook one of whose parts is `megabytes` of zeros: a few hundred kilobytes on disk."""
    if with_workbook:
        hand_built(path, sheet_xml(inline("A1", "姓名")))
        mode = "a"
    else:
        mode = "w"
    with zipfile.ZipFile(path, mode, zipfile.ZIP_DEFLATED) as z, z.open(name, "w") as member:
        block = b"\0" * MB
        for _ in range(megabytes):
            member.write(block)
    return path


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    bomb = zeros_member(tmp_path / "bomb.xlsx", "xl/media/huge.bin", 400)
    assert bomb.stat().st_size < 2 * MB
    with refused_quickly() as caught:
        inspect(bomb)
    assert "压缩炸弹" in caught["error"].message


def test_a_part_compressed_beyond_any_real_workbook_is_refused(tmp_path: Path) -> None:
    bomb = zeros_member(tmp_path / "ratio.xlsx", "xl/sharedStrings.xml", 60)  # under the total, ratio ~1000
    with refused_quickly():
        inspect(bomb)


def _lie_about_size(path: Path, member: str, declared: int) -> None:
    """Patch the uncompressed size of `member` in both its local header and the central directory."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:
        if data[at + 30 : at + 30 + len(name)] == name:
            struct.pack_into("<I", data, at + 22, declared)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        if data[at + 46 : at + 46 + len(name)] == name:
            struct.pack_into("<I", data, at + 24, declared)
        at += 4
    path.write_bytes(bytes(data))


def test_a_part_whose_header_understates_its_size_is_refused_as_soon_as_it_outgrows_it(tmp_path: Path) -> None:
    path = zeros_member(tmp_path / "liar.xlsx", "xl/styles.xml", 150)
    _lie_about_size(path, "xl/styles.xml", 1000)
    with refused_quickly():
        inspect(path)


def test_an_entity_bomb_in_the_sheet_is_refused(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    prolog = f"<!DOCTYPE lolz [{''.join(entities)}]>"
    path = hand_built(tmp_path / "laughs.xlsx", sheet_xml(inline("A1", "&lol9;"), prolog=prolog))
    with refused_quickly() as caught:
        inspect(path)
    assert "DOCTYPE" in caught["error"].message


def test_an_external_entity_in_any_part_is_refused(tmp_path: Path) -> None:
    xxe = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst>&x;</sst>'
    path = hand_built(
        tmp_path / "xxe.xlsx", sheet_xml(inline("A1", "姓名")), extra={"xl/sharedStrings.xml": xxe.encode()}
    )
    with refused_quickly():
        inspect(path)


def test_a_declaration_pushed_past_the_first_chunk_is_still_found(tmp_path: Path) -> None:
    padding = "<!--" + "x" * (3 * MB) + "-->"
    path = hand_built(
        tmp_path / "late.xlsx", sheet_xml(inline("A1", "姓名"), prolog=padding + "<!DOCTYPE w [<!ENTITY e 'x'>]>")
    )
    with refused_quickly():
        inspect(path)


def test_a_sheet_declaring_the_whole_grid_is_refused_before_anything_is_allocated(tmp_path: Path) -> None:
    path = hand_built(
        tmp_path / "dimension.xlsx", sheet_xml(inline("A1", "姓名"), head='<dimension ref="A1:XFD1048576"/>')
    )
    with refused_quickly() as caught:
        inspect(path)
    assert "1,048,576 行" in caught["error"].message


def test_a_single_far_away_cell_is_refused_even_without_a_dimension(tmp_path: Path) -> None:
    # Two cells: calamine would allocate 702 × 100,000 cells (2 GB) for this 1 KB file.
    sheet = sheet_xml(f'<row r="1">{inline("A1", "姓名")}</row><row r="100000">{inline("ZZ100000", "x")}</row>')
    path = hand_built(tmp_path / "far.xlsx", sheet)
    with refused_quickly():
        inspect(path)


@pytest.mark.parametrize(
    "cell",
    [
        '<c t="inlineStr" r="XFD3"><is><t>x</t></is></c>',  # the reference after another attribute
        "<c r='XFD3' t='inlineStr'><is><t>x</t></is></c>",  # single quotes
        '<c\nr="XFD3"\nt="inlineStr"><is><t>x</t></is></c>',  # line breaks between attributes
    ],
    ids=["attribute-order", "single-quotes", "line-breaks"],
)
def test_a_far_away_cell_written_unusually_is_refused_too(tmp_path: Path, cell: str) -> None:
    path = hand_built(
        tmp_path / "odd.xlsx", sheet_xml(f'<row r="1">{inline("A1", "姓名")}</row><row r="3">{cell}</row>')
    )
    with refused_quickly():
        inspect(path)


def test_cells_without_references_are_counted_one_after_another(tmp_path: Path) -> None:
    wide = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(300))
    path = hand_built(tmp_path / "wide.xlsx", sheet_xml(f"<row>{wide}</row>"))
    with refused_quickly():
        inspect(path)


def test_a_far_away_cell_in_a_prefixed_namespace_is_refused(tmp_path: Path) -> None:
    sheet = (
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
        '<x:row r="150000"><x:c r="GZ150000" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    with refused_quickly():
        inspect(hand_built(tmp_path / "prefixed.xlsx", sheet))


def test_a_zip_of_thousands_of_parts_is_refused_before_they_are_listed(tmp_path: Path) -> None:
    path = hand_built(tmp_path / "many.xlsx", sheet_xml(inline("A1", "姓名")))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(1200):
            z.writestr(f"x/{i}", b"")
    with refused_quickly():
        inspect(path)


def test_an_upload_over_20_mb_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.write(os.urandom(MB) * 21)
    with refused_quickly() as caught:
        inspect(path)
    assert "上限为 20 MB" in caught["error"].message


def test_the_upload_limit_is_a_setting(tmp_path: Path, settings: Any) -> None:
    settings.IMPORT_MAX_UPLOAD_BYTES = MB
    noise = base64.b64encode(os.urandom(MB)).decode()
    path = hand_built(tmp_path / "small.xlsx", sheet_xml(inline("A1", noise)))
    with refused_quickly() as caught:
        inspect(path)
    assert "上限为 1 MB" in caught["error"].message


def test_a_program_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + os.urandom(4096))
    with refused_quickly(UnreadableFile) as caught:
        inspect(path)
    assert "无法识别" in caught["error"].message


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with refused_quickly(UnreadableFile) as caught:
        inspect(path)
    assert caught["error"].message == "文件是空的。"


def test_a_workbook_in_utf16_is_refused(tmp_path: Path) -> None:
    sheet = sheet_xml(inline("A1", "姓名")).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with refused_quickly():
        inspect(hand_built(tmp_path / "utf16.xlsx", sheet))


def test_a_corrupt_part_is_refused_as_damaged(tmp_path: Path) -> None:
    path = hand_built(tmp_path / "corrupt.xlsx", sheet_xml(inline("A1", "姓名" * 200)))
    data = bytearray(path.read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10
    data[at : at + 20] = os.urandom(20)
    path.write_bytes(bytes(data))
    with refused_quickly(UnreadableFile) as caught:
        inspect(path)
    assert "损坏" in caught["error"].message


def test_an_encrypted_part_is_refused(tmp_path: Path) -> None:
    path = hand_built(tmp_path / "locked.xlsx", sheet_xml(inline("A1", "姓名")))
    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        data[at + 8] |= 0x1  # general purpose flag: encrypted
        at += 4
    path.write_bytes(bytes(data))
    with refused_quickly(UnreadableFile) as caught:
        inspect(path)
    assert "密码" in caught["error"].message


def test_a_part_shorter_than_its_header_says_is_refused_as_damaged(tmp_path: Path) -> None:
    path = hand_built(tmp_path / "short.xlsx", sheet_xml(inline("A1", "姓名")))
    _lie_about_size(path, "xl/workbook.xml", 5000)
    with refused_quickly(UnreadableFile) as caught:
        inspect(path)
    assert "损坏" in caught["error"].message
