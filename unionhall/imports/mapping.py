"""Which column holds what: the fields of each kind of import, header and value synonyms, and the
mapping a union confirmed last time for the same headers.

Headers are compared after normalization: full-width to half-width, spaces removed, required markers
(`*`) and notes in brackets dropped, so `*身份证号码（18位）` reads as `身份证号码`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from unionhall.core.normalize import compact
from unionhall.imports.models import ColumnMapping, ImportKind
from unionhall.members.models import Education, EmploymentForm, PoliticalStatus
from unionhall.orgs.models import Industry, OrgUnit, Ownership


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False
    note: str = ""


MEMBER_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", ("姓名", "名字", "职工姓名", "会员姓名", "员工姓名", "name"), required=True),
    Field(
        "id_number",
        "身份证号",
        ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "居民身份证号码", "身份证件号码", "idnumber"),
        required=True,
    ),
    Field("phone", "手机号码", ("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式", "移动电话")),
    Field("joined_on", "入会日期", ("入会日期", "入会时间", "加入工会日期", "加入工会时间", "入会年月")),
    Field("employment_form", "就业形态", ("就业形态", "用工形式", "用工方式", "用工类型", "就业方式")),
    Field("is_migrant", "是否农民工", ("是否农民工", "农民工")),
    Field("education", "学历", ("学历", "文化程度", "最高学历")),
    Field("political_status", "政治面貌", ("政治面貌",)),
    Field("skill_level", "技能等级", ("技能等级", "职业技能等级", "技术等级")),
    Field("hukou_address", "户籍地", ("户籍地", "户籍地址", "户籍所在地", "户口所在地")),
    Field("sex", "性别（仅核对）", ("性别",), note="与身份证号不符时提示"),
    Field("birth_date", "出生日期（仅核对）", ("出生日期", "出生年月日", "生日"), note="与身份证号不符时提示"),
)

EMPLOYER_FIELDS: tuple[Field, ...] = (
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

FIELDS: dict[str, tuple[Field, ...]] = {ImportKind.MEMBERS: MEMBER_FIELDS, ImportKind.EMPLOYERS: EMPLOYER_FIELDS}

_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")


def normalize_header(value: Any) -> str:
    """`*身份证号码（18位）：` → `身份证号码`; `Name` → `name`."""
    text = compact(str(value if value is not None else ""))
    text = _NOTES.sub("", text).replace("*", "").rstrip(":")
    return text.lower()


def fields_of(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


def _synonyms(kind: str) -> dict[str, str]:
    return {normalize_header(s): f.key for f in fields_of(kind) for s in (*f.synonyms, f.label)}


def signature(headers: Sequence[str]) -> str:
    """Stands for a header row: equal headers (after normalization) have equal signatures."""
    joined = "\x1f".join(normalize_header(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()


def find_header_row(rows: Sequence[Sequence[Any]], kind: str, *, look: int = 10) -> int:
    """The first of the top rows naming at least two known fields (rosters often start with a title
    row such as 「××公司工会会员花名册」); else the first non-empty row."""
    known = _synonyms(kind)
    first_filled = None
    for index, row in enumerate(rows[:look]):
        names = [normalize_header(cell) for cell in row]
        if first_filled is None and any(names):
            first_filled = index
        if len({known[n] for n in names if n in known}) >= 2:
            return index
    return first_filled or 0


def suggest(headers: Sequence[str], kind: str, org: OrgUnit | None = None) -> list[str]:
    """A field key (or "") for each column: the mapping the union confirmed for these very headers; else
    what it chose before for each header text; else the synonyms. Each field goes to one column."""
    normalized = [normalize_header(h) for h in headers]
    if org is not None:
        remembered = ColumnMapping.objects.filter(org=org, kind=kind, signature=signature(headers)).first()
        if remembered is not None and len(remembered.fields) == len(headers):
            return list(remembered.fields)
    by_text: dict[str, str] = {}
    if org is not None:
        for earlier in ColumnMapping.objects.filter(org=org, kind=kind).order_by("updated_at")[:50]:
            by_text.update(zip(earlier.headers, earlier.fields, strict=False))
    synonyms = _synonyms(kind)
    chosen: list[str] = []
    used: set[str] = set()
    for text in normalized:
        key = by_text.get(text, synonyms.get(text, "")) if text else ""
        if key in used:
            key = ""
        if key:
            used.add(key)
        chosen.append(key)
    return chosen


def check_mapping(fields: Sequence[str], kind: str) -> dict[str, list[str]]:
    """Field errors of a chosen mapping: required fields missing, a field chosen twice, unknown keys."""
    known = {f.key: f for f in fields_of(kind)}
    errors: list[str] = []
    seen: set[str] = set()
    for key in fields:
        if not key:
            continue
        if key not in known:
            errors.append(f"未知的字段：{key}")
        elif key in seen:
            errors.append(f"「{known[key].label}」对应了多列，请只选一列。")
        seen.add(key)
    missing = [f.label for f in known.values() if f.required and f.key not in seen]
    if missing:
        errors.append(f"请指定必填列：{'、'.join(missing)}。")
    return {"mapping": errors} if errors else {}


def remember(org: OrgUnit, kind: str, headers: Sequence[str], fields: Sequence[str]) -> None:
    ColumnMapping.objects.update_or_create(
        org=org,
        kind=kind,
        signature=signature(headers),
        defaults={"headers": [normalize_header(h) for h in headers], "fields": list(fields)},
    )


# --- values ---------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell's value is not one the field accepts; the message says so in Chinese."""


_YES = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "x", "无", "不是"}


def yes_no(text: str, label: str) -> bool | None:
    value = compact(text).lower()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(f"{label}应填「是」或「否」，现为「{text}」。")


# Checked in order: the first entry whose word occurs in the cell decides (大专 before 大学, 研究生 first).
_EMPLOYMENT = (
    ("派遣", EmploymentForm.DISPATCHED),
    ("新就业", EmploymentForm.PLATFORM),
    ("平台", EmploymentForm.PLATFORM),
    ("快递", EmploymentForm.PLATFORM),
    ("外卖", EmploymentForm.PLATFORM),
    ("骑手", EmploymentForm.PLATFORM),
    ("网约车", EmploymentForm.PLATFORM),
    ("货车司机", EmploymentForm.PLATFORM),
    ("网络主播", EmploymentForm.PLATFORM),
    ("标准", EmploymentForm.STANDARD),
    ("合同", EmploymentForm.STANDARD),
    ("全日制", EmploymentForm.STANDARD),
    ("正式", EmploymentForm.STANDARD),
    ("在编", EmploymentForm.STANDARD),
    ("固定", EmploymentForm.STANDARD),
)
_EDUCATION = (
    ("博士", Education.POSTGRADUATE),
    ("硕士", Education.POSTGRADUATE),
    ("研究生", Education.POSTGRADUATE),
    ("大专", Education.COLLEGE),
    ("专科", Education.COLLEGE),
    ("高职", Education.COLLEGE),
    ("本科", Education.BACHELOR),
    ("学士", Education.BACHELOR),
    ("大学", Education.BACHELOR),
    ("高中", Education.SENIOR),
    ("中专", Education.SENIOR),
    ("技校", Education.SENIOR),
    ("职高", Education.SENIOR),
    ("中技", Education.SENIOR),
    ("技工", Education.SENIOR),
    ("中等专业", Education.SENIOR),
    ("中职", Education.SENIOR),
    ("初中", Education.JUNIOR),
    ("小学", Education.PRIMARY),
    ("文盲", Education.PRIMARY),
)
_POLITICAL = (
    ("预备党员", PoliticalStatus.CPC),
    ("党员", PoliticalStatus.CPC),
    ("团员", PoliticalStatus.CYL),
    ("民革", PoliticalStatus.DEMOCRATIC),
    ("民盟", PoliticalStatus.DEMOCRATIC),
    ("民建", PoliticalStatus.DEMOCRATIC),
    ("民进", PoliticalStatus.DEMOCRATIC),
    ("农工", PoliticalStatus.DEMOCRATIC),
    ("致公", PoliticalStatus.DEMOCRATIC),
    ("九三", PoliticalStatus.DEMOCRATIC),
    ("台盟", PoliticalStatus.DEMOCRATIC),
    ("民主党派", PoliticalStatus.DEMOCRATIC),
    ("无党派", PoliticalStatus.MASSES),
    ("群众", PoliticalStatus.MASSES),
)
_OWNERSHIP = (
    ("港澳台", Ownership.HMT),
    ("外商", Ownership.FOREIGN),
    ("外资", Ownership.FOREIGN),
    ("外国", Ownership.FOREIGN),
    ("中外合", Ownership.FOREIGN),
    ("国有", Ownership.STATE),
    ("国营", Ownership.STATE),
    ("集体", Ownership.COLLECTIVE),
    ("股份合作", Ownership.COLLECTIVE),
    ("私营", Ownership.PRIVATE),
    ("民营", Ownership.PRIVATE),
    ("自然人", Ownership.PRIVATE),
    ("个人独资", Ownership.PRIVATE),
    ("合伙", Ownership.PRIVATE),
    ("个体", Ownership.PRIVATE),
    ("有限责任", Ownership.PRIVATE),
    ("股份有限", Ownership.PRIVATE),
)


def _by_words(text: str, table: Sequence[tuple[str, str]], choices: Any) -> str | None:
    value = compact(text)
    if not value:
        return None
    for key, label in choices.choices:
        if value in (key, label, compact(label)):
            return str(key)
    for word, key in table:
        if word in value:
            return str(key)
    return ""


# A column of a roster holds a handful of distinct values: each is read once per file, not once per row.
@lru_cache(maxsize=4096)
def employment_form(text: str) -> str | None:
    found = _by_words(text, _EMPLOYMENT, EmploymentForm)
    if found == "":
        raise CellError(f"就业形态「{text}」无法识别，可填：标准劳动关系、劳务派遣、新就业形态。")
    return found


@lru_cache(maxsize=4096)
def education(text: str) -> str | None:
    found = _by_words(text, _EDUCATION, Education)
    if found == "":
        raise CellError(f"学历「{text}」无法识别，可填：研究生、本科、大专、高中/中专/技校、初中、小学及以下。")
    return found


@lru_cache(maxsize=4096)
def political_status(text: str) -> str | None:
    found = _by_words(text, _POLITICAL, PoliticalStatus)
    if found == "":
        raise CellError(f"政治面貌「{text}」无法识别，可填：中共党员、共青团员、民主党派、群众。")
    return found


@lru_cache(maxsize=4096)
def ownership(text: str) -> str | None:
    """Market-register company types (有限责任公司（自然人投资或控股）…) read as an ownership; "" if unknown."""
    return _by_words(text, _OWNERSHIP, Ownership)


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
