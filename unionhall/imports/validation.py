"""Validation of an import's rows: the generic frame every kind's validator fills in — counts, per-row
reports, the valid rows to commit, the preview's sample — and `each_row`, which turns a check of one
row into a validator for a simple kind.

Nothing is written here. What a row must satisfy is the kind's (kinds.py), declared by the module that
owns the data; here only cells are read and reports kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from unionhall.core.actors import Actor
from unionhall.core.errors import ValidationError
from unionhall.core.normalize import clean_text
from unionhall.imports import kinds
from unionhall.imports.kinds import CellError, Context, Progress, Validator
from unionhall.orgs.models import OrgUnit

SAMPLE_SIZE = 200  # rows with something to say, kept for the preview page
LOOKUP_CHUNK = 10_000  # keys per IN (...) query: below SQLite's 32,766 parameters; PostgreSQL plans it as fast


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: 13912345678.0 → "13912345678", a date → "2020-03-05"."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is bool:
        return "是" if value else "否"
    if kind is float:
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if kind is int:
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == datetime.min.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


CellGetter = Callable[[Sequence[Any], str], Any]


def cell_getter(columns: dict[str, int]) -> CellGetter:
    """A row's cell by field key, from the mapping of `columns`; "" where the file has no such column or
    the row stops short of it."""

    def get(row: Sequence[Any], key: str) -> Any:
        index = columns.get(key)
        if index is None or index >= len(row):
            return ""
        return row[index]

    return get


def is_blank(row: Sequence[Any]) -> bool:
    for cell in row:  # a plain loop: this runs once per row of every file
        if cell is None or cell == "" or (type(cell) is str and not cell.strip()):
            continue
        return False
    return True


@dataclass(slots=True)
class RowReport:
    """What one row has to say: errors by field (the row is not imported), warnings, or that the person
    is a member of another union."""

    row: int
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    elsewhere: str = ""


@dataclass
class Validation:
    kind: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]  # field key → column index
    rows: int = 0
    reports: dict[int, RowReport] = field(default_factory=dict)
    valid: list[Any] = field(default_factory=list)  # the kind's rows to commit, in file order
    counts: Counter[str] = field(default_factory=Counter)
    sample: list[dict[str, Any]] = field(default_factory=list)
    elsewhere_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def error_rows(self) -> list[int]:
        """Row numbers with errors; Excel row n is rows[n - 1], since files are read from row 1."""
        return sorted(n for n, r in self.reports.items() if r.errors)

    def report(self, row: int) -> RowReport:
        found = self.reports.get(row)
        if found is None:
            found = self.reports[row] = RowReport(row)
        return found

    def note(self, row: int, errors: dict[str, list[str]], warnings: list[str]) -> None:
        """Keep what a row has to say, if anything (a row with errors is not imported)."""
        if errors or warnings:
            report = self.report(row)
            report.errors = errors
            report.warnings = warnings

    def summary(self) -> dict[str, int]:
        reports = self.reports.values()
        return {
            "rows": self.rows,
            "valid": self.rows - sum(1 for r in reports if r.errors),
            "errors": sum(1 for r in reports if r.errors),
            "warnings": sum(1 for r in reports if r.warnings),
            **{k: v for k, v in self.counts.items() if k not in ("rows", "valid", "errors", "warnings")},
        }

    def messages(self, row: int) -> str:
        """All of a row's messages, each prefixed with its column's header, joined by "；"."""
        report = self.reports.get(row)
        if report is None:
            return ""
        labels = kinds.get(self.kind).field_labels()
        parts: list[str] = []
        for key, msgs in report.errors.items():
            index = self.columns.get(key)
            header = self.headers[index] if index is not None and index < len(self.headers) else labels.get(key, "")
            parts.extend(f"{header}：{m}" if header else m for m in msgs)
        parts.extend(report.warnings)
        return "；".join(parts)


def validate(
    rows: Sequence[Sequence[Any]],
    *,
    kind: str,
    header_row: int,
    mapping: dict[str, str],
    org: OrgUnit,
    actor: Actor | None = None,
    progress: Progress | None = None,
) -> Validation:
    """Check every data row below `header_row`; `mapping` is {column index (text): field key}."""
    headers = [cell_text(c).strip() for c in rows[header_row]] if len(rows) > header_row else []
    columns = {key: int(index) for index, key in mapping.items() if key}
    result = Validation(kind=kind, header_row=header_row, headers=headers, columns=columns)
    kinds.get(kind).validate(result, rows[header_row + 1 :], header_row + 2, progress, Context(org=org, actor=actor))
    _fill_sample(result, rows)
    return result


RowCheck = Callable[[dict[str, Any], int], Any]


def data_rows(
    result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None
) -> Iterator[tuple[int, Sequence[Any]]]:
    """The non-blank rows of the body with their sheet row numbers, counted into `result.rows`; reports
    progress every 2,000 rows. Every kind's validator reads its rows through this."""
    for offset, raw in enumerate(body):
        if progress is not None and offset % 2000 == 0:
            progress(offset)
        if is_blank(raw):
            continue
        result.rows += 1
        yield first_row + offset, raw


def each_row(check: RowCheck) -> Validator:
    """A validator for a kind whose rows stand alone: each mapped cell is read by its field's `normalize`
    (else as cleaned text), a required field must be filled, then `check(values, row number)` returns the
    row to commit or raises ValidationError with field errors (the row is not imported)."""

    def validate_rows(
        result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None, context: Context
    ) -> None:
        fields = {f.key: f for f in kinds.get(result.kind).fields}
        for number, raw in data_rows(result, body, first_row, progress):
            errors: dict[str, list[str]] = {}
            values: dict[str, Any] = {}
            for key, index in result.columns.items():
                spec = fields[key]
                text = cell_text(raw[index]) if index < len(raw) else ""
                try:
                    value = spec.normalize(text) if spec.normalize is not None else (clean_text(text) or None)
                except CellError as error:
                    errors[key] = [str(error)]
                    continue
                if spec.required and value in (None, ""):
                    errors[key] = [f"请填写{spec.label}。"]
                values[key] = value
            row = None
            if not errors:
                try:
                    row = check(values, number)
                except ValidationError as error:
                    errors = {k: list(v) for k, v in error.field_errors.items()} or {"": [error.message]}
            if errors:
                result.report(number).errors = errors
            else:
                result.valid.append(row)

    return validate_rows


def _fill_sample(result: Validation, rows: Sequence[Sequence[Any]]) -> None:
    """The first rows with something to say, as the preview shows them: mapped columns only, ID masked."""
    shown = sorted(result.columns.items(), key=lambda item: item[1])
    masks = {f.key: f.mask for f in kinds.get(result.kind).fields if f.mask is not None}
    for number in sorted(result.reports)[:SAMPLE_SIZE]:
        raw = rows[number - 1] if number - 1 < len(rows) else []
        report = result.reports[number]
        cells = []
        for key, index in shown:
            text = cell_text(raw[index]) if index < len(raw) else ""
            mask = masks.get(key)
            if mask is not None and text:
                text = mask(text)
            cells.append({"field": key, "text": text, "errors": report.errors.get(key, [])})
        other = [m for key, msgs in report.errors.items() if key not in result.columns for m in msgs]
        result.sample.append(
            {
                "row": number,
                "cells": cells,
                "errors": other,
                "warnings": report.warnings,
                "elsewhere": report.elsewhere,
                "invalid": bool(report.errors),
            }
        )
