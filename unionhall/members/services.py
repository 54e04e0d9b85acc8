"""Writes to persons and memberships: join, transfer, retain, restore, leave, remove, correct, reveal —
and the roster commit that imports many rows in one audited action.

A membership's life is a table of the workflow kernel (workflow.py); every change appends a MembershipEvent, so the
member page shows the history, and records one AuditEvent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils import timezone

from unionhall.core import bulk
from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.normalize import PhoneError, clean_text, normalize_phone
from unionhall.core.pii import blind_index
from unionhall.core.rows import only_editable
from unionhall.imports.kinds import Tally
from unionhall.members import idnumber, workflow
from unionhall.members.lifecycle import (
    actor_name,
    check_member_org,
    corrects_person,
    move_membership,
    open_membership,
    sees_membership,
)
from unionhall.members.models import (
    OPEN_STATUSES,
    EmploymentForm,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    member_number,
)
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.workflow import kernel

_EMPLOYMENT_FORMS = frozenset(EmploymentForm.values)
PERSON_FIELDS = (
    "name",
    "phone",
    "employment_form",
    "is_migrant",
    "education",
    "skill_level",
    "political_status",
    "hukou_address",
)


class AlreadyMember(Conflict):
    """The person holds an open membership elsewhere: the answer is a transfer, not a second membership.

    The union is named only to an asker who may see it (PRODUCT.md §4: an answer never tells which union
    outside the asker's reach a person belongs to); others are told to request a transfer."""

    code = "member_elsewhere"

    def __init__(self, membership: Membership, *, visible: bool):
        self.membership = membership
        self.visible = visible
        if visible:
            super().__init__(f"该职工已是「{membership.org.name}」的会员，请办理会员关系接转。")
            self.extra = {"membership": membership.pk, "member_org": membership.org_id}
        else:
            super().__init__("该职工已是其他工会的会员，请申请会员关系接转，由原工会同意或职工本人确认。")
            self.extra = {}


@dataclass(slots=True)
class PersonData:
    """What a form, an import row or the API says about a person, before validation."""

    name: str
    id_number: str
    phone: str = ""
    employment_form: str = ""  # "" = not stated: a new person is standard, a known one keeps theirs
    is_migrant: bool | None = None  # None = not stated
    education: str = ""
    skill_level: str = ""
    political_status: str = ""
    hukou_address: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CleanPerson:
    values: dict[str, Any]
    resident_id: idnumber.ResidentId
    digest: str


def clean_person(data: PersonData, *, today: date | None = None) -> CleanPerson:
    """Normalize and validate; errors name their field, warnings (unknown area code) don't stop anything.
    `today` bounds the birth date in the ID number (see idnumber.parse)."""
    errors: dict[str, list[str]] = {}
    name = clean_text(data.name)
    if not name:
        errors["name"] = ["请填写姓名。"]
    elif len(name) > 50:
        errors["name"] = ["姓名过长。"]
    resident_id = None
    try:
        resident_id = idnumber.parse(data.id_number, today=today)
    except idnumber.IdNumberError as e:
        errors["id_number"] = [str(e)]
    phone = ""
    try:
        phone = normalize_phone(data.phone)
    except PhoneError as e:
        errors["phone"] = [str(e)]
    if data.employment_form and data.employment_form not in _EMPLOYMENT_FORMS:
        errors["employment_form"] = ["就业形态不正确。"]
    if errors:
        raise ValidationError(field_errors=errors)
    assert resident_id is not None
    values = {
        "name": name,
        "phone": phone,
        "employment_form": data.employment_form,
        "is_migrant": data.is_migrant,
        "education": data.education,
        "skill_level": clean_text(data.skill_level),
        "political_status": data.political_status,
        "hukou_address": clean_text(data.hukou_address),
    }
    data.warnings.extend(resident_id.warnings)
    return CleanPerson(values=values, resident_id=resident_id, digest=blind_index(resident_id.number))


def join_problems(*, org: OrgUnit | None, person: PersonData) -> dict[str, list[str]]:
    """Every fault of a join at once, writing nothing: the union joined (when known) and the person's data.
    The join page shows these beside its form's own errors; member_join refuses with all of them."""
    errors: dict[str, list[str]] = {}
    if org is not None:
        try:
            check_member_org(org)
        except ValidationError as e:
            errors |= e.field_errors
    try:
        clean_person(replace(person, warnings=[]))
    except ValidationError as e:
        errors |= e.field_errors
    return errors


def person_problems(person: Person, **fields: Any) -> dict[str, list[str]]:
    """Every fault of a correction of `person` (PERSON_FIELDS given), writing nothing."""
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    try:
        clean_person(PersonData(id_number=person.reveal_id_number(), **(current | fields)))
    except ValidationError as e:
        return e.field_errors
    return {}


def _new_person(clean: CleanPerson) -> Person:
    person = Person(sex=clean.resident_id.sex, birth_date=clean.resident_id.birth_date)
    for name, value in clean.values.items():
        setattr(person, name, value)
    person.employment_form = person.employment_form or EmploymentForm.STANDARD
    person.is_migrant = bool(person.is_migrant)
    person.set_name(clean.values["name"])
    person.set_id_number(clean.resident_id.number)
    return person


def _person_changes(person: Person, clean: CleanPerson, *, fill_only: bool = False) -> dict[str, list[Any]]:
    """Fields an incoming record would change; blanks never erase what is on file, and with `fill_only`
    (a writer outside the person's own union) only blanks on file are filled."""
    changes = {}
    for name, value in clean.values.items():
        current = getattr(person, name)
        if value in ("", None):
            continue
        if fill_only and current not in ("", None):
            continue
        if current != value:
            changes[name] = [current, value]
    return changes


def member_join(
    *,
    actor: Actor,
    org: OrgUnit,
    person: PersonData,
    joined_on: date | None = None,
    employer: Employer | None = None,
) -> Membership:
    """A worker joins `org`. A person already a member elsewhere raises AlreadyMember (offer a transfer)."""
    with audited(actor=actor, action="member.join", org=org) as event:
        access.require(actor, Cap.MEMBER_EDIT, org)
        errors = join_problems(org=org, person=person)
        if errors:
            raise ValidationError(field_errors=errors)
        clean = clean_person(person)
        existing = Person.objects.filter(id_number_hash=clean.digest).first()
        if existing is not None:
            current = open_membership(existing)
            if current is not None:
                if current.org_id == org.pk:
                    raise Conflict("该职工已是本工会会员。")
                raise AlreadyMember(current, visible=sees_membership(actor, current))
            fill_only = not corrects_person(actor, existing)
            for name, (_, value) in _person_changes(existing, clean, fill_only=fill_only).items():
                setattr(existing, name, value)
            existing.set_name(existing.name)
            existing.save()
            target = existing
        else:
            target = _new_person(clean)
            target.save()
        day = joined_on or timezone.localdate()
        membership = Membership.objects.create(
            person=target, org=org, employer=employer, member_no=member_number(target.pk), joined_on=day
        )
        MembershipEvent.objects.create(
            person=target,
            membership=membership,
            kind=MembershipEvent.Kind.JOIN,
            on=day,
            to_org=org,
            actor_name=actor_name(actor),
        )
        event.target(membership)
        event.changes = {"person": target.pk, "member_no": membership.member_no, "warnings": person.warnings}
    return membership


def member_transfer(
    *,
    actor: Actor,
    membership: Membership,
    to_org: OrgUnit,
    on: date | None = None,
    note: str = "",
    employer: Employer | None = None,
) -> Membership:
    """会员关系接转 in one step, between two unions both in the actor's reach. Across subtrees a union asks
    instead (transfer_services.transfer_request)."""
    with audited(actor=actor, action="member.transfer", org=to_org, obj=membership) as event:
        access.require(actor, Cap.MEMBER_EDIT, membership.org, obj=membership)
        access.require(actor, Cap.MEMBER_EDIT, to_org)
        check_member_org(to_org)
        membership = Membership.objects.select_for_update(of=("self",)).select_related("org").get(pk=membership.pk)
        if membership.org_id == to_org.pk:
            raise ValidationError(field_errors={"org": ["已是该工会会员，无需接转。"]})
        if membership.status not in OPEN_STATUSES:
            raise Conflict(f"会籍状态为「{membership.get_status_display()}」，不能接转。")
        from_org = membership.org
        new = move_membership(membership, to_org, on=on, note=note, employer=employer, actor=actor)
        event.target(new)
        event.changes = {"from": from_org.code, "to": to_org.code}
    return new


def _status_change(*, actor: Actor, membership: Membership, step: str, reason: str, on: date | None) -> Membership:
    """Take the membership's step `step` (workflow.TABLE) through the workflow kernel's one runner."""
    return kernel.run(workflow.TABLE, step, actor=actor, obj=membership, reason=reason, on=on)


def member_retain(*, actor: Actor, membership: Membership, reason: str, on: date | None = None) -> Membership:
    """保留会籍 on retirement or unemployment."""
    return _status_change(
        actor=actor,
        membership=membership,
        step="retain",
        reason=reason,
        on=on,
    )


def member_restore(*, actor: Actor, membership: Membership, on: date | None = None) -> Membership:
    return _status_change(actor=actor, membership=membership, step="restore", reason="", on=on)


def member_leave(*, actor: Actor, membership: Membership, reason: str, on: date | None = None) -> Membership:
    return _status_change(actor=actor, membership=membership, step="leave", reason=reason, on=on)


def member_remove(*, actor: Actor, membership: Membership, reason: str, on: date | None = None) -> Membership:
    return _status_change(
        actor=actor,
        membership=membership,
        step="remove",
        reason=reason,
        on=on,
    )


def person_update(*, actor: Actor, membership: Membership, **fields: Any) -> Person:
    """Correct a member's data (not the ID number: a wrong ID is a different person)."""
    with audited(actor=actor, action="person.update", org=membership.org, obj=membership) as event:
        access.require(actor, Cap.MEMBER_EDIT, membership.org, obj=membership)
        if membership.status not in OPEN_STATUSES:
            # The person's data is kept by the union holding their open membership, not by a former one.
            raise Conflict("该会籍已终止，会员信息由其现所在工会维护。")
        only_editable(fields, PERSON_FIELDS)
        person = membership.person
        number = person.reveal_id_number()
        current = {name: getattr(person, name) for name in PERSON_FIELDS}
        clean = clean_person(PersonData(id_number=number, **(current | fields)))
        changes = {
            k: [getattr(person, k), v] for k, v in clean.values.items() if k in fields and getattr(person, k) != v
        }
        for name, (_, value) in changes.items():
            setattr(person, name, value)
        person.set_name(person.name)
        person.save()
        event.changes = changes
    return person


def member_id_reveal(*, actor: Actor, membership: Membership) -> str:
    """The full ID number, for a user allowed to see it; every reveal is an audit event."""
    with audited(actor=actor, action="member.id_reveal", org=membership.org, obj=membership):
        access.require(actor, Cap.MEMBER_UNMASK, membership.org, obj=membership)
        return membership.person.reveal_id_number()


# --- roster commit -------------------------------------------------------------------------------


@dataclass(slots=True)
class RosterRow:
    """One valid row of a roster: the source row number (for reports) and the person."""

    row: int
    person: PersonData
    joined_on: date | None = None
    transfer: bool = False  # move the person here even when they are a member elsewhere
    clean: CleanPerson | None = None  # the caller's own clean_person result, so rows are checked once


@dataclass
class RosterOutcome(Tally):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    transferred: int = 0
    # rows of members outside the importer's reach, for whom a transfer request now waits (nothing changed)
    requested: list[int] = field(default_factory=list)
    # rows not committed: (row number, Chinese reason)
    elsewhere: list[tuple[int, str]] = field(default_factory=list)


# The columns a roster commit writes, in the order of the tuples it builds (see core/bulk.py).
NEW_PERSON_COLUMNS = (
    "name",
    "name_initials",
    "name_sort",
    *Person.ID_NUMBER_COLUMNS,
    "sex",
    "birth_date",
    *PERSON_FIELDS[1:],
)
# name_initials: the person's, as the import computed them with the person's row ('' when it has no new
# person's row: the database fills those, and checks the others once per statement, members/0016)
MEMBERSHIP_COLUMNS = ("person_id", "org_id", "member_no", "joined_on", "name_initials")
EVENT_COLUMNS = ("person_id", "membership_id", "kind", "on", "from_org_id", "to_org_id", "note", "actor_name")


def _new_person_rows(cleans: Iterable[CleanPerson]) -> Iterator[tuple[Any, ...]]:
    """What _new_person and Person.set_name/set_id_number make of clean records, as rows in
    NEW_PERSON_COLUMNS order; the keyed hash is the one clean_person already computed."""
    from unionhall.members.names import initials, sort_key  # loads pypinyin's dictionaries (0.3 s) when first needed

    standard = EmploymentForm.STANDARD.value
    for clean in cleans:
        values = clean.values
        number, sex, born, _ = clean.resident_id
        yield (
            values["name"],
            initials(values["name"]),
            sort_key(values["name"]),
            *Person.sealed_id_number(number, clean.digest),
            sex,
            born,
            values["phone"],
            values["employment_form"] or standard,
            bool(values["is_migrant"]),
            values["education"],
            values["skill_level"],
            values["political_status"],
            values["hukou_address"],
        )


def _keeping(rows: Iterable[tuple[Any, ...]], column: int, kept: list[Any]) -> Iterator[tuple[Any, ...]]:
    """`rows` as they are, each one's value at `column` appended to `kept` as it passes."""
    for row in rows:
        kept.append(row[column])
        yield row


def roster_commit(
    *, actor: Actor, org: OrgUnit, rows: Sequence[RosterRow], source: str = "", today: date | None = None
) -> RosterOutcome:
    """Commit validated roster rows into `org` in bulk, as one audited action.

    Rows are matched to persons by the keyed hash of the ID number, so importing the same file again
    changes nothing. A person who is a member elsewhere is only moved here when the row asks for a
    transfer and their union lies in the actor's reach; outside it the row becomes a transfer request
    (transfer_services) and nothing of the person changes; without a transfer the row is reported back,
    naming the union only when the actor may see it. A person on file without an open membership whose
    last union lies outside the actor's reach keeps their data: the row only fills blanks. Callers validate rows first (clean_person) and pass
    only those without errors; duplicates within the file are the caller's to report (a second row for
    the same person is refused with ValueError).

    Rows are written as tuples through core/bulk.py (COPY on PostgreSQL), never as model instances.
    """
    with audited(actor=actor, action="roster.commit", org=org) as event:
        access.require(actor, Cap.MEMBER_EDIT, org)
        check_member_org(org)
        day = today or timezone.localdate()
        outcome = RosterOutcome()
        cleaned = [(row, row.clean or clean_person(row.person)) for row in rows]
        digests = [clean.digest for _, clean in cleaned]
        if len(set(digests)) != len(digests):
            raise ValueError("roster_commit: the same person in two rows; the caller reports duplicates.")
        # what is on file for these persons: digest → (id, *PERSON_FIELDS)
        on_file: dict[str, tuple[Any, ...]] = {}
        for persons in bulk.where_in(Person.objects.all(), "id_number_hash", digests):
            for digest, *values in persons.values_list("id_number_hash", "id", *PERSON_FIELDS):
                on_file[digest] = tuple(values)
        # their open memberships: person id → (membership id, org id, member number)
        open_by_person: dict[int, tuple[int, int, str]] = {}
        memberships = Membership.objects.filter(status__in=OPEN_STATUSES)
        for open_ones in bulk.where_in(memberships, "person_id", [values[0] for values in on_file.values()]):
            for person_id, membership_id, org_id, number in open_ones.values_list(
                "person_id", "id", "org_id", "member_no"
            ):
                open_by_person[person_id] = (membership_id, org_id, number)
        # the few unions that rows may belong to elsewhere, once each: (name, path)
        org_of = {
            pk: (name, path)
            for pk, name, path in OrgUnit.objects.filter(pk__in={m[1] for m in open_by_person.values()}).values_list(
                "pk", "name", "path"
            )
        }
        seen, editable = access.reach(actor, Cap.MEMBER_VIEW), access.reach(actor, Cap.MEMBER_EDIT)
        # persons on file without an open membership: may this actor correct them, or only fill blanks?
        fill_only = _fill_only_persons(
            editable, [values[0] for values in on_file.values() if values[0] not in open_by_person]
        )

        new: list[tuple[RosterRow, CleanPerson]] = []
        rejoining: list[tuple[RosterRow, int]] = []  # (row, person id): on file, no open membership
        transfers: list[tuple[RosterRow, int, tuple[int, int, str]]] = []  # (row, person id, open membership)
        requests: list[tuple[RosterRow, int]] = []  # (row, open membership id) outside the actor's reach
        updates: list[tuple[int, dict[str, Any], tuple[Any, ...]]] = []  # (person id, changes, on file)
        for row, clean in cleaned:
            found_person = on_file.get(clean.digest)
            if found_person is None:
                new.append((row, clean))
                continue
            person_id = found_person[0]
            current = open_by_person.get(person_id)
            if current is not None and current[1] != org.pk:
                org_name, org_path = org_of.get(current[1], ("", ""))
                if not row.transfer:
                    whose = f"「{org_name}」" if seen.covers(org_path) else "其他工会"
                    outcome.elsewhere.append((row.row, f"已是{whose}的会员，可选择接转到本工会。"))
                    continue
                if not editable.covers(org_path):
                    requests.append((row, current[0]))
                    continue
                transfers.append((row, person_id, current))
            changes = _row_changes(found_person[1:], clean, fill_only=person_id in fill_only)
            if changes:
                updates.append((person_id, changes, found_person[1:]))
            if current is None:
                rejoining.append((row, person_id))
            elif current[1] == org.pk:
                if changes:
                    outcome.updated += 1
                else:
                    outcome.unchanged += 1

        joining = len(new) + len(rejoining)
        opened = joining + len(transfers)
        ids = (
            bulk.reserve_ids({Person: len(new), Membership: opened, MembershipEvent: opened}) if bulk.copying() else {}
        )
        new_initials: list[str] = []  # each new person's initials, kept as their row is written
        person_ids = bulk.insert_rows(
            Person,
            NEW_PERSON_COLUMNS,
            _keeping(
                _new_person_rows(clean for _, clean in new), NEW_PERSON_COLUMNS.index("name_initials"), new_initials
            ),
            ids=ids.get(Person),
        )
        _update_persons(updates)

        # memberships: the new persons, those on file without one, then the transfers (closed first)
        if transfers:
            closing = [m[0] for _, _, m in transfers]
            for found_t in bulk.where_in(Membership.objects.all(), "pk", closing):
                found_t.update(status=MembershipStatus.TRANSFERRED, ended_on=day, end_reason=f"转入{org.name}")
        # (person id, member number, joined on, initials): persons on file may have been renamed just above,
        # so theirs are left to the database
        opening: list[tuple[int, str, date, str]] = [
            (pid, member_number(pid), row.joined_on or day, initials)
            for (row, _), pid, initials in zip(new, person_ids, new_initials, strict=True)
        ]
        opening += [(pid, member_number(pid), row.joined_on or day, "") for row, pid in rejoining]
        opening += [(pid, m[2], row.joined_on or day, "") for row, pid, m in transfers]
        membership_ids = bulk.insert_rows(
            Membership,
            MEMBERSHIP_COLUMNS,
            ((pid, org.pk, number, joined, initials) for pid, number, joined, initials in opening),
            ids=ids.get(Membership),
        )
        outcome.created = joining
        outcome.transferred = len(transfers)

        by = actor_name(actor)
        note = source[:200]
        from_orgs: list[int | None] = [None] * joining + [m[1] for _, _, m in transfers]
        join, transfer = MembershipEvent.Kind.JOIN.value, MembershipEvent.Kind.TRANSFER.value
        bulk.insert_rows(
            MembershipEvent,
            EVENT_COLUMNS,
            (
                (pid, mid, join if from_org is None else transfer, joined, from_org, org.pk, note, by)
                for (pid, _, joined, _), mid, from_org in zip(opening, membership_ids, from_orgs, strict=True)
            ),
            ids=ids.get(MembershipEvent),
        )
        _request_transfers(requests, org=org, actor=actor, source=source, outcome=outcome)
        event.changes = {"source": source, "rows": len(rows), **outcome.as_dict()}
    return outcome


def _request_transfers(
    requests: Sequence[tuple[RosterRow, int]], *, org: OrgUnit, actor: Actor, source: str, outcome: RosterOutcome
) -> None:
    """Rows asking to transfer a member from outside the actor's reach: a request each, nothing moved."""
    if not requests:
        return
    from unionhall.members.transfers import open_request

    memberships = Membership.objects.in_bulk([mid for _, mid in requests])
    for row, membership_id in requests:
        open_request(
            membership=memberships[membership_id],
            to_org=org,
            actor=actor,
            source="import",
            source_ref=f"{source} 第 {row.row} 行",
        )
        outcome.requested.append(row.row)


def _fill_only_persons(editable: access.Reach, person_ids: Sequence[int]) -> set[int]:
    """Of these persons (none with an open membership), those whose latest union lies outside `editable`."""
    latest: dict[int, str] = {}
    for found in bulk.where_in(Membership.objects.all(), "person_id", list(person_ids)):
        for person_id, path in found.order_by("joined_on", "id").values_list("person_id", "org__path"):
            latest[person_id] = path
    return {pid for pid in person_ids if not (pid in latest and editable.covers(latest[pid]))}


def _row_changes(on_file: Sequence[Any], clean: CleanPerson, *, fill_only: bool = False) -> dict[str, Any]:
    """What _person_changes finds, for a person read as values in PERSON_FIELDS order: {field: new}."""
    changes = {}
    for name, current in zip(PERSON_FIELDS, on_file, strict=True):
        value = clean.values[name]
        if value in ("", None):
            continue
        if fill_only and current not in ("", None):
            continue
        if current != value:
            changes[name] = value
    return changes


def _update_persons(updates: Sequence[tuple[int, dict[str, Any], tuple[Any, ...]]]) -> None:
    """Write the changed fields (and the initials and pinyin of the name, and updated_at) of persons on file."""
    if not updates:
        return
    from unionhall.members.names import initials, sort_key

    fields = sorted({name for _, changes, _ in updates for name in changes})
    at = {name: i for i, name in enumerate(PERSON_FIELDS)}
    now = timezone.now()
    rows = []
    for person_id, changes, on_file in updates:
        values = [changes[name] if name in changes else on_file[at[name]] for name in fields]
        name = changes.get("name", on_file[at["name"]])
        rows.append((person_id, *values, initials(name), sort_key(name), now))
    bulk.update_rows(Person, [*fields, "name_initials", "name_sort", "updated_at"], rows)
