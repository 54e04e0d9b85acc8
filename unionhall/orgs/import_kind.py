"""The employer register (市场监管部门的用人单位名录) as an import kind: its columns, how a row is read
(types and industries from the register's own words) and committed (register_services). Registered
with the imports app from OrgsConfig.ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from unionhall.core.actors import Actor
from unionhall.core.errors import ValidationError
from unionhall.core.normalize import clean_text, compact, parse_date
from unionhall.imports import kinds
from unionhall.imports.kinds import Committed, Context, Field, Kind, Progress
from unionhall.imports.mapping import by_words
from unionhall.imports.models import ImportJob
from unionhall.imports.validation import LOOKUP_CHUNK, Validation, cell_getter, cell_text, data_rows
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Division, Employer, Industry, Ownership
from unionhall.orgs.register_services import EmployerRow, employer_register_commit
from unionhall.orgs.services import validate_uscc

EMPLOYERS = "employers"

FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称", ("单位名称", "企业名称", "名称", "市场主体名称", "主体名称", "用人单位"), required=True),
    Field("uscc", "统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码"), required=True),
    Field("registered_on", "成立日期", ("成立日期", "注册日期", "登记日期", "成立时间", "设立日期")),
    Field("opened_on", "开业日期", ("开业日期", "开业时间", "营业日期")),
    Field("address", "地址", ("地址", "住所", "经营场所", "注册地址", "单位地址", "经营地址")),
    Field("division", "所在区划代码", ("区划代码", "所在区划", "行政区划代码", "统计用区划代码", "所属区划")),
    Field("employee_count", "职工人数", ("职工人数", "从业人数", "员工人数", "职工数", "人数", "从业人员数")),
    Field("ownership", "经济类型", ("经济类型", "企业类型", "市场主体类型", "经济性质", "类型")),
    Field("industry", "行业", ("行业", "行业门类", "所属行业", "行业分类")),
)

_OWNERSHIP = (
    (Ownership.HMT, ("港澳台",)),
    (Ownership.FOREIGN, ("外商", "外资", "外国", "中外合")),
    (Ownership.STATE, ("国有", "国营")),
    (Ownership.COLLECTIVE, ("集体", "股份合作")),
    (Ownership.PRIVATE, ("私营", "民营", "自然人", "个人独资", "合伙", "个体", "有限责任", "股份有限")),
)


@lru_cache(maxsize=4096)
def ownership(text: str) -> str | None:
    """Market-register company types (有限责任公司（自然人投资或控股）…) read as an ownership; "" if unknown."""
    return by_words(text, _OWNERSHIP, Ownership)


@lru_cache(maxsize=4096)
def industry(text: str) -> str | None:
    """A GB/T 4754 section letter (C) or its name (制造业); "" if not one of ours."""
    value = compact(text).upper()
    if not value:
        return None
    if len(value) >= 1 and value[0] in Industry.values and (len(value) == 1 or not value[1].isalpha()):
        return value[0]
    for key, label in Industry.choices:
        if label in text or compact(label) in value:
            return str(key)
    return ""


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


def validate_register(
    result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None, context: Context
) -> None:
    """Each row (name, credit code, dates, counts; types and industries read from the register's own
    words), duplicate credit codes within the file, then which employers exist and may be updated."""
    _rows(result, body, first_row, progress)
    _classify(result, context.actor)


def _rows(result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None) -> None:
    get = cell_getter(result.columns)
    has = result.columns.__contains__
    seen: dict[str, int] = {}
    for number, raw in data_rows(result, body, first_row, progress):
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
            ("ownership", ownership, "经济类型"),
            ("industry", industry, "行业"),
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
        result.note(number, errors, warnings)
        if not errors:
            result.valid.append(EmployerRow(row=number, uscc=code, values=values))


def _classify(result: Validation, actor: Actor | None) -> None:
    """Existing employers are updated when the importer may edit them; unknown division codes dropped."""
    codes = [row.uscc for row in result.valid]
    existing: dict[str, tuple[str, str | None]] = {}
    for start in range(0, len(codes), LOOKUP_CHUNK):
        for uscc, org_path, union_path in Employer.objects.filter(
            uscc__in=codes[start : start + LOOKUP_CHUNK]
        ).values_list("uscc", "org__path", "union__path"):
            existing[uscc] = (org_path, union_path)
    divisions = sorted({row.values["division"] for row in result.valid if row.values.get("division")})
    known: set[str] = set()
    for start in range(0, len(divisions), LOOKUP_CHUNK):
        known.update(
            Division.objects.filter(code__in=divisions[start : start + LOOKUP_CHUNK]).values_list("code", flat=True)
        )
    reach = access.reach(actor, Cap.EMPLOYER_EDIT)
    kept: list[EmployerRow] = []
    for row in result.valid:
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
    result.valid = kept


def commit_register(actor: Actor, job: ImportJob, result: Validation, source: str) -> Committed:
    employers = employer_register_commit(actor=actor, org=job.org, rows=result.valid, source=source)
    outcome = employers.as_dict()
    outcome["added"] = employers.created
    return Committed(outcome=outcome, not_in=dict(employers.refused))


REGISTER = Kind(
    key=EMPLOYERS,
    label="用人单位名录",
    fields=FIELDS,
    capability=Cap.EMPLOYER_EDIT,
    view_capability=Cap.EMPLOYER_VIEW,
    validate=validate_register,
    commit=commit_register,
    counts=(("new", "新单位"), ("here", "已登记")),
    added_label="新增单位",
    help="用人单位名录导入到负责该区域的组织。",
    order=20,
)


def register() -> None:
    kinds.register(REGISTER)
