"""Validation of an import's rows: each row by the domain's own rules, duplicates within the file, and
what the database already holds (members here or in another union; employers by credit code).

Nothing is written here. A member row is checked by members.services.clean_person — the one rule
for a person — after the import's own reading of cells (Excel numbers and dates, value synonyms).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from unionhall.core.bulk import where_in
from unionhall.core.errors import ValidationError
from unionhall.core.normalize import clean_text, compact, parse_date
from unionhall.core.pii import mask_id_number, mask_phone
from unionhall.imports import mapping as maps
from unionhall.imports.models import ImportKind
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.members.services import PersonData, RosterRow, clean_person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Division, Employer, OrgUnit
from unionhall.orgs.services import validate_uscc

SAMPLE_SIZE = 200  # rows with something to say, kept for the preview page
LOOKUP_CHUNK = 10_000  # keys per IN (...) query: below SQLite's 32,766 parameters; PostgreSQL plans it as fast

Progress = Callable[[int], None]


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
class EmployerRow:
    """One valid row of an employer register; a value of None means the file does not say."""

    row: int
    uscc: str
    values: dict[str, Any]


@dataclass
class Validation:
    kind: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]  # field key → column index
    rows: int = 0
    reports: dict[int, RowReport] = field(default_factory=dict)
    members: list[RosterRow] = field(default_factory=list)
    employers: list[EmployerRow] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    sample: list[dict[str, Any]] = field(default_factory=list)
    elsewhere_rows: list[dict[str, Any]] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)  # the keyed hash of each valid member row's ID

    @property
    def error_rows(self) -> list[int]:
        """Row numbers with errors; Excel row n is rows[n - 1], since files are read from row 1."""
        return sorted(n for n, r in self.reports.items() if r.errors)

    def report(self, row: int) -> RowReport:
        found = self.reports.get(row)
        if found is None:
            found = self.reports[row] = RowReport(row)
        return found

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
        labels = {f.key: f.label for f in maps.fields_of(self.kind)}
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
    actor: Any = None,
    progress: Progress | None = None,
) -> Validation:
    """Check every data row below `header_row`; `mapping` is {column index (text): field key}."""
    headers = [cell_text(c).strip() for c in rows[header_row]] if len(rows) > header_row else []
    columns = {key: int(index) for index, key in mapping.items() if key}
    result = Validation(kind=kind, header_row=header_row, headers=headers, columns=columns)
    body = rows[header_row + 1 :]
    if kind == ImportKind.MEMBERS:
        _members(result, body, header_row + 2, progress)
        _classify_members(result, org, actor)
    else:
        _employers(result, body, header_row + 2, progress)
        _classify_employers(result, actor)
    _fill_sample(result, rows)
    return result


def _getter(columns: dict[str, int]) -> Callable[[Sequence[Any], str], Any]:
    def get(row: Sequence[Any], key: str) -> Any:
        index = columns.get(key)
        if index is None or index >= len(row):
            return ""
        return row[index]

    return get


def _members(result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None) -> None:
    # Runs for every row of rosters of 100,000: what depends only on the columns is worked out once.
    columns = result.columns
    get = _getter(columns)
    has = columns.__contains__
    absent = 1 << 30  # the index of a column the file does not have: never < len(row)
    i_name, i_id, i_phone = (columns.get(k, absent) for k in ("name", "id_number", "phone"))
    i_skill, i_hukou = (columns.get(k, absent) for k in ("skill_level", "hukou_address"))
    i_migrant, i_joined = (columns.get(k, absent) for k in ("is_migrant", "joined_on"))
    choices = [
        (key, parse, columns[key])
        for key, parse in (
            ("employment_form", maps.employment_form),
            ("education", maps.education),
            ("political_status", maps.political_status),
        )
        if key in columns
    ]
    identity_columns = has("sex") or has("birth_date")
    today = timezone.localdate()
    seen: dict[str, int] = {}
    for offset, raw in enumerate(body):
        number = first_row + offset
        if progress is not None and offset % 2000 == 0:
            progress(offset)
        if is_blank(raw):
            continue
        result.rows += 1
        errors: dict[str, list[str]] = {}
        extra: dict[str, Any] = {}
        width = len(raw)
        for key, parse, index in choices:
            try:
                value = parse(_text(raw[index]) if index < width else "")
            except maps.CellError as error:
                errors[key] = [str(error)]
            else:
                if value:
                    extra[key] = value
        if i_migrant != absent:
            try:
                migrant = maps.yes_no(_text(raw[i_migrant]) if i_migrant < width else "", "是否农民工")
            except maps.CellError as error:
                errors["is_migrant"] = [str(error)]
            else:
                if migrant is not None:
                    extra["is_migrant"] = migrant
        raw_id: Any = raw[i_id] if i_id < width else ""
        if type(raw_id) in (float, int) and abs(raw_id) >= 1e15:
            errors["id_number"] = ["身份证号被 Excel 存成了数字，末几位已经丢失：请把该列设为「文本」格式后重新填写。"]
            raw_id = ""
        person = PersonData(
            name=_text(raw[i_name]) if i_name < width else "",
            id_number=_text(raw_id),
            phone=_text(raw[i_phone]) if i_phone < width else "",
            skill_level=_text(raw[i_skill]) if i_skill < width else "",
            hukou_address=_text(raw[i_hukou]) if i_hukou < width else "",
            **extra,
        )
        clean = None
        try:
            clean = clean_person(person, today=today)
        except ValidationError as error:
            for key, msgs in error.field_errors.items():
                errors.setdefault(key, []).extend(msgs)
        joined_on = None
        if i_joined != absent:
            try:
                joined_on = parse_date(raw[i_joined] if i_joined < width else "")
            except ValueError as error:
                errors["joined_on"] = [str(error)]
            else:
                if joined_on is not None and joined_on > today:
                    errors["joined_on"] = ["入会日期晚于今天。"]
                elif joined_on is not None and clean is not None and joined_on < clean.resident_id.birth_date:
                    errors["joined_on"] = ["入会日期早于出生日期。"]
        warnings = list(person.warnings)
        if clean is not None:
            if identity_columns:
                warnings.extend(_identity_checks(raw, get, has, clean.resident_id.sex, clean.resident_id.birth_date))
            earlier = seen.get(clean.digest)
            if earlier is not None:
                errors.setdefault("id_number", []).append(f"与第 {earlier} 行的身份证号重复，本行不导入。")
                result.counts["duplicates"] += 1
            elif not errors:
                seen[clean.digest] = number
        if errors or warnings:
            report = result.report(number)
            report.errors = errors
            report.warnings = warnings
        if not errors and clean is not None:
            result.members.append(RosterRow(row=number, person=person, joined_on=joined_on, clean=clean))
            result.digests.append(clean.digest)


def _text(value: Any) -> str:
    return value if type(value) is str else cell_text(value)


_SEX = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}


def _identity_checks(
    raw: Sequence[Any], get: Callable[[Sequence[Any], str], Any], has: Callable[[str], bool], sex: str, born: date
) -> list[str]:
    """Sex and birth date columns, when the file has them, are only compared with the ID number."""
    notes = []
    if has("sex"):
        text = compact(cell_text(get(raw, "sex"))).lower()
        if text and _SEX.get(text, text) != sex:
            notes.append(f"性别「{text}」与身份证号不符，以身份证号为准（{'男' if sex == 'M' else '女'}）。")
    if has("birth_date"):
        value = get(raw, "birth_date")
        try:
            stated = parse_date(value)
        except ValueError:
            stated = None
        if stated is not None and stated != born:
            notes.append(f"出生日期 {stated.isoformat()} 与身份证号不符，以身份证号为准（{born.isoformat()}）。")
    return notes


def _classify_members(result: Validation, org: OrgUnit, actor: Any) -> None:
    """New persons, members here already, and members of another union (offer a transfer). A union
    outside the importer's sight is not named: the row says "其他工会", and a transfer there is a request."""
    digests = result.digests
    person_ids: dict[str, int] = {}
    for persons in where_in(Person.objects.all(), "id_number_hash", digests):
        person_ids.update(persons.values_list("id_number_hash", "id"))
    open_at: dict[int, tuple[int, str]] = {}
    seen = access.reach(actor, Cap.MEMBER_VIEW)
    memberships = Membership.objects.filter(status__in=OPEN_STATUSES)
    for open_ones in where_in(memberships, "person_id", list(person_ids.values())):
        for person_id, org_id, org_name, path in open_ones.values_list("person_id", "org_id", "org__name", "org__path"):
            open_at[person_id] = (org_id, org_name if seen.covers(path) else "")
    for row, digest in zip(result.members, digests, strict=True):
        found = person_ids.get(digest)
        membership = open_at.get(found) if found is not None else None
        if membership is None:
            result.counts["new"] += 1
        elif membership[0] == org.pk:
            result.counts["here"] += 1
        else:
            result.counts["elsewhere"] += 1
            report = result.report(row.row)
            report.elsewhere = membership[1] or "其他工会"
            if membership[1]:
                report.warnings.append(f"已是「{membership[1]}」的会员：可选择接转到本工会，否则本行不导入。")
            else:
                report.warnings.append(
                    "已是其他工会的会员：可选择申请接转（原工会同意或职工确认后生效），否则本行不导入。"
                )
            result.elsewhere_rows.append(
                {"row": row.row, "name": clean_text(row.person.name), "org": membership[1] or "其他工会"}
            )


def _count(value: Any) -> int:
    if value is None or value == "":
        raise LookupError
    if type(value) in (int, float) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise ValueError
    text = compact(cell_text(value)).removesuffix("人").replace(",", "")
    if not text:
        raise LookupError
    number = int(text)  # ValueError when it is no whole number
    if number < 0:
        raise ValueError
    return number


def _employers(result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None) -> None:
    get = _getter(result.columns)
    has = result.columns.__contains__
    seen: dict[str, int] = {}
    for offset, raw in enumerate(body):
        number = first_row + offset
        if progress is not None and offset % 2000 == 0:
            progress(offset)
        if is_blank(raw):
            continue
        result.rows += 1
        errors: dict[str, list[str]] = {}
        warnings: list[str] = []
        values: dict[str, Any] = {}
        name = clean_text(cell_text(get(raw, "name")))
        if not name:
            errors["name"] = ["请填写单位名称。"]
        elif len(name) > 200:
            errors["name"] = ["单位名称过长（最多 200 字）。"]
        values["name"] = name
        code = ""
        try:
            code = validate_uscc(cell_text(get(raw, "uscc")))
        except ValidationError as error:
            errors["uscc"] = error.field_errors.get("uscc", [error.message])
        for key in ("registered_on", "opened_on"):
            if has(key):
                try:
                    values[key] = parse_date(get(raw, key))
                except ValueError as error:
                    errors[key] = [str(error)]
        registered, opened = values.get("registered_on"), values.get("opened_on")
        if registered and opened and opened < registered:
            errors["opened_on"] = ["开业日期不能早于成立日期。"]
        if has("employee_count"):
            try:
                values["employee_count"] = _count(get(raw, "employee_count"))
            except LookupError:
                pass
            except ValueError:
                errors["employee_count"] = ["职工人数须为不小于 0 的整数。"]
        if has("address"):
            address = clean_text(cell_text(get(raw, "address")))
            if len(address) > 200:
                errors["address"] = ["地址过长（最多 200 字）。"]
            values["address"] = address or None
        if has("division"):
            digits = compact(cell_text(get(raw, "division")))
            if digits and not (digits.isdigit() and len(digits) in (6, 9, 12)):
                warnings.append(f"区划代码「{digits}」应为 6、9 或 12 位数字，未设置所在区划。")
            elif digits:
                values["division"] = digits.ljust(12, "0")
        for key, reader, label in (
            ("ownership", maps.ownership, "经济类型"),
            ("industry", maps.industry, "行业"),
        ):
            if has(key):
                text = cell_text(get(raw, key))
                found = reader(text)
                if found == "":
                    warnings.append(f"{label}「{text}」无法对应，未设置。")
                elif found:
                    values[key] = found
        if code and not errors:
            earlier = seen.get(code)
            if earlier is not None:
                errors["uscc"] = [f"与第 {earlier} 行的统一社会信用代码重复，本行不导入。"]
                result.counts["duplicates"] += 1
            else:
                seen[code] = number
        if errors or warnings:
            report = result.report(number)
            report.errors = errors
            report.warnings = warnings
        if not errors:
            result.employers.append(EmployerRow(row=number, uscc=code, values=values))


def _classify_employers(result: Validation, actor: Any) -> None:
    """Existing employers are updated when the importer may edit them; unknown division codes dropped."""
    codes = [row.uscc for row in result.employers]
    existing: dict[str, tuple[str, str | None]] = {}
    for start in range(0, len(codes), LOOKUP_CHUNK):
        for uscc, org_path, union_path in Employer.objects.filter(
            uscc__in=codes[start : start + LOOKUP_CHUNK]
        ).values_list("uscc", "org__path", "union__path"):
            existing[uscc] = (org_path, union_path)
    divisions = sorted({row.values["division"] for row in result.employers if row.values.get("division")})
    known: set[str] = set()
    for start in range(0, len(divisions), LOOKUP_CHUNK):
        known.update(
            Division.objects.filter(code__in=divisions[start : start + LOOKUP_CHUNK]).values_list("code", flat=True)
        )
    reach = access.reach(actor, Cap.EMPLOYER_EDIT)
    kept: list[EmployerRow] = []
    for row in result.employers:
        code = row.values.get("division")
        if code and code not in known:
            row.values["division"] = None
            result.report(row.row).warnings.append(f"区划代码 {code} 不在区划表中，未设置所在区划。")
        paths = existing.get(row.uscc)
        if paths is None:
            result.counts["new"] += 1
        elif any(p and reach.covers(p) for p in paths):
            result.counts["here"] += 1
        else:
            report = result.report(row.row)
            report.errors["uscc"] = ["该单位已由您权限范围以外的组织登记，不能由本次导入修改。"]
            continue
        kept.append(row)
    result.employers = kept


def _fill_sample(result: Validation, rows: Sequence[Sequence[Any]]) -> None:
    """The first rows with something to say, as the preview shows them: mapped columns only, ID masked."""
    shown = sorted(result.columns.items(), key=lambda item: item[1])
    for number in sorted(result.reports)[:SAMPLE_SIZE]:
        raw = rows[number - 1] if number - 1 < len(rows) else []
        report = result.reports[number]
        cells = []
        for key, index in shown:
            text = cell_text(raw[index]) if index < len(raw) else ""
            if key == "id_number" and text:
                text = mask_id_number(compact(text).upper())
            elif key == "phone" and text:
                text = mask_phone(compact(text))
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
