"""Writes to the organization tree. Each function is one business action: it checks permission through
access.py, validates, writes inside a transaction and records exactly one audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Q
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError as StdnumError

from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.rows import only_editable, set_checked
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import (
    ALLOWED_PARENT_LEVELS,
    Employer,
    GrassrootsKind,
    OrgLevel,
    OrgStatus,
    OrgUnit,
    term_end,
)

# Other apps register what keeps a unit from being dissolved (members, open cases, …) and what must
# follow a unit when it is merged into another. Each blocker returns a Chinese reason or None.
DissolveBlocker = Callable[[OrgUnit], "str | None"]
MergeHook = Callable[[OrgUnit, OrgUnit], None]
DISSOLVE_BLOCKERS: list[DissolveBlocker] = []
MERGE_HOOKS: list[MergeHook] = []


ORG_EDITABLE = (
    "name",
    "kind",
    "uscc",
    "division",
    "address",
    "founded_on",
    "term_years",
    "term_started_on",
    "chair_name",
    "employee_count",
    "has_party_org",
    "party_co_build",
    "ends_on",
)
EMPLOYER_EDITABLE = (
    "name",
    "uscc",
    "ownership",
    "industry",
    "division",
    "address",
    "registered_on",
    "opened_on",
    "employee_count",
    "union",
)


def normalize_uscc(value: str) -> str:
    return uscc_std.compact(value or "").upper()


def validate_uscc(value: str, *, field: str = "uscc") -> str:
    code = normalize_uscc(value)
    try:
        return uscc_std.validate(code)
    except StdnumError:
        raise ValidationError(
            field_errors={field: ["统一社会信用代码格式或校验位不正确（18 位，GB 32100）。"]}
        ) from None


def _validate_unit_fields(level: str, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = ["请填写名称。"]
    values["name"] = name
    kind = values.get("kind") or ""
    if level == OrgLevel.GRASSROOTS and kind not in GrassrootsKind.values:
        errors["kind"] = ["基层工会必须选择类型。"]
    if level != OrgLevel.GRASSROOTS:
        values["kind"] = ""
    if values.get("uscc"):
        try:
            values["uscc"] = validate_uscc(values["uscc"])
        except ValidationError as e:
            errors.update(e.field_errors)
        else:
            if not values["uscc"].startswith("81"):
                errors["uscc"] = ["工会法人的统一社会信用代码以 81 开头。"]
    if values.get("term_years") not in (None, "", 3, 5):
        errors["term_years"] = ["届期只能是 3 年或 5 年。"]
    if kind == GrassrootsKind.PROJECT and level == OrgLevel.GRASSROOTS and not values.get("ends_on"):
        errors["ends_on"] = ["项目工会须填写项目结束日期。"]
    if errors:
        raise ValidationError(field_errors=errors)
    values["term_ends_on"] = term_end(values.get("term_started_on"), values.get("term_years"))
    return values


def _check_parent(level: str, parent: OrgUnit | None) -> None:
    allowed = ALLOWED_PARENT_LEVELS[level]
    if parent is None:
        if allowed:
            raise ValidationError(field_errors={"parent": ["只有市总工会可以作为根节点。"]})
        return
    if parent.level not in allowed:
        raise ValidationError(
            field_errors={
                "parent": [f"{OrgLevel(level).label}不能设在{OrgLevel(parent.level).label}之下。"],
            }
        )
    if parent.status != OrgStatus.ACTIVE:
        raise ValidationError(field_errors={"parent": ["上级组织已合并或撤销。"]})


def orgunit_create_root(*, actor: Actor, code: str, name: str, **fields: Any) -> OrgUnit:
    """The city federation: created by a command on an empty tree, never through a page."""
    with audited(actor=actor, action="orgunit.create") as event:
        if OrgUnit.objects.filter(depth=1).exists():
            raise Conflict("组织树已有根节点（市总工会）。")
        values = _validate_unit_fields(OrgLevel.CITY, {"name": name, **fields})
        unit = OrgUnit.objects.add_root({"code": code, "level": OrgLevel.CITY, **values})
        event.target(unit, org=unit)
        event.changes = {"code": code, "name": unit.name, "level": OrgLevel.CITY}
    return unit


def orgunit_create(*, actor: Actor, parent: OrgUnit, code: str, level: str, **fields: Any) -> OrgUnit:
    with audited(actor=actor, action="orgunit.create", org=parent) as event:
        access.require(actor, Cap.ORG_STRUCTURE, parent)
        code = (code or "").strip()
        if not code:
            raise ValidationError(field_errors={"code": ["请填写编码。"]})
        if OrgUnit.objects.filter(code=code).exists():
            raise ValidationError(field_errors={"code": ["该编码已被使用。"]})
        if level not in OrgLevel.values:
            raise ValidationError(field_errors={"level": ["层级不正确。"]})
        _check_parent(level, parent)
        values = _validate_unit_fields(level, dict(fields))
        unit = OrgUnit.objects.add_child(parent, {"code": code, "level": level, **values})
        event.target(unit, org=unit)
        event.changes = {"code": code, "name": unit.name, "level": level, "parent": parent.code}
    return unit


def orgunit_update(*, actor: Actor, unit: OrgUnit, **fields: Any) -> OrgUnit:
    with audited(actor=actor, action="orgunit.update", org=unit, obj=unit) as event:
        access.require(actor, Cap.ORG_EDIT, unit, obj=unit)
        if unit.status != OrgStatus.ACTIVE:
            raise Conflict("已合并或撤销的组织不能修改。")
        only_editable(fields, ORG_EDITABLE)
        event.changes = set_checked(
            unit, fields, ORG_EDITABLE, lambda merged: _validate_unit_fields(unit.level, merged)
        )
        unit.save(update_fields=[*ORG_EDITABLE, "term_ends_on", "updated_at"])
    return unit


def orgunit_move(*, actor: Actor, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    with audited(actor=actor, action="orgunit.move", org=unit, obj=unit) as event:
        access.require(actor, Cap.ORG_STRUCTURE, unit, obj=unit)
        access.require(actor, Cap.ORG_STRUCTURE, new_parent)
        if unit.is_root():
            raise ValidationError(field_errors={"parent": ["市总工会不能移动。"]})
        if new_parent.path.startswith(unit.path):
            raise ValidationError(field_errors={"parent": ["不能移到自身或其下级组织之下。"]})
        _check_parent(unit.level, new_parent)
        old_parent = OrgUnit.objects.get_parent(unit)
        if old_parent is not None and old_parent.pk == new_parent.pk:
            raise ValidationError(field_errors={"parent": ["已在该上级组织之下。"]})
        OrgUnit.objects.move(unit, new_parent, pos="sorted-child")
        unit.refresh_from_db()
        event.org = unit
        event.changes = {"parent": [old_parent.code if old_parent else None, new_parent.code]}
    return unit


def dissolve_blockers(unit: OrgUnit) -> list[str]:
    reasons: list[str] = []
    active_children = OrgUnit.objects.get_children(unit).filter(status=OrgStatus.ACTIVE).count()
    if active_children:
        reasons.append(f"还有 {active_children} 个下级组织，请先移走或撤销。")
    covered = Employer.objects.filter(union=unit).count()
    if covered:
        reasons.append(f"还覆盖 {covered} 家用人单位，请先改由其他工会覆盖。")
    answerable = Employer.objects.filter(org=unit).count()
    if answerable:
        reasons.append(f"还负责 {answerable} 家用人单位的属地管理，请先移交。")
    for check in DISSOLVE_BLOCKERS:
        reason = check(unit)
        if reason:
            reasons.append(reason)
    return reasons


def orgunit_dissolve(*, actor: Actor, unit: OrgUnit, reason: str, on: date | None = None) -> OrgUnit:
    with audited(actor=actor, action="orgunit.dissolve", org=unit, obj=unit) as event:
        access.require(actor, Cap.ORG_STRUCTURE, unit, obj=unit)
        if unit.is_root():
            raise ValidationError("市总工会不能撤销。")
        if unit.status != OrgStatus.ACTIVE:
            raise Conflict("该组织已合并或撤销。")
        if not (reason or "").strip():
            raise ValidationError(field_errors={"reason": ["请填写撤销原因。"]})
        blockers = dissolve_blockers(unit)
        if blockers:
            raise Conflict("不能撤销：" + " ".join(blockers))
        unit.status = OrgStatus.DISSOLVED
        unit.save(update_fields=["status", "updated_at"])
        event.changes = {"status": [OrgStatus.ACTIVE, OrgStatus.DISSOLVED], "reason": reason.strip()}
    return unit


def orgunit_merge(*, actor: Actor, unit: OrgUnit, into: OrgUnit) -> OrgUnit:
    """Merge `unit` into `into`: its children, employers and (through hooks) members move, it is closed."""
    with audited(actor=actor, action="orgunit.merge", org=unit, obj=unit) as event:
        access.require(actor, Cap.ORG_STRUCTURE, unit, obj=unit)
        access.require(actor, Cap.ORG_STRUCTURE, into)
        if unit.pk == into.pk or into.path.startswith(unit.path):
            raise ValidationError(field_errors={"into": ["不能合并到自身或其下级组织。"]})
        if unit.is_root():
            raise ValidationError("市总工会不能被合并。")
        if unit.level != into.level:
            raise ValidationError(field_errors={"into": ["只能合并到同一层级的组织。"]})
        if unit.status != OrgStatus.ACTIVE or into.status != OrgStatus.ACTIVE:
            raise Conflict("已合并或撤销的组织不能参与合并。")
        moved_children = 0
        for child in list(OrgUnit.objects.get_children(unit)):
            OrgUnit.objects.move(child, into, pos="sorted-child")
            moved_children += 1
        employers = Employer.objects.filter(Q(org=unit) | Q(union=unit))
        moved_employers = employers.count()
        Employer.objects.filter(org=unit).update(org=into)
        Employer.objects.filter(union=unit).update(union=into)
        for hook in MERGE_HOOKS:
            hook(unit, into)
        unit.refresh_from_db()
        unit.status = OrgStatus.MERGED
        unit.merged_into = into
        unit.save(update_fields=["status", "merged_into", "updated_at"])
        event.changes = {"into": into.code, "children": moved_children, "employers": moved_employers}
    return unit


def _validate_employer(values: dict[str, Any], *, current: Employer | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        errors["name"] = ["请填写单位名称。"]
    try:
        values["uscc"] = validate_uscc(values.get("uscc") or "")
    except ValidationError as e:
        errors.update(e.field_errors)
    else:
        clash = Employer.objects.filter(uscc=values["uscc"])
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            errors["uscc"] = ["该统一社会信用代码已登记。"]
    count = values.get("employee_count")
    if count is not None and (not isinstance(count, int) or count < 0):
        errors["employee_count"] = ["职工人数须为不小于 0 的整数。"]
    reg, opened = values.get("registered_on"), values.get("opened_on")
    if reg and opened and opened < reg:
        errors["opened_on"] = ["开业日期不能早于成立日期。"]
    union = values.get("union")
    if union is not None and union.level not in (OrgLevel.GRASSROOTS, OrgLevel.JOINT):
        errors["union"] = ["覆盖工会须为基层工会或基层工会联合会。"]
    if errors:
        raise ValidationError(field_errors=errors)
    return values


def employer_units(employer: Employer) -> list[OrgUnit | None]:
    """The units an employer belongs to for scope: its territory's unit and its covering union."""
    return [employer.org, employer.union]


def employer_create(*, actor: Actor, org: OrgUnit, **fields: Any) -> Employer:
    with audited(actor=actor, action="employer.create", org=org) as event:
        access.require(actor, Cap.EMPLOYER_EDIT, org)
        union = fields.get("union")
        if union is not None:
            access.require(actor, Cap.EMPLOYER_VIEW, union)
        values = _validate_employer(dict(fields), current=None)
        employer = Employer.objects.create(org=org, **values)
        event.target(employer)
        event.changes = {"name": employer.name, "uscc": employer.uscc, "org": org.code}
    return employer


def employer_update(*, actor: Actor, employer: Employer, **fields: Any) -> Employer:
    with audited(actor=actor, action="employer.update", org=employer.org, obj=employer) as event:
        access.require(actor, Cap.EMPLOYER_EDIT, employer_units(employer), obj=employer)
        only_editable(fields, EMPLOYER_EDITABLE)
        if fields.get("union") is not None:
            access.require(actor, Cap.EMPLOYER_VIEW, fields["union"])
        event.changes = set_checked(
            employer, fields, EMPLOYER_EDITABLE, lambda merged: _validate_employer(merged, current=employer)
        )
        employer.save(update_fields=[*EMPLOYER_EDITABLE, "updated_at"])
    return employer
