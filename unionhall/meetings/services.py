"""Writes of joint meetings. Each function is one business action: it checks permission through access.py,
validates, writes inside a transaction and records exactly one audit event. A resolution opens its
supervised task inside its own event (supervision.services.task_open writes none of its own there)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Max
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.documents import uploads
from unionhall.meetings import workflow
from unionhall.meetings.models import AgendaItem, ItemKind, Meeting, MeetingStatus, MinutesFile, Resolution
from unionhall.meetings.task_source import KIND
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.supervision import dates as task_dates
from unionhall.supervision import selectors as tasks
from unionhall.supervision import services as task_services
from unionhall.supervision import sources
from unionhall.supervision.models import Department
from unionhall.workflow import kernel

MEETING_FIELDS = ("title", "date", "place", "attendees")


def _text(errors: dict[str, list[str]], values: dict[str, Any], name: str, label: str, limit: int) -> None:
    text = (values.get(name) or "").strip()
    if len(text) > limit:
        errors[name] = [f"{label}不超过 {limit} 字。"]


def meeting_problems(
    *, org: OrgUnit | None, departments: Iterable[Department] = (), **values: Any
) -> dict[str, list[str]]:
    """Every field error of a meeting at once, without writing (the form shows them all)."""
    errors: dict[str, list[str]] = {}
    if org is not None and not org.is_federation:
        errors["org"] = ["联席会议由市、区县或乡镇（街道）总工会召集。"]
    elif org is not None and org.status != OrgStatus.ACTIVE:
        errors["org"] = ["已合并或撤销的组织不能召集联席会议。"]
    if not (values.get("title") or "").strip():
        errors["title"] = ["请填写会议名称，如 2026年第二次政府与工会联席会议。"]
    _text(errors, values, "title", "会议名称", 100)
    _text(errors, values, "place", "会议地点", 100)
    _text(errors, values, "attendees", "参会人员", 3000)
    if not isinstance(values.get("date"), date):
        errors["date"] = ["请填写会议日期。"]
    if org is not None and "org" not in errors:
        serving = set(tasks.departments_serving(org).values_list("pk", flat=True))
        foreign = [d.short_name for d in departments if d.pk not in serving]
        if foreign:
            errors["departments"] = [f"{'、'.join(foreign)}不是本级或上级联席会议的成员单位。"]
    return errors


def meeting_create(
    *,
    actor: Actor,
    org: OrgUnit,
    title: str,
    date: date,
    place: str = "",
    attendees: str = "",
    departments: Iterable[Department] = (),
) -> Meeting:
    departments = list(departments)
    with audited(actor=actor, action="meeting.create", org=org) as event:
        access.require(actor, Cap.TASK_MANAGE, org)
        values = {"title": title, "date": date, "place": place, "attendees": attendees}
        problems = meeting_problems(org=org, departments=departments, **values)
        if problems:
            raise ValidationError(field_errors=problems)
        meeting = Meeting.objects.create(
            org=org,
            title=title.strip(),
            date=date,
            place=(place or "").strip(),
            attendees=(attendees or "").strip(),
            created_by=user_of(actor),
        )
        meeting.departments.set(departments)
        event.target(meeting)
        event.changes = {"title": meeting.title, "date": date.isoformat(), "departments": len(departments)}
    return meeting


def meeting_update(
    *, actor: Actor, meeting: Meeting, departments: Iterable[Department] | None = None, **values: Any
) -> Meeting:
    """Change a planned meeting: its name, date, place, attendees and attending departments."""
    with audited(actor=actor, action="meeting.update", org=meeting.org, obj=meeting) as event:
        access.require(actor, Cap.TASK_MANAGE, meeting.org, obj=meeting)
        unknown = set(values) - set(MEETING_FIELDS)
        if unknown:
            raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
        row = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
        if row.status != MeetingStatus.PLANNED:
            raise Conflict(f"会议{row.get_status_display()}，不能再修改。")
        chosen = list(departments) if departments is not None else list(row.departments.all())
        merged = {f: values.get(f, getattr(row, f)) for f in MEETING_FIELDS}
        problems = meeting_problems(org=row.org, departments=chosen, **merged)
        if problems:
            raise ValidationError(field_errors=problems)
        changes: dict[str, Any] = {}
        for f in MEETING_FIELDS:
            new = merged[f].strip() if isinstance(merged[f], str) else merged[f]
            if getattr(row, f) != new:
                changes[f] = [str(getattr(row, f)), str(new)]
                setattr(row, f, new)
        row.save(update_fields=list(MEETING_FIELDS))
        if departments is not None:
            before = {d.short_name for d in row.departments.all()}
            row.departments.set(chosen)
            after = {d.short_name for d in chosen}
            if before != after:
                changes["departments"] = [sorted(before), sorted(after)]
        event.changes = changes
    return row


def agenda_item_add(*, actor: Actor, meeting: Meeting, title: str) -> AgendaItem:
    """An item added by hand to a planned meeting's agenda."""
    with audited(actor=actor, action="agenda_item.add", org=meeting.org, obj=meeting) as event:
        access.require(actor, Cap.TASK_MANAGE, meeting.org, obj=meeting)
        text = (title or "").strip()
        if not text:
            raise ValidationError(field_errors={"title": ["请填写议题。"]})
        if len(text) > 300:
            raise ValidationError(field_errors={"title": ["议题不超过 300 字。"]})
        row = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if row.status != MeetingStatus.PLANNED:
            raise Conflict(f"会议{row.get_status_display()}，议题已确定，不能再添加。")
        item = AgendaItem.objects.create(meeting=row, kind=ItemKind.MANUAL, title=text, added_by=user_of(actor))
        event.changes = {"item": item.pk, "title": text}
    return item


def _planned_for_items(actor: Actor, item: AgendaItem, verb: str) -> Meeting:
    """The item's meeting, locked, when the actor keeps it and its agenda is still open; only items added
    by hand are the cadre's to move or remove (the rest is read from the data)."""
    meeting = item.meeting
    access.require(actor, Cap.TASK_MANAGE, meeting.org, obj=meeting)
    row = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if row.status != MeetingStatus.PLANNED:
        raise Conflict(f"会议{row.get_status_display()}，议题已确定，不能再{verb}。")
    if item.kind != ItemKind.MANUAL:
        raise Conflict(f"按数据生成的议题不能{verb}。")
    return row


def agenda_item_move(*, actor: Actor, item: AgendaItem, up: bool) -> AgendaItem:
    """Move an item added by hand one place up or down among the items added by hand."""
    with audited(actor=actor, action="agenda_item.move", org=item.meeting.org, obj=item.meeting) as event:
        row = _planned_for_items(actor, item, "调整顺序")
        manual = list(AgendaItem.objects.filter(meeting=row, kind=ItemKind.MANUAL).order_by("position", "id"))
        here = next((n for n, i in enumerate(manual) if i.pk == item.pk), None)
        if here is None:
            raise Conflict("该议题已删除。")
        there = here - 1 if up else here + 1
        if not 0 <= there < len(manual):
            raise Conflict("该议题已是第一项。" if up else "该议题已是最后一项。")
        manual[here], manual[there] = manual[there], manual[here]
        for n, i in enumerate(manual, start=1):
            i.position = n
        AgendaItem.objects.bulk_update(manual, ["position"])
        event.changes = {"item": item.pk, "position": [here + 1, there + 1]}
    return manual[there]


def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> None:
    """Take an item added by hand off a planned meeting's agenda."""
    with audited(actor=actor, action="agenda_item.remove", org=item.meeting.org, obj=item.meeting) as event:
        row = _planned_for_items(actor, item, "删除")
        deleted, _ = AgendaItem.objects.filter(pk=item.pk, meeting=row).delete()
        if not deleted:
            raise Conflict("该议题已删除。")
        event.changes = {"item": item.pk, "title": item.title}


def resolution_problems(
    *, meeting: Meeting, title: str, department: Department | None, due_on: date | None, detail: str = ""
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = ["请填写决议事项。"]
    elif len(title.strip()) > 200:
        errors["title"] = ["决议事项不超过 200 字。"]
    if len(detail or "") > 2000:
        errors["detail"] = ["具体要求不超过 2000 字。"]
    if department is None:
        errors["department"] = ["请选择责任单位。"]
    elif not tasks.departments_serving(meeting.org).filter(pk=department.pk).exists():
        errors["department"] = ["所选成员单位不属于本级或上级联席会议。"]
    if due_on is None:
        errors["due_on"] = ["请填写办理期限。"]
    else:
        try:  # the task's own rule, so the form says it with the rest
            task_dates.due_date(timezone.localdate(), due_on=due_on, due_workdays=None)
        except ValidationError as e:
            errors.update(e.field_errors)
    return errors


def resolution_record(
    *, actor: Actor, meeting: Meeting, title: str, department: Department | None, due_on: date | None, detail: str = ""
) -> Resolution:
    """A resolution of the meeting, carried out as a supervised task given to its department."""
    with audited(actor=actor, action="resolution.record", org=meeting.org, obj=meeting) as event:
        access.require(actor, Cap.TASK_MANAGE, meeting.org, obj=meeting)
        problems = resolution_problems(
            meeting=meeting, title=title, department=department, due_on=due_on, detail=detail
        )
        if problems or department is None or due_on is None:
            raise ValidationError(field_errors=problems)
        row = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
        if row.status == MeetingStatus.CANCELLED:
            raise Conflict("会议已取消，不能登记决议。")
        number = (row.resolutions.aggregate(n=Max("number"))["n"] or 0) + 1
        resolution = Resolution.objects.create(
            meeting=row,
            number=number,
            title=title.strip(),
            detail=(detail or "").strip(),
            department=department,
            due_on=due_on,
            recorded_by=user_of(actor),
        )
        resolution.task = task_services.task_open(
            actor=actor,
            org=row.org,
            title=resolution.title,
            detail=resolution.detail,
            source=sources.Source(KIND, resolution.pk, resolution.label),
            department=department,
            due_on=due_on,
        )
        resolution.save(update_fields=["task"])
        event.target(resolution)
        event.changes = {
            "meeting": row.pk,
            "number": number,
            "department": department.short_name,
            "due_on": due_on.isoformat(),
            "task": resolution.task.pk,
        }
    return resolution


def minutes_record(*, actor: Actor, meeting: Meeting, minutes: str, upload: Any = None) -> Meeting:
    """The minutes of a held meeting, with an optional file (the signed minutes)."""
    with audited(actor=actor, action="minutes.record", org=meeting.org, obj=meeting) as event:
        access.require(actor, Cap.TASK_MANAGE, meeting.org, obj=meeting)
        text = (minutes or "").strip()
        if not text and upload is None:
            raise ValidationError(field_errors={"minutes": ["请填写会议纪要或上传纪要文件。"]})
        if len(text) > 20000:
            raise ValidationError(field_errors={"minutes": ["会议纪要不超过 20000 字。"]})
        row = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if row.status != MeetingStatus.HELD:
            raise Conflict("会议召开后方可登记会议纪要。")
        changed = row.minutes != text
        if text:
            row.minutes = text
            row.save(update_fields=["minutes"])
        changes: dict[str, Any] = {"minutes": "changed" if changed and text else "unchanged"}
        if upload is not None:
            uploads.store(MinutesFile(meeting=row), upload, uploaded_by=actor)
            changes["file"] = str(getattr(upload, "name", ""))[:120]
        event.changes = changes
    return row


def minutes_file_download(*, actor: Actor, file: MinutesFile) -> Any:
    """Open a meeting's file for whoever sees the meeting (the view found it through the scope rule)."""
    with audited(actor=actor, action="minutes_file.download", org=file.meeting.org, obj=file.meeting) as event:
        access.require(actor, Cap.TASK_VIEW, file.meeting.org, obj=file.meeting)
        event.changes = {"file": file.name}
        return uploads.open_stored(file)


def meeting_hold(*, actor: Actor, meeting: Meeting) -> Meeting:
    """The meeting took place: its agenda as read from the data is kept as rows from now on."""
    result: Meeting = kernel.run(workflow.TABLE, "hold", actor=actor, obj=meeting)
    return result


def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    result: Meeting = kernel.run(workflow.TABLE, "cancel", actor=actor, obj=meeting, reason=reason)
    return result
