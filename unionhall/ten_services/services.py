"""Writes of the 十送 log: recording a service delivery and correcting one.

A record is corrected in place rather than deleted: every change is an audit event with the fields'
old and new values, so the log's history stays readable and a roll-up never loses a row silently.
Named beneficiaries are found by resident ID number (exact, through the keyed hash) or member number,
only among persons the actor may see (a member of a union in reach, or a household with an archive in
reach); anyone else answers "not found" exactly like a number that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from unionhall.assistance.models import HardshipFile
from unionhall.core import pii
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited, changed_fields
from unionhall.core.errors import ValidationError
from unionhall.core.money import MAX_FEN
from unionhall.core.rows import only_editable
from unionhall.members import idnumber
from unionhall.members.models import Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.ten_services.models import DeliveryKind, ServiceDelivery

MEMBER_NO = re.compile(r"^GH\d{10}$", re.IGNORECASE)
MAX_NAMED = 500
MAX_COUNT = 1_000_000
EARLIEST = date(2000, 1, 1)


def split_identifiers(text: str) -> list[str]:
    """The beneficiaries box: one per line, or separated by commas, semicolons or spaces."""
    return [t for t in re.split(r"[\s,，;；、]+", text or "") if t]


def _visible_persons(actor: Actor) -> Q:
    members = access.scope_queryset(
        actor, Cap.MEMBER_VIEW, Membership.objects.filter(status__in=["active", "retained"]), "org"
    ).values("person_id")
    households = access.scope_queryset(actor, Cap.ASSISTANCE_VIEW, HardshipFile.objects.all(), "org").values(
        "person_id"
    )
    return Q(pk__in=members) | Q(pk__in=households)


def _shown(token: str) -> str:
    """An identifier echoed in an error: a member number as typed, anything longer masked like an ID."""
    if MEMBER_NO.match(token):
        return token.upper()
    token = idnumber.normalize(token)[:40]
    return pii.mask_id_number(token) if len(token) >= 10 else token


def _resolve_beneficiaries(actor: Actor, identifiers: Sequence[str]) -> list[Person]:
    """Persons for resident ID numbers or member numbers, in the order given, without repeats."""
    if len(identifiers) > MAX_NAMED:
        raise ValidationError(field_errors={"beneficiaries": [f"一次最多登记 {MAX_NAMED} 名受益人，其余请只计人数。"]})
    visible = Person.objects.filter(_visible_persons(actor))
    found: list[Person] = []
    problems: list[str] = []
    for raw in identifiers:
        token = raw.strip()
        person: Person | None = None
        if MEMBER_NO.match(token):
            person_ids = Membership.objects.filter(member_no=token.upper()).values("person_id")
            person = visible.filter(pk__in=person_ids).first()
        else:
            try:
                number = idnumber.parse(token).number
            except idnumber.IdNumberError:
                problems.append(f"「{_shown(token)}」不是有效的身份证号或会员编号。")
                continue
            person = visible.filter(id_number_hash=pii.blind_index(number)).first()
        if person is None:
            problems.append(f"未找到「{_shown(token)}」：须为您权限范围内的会员或困难职工。")
        elif person.pk not in {p.pk for p in found}:
            found.append(person)
    if problems:
        raise ValidationError(field_errors={"beneficiaries": problems})
    return found


def _validate(
    *, org: OrgUnit, kind: str, delivered_on: Any, title: str, beneficiary_count: Any, named: int, cost_fen: Any
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if org.status != OrgStatus.ACTIVE:
        errors["org"] = ["已合并或撤销的组织不能登记服务记录。"]
    if kind not in DeliveryKind.values:
        errors["kind"] = ["请选择服务类别。"]
    if not isinstance(delivered_on, date):
        errors["delivered_on"] = ["请填写服务日期。"]
    elif delivered_on > timezone.localdate():
        errors["delivered_on"] = ["服务日期不能晚于今天。"]
    elif delivered_on < EARLIEST:
        errors["delivered_on"] = ["服务日期不能早于 2000 年。"]
    if not title.strip():
        errors["title"] = ["请填写活动名称。"]
    elif len(title.strip()) > 120:
        errors["title"] = ["活动名称最多 120 个字。"]
    if not isinstance(beneficiary_count, int) or isinstance(beneficiary_count, bool) or beneficiary_count < 1:
        errors["beneficiary_count"] = ["受益人数须为正整数。"]
    elif beneficiary_count > MAX_COUNT:
        errors["beneficiary_count"] = ["受益人数过大，请核对。"]
    elif beneficiary_count < named:
        errors["beneficiary_count"] = [f"受益人数不能少于登记的具名受益人（{named} 人）。"]
    if not isinstance(cost_fen, int) or isinstance(cost_fen, bool) or cost_fen < 0 or cost_fen > MAX_FEN:
        errors["cost"] = ["费用须为 0 至 1000 万元之间的金额。"]
    return errors


def delivery_record(
    *,
    actor: Actor,
    org: OrgUnit,
    kind: str,
    delivered_on: date,
    title: str,
    beneficiary_count: int | None = None,
    beneficiaries: Sequence[str] = (),
    cost_fen: int = 0,
    note: str = "",
) -> ServiceDelivery:
    """Log one delivery at `org`. `beneficiaries` are resident ID or member numbers of named persons;
    without a count, the count is how many are named."""
    with audited(actor=actor, action="delivery.record", org=org) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, org)
        persons = _resolve_beneficiaries(actor, beneficiaries) if beneficiaries else []
        count = beneficiary_count if beneficiary_count is not None else len(persons)
        errors = _validate(
            org=org,
            kind=kind,
            delivered_on=delivered_on,
            title=title,
            beneficiary_count=count,
            named=len(persons),
            cost_fen=cost_fen,
        )
        if errors:
            raise ValidationError(field_errors=errors)
        delivery = ServiceDelivery.objects.create(
            org=org,
            kind=kind,
            delivered_on=delivered_on,
            title=title.strip(),
            beneficiary_count=count,
            cost_fen=cost_fen,
            note=note.strip(),
            recorded_by=user_of(actor),
        )
        delivery.beneficiaries.set(persons)
        event.target(delivery)
        event.changes = {
            "kind": kind,
            "delivered_on": str(delivered_on),
            "title": delivery.title,
            "beneficiary_count": count,
            "named": len(persons),
            "cost_fen": cost_fen,
        }
    return delivery


EDITABLE = ("kind", "delivered_on", "title", "beneficiary_count", "cost_fen", "note")


def delivery_update(
    *, actor: Actor, delivery: ServiceDelivery, beneficiaries: Sequence[str] | None = None, **fields: Any
) -> ServiceDelivery:
    """Correct a delivery. Each change goes into the audit event as [old, new]; named beneficiaries are
    replaced when `beneficiaries` is given (person ids in the event, never ID numbers)."""
    with audited(actor=actor, action="delivery.update", org=delivery.org, obj=delivery) as event:
        access.require(actor, Cap.ASSISTANCE_EDIT, delivery.org, obj=delivery)
        only_editable(fields, EDITABLE)
        delivery = ServiceDelivery.objects.select_for_update().select_related("org").get(pk=delivery.pk)
        old_ids = sorted(delivery.beneficiaries.values_list("pk", flat=True))
        persons = _resolve_beneficiaries(actor, beneficiaries) if beneficiaries is not None else None
        values = {name: getattr(delivery, name) for name in EDITABLE} | fields
        if isinstance(values["title"], str):
            values["title"] = values["title"].strip()
        if isinstance(values["note"], str):
            values["note"] = values["note"].strip()
        named = len(persons) if persons is not None else len(old_ids)
        errors = _validate(
            org=delivery.org,
            kind=values["kind"],
            delivered_on=values["delivered_on"],
            title=values["title"],
            beneficiary_count=values["beneficiary_count"],
            named=named,
            cost_fen=values["cost_fen"],
        )
        if errors:
            raise ValidationError(field_errors=errors)
        changes: dict[str, Any] = changed_fields(delivery, {k: values[k] for k in EDITABLE})
        for name in EDITABLE:
            setattr(delivery, name, values[name])
        delivery.save(update_fields=list(EDITABLE))
        if persons is not None:
            new_ids = sorted(p.pk for p in persons)
            if new_ids != old_ids:
                delivery.beneficiaries.set(persons)
                changes["beneficiaries"] = [old_ids, new_ids]
        event.changes = changes
    return delivery
