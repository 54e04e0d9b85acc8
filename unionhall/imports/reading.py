"""Safe reading of uploaded workbooks: refuse hostile or unreadable files before calamine touches them.

An xlsx is a zip of XML parts, and calamine (Rust) allocates the first sheet as one dense grid of
`max row × max column` cells. So, before calamine runs:

- the size of the upload, its magic bytes and its extension are checked;
- the zip's end record is read by hand (a central directory of millions of entries is refused before
  `zipfile` builds an object for each), then every member's declared size and compression ratio;
- every member is decompressed as a stream under a byte budget, checking that it ends where its
  header says and matches its CRC (a header that lies about its size is a bomb, not a typo);
- every XML part is searched for `<!DOCTYPE` and `<!ENTITY` (entity bombs, external entities);
- the first sheet's declared `<dimension>` and the real cell references are measured, and a sheet
  whose grid would exceed the row, column or cell limits is refused.

Each pass holds one chunk at a time, so refusing costs little time and memory. CSV files are decoded
(UTF-8 or GB18030, as Chinese Excel saves them) and read with the same row and column limits.
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from defusedxml import ElementTree as SafeET
from django.conf import settings

from unionhall.core.errors import ValidationError


class UnreadableFile(ValidationError):
    """The file cannot be read as a workbook; the message says why, in Chinese."""

    code = "unreadable_file"

    def __init__(self, message: str):
        super().__init__(message, field_errors={"file": [message]})


class HostileFile(UnreadableFile):
    """The file looks built to exhaust memory or time (zip bomb, entity bomb, absurd dimensions)."""

    code = "hostile_file"


def limit(name: str) -> int:
    """A limit from settings (IMPORT_*), or its default."""
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


DEFAULT_LIMITS = {
    "IMPORT_MAX_UPLOAD_BYTES": 20 * 1024 * 1024,
    "IMPORT_MAX_UNPACKED_BYTES": 200 * 1024 * 1024,
    "IMPORT_MAX_COMPRESSION_RATIO": 200,
    "IMPORT_MAX_ZIP_MEMBERS": 1000,
    "IMPORT_MAX_ROWS": 200_000,
    "IMPORT_MAX_COLUMNS": 200,
    # rows × columns of the grid calamine allocates: 5 M cells stay far below the 400 MB budget
    "IMPORT_MAX_CELLS": 5_000_000,
}

XLSX, CSV = "xlsx", "csv"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_FORBIDDEN = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_XML_SUFFIXES = (".xml", ".rels", ".vml")

MSG_DAMAGED = "文件已损坏，无法读取：请用 Excel 或 WPS 打开后重新保存为 .xlsx 再上传。"
MSG_BOMB = "文件解压后过大或压缩比异常，疑似「压缩炸弹」，已拒绝。"
MSG_ENTITIES = "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），可能是恶意文件，已拒绝。"


@dataclass
class Inspection:
    """What the checks learned: the format and an upper bound of the sheet's rows and columns."""

    fmt: str
    size: int
    rows: int = 0
    columns: int = 0


def inspect(path: str | Path, *, filename: str = "") -> Inspection:
    """Refuse (UnreadableFile/HostileFile) or return what is known about a file that is safe to read."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("文件是空的。")
    max_bytes = limit("IMPORT_MAX_UPLOAD_BYTES")
    if size > max_bytes:
        raise HostileFile(f"文件过大（{size / 1048576:.1f} MB），上限为 {max_bytes // 1048576} MB：请拆分后分批导入。")
    ext = Path(filename or path.name).suffix.lower()
    with path.open("rb") as fp:
        head = fp.read(8)
        if head.startswith(OLE_MAGIC):
            raise UnreadableFile(
                "这是 Excel 97-2003（.xls）格式或受密码保护的工作簿：请在 Excel 或 WPS 中「另存为」"
                "不加密的 .xlsx 后再上传。"
            )
        if head.startswith(ZIP_MAGIC):
            if ext not in ("", ".xlsx", ".xlsm"):
                raise UnreadableFile("文件内容与扩展名不符：请上传 .xlsx 工作簿或 .csv 文件。")
            return _inspect_xlsx(fp, size)
        if ext == ".csv":
            return _inspect_csv(fp, size)
    raise UnreadableFile("无法识别的文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件。")


def read_rows(path: str | Path, fmt: str) -> list[list[Any]]:
    """The first sheet's rows from row 1 and column A, as calamine reads them: str, float, int, bool,
    date, datetime; empty cells are "". Call only after inspect() accepted the file."""
    if fmt == CSV:
        return [list(row) for row in _csv_rows(Path(path).read_bytes())]
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            book.close()
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableFile(MSG_DAMAGED) from error


# --- xlsx -----------------------------------------------------------------------------------------


def _zip_entry_count(fp: IO[bytes], size: int) -> int:
    """Entries in the central directory, from the end record, before zipfile builds an object per entry."""
    tail_len = min(size, 22 + 65535)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise UnreadableFile(MSG_DAMAGED)
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    if count == 0xFFFF:  # zip64: no workbook of 20 MB needs it
        raise HostileFile("文件结构异常（ZIP64），已拒绝。")
    return count


def _inspect_xlsx(fp: IO[bytes], size: int) -> Inspection:
    if _zip_entry_count(fp, size) > limit("IMPORT_MAX_ZIP_MEMBERS"):
        raise HostileFile("文件结构异常（包含的部件过多），已拒绝。")
    fp.seek(0)
    try:
        zf = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFile(MSG_DAMAGED) from None
    with zf:
        infos = zf.infolist()
        _check_declared_sizes(infos)
        names = {info.filename for info in infos}
        sheet = _first_sheet_part(zf, names)
        budget = [limit("IMPORT_MAX_UNPACKED_BYTES")]
        scan = SheetScan()
        for info in infos:
            if info.is_dir():
                continue
            chunks = _member_chunks(fp, info, budget)
            name = info.filename.lower()
            if info.filename == sheet:
                _scan_xml(chunks, scan)
            elif name.endswith(_XML_SUFFIXES) or name == "[content_types].xml":
                _scan_xml(chunks, None)
            else:
                for _ in chunks:  # decompressed, size- and CRC-checked, then dropped
                    pass
        rows, columns = scan.bounds()
        return Inspection(fmt=XLSX, size=size, rows=rows, columns=columns)


def _check_declared_sizes(infos: list[zipfile.ZipInfo]) -> None:
    max_unpacked = limit("IMPORT_MAX_UNPACKED_BYTES")
    max_ratio = limit("IMPORT_MAX_COMPRESSION_RATIO")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableFile("工作簿受密码保护，请取消密码后再上传。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise HostileFile("文件使用了不支持的压缩方式，已拒绝。")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_unpacked or (info.file_size > 1_048_576 and ratio > max_ratio):
            raise HostileFile(MSG_BOMB)


def _member_chunks(fp: IO[bytes], info: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
    """Decompress one member from its raw bytes, in chunks, refusing as soon as it outgrows what its
    header declares or the budget left; at the end its size, CRC and end of stream must agree."""
    fp.seek(info.header_offset)
    local = fp.read(30)
    if len(local) < 30 or not local.startswith(ZIP_MAGIC):
        raise UnreadableFile(MSG_DAMAGED)
    fp.seek(info.header_offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little"))
    remaining = info.compress_size
    produced = 0
    crc = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    pending = b""
    while True:
        if not pending and remaining > 0:
            pending = fp.read(min(_CHUNK, remaining))
            if not pending:
                raise UnreadableFile(MSG_DAMAGED)
            remaining -= len(pending)
        if inflater is None:
            out, pending = pending, b""
        else:
            try:
                out = inflater.decompress(pending, _CHUNK)
            except zlib.error:
                raise UnreadableFile(MSG_DAMAGED) from None
            pending = inflater.unconsumed_tail
        if not out and not pending and (remaining <= 0 or (inflater is not None and inflater.eof)):
            break
        produced += len(out)
        budget[0] -= len(out)
        if produced > info.file_size or budget[0] < 0:
            raise HostileFile(MSG_BOMB)
        crc = zlib.crc32(out, crc)
        if out:
            yield out
    if produced != info.file_size or crc != info.CRC or (inflater is not None and not inflater.eof):
        raise UnreadableFile(MSG_DAMAGED)


def _scan_xml(chunks: Iterator[bytes], scan: SheetScan | None) -> None:
    """Search an XML part piece by piece. Each piece ends just before a `<`, so no tag, reference or
    declaration is ever split between two pieces (attribute values hold no raw `<`)."""
    carry = b""
    first = True
    for chunk in chunks:
        if first:
            first = False
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
                raise HostileFile("工作簿的 XML 编码异常（UTF-16），已拒绝。")
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            if len(data) < 4 * _CHUNK:
                carry = data
                continue
            cut = len(data)  # megabytes of text without a tag: nothing in it can be split
        carry = data[cut:]
        _check_piece(data[:cut], scan)
    if carry:
        _check_piece(carry, scan)


def _check_piece(piece: bytes, scan: SheetScan | None) -> None:
    if _FORBIDDEN.search(piece):
        raise HostileFile(MSG_ENTITIES)
    if scan is not None:
        scan.feed(piece)


def _part(path: str, base: str) -> str:
    """A relationship target, relative to `base`'s folder or absolute from the package root."""
    if path.startswith("/"):
        return path.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), path))


def _xml(zf: zipfile.ZipFile, name: str) -> Any:
    info = zf.getinfo(name)
    if info.file_size > 5 * 1048576:
        raise HostileFile("工作簿目录部件异常庞大，已拒绝。")
    try:
        data = zf.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise UnreadableFile(MSG_DAMAGED) from None
    if _FORBIDDEN.search(data):
        raise HostileFile(MSG_ENTITIES)
    try:
        return SafeET.fromstring(data)
    except Exception:  # defusedxml refusals and plain parse errors alike
        raise UnreadableFile(MSG_DAMAGED) from None


def _first_sheet_part(zf: zipfile.ZipFile, names: set[str]) -> str:
    """The first sheet's part, found as calamine finds it: package rels → workbook → workbook rels."""
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for rel in _xml(zf, "_rels/.rels"):
            if str(rel.get("Type", "")).endswith("/officeDocument"):
                workbook = _part(str(rel.get("Target", "")), "")
    if workbook not in names:
        raise UnreadableFile("这不是 Excel 工作簿（缺少 workbook 部件）：请上传 .xlsx 文件。")
    book = _xml(zf, workbook)
    sheets = [el for el in book.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]
    if not sheets:
        raise UnreadableFile("工作簿中没有工作表。")
    rid = next((v for k, v in sheets[0].attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
    rels_name = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    if rels_name not in names:
        raise UnreadableFile(MSG_DAMAGED)
    for rel in _xml(zf, rels_name):
        if rel.get("Id") == rid:
            sheet = _part(str(rel.get("Target", "")), workbook)
            if sheet not in names:
                raise UnreadableFile(MSG_DAMAGED)
            return sheet
    raise UnreadableFile(MSG_DAMAGED)


# Canonical cells, as Excel, WPS, LibreOffice, openpyxl and xlsxwriter write them: `<c r="B12" …>`.
_CELL_COLUMN = re.compile(rb'<c r="([A-Za-z]{1,3})\d')
_CELL_ROW = re.compile(rb'<c r="[A-Za-z]{1,3}(\d{1,9})"')
_OTHER_CELL = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="[A-Za-z]{1,3}\d{1,9}"))')
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s/>]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"')
# Anything else calamine would accept: attributes in any order or quoting, prefixed names, cells or
# rows without a reference (placed one after the other).
_ANY_REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{0,3})\$?(\d{1,9})["']""")
_ANY_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_ANY_ROW = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27."""
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(ch) - 64
    return number


class SheetScan:
    """Measures the grid calamine would allocate for a sheet, piece by piece, without parsing it.

    Calamine places a cell by its own reference, or, without one, after the previous cell of its row
    (whose own reference, or the previous row's, places the row). A piece written the canonical way
    takes the fast path: exact maxima of the cell references. Any other piece is measured
    conservatively, row by row: every reference counts, rows without one add to the height and the
    most cells without one in a row add to the width.
    """

    def __init__(self) -> None:
        self.declared: tuple[int, int] | None = None
        self.max_row = 0
        self.max_col = 0
        self.columns: set[bytes] = set()
        self.unplaced = 0  # rows without a reference, each placed after the previous one
        self.widest_unplaced = 0  # the most cells without a reference in one row
        self._started = False

    def feed(self, piece: bytes) -> None:
        if not self._started:
            self._started = True
            self._read_dimension(piece)
        if not _OTHER_CELL.search(piece) and not _PREFIXED_TAG.search(piece):
            self.columns.update(_CELL_COLUMN.findall(piece))
            numbers = _CELL_ROW.findall(piece)
            if numbers:
                self.max_row = max(self.max_row, *map(int, numbers))
        else:
            self._feed_any(piece)
        _refuse_grid(*self.bounds())

    def _feed_any(self, piece: bytes) -> None:
        """Row by row: the references seen, rows without one, and the most cells without one in a row."""
        starts = [m.start() for m in _ANY_ROW.finditer(piece)]
        edges = sorted({0, *starts, len(piece)})
        row_starts = set(starts)
        for a, b in itertools.pairwise(edges):
            refs = _ANY_REF.findall(piece, a, b)
            for letters, digits in refs:
                self.max_row = max(self.max_row, int(digits))
                if letters:
                    self.max_col = max(self.max_col, column_number(letters))
            own_ref = 0
            if a in row_starts:
                tag_end = piece.find(b">", a, b)
                own_ref = 1 if _ANY_REF.search(piece, a, tag_end + 1 if tag_end >= 0 else b) else 0
                self.unplaced += 1 - own_ref
            self.widest_unplaced = max(
                self.widest_unplaced, len(_ANY_CELL.findall(piece, a, b)) - (len(refs) - own_ref)
            )

    def _read_dimension(self, piece: bytes) -> None:
        match = _DIMENSION.search(piece)
        if match is None:
            return
        col_a, row_a, col_b, row_b = match.groups()
        self.declared = (int(row_b or row_a), column_number(col_b or col_a))
        _refuse_grid(*self.declared)

    def bounds(self) -> tuple[int, int]:
        cols = max(self.max_col, max((column_number(c) for c in self.columns), default=0))
        return self.max_row + self.unplaced, cols + self.widest_unplaced


def _refuse_grid(rows: int, cols: int) -> None:
    max_rows, max_cols, max_cells = limit("IMPORT_MAX_ROWS"), limit("IMPORT_MAX_COLUMNS"), limit("IMPORT_MAX_CELLS")
    if rows > max_rows + 1 or cols > max_cols or rows * cols > max_cells:
        raise HostileFile(
            f"工作表范围过大（{rows:,} 行 × {cols:,} 列）：上限为 {max_rows:,} 行、{max_cols} 列、"
            f"{max_cells:,} 个单元格。请删去多余的行列或拆分后导入。"
        )


# --- csv ------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # what Excel and WPS on Chinese Windows save as "CSV"
    except UnicodeDecodeError:
        raise UnreadableFile("CSV 文件的编码无法识别：请保存为 UTF-8 或 GBK 编码。") from None


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _inspect_csv(fp: IO[bytes], size: int) -> Inspection:
    fp.seek(0)
    data = fp.read()
    if b"\x00" in data[:65536]:
        raise UnreadableFile("文件内容与扩展名不符：这不是文本格式的 CSV 文件。")
    rows = cols = 0
    try:
        for row in _csv_rows(data):
            rows += 1
            cols = max(cols, len(row))
            if rows > limit("IMPORT_MAX_ROWS") + 1 or cols > limit("IMPORT_MAX_COLUMNS"):
                _refuse_grid(rows, cols)
    except csv.Error:
        raise UnreadableFile("CSV 文件格式有误，无法读取。") from None
    return Inspection(fmt=CSV, size=size, rows=rows, columns=cols)
