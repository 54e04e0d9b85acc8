"""Ordinary files are accepted and read as people made them: xlsx from Excel-like writers, CSV in UTF-8
or GBK, title rows above the header; an .xls or a mislabelled file gets a clear message."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from unionhall.imports.reading import CSV, XLSX, UnreadableFile, inspect, read_rows
from unionhall.imports.tests.support import (
    CONTENT_TYPES,
    ROOT_RELS,
    WORKBOOK,
    hand_built,
    inline,
    sheet_xml,
    write_xlsx,
)


def test_an_xlsx_roster_is_accepted_and_read_from_row_one(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["东方机械公司工会会员花名册"],
            [],
            ["姓名", "身份证号"],
            ["张三", "110105199001010010"],
            ["李四", date(2020, 3, 5)],
        ],
    )
    seen = inspect(path)
    assert (seen.fmt, seen.rows, seen.columns) == (XLSX, 5, 2)
    rows = read_rows(path, seen.fmt)
    assert rows[0][0] == "东方机械公司工会会员花名册"
    assert rows[2] == ["姓名", "身份证号"]
    assert rows[4] == ["李四", date(2020, 3, 5)]


def test_a_wide_roster_within_the_limits_is_accepted(tmp_path: Path) -> None:
    rows = [[f"列{c}" for c in range(60)]] + [[f"{r}-{c}" for c in range(60)] for r in range(500)]
    seen = inspect(write_xlsx(tmp_path / "wide.xlsx", rows))
    assert (seen.rows, seen.columns) == (501, 60)


def test_the_first_sheet_is_found_through_the_workbook_relationships(tmp_path: Path) -> None:
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="/xl/worksheets/data.xml"/></Relationships>'
    )
    path = tmp_path / "renamed-part.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.replace("sheet1.xml", "data.xml"))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr(
            "xl/worksheets/data.xml", sheet_xml(f'<row r="1">{inline("A1", "姓名")}{inline("B1", "身份证号")}</row>')
        )
    assert inspect(path).columns == 2
    assert read_rows(path, XLSX) == [["姓名", "身份证号"]]


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ("姓名,身份证号\r\n张三,110105199001010010\r\n".encode("gb18030"), "gbk"),
        ("\ufeff姓名,身份证号\n张三,110105199001010010\n".encode(), "utf-8 with bom"),
        ("姓名\t身份证号\n张三\t110105199001010010\n".encode(), "tab separated"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_csv_roster_is_read_whatever_excel_saved_it_as(tmp_path: Path, data: bytes, label: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    seen = inspect(path)
    assert seen.fmt == CSV
    assert read_rows(path, CSV) == [["姓名", "身份证号"], ["张三", "110105199001010010"]]


def test_an_xls_workbook_gets_a_message_to_save_it_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(UnreadableFile) as info:
        inspect(path)
    assert "另存为" in info.value.message
    assert info.value.field_errors == {"file": [info.value.message]}


def test_a_workbook_named_csv_is_refused_as_mislabelled(tmp_path: Path) -> None:
    path = hand_built(tmp_path / "roster.csv", sheet_xml(inline("A1", "姓名")))
    with pytest.raises(UnreadableFile) as info:
        inspect(path)
    assert "扩展名" in info.value.message


def test_a_binary_file_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(UnreadableFile):
        inspect(path)
