"""Writes of supervised tasks and of the departments directory. Each function is one business action: it
checks permission through access.py, validates, writes inside a transaction and records exactly one audit
event. Other modules open their tasks with `task_open` inside their own services (their audit event is the
one written; see docs/architecture.md, "Supervised tasks")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from unionhall.accounts import services as account_services
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.normalize import PhoneError, normalize_phone
from unionhall.documents import uploads
from unionhall.notifications.services import notify
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit, Role
from unionhall.supervision import dates, selectors, sources, workflow
from unionhall.supervision.models import Department, Liaison, SupervisedTask, TaskEvent, TaskFile
from unionhall.workflow import kernel


def task_url(task: SupervisedTask) -> str:
    return reverse("supervision:task", args=[task.pk])


# --- opening a task --------------------------------------------------------------------------------


def open_problems(
    *,
    org: OrgUnit | None,
    title: str,
    responsible_user: Any = None,
    department: Department | None = None,
    due_on: date | None = None,
    due_workdays: int | None = None,
    detail: str = "",
) -> dict[str, list[str]]:
    """Every field error of a new task at once, without writing (the create form shows them all)."""
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = ["请填写督办事项。"]
    elif len(title.strip()) > 200:
        errors["title"] = ["督办事项不超过 200 字。"]
    if len(detail or "") > 2000:
        errors["detail"] = ["具体要求不超过 2000 字。"]
    if org is not None and org.status != OrgStatus.ACTIVE:
        errors["org"] = ["已合并或撤销的组织不能交办督办事项。"]
    if (responsible_user is None) == (department is None):
        errors["responsible_user"] = ["请指定责任人或责任单位（二者选一）。"]
    elif responsible_user is not None and org is not None:
        if not responsible_user.is_active or not access.reach(responsible_user, Cap.TASK_MANAGE).covers(org.path):
            errors["responsible_user"] = ["所选责任人不是负责该单位的工会干部。"]
    elif (
        department is not None
        and org is not None
        and not selectors.departments_serving(org).filter(pk=department.pk).exists()
    ):
        errors["department"] = ["所选成员单位不属于该单位所在地或上级的联席会议。"]
    try:
        dates.due_date(timezone.localdate(), due_on=due_on, due_workdays=due_workdays)
    except ValidationError as e:
        errors.update(e.field_errors)
    return errors


def task_open(
    *,
    actor: Actor,
    org: OrgUnit,
    title: str,
    source: sources.Source,
    responsible_user: Any = None,
    department: Department | None = None,
    due_on: date | None = None,
    due_workdays: int | None = None,
    detail: str = "",
) -> SupervisedTask:
    """Open a task about `org`, answered for by a cadre or a department, due on a date or in N working days,
    and tell the responsible party. Called by the module that makes the task, inside its own service."""
    with audited(actor=actor, action="task.open", org=org) as event:
        access.require(actor, Cap.TASK_MANAGE, org)
        source = sources.checked(source)
        problems = open_problems(
            org=org,
            title=title,
            responsible_user=responsible_user,
            department=department,
            due_on=due_on,
            due_workdays=due_workdays,
            detail=detail,
        )
        if problems:
            raise ValidationError(field_errors=problems)
        start = timezone.localdate()
        due = dates.due_date(start, due_on=due_on, due_workdays=due_workdays)
        task = SupervisedTask.objects.create(
            title=title.strip(),
            detail=(detail or "").strip(),
            org=org,
            source_kind=source.kind,
            source_id=source.id,
            source_label=source.label,
            responsible_user=responsible_user,
            department=department,
            starts_on=start,
            due_on=due,
            due_workdays=due_workdays,
            remind_on=dates.remind_on(start, due),
            opened_by=user_of(actor),
        )
        TaskEvent.objects.create(task=task, step="open", to_status=task.status, text=task.detail, **TaskEvent.by(actor))
        notify(
            selectors.responsible_people(task),
            kind="supervision.task_open",
            title=f"督办事项：{task.title}",
            body=f"{org.name}，请于 {due:%Y年%m月%d日} 前办结。",
            url=task_url(task),
        )
        event.target(task)
        event.changes = {
            "title": task.title,
            "source": source.kind,
            "responsible": responsible_user.username if responsible_user is not None else department.short_name,  # type: ignore[union-attr]
            "due_on": due.isoformat(),
        }
    return task


# --- its steps, one each through the kernel ----------------------------------------------------------


def task_progress(*, actor: Actor, task: SupervisedTask, text: str, upload: Any = None) -> SupervisedTask:
    """A progress note (with an optional file); the first one starts the work."""
    result: SupervisedTask = kernel.run(workflow.TABLE, "progress", actor=actor, obj=task, text=text, upload=upload)
    return result


def task_close(*, actor: Actor, task: SupervisedTask, evidence: str = "", upload: Any = None) -> SupervisedTask:
    """Close the task on evidence: what was done, and/or a file that shows it."""
    result: SupervisedTask = kernel.run(
        workflow.TABLE, "close", actor=actor, obj=task, evidence=evidence, upload=upload
    )
    return result


def task_cancel(*, actor: Actor, task: SupervisedTask, reason: str) -> SupervisedTask:
    result: SupervisedTask = kernel.run(workflow.TABLE, "cancel", actor=actor, obj=task, reason=reason)
    return result


def task_reopen(*, actor: Actor, task: SupervisedTask, reason: str, due_on: date | None = None) -> SupervisedTask:
    result: SupervisedTask = kernel.run(workflow.TABLE, "reopen", actor=actor, obj=task, reason=reason, due_on=due_on)
    return result


def task_file_download(*, actor: Actor, file: TaskFile) -> Any:
    """Open a task's file for whoever sees the task (the view found it through the scope rule)."""
    with audited(actor=actor, action="task.file_download", org=file.task.org, obj=file.task) as event:
        selectors.task_for_user_or_404(actor, file.task_id)
        event.changes = {"file": file.name}
        return uploads.open_stored(file)


# --- the departments directory -----------------------------------------------------------------------

DEPARTMENT_FIELDS = ("name", "short_name", "active")


def _department_problems(org: OrgUnit, values: dict[str, Any], pk: int | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    name, short = (values.get("name") or "").strip(), (values.get("short_name") or "").strip()
    if not name:
        errors["name"] = ["请填写单位全称。"]
    elif len(name) > 100:
        errors["name"] = ["单位全称不超过 100 字。"]
    if not short:
        errors["short_name"] = ["请填写简称，如 人社局。"]
    elif len(short) > 20:
        errors["short_name"] = ["简称不超过 20 字。"]
    elif Department.objects.filter(org=org, short_name=short).exclude(pk=pk or 0).exists():
        errors["short_name"] = [f"{org.name}的成员单位中已有「{short}」。"]
    if not org.is_federation:
        errors["org"] = ["成员单位只能登记在市、区县或乡镇（街道）总工会。"]
    return errors


def department_create(*, actor: Actor, org: OrgUnit, name: str, short_name: str) -> Department:
    with audited(actor=actor, action="department.create", org=org) as event:
        access.require(actor, Cap.TASK_MANAGE, org)
        problems = _department_problems(org, {"name": name, "short_name": short_name})
        if problems:
            raise ValidationError(field_errors=problems)
        department = Department.objects.create(org=org, name=name.strip(), short_name=short_name.strip())
        event.target(department)
        event.changes = {"name": department.name, "short_name": department.short_name}
    return department


def department_update(*, actor: Actor, department: Department, **values: Any) -> Department:
    """Rename a department or take it out of the joint meeting (inactive: no new task goes to it; its
    liaisons no longer see its tasks)."""
    with audited(actor=actor, action="department.update", org=department.org, obj=department) as event:
        access.require(actor, Cap.TASK_MANAGE, department.org, obj=department)
        unknown = set(values) - set(DEPARTMENT_FIELDS)
        if unknown:
            raise ValidationError(f"不能修改：{', '.join(sorted(unknown))}")
        row = Department.objects.select_for_update().get(pk=department.pk)
        merged = {f: values.get(f, getattr(row, f)) for f in DEPARTMENT_FIELDS}
        problems = _department_problems(row.org, merged, pk=row.pk)
        if problems:
            raise ValidationError(field_errors=problems)
        changes = {}
        for f in DEPARTMENT_FIELDS:
            new = merged[f].strip() if isinstance(merged[f], str) else bool(merged[f])
            if getattr(row, f) != new:
                changes[f] = [getattr(row, f), new]
                setattr(row, f, new)
        row.save(update_fields=list(DEPARTMENT_FIELDS))
        event.changes = changes
    return row


def _phone(text: str) -> str:
    try:
        return normalize_phone(text or "")
    except PhoneError as e:
        raise ValidationError(field_errors={"phone": [str(e)]}) from None


def liaison_add(
    *,
    actor: Actor,
    department: Department,
    name: str,
    post: str = "",
    phone: str = "",
    username: str = "",
    password: str = "",
) -> Liaison:
    """A liaison contact of a department; with a username, also its login (made by who manages users at the
    department's federation: accounts.services.user_create, which checks the password rules)."""
    with audited(actor=actor, action="liaison.add", org=department.org, obj=department) as event:
        access.require(actor, Cap.TASK_MANAGE, department.org, obj=department)
        errors: dict[str, list[str]] = {}
        if not (name or "").strip():
            errors["name"] = ["请填写联络人姓名。"]
        try:
            phone = _phone(phone)
        except ValidationError as e:
            errors.update(e.field_errors)
        if errors:
            raise ValidationError(field_errors=errors)
        user = None
        if username.strip():
            user = account_services.user_create(
                actor=actor,
                username=username,
                password=password,
                display_name=name.strip(),
                role=Role.DEPARTMENT_LIAISON,
                org=department.org,
            )
        liaison = Liaison.objects.create(
            department=department, name=name.strip()[:50], post=(post or "").strip()[:50], phone=phone, user=user
        )
        event.changes = {"liaison": liaison.pk, "login": user.username if user is not None else ""}
    return liaison


def liaison_update(*, actor: Actor, liaison: Liaison, name: str, post: str = "", phone: str = "") -> Liaison:
    """Correct a serving liaison's contact (name, post, phone); the login, if any, keeps its username and
    shows the new name."""
    department = liaison.department
    with audited(actor=actor, action="liaison.update", org=department.org, obj=department) as event:
        access.require(actor, Cap.TASK_MANAGE, department.org, obj=department)
        errors: dict[str, list[str]] = {}
        if not (name or "").strip():
            errors["name"] = ["请填写联络人姓名。"]
        try:
            phone = _phone(phone)
        except ValidationError as e:
            errors.update(e.field_errors)
        if errors:
            raise ValidationError(field_errors=errors)
        row = Liaison.objects.select_for_update().get(pk=liaison.pk)
        if not row.active:
            raise Conflict("该联络人已离任，不能修改。")
        new = {"name": name.strip()[:50], "post": (post or "").strip()[:50], "phone": phone}
        changes = {f: [getattr(row, f), v] for f, v in new.items() if getattr(row, f) != v}
        for f, v in new.items():
            setattr(row, f, v)
        row.save(update_fields=list(new))
        if row.user is not None and "name" in changes:
            row.user.display_name = new["name"]
            row.user.save(update_fields=["display_name"])
        # The phone is personal data: the trail says that it changed, not what it was or became.
        if "phone" in changes:
            changes["phone"] = ["…", "…"]
        event.changes = {"liaison": row.pk, **changes}
    return row


def liaison_remove(*, actor: Actor, liaison: Liaison) -> Liaison:
    """A liaison leaves the post: the contact is kept as no longer serving, and its login closed."""
    department = liaison.department
    with audited(actor=actor, action="liaison.remove", org=department.org, obj=department) as event:
        access.require(actor, Cap.TASK_MANAGE, department.org, obj=department)
        row = Liaison.objects.select_for_update().get(pk=liaison.pk)
        if not row.active:
            raise Conflict("该联络人已离任。")
        row.active = False
        row.save(update_fields=["active"])
        if row.user is not None:
            row.user.is_active = False
            row.user.save(update_fields=["is_active"])
        event.changes = {"liaison": row.pk, "login": row.user.username if row.user is not None else ""}
    return row
