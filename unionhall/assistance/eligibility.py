"""Who qualifies for a programme and how much: read from the programme's data (`rules`, `amounts`), never
hard-coded. Pure reads, no writes: the money services call `check` before a request is recorded, the
送温暖 batch calls it per household, the programme form calls `validate_rules` before saving.

rules:   {"categories": ["deep", ...], "max_per_year": 1, "evidence": ["admission", ...]}
amounts: {"default": fen, "by_category": {"deep": fen}, "by_tier": {"undergraduate": fen}, "max": fen}

A missing key means "no condition": no `categories` admits every category, no `max_per_year` no yearly
limit, no `max` no ceiling beyond the platform's (core.money.MAX_FEN).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from unionhall.assistance.models import (
    Disbursement,
    DisbursementStatus,
    EvidenceKind,
    FileStatus,
    HardshipCategory,
    HardshipFile,
    Programme,
    ProgrammeKind,
    SchoolTier,
)
from unionhall.core.errors import ValidationError
from unionhall.core.money import MAX_FEN, yuan_display

# The categories a programme may admit: an archive found 未达困难标准 is not a hardship household.
ELIGIBLE_CATEGORIES = tuple(c for c in HardshipCategory.values if c != HardshipCategory.NONE)
RULE_KEYS = frozenset({"categories", "max_per_year", "evidence"})
AMOUNT_KEYS = frozenset({"default", "by_category", "by_tier", "max"})
# 金秋助学 needs these in a request's details; the child's name and school go on the approval form.
EDUCATION_DETAILS = ("child_name", "school", "tier")
MAX_PER_YEAR_LIMIT = 366


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _year_bounds(on: date) -> tuple[datetime, datetime]:
    """The calendar year of `on` in Asia/Shanghai, as aware datetimes [start, end)."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(date(on.year, 1, 1), time.min, tzinfo=tz)
    end = datetime.combine(date(on.year + 1, 1, 1), time.min, tzinfo=tz)
    return start, end


def requests_this_year(*, file: HardshipFile, programme: Programme, on: date, exclude_pk: int | None = None) -> int:
    """Requests of this programme for this archive in the calendar year of `on` that still count: every
    one not rejected nor cancelled (requested, awaiting a second approval, approved, paid)."""
    start, end = _year_bounds(on)
    qs = Disbursement.objects.filter(
        file=file, programme=programme, requested_at__gte=start, requested_at__lt=end
    ).exclude(status__in=[DisbursementStatus.REJECTED, DisbursementStatus.CANCELLED])
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def check(
    *,
    file: HardshipFile,
    programme: Programme,
    amount_fen: int,
    details: Mapping[str, Any] | None,
    on: date,
    exclude_pk: int | None = None,
) -> None:
    """Raise ValidationError (every reason at once, in Chinese, by field) unless the household qualifies
    for `programme` on `on` and `amount_fen` is within its amounts. `exclude_pk` leaves a request out of
    the yearly count (when an existing request is checked again at approval)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    rules = programme.rules or {}
    amounts = programme.amounts or {}
    details = details or {}

    if not programme.active:
        add("programme", f"帮扶项目「{programme.name}」已停用。")
    if file.status != FileStatus.APPROVED:
        add(
            "archive", f"档案{file.no}的状态为「{_label(FileStatus, file.status)}」，只有已建档的困难职工可以申请帮扶。"
        )
    categories = rules.get("categories")
    if categories is not None and file.category not in categories:
        allowed = "、".join(_label(HardshipCategory, c) for c in categories) or "无"
        add(
            "archive",
            f"「{programme.name}」只面向{allowed}的档案，该档案为「{_label(HardshipCategory, file.category)}」。",
        )
    max_per_year = rules.get("max_per_year")
    if max_per_year is not None:
        used = requests_this_year(file=file, programme=programme, on=on, exclude_pk=exclude_pk)
        if used >= max_per_year:
            add(
                "programme",
                f"该档案{on.year}年已申请「{programme.name}」{used}次，每户每年最多{max_per_year}次。",
            )

    if amount_fen <= 0:
        add("amount", "金额必须大于零。")
    ceiling = amounts.get("max")
    if ceiling is not None and amount_fen > ceiling:
        add("amount", f"金额超过该项目的上限 {yuan_display(ceiling)} 元。")
    elif amount_fen > MAX_FEN:
        add("amount", "金额超出上限（1000 万元）。")

    evidence_kinds = set(file.evidence.values_list("kind", flat=True)) if file.pk else set()
    required = list(rules.get("evidence") or [])
    if programme.kind == ProgrammeKind.EDUCATION:
        if not str(details.get("child_name") or "").strip():
            add("child_name", "请填写子女姓名。")
        if not str(details.get("school") or "").strip():
            add("school", "请填写录取学校。")
        tier = details.get("tier")
        if tier not in SchoolTier.values:
            add("tier", "请选择录取院校层次。")
        else:
            tier_cap = (amounts.get("by_tier") or {}).get(tier)
            if tier_cap is not None and amount_fen > tier_cap:
                add(
                    "amount",
                    f"{_label(SchoolTier, tier)}的助学标准为 {yuan_display(tier_cap)} 元，金额不能超过该标准。",
                )
        if EvidenceKind.ADMISSION not in required:
            required.insert(0, EvidenceKind.ADMISSION)
    missing = [k for k in required if k not in evidence_kinds]
    if missing:
        names = "、".join(_label(EvidenceKind, k) for k in missing)
        add("evidence", f"档案缺少证明材料：{names}，请先上传。")

    if errors:
        raise ValidationError("不符合该帮扶项目的条件。", field_errors=errors)


def suggested_amount(*, file: HardshipFile, programme: Programme, details: Mapping[str, Any] | None = None) -> int:
    """The standard amount for this household: by school tier (金秋助学), else by category, else the
    default; never above the programme's maximum. 0 when the programme names no amount."""
    amounts = programme.amounts or {}
    details = details or {}
    amount: int | None = None
    tier = details.get("tier")
    if programme.kind == ProgrammeKind.EDUCATION and tier:
        amount = (amounts.get("by_tier") or {}).get(tier)
    if amount is None:
        amount = (amounts.get("by_category") or {}).get(file.category)
    if amount is None:
        amount = amounts.get("default")
    amount = int(amount or 0)
    ceiling = amounts.get("max")
    return min(amount, int(ceiling)) if ceiling is not None else amount


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_rules(rules: Mapping[str, Any], amounts: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check a programme's rules and amounts before the city saves them; returns clean copies.

    Field errors are keyed as the programme form names its fields: categories, max_per_year, evidence,
    amount_default, amount_max, amount_<category> (by category), tier_<tier> (by school tier).
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    clean_rules: dict[str, Any] = {}
    clean_amounts: dict[str, Any] = {}
    for key in sorted(set(rules) - RULE_KEYS):
        add("rules", f"未知的资格规则：{key}。")
    for key in sorted(set(amounts) - AMOUNT_KEYS):
        add("amounts", f"未知的金额项：{key}。")

    if "categories" in rules:
        categories = rules["categories"]
        if not isinstance(categories, list) or not categories:
            add("categories", "请至少选择一个困难类别。")
        elif bad := [c for c in categories if c not in ELIGIBLE_CATEGORIES]:
            add("categories", f"无效的困难类别：{'、'.join(map(str, bad))}。")
        else:
            clean_rules["categories"] = [c for c in ELIGIBLE_CATEGORIES if c in categories]
    if rules.get("max_per_year") is not None:
        n = rules["max_per_year"]
        if not _is_count(n) or not 1 <= n <= MAX_PER_YEAR_LIMIT:
            add("max_per_year", f"每户每年次数须为 1 至 {MAX_PER_YEAR_LIMIT} 之间的整数，不限次数请留空。")
        else:
            clean_rules["max_per_year"] = n
    if "evidence" in rules:
        kinds = rules["evidence"]
        if not isinstance(kinds, list):
            add("evidence", "证明材料须为材料类型的列表。")
        elif bad := [k for k in kinds if k not in EvidenceKind.values]:
            add("evidence", f"无效的材料类型：{'、'.join(map(str, bad))}。")
        elif kinds:
            clean_rules["evidence"] = [k for k in EvidenceKind.values if k in kinds]

    def amount(value: Any, field: str, *, allow_zero: bool = False) -> int | None:
        if not _is_count(value) or value < 0 or (value == 0 and not allow_zero) or value > MAX_FEN:
            add(field, "金额须为大于零且不超过 1000 万元的数额（以分计）。")
            return None
        return int(value)

    ceiling = None
    if amounts.get("max") is not None:
        ceiling = amount(amounts["max"], "amount_max")
        if ceiling is not None:
            clean_amounts["max"] = ceiling
    if amounts.get("default") is not None:
        default = amount(amounts["default"], "amount_default")
        if default is not None:
            clean_amounts["default"] = default
    for key, valid, prefix in (
        ("by_category", ELIGIBLE_CATEGORIES, "amount_"),
        ("by_tier", tuple(SchoolTier.values), "tier_"),
    ):
        table = amounts.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            add("amounts", f"{key} 须为对照表。")
            continue
        clean_table: dict[str, int] = {}
        for name, value in table.items():
            if name not in valid:
                add("amounts", f"无效的{'困难类别' if key == 'by_category' else '院校层次'}：{name}。")
                continue
            if value is None:
                continue
            fen = amount(value, f"{prefix}{name}")
            if fen is not None:
                clean_table[name] = fen
        if clean_table:
            clean_amounts[key] = {n: clean_table[n] for n in valid if n in clean_table}

    if ceiling is not None:
        if clean_amounts.get("default", 0) > ceiling:
            add("amount_default", "默认金额不能超过最高金额。")
        for name, fen in clean_amounts.get("by_category", {}).items():
            if fen > ceiling:
                add(f"amount_{name}", f"{_label(HardshipCategory, name)}的金额不能超过最高金额。")
        for name, fen in clean_amounts.get("by_tier", {}).items():
            if fen > ceiling:
                add(f"tier_{name}", f"{_label(SchoolTier, name)}的金额不能超过最高金额。")
    categories = clean_rules.get("categories")
    if categories is not None:
        for name in clean_amounts.get("by_category", {}):
            if name not in categories:
                add(f"amount_{name}", f"项目不面向{_label(HardshipCategory, name)}的档案，不能为其设定金额。")

    if errors:
        raise ValidationError(field_errors=errors)
    return clean_rules, clean_amounts
