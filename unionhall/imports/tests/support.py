"""Builders shared by the imports tests: valid ID numbers, roster workbooks, and a whole import run."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook
from stdnum.cn import ric

from unionhall.core.actors import SystemActor
from unionhall.imports import services
from unionhall.imports.models import ImportJob
from unionhall.members.import_kind import MEMBERS

SYSTEM = SystemActor("test")
HEADERS = ["姓名", "身份证号码", "手机号码", "入会日期"]


def id_number(born: str = "19900101", seq: str = "001", area: str = "110105") -> str:
    """A valid 18-character resident ID number (check digit computed)."""
    body = f"{area}{born}{seq}"
    return body + ric.calc_check_digit(body + "0")


def bad_checksum(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, date_cells: bool = True) -> Path:
    """Cells keep their Python type: str as text, numbers as numbers, date/datetime as real date cells."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (date, datetime)) and date_cells:
                when = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
                sheet.write_datetime(r, c, when, fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def roster(
    tmp_path: Path, rows: Sequence[Sequence[Any]], *, headers: Sequence[str] = HEADERS, name: str = "roster.xlsx"
) -> Path:
    return write_xlsx(tmp_path / name, [list(headers), *rows])


def read_xlsx(path: Path | str | bytes) -> list[list[Any]]:
    if isinstance(path, bytes):
        return CalamineWorkbook.from_filelike(io.BytesIO(path)).get_sheet_by_index(0).to_python()
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def upload(path: Path, *, org: Any, kind: str = MEMBERS, actor: Any = SYSTEM) -> ImportJob:
    with path.open("rb") as f:
        return services.import_job_create(actor=actor, org=org, kind=kind, upload=f, filename=path.name)


def validated(path: Path, *, org: Any, kind: str = MEMBERS, actor: Any = SYSTEM) -> ImportJob:
    job = upload(path, org=org, kind=kind, actor=actor)
    fields = [job.mapping.get(str(i), "") for i in range(len(job.headers))]
    return services.import_job_map(actor=actor, job=job, fields=fields, background=False)


def imported(path: Path, *, org: Any, kind: str = MEMBERS, actor: Any = SYSTEM, **commit: Any) -> ImportJob:
    job = validated(path, org=org, kind=kind, actor=actor)
    return services.import_job_commit(actor=actor, job=job, background=False, **commit)


# --- hand-built workbooks, for files no spreadsheet program would write ---------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def sheet_xml(sheet_data: str, *, head: str = "", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet '
        f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{head}<sheetData>{sheet_data}'
        "</sheetData></worksheet>"
    )


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def hand_built(path: Path, sheet: str | bytes, *, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path
