"""The bulk write of an employer register (a market-register file): create or update employers by credit
code as one audited action. The import kind in orgs/import_kind.py checks the file and calls it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import ValidationError
from unionhall.imports.kinds import Tally
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.orgs.services import validate_uscc


@dataclass
class EmployerRow:
    """One valid row of an employer register; a value of None means the file does not say."""

    row: int
    uscc: str
    values: dict[str, Any]


EMPLOYER_IMPORT_FIELDS = (
    "name",
    "registered_on",
    "opened_on",
    "address",
    "division",
    "employee_count",
    "ownership",
    "industry",
)


@dataclass
class EmployerOutcome(Tally):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # rows not committed: (row number, Chinese reason)
    refused: list[tuple[int, str]] = field(default_factory=list)


def employer_register_commit(
    *, actor: Actor, org: OrgUnit, rows: Sequence[EmployerRow], source: str = ""
) -> EmployerOutcome:
    """Create or update employers from a market-register file in bulk, matched by credit code, as one
    audited action. New employers are answerable to `org` (their territory's unit); an existing one is
    updated only where the actor may edit it. Values the file leaves out (None) are kept as they are."""
    with audited(actor=actor, action="employer.register_commit", org=org) as event:
        access.require(actor, Cap.EMPLOYER_EDIT, org)
        if org.status != OrgStatus.ACTIVE:
            raise ValidationError(field_errors={"org": ["该组织已合并或撤销。"]})
        outcome = EmployerOutcome()
        reach = access.reach(actor, Cap.EMPLOYER_EDIT)
        clean: list[EmployerRow] = []
        seen: set[str] = set()
        for row in rows:
            try:
                code = validate_uscc(row.uscc)
            except ValidationError:
                outcome.refused.append((row.row, "统一社会信用代码格式或校验位不正确（18 位，GB 32100）。"))
                continue
            if code in seen:
                outcome.refused.append((row.row, "与前面的行统一社会信用代码重复，本行不导入。"))
                continue
            seen.add(code)
            clean.append(EmployerRow(row=row.row, uscc=code, values=row.values))
        existing: dict[str, Employer] = {}
        codes = [row.uscc for row in clean]
        for start in range(0, len(codes), 2000):
            existing.update(
                (e.uscc, e)
                for e in Employer.objects.filter(uscc__in=codes[start : start + 2000]).select_related("org", "union")
            )
        now = timezone.now()
        new: list[Employer] = []
        changed: list[Employer] = []
        changed_fields: set[str] = set()
        for row in clean:
            values = {k: v for k, v in row.values.items() if k in EMPLOYER_IMPORT_FIELDS and v is not None}
            if "division" in values:
                values["division_id"] = values.pop("division")
            employer = existing.get(row.uscc)
            if employer is None:
                if not values.get("name"):
                    outcome.refused.append((row.row, "请填写单位名称。"))
                    continue
                if not _dates_in_order(values.get("registered_on"), values.get("opened_on")):
                    outcome.refused.append((row.row, "开业日期不能早于成立日期。"))
                    continue
                new.append(Employer(org=org, uscc=row.uscc, **values))
                continue
            units = [u for u in (employer.org, employer.union) if u is not None]
            if not any(reach.covers(u.path) for u in units):
                outcome.refused.append((row.row, "该单位已由您权限范围以外的组织登记，不能由本次导入修改。"))
                continue
            diff = {k: v for k, v in values.items() if getattr(employer, k) != v}
            registered = diff.get("registered_on", employer.registered_on)
            opened = diff.get("opened_on", employer.opened_on)
            if not _dates_in_order(registered, opened):
                outcome.refused.append((row.row, "开业日期不能早于成立日期。"))
                continue
            if not diff:
                outcome.unchanged += 1
                continue
            for name, value in diff.items():
                setattr(employer, name, value)
            employer.updated_at = now
            changed.append(employer)
            changed_fields.update(diff)
        Employer.objects.bulk_create(new, batch_size=1000)
        if changed:
            Employer.objects.bulk_update(changed, sorted(changed_fields | {"updated_at"}), batch_size=1000)
        outcome.created, outcome.updated = len(new), len(changed)
        event.changes = {"source": source, "rows": len(rows), **outcome.as_dict()}
    return outcome


def _dates_in_order(registered: Any, opened: Any) -> bool:
    return not (registered and opened and opened < registered)
