"""Writes of the responsibility module: the city's lines, cadres' assignments (with their history) and the
visits to fixed points. Each function is one business action inside `audited`: permission through the scope
rule, every field error at once, then the write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import PendingEvent, audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.orgs.people import person_label
from unionhall.orgs.selectors import require_at_city_root
from unionhall.responsibility.answers import who_answers
from unionhall.responsibility.models import (
    PROBLEM_SOURCE,
    Assignment,
    AssignmentChange,
    Frequency,
    Kind,
    Line,
    ProblemStatus,
    Visit,
    VisitProblem,
)
from unionhall.supervision import selectors as task_selectors
from unionhall.supervision import services as task_services
from unionhall.supervision.models import SupervisedTask
from unionhall.supervision.sources import Source

# --- the city's lines -----------------------------------------------------------------------------------


def _line_problems(code: str, name: str, *, line: Line | None = None) -> dict[str, list[str]]:
    others = Line.objects.exclude(pk=line.pk) if line is not None else Line.objects.all()
    problems: dict[str, list[str]] = {}
    if line is None and not code:
        problems["code"] = ["请填写代码（小写字母、数字、下划线）。"]
    elif line is None and others.filter(code=code).exists():
        problems["code"] = ["已有这个代码的管线。"]
    if not name:
        problems["name"] = ["请填写名称。"]
    elif others.filter(name=name).exists():
        problems["name"] = ["已有同名的管线。"]
    return problems


def line_create(*, actor: Actor, code: str, name: str, order: int = 0) -> Line:
    """Add a line of work to the city's list (whoever manages responsibility at the root)."""
    with audited(actor=actor, action="line.create") as event:
        require_at_city_root(actor, Cap.RESPONSIBILITY_MANAGE, event)
        code, name = code.strip(), name.strip()
        problems = _line_problems(code, name)
        if problems:
            raise ValidationError(field_errors=problems)
        line = Line.objects.create(code=code, name=name, order=order)
        event.target(line)
        event.changes = {"code": code, "name": name, "order": order}
    return line


def line_update(*, actor: Actor, line: Line, name: str, order: int) -> Line:
    """Rename or reorder a line; its code, which other modules ask by, stays."""
    with audited(actor=actor, action="line.update", obj=line) as event:
        require_at_city_root(actor, Cap.RESPONSIBILITY_MANAGE, event)
        line = Line.objects.select_for_update().get(pk=line.pk)
        name = name.strip()
        problems = _line_problems(line.code, name, line=line)
        if problems:
            raise ValidationError(field_errors=problems)
        event.changes = {k: [old, new] for k, old, new in (("name", line.name, name), ("order", line.order, order))}
        line.name, line.order = name, order
        line.save(update_fields=["name", "order"])
    return line


# --- assignments ----------------------------------------------------------------------------------------


def may_answer(cadre: Any, unit: OrgUnit) -> bool:
    """A cadre may be given a unit only where they work: an active account whose federation grant reaches it."""
    return bool(getattr(cadre, "is_active", False)) and access.reach(cadre, Cap.RESPONSIBILITY_MANAGE).covers(unit.path)


def _line_names(lines: Sequence[Line]) -> str:
    return "、".join(line.name for line in lines) or "全部管线"


def _overlapping(
    kind: str, unit: OrgUnit, starts_on: date, ends_on: date | None, lines: Sequence[Line], *, besides: int = 0
) -> Any:
    """Another row of the same kind at the unit whose period meets this one and which covers a line of it."""
    rows = Assignment.objects.filter(kind=kind, org=unit).exclude(pk=besides)
    rows = rows.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        rows = rows.filter(starts_on__lte=ends_on)
    if lines:  # an all-lines row meets every line; a row naming lines meets ours when one is shared
        rows = rows.filter(Q(lines__isnull=True) | Q(lines__in=lines))
    return rows.select_related("cadre").first()


def _overlap_message(other: Assignment) -> str:
    return f"同一时期该单位已有{other.get_kind_display()}安排（{person_label(other.cadre)}）覆盖所选管线。"


def _record_change(event: PendingEvent, assignment: Assignment, action: str, changes: dict[str, Any]) -> None:
    actor = event.actor
    user = user_of(actor) if not isinstance(actor, str) else None
    name = user.get_username() if user is not None else str(actor)
    AssignmentChange.objects.create(assignment=assignment, action=action, changes=changes, by=user, by_name=name)
    event.changes = changes


def assignment_problems(
    *,
    cadre: Any,
    kind: str,
    unit: OrgUnit | None,
    lines: Sequence[Line],
    frequency: str,
    starts_on: date | None,
    ends_on: date | None,
) -> dict[str, list[str]]:
    """Every field error of a new assignment at once (the form shows them together)."""
    problems: dict[str, list[str]] = {}
    if kind not in Kind.values:
        problems["kind"] = ["请选择包片或定点。"]
    if kind == Kind.POINT and frequency not in Frequency.values:
        problems["frequency"] = ["定点须选择走访频次。"]
    if kind == Kind.AREA and frequency:
        problems["frequency"] = ["包片不设走访频次。"]
    if unit is not None and unit.status != OrgStatus.ACTIVE:
        problems["org"] = ["已合并或撤销的单位不能安排。"]
    if unit is not None and cadre is not None and not may_answer(cadre, unit):
        problems["cadre"] = ["只能安排权限覆盖该单位的总工会干部。"]
    if starts_on is None:
        problems["starts_on"] = ["请填写起始日期。"]
    elif ends_on is not None and ends_on < starts_on:
        problems["ends_on"] = ["终止日期不能早于起始日期。"]
    if not problems and unit is not None and starts_on is not None:
        other = _overlapping(kind, unit, starts_on, ends_on, lines)
        if other is not None:
            problems["lines"] = [_overlap_message(other)]
    return problems


def assignment_create(
    *,
    actor: Actor,
    cadre: Any,
    kind: str,
    unit: OrgUnit,
    lines: Sequence[Line] = (),
    frequency: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    note: str = "",
) -> Assignment:
    """Give a cadre an area or a fixed point for some lines (none: all of them), from `starts_on` (today)."""
    with audited(actor=actor, action="assignment.create", org=unit) as event:
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, unit)
        starts_on = starts_on or timezone.localdate()
        problems = assignment_problems(
            cadre=cadre, kind=kind, unit=unit, lines=lines, frequency=frequency, starts_on=starts_on, ends_on=ends_on
        )
        if problems:
            raise ValidationError(field_errors=problems)
        assignment = Assignment.objects.create(
            cadre=cadre,
            kind=kind,
            org=unit,
            frequency=frequency if kind == Kind.POINT else "",
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip()[:200],
            created_by=user_of(actor),
        )
        assignment.lines.set(lines)
        event.target(assignment)
        _record_change(
            event,
            assignment,
            AssignmentChange.Action.CREATE,
            {
                "cadre": cadre.get_username(),
                "kind": kind,
                "org": unit.code,
                "lines": _line_names(lines),
                "frequency": assignment.get_frequency_display(),
                "starts_on": str(starts_on),
                "ends_on": str(ends_on or ""),
            },
        )
    return assignment


def _locked_open(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update(of=("self",)).select_related("org", "cadre").get(pk=assignment.pk)
    if locked.ends_on is not None and locked.ends_on < timezone.localdate():
        raise Conflict("该安排已终止，不能再调整。")
    return locked


def assignment_update(
    *, actor: Actor, assignment: Assignment, lines: Sequence[Line], frequency: str = "", note: str = ""
) -> Assignment:
    """Change the lines, a point's frequency or the note of an assignment that still holds."""
    with audited(actor=actor, action="assignment.update", org=assignment.org, obj=assignment) as event:
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, assignment.org, obj=assignment)
        a = _locked_open(assignment)
        problems: dict[str, list[str]] = {}
        if a.kind == Kind.POINT and frequency not in Frequency.values:
            problems["frequency"] = ["定点须选择走访频次。"]
        other = _overlapping(a.kind, a.org, a.starts_on, a.ends_on, lines, besides=a.pk)
        if other is not None:
            problems["lines"] = [_overlap_message(other)]
        if problems:
            raise ValidationError(field_errors=problems)
        before = list(a.lines.all())
        changes: dict[str, Any] = {}
        if {x.pk for x in before} != {x.pk for x in lines}:
            changes["lines"] = [_line_names(before), _line_names(lines)]
            a.lines.set(lines)
        new_frequency = frequency if a.kind == Kind.POINT else ""
        if new_frequency != a.frequency:
            changes["frequency"] = [a.get_frequency_display(), Frequency(new_frequency).label]
            a.frequency = new_frequency
        if note.strip() != a.note:
            changes["note"] = [a.note, note.strip()[:200]]
            a.note = note.strip()[:200]
        if not changes:
            raise ValidationError("没有需要保存的修改。")
        a.save(update_fields=["frequency", "note"])
        _record_change(event, a, AssignmentChange.Action.UPDATE, changes)
    return a


def assignment_end(*, actor: Actor, assignment: Assignment, ends_on: date | None = None) -> Assignment:
    """End an assignment on `ends_on` (today): from the next day someone else answers for the unit."""
    with audited(actor=actor, action="assignment.end", org=assignment.org, obj=assignment) as event:
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, assignment.org, obj=assignment)
        a = _locked_open(assignment)
        ends_on = ends_on or timezone.localdate()
        if ends_on < a.starts_on:
            raise ValidationError(field_errors={"ends_on": ["终止日期不能早于起始日期。"]})
        if a.ends_on is not None and ends_on > a.ends_on:
            raise ValidationError(field_errors={"ends_on": [f"该安排已定于 {a.ends_on:%Y-%m-%d} 终止。"]})
        old = a.ends_on
        a.ends_on = ends_on
        a.save(update_fields=["ends_on"])
        _record_change(event, a, AssignmentChange.Action.END, {"ends_on": [str(old or ""), str(ends_on)]})
    return a


# --- visits ---------------------------------------------------------------------------------------------


def visit_problems(
    *, assignment: Assignment, visited_on: date | None, purpose: str, findings: str
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    today = timezone.localdate()
    if visited_on is None:
        problems["visited_on"] = ["请填写走访日期。"]
    elif visited_on > today:
        problems["visited_on"] = ["走访日期不能晚于今天。"]
    elif visited_on < assignment.starts_on or (assignment.ends_on is not None and visited_on > assignment.ends_on):
        problems["visited_on"] = ["走访日期须在定点联系的期限之内。"]
    if not purpose.strip():
        problems["purpose"] = ["请填写走访事由。"]
    if not findings.strip():
        problems["findings"] = ["请填写了解到的情况。"]
    return problems


def visit_record(
    *,
    actor: Actor,
    assignment: Assignment,
    visited_on: date | None,
    purpose: str,
    findings: str,
    companions: str = "",
    problems: Sequence[str] = (),
) -> Visit:
    """Log a visit to a fixed point, each problem it raised a row of its own (open until settled)."""
    with audited(actor=actor, action="visit.record", org=assignment.org, obj=assignment) as event:
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, assignment.org, obj=assignment)
        if assignment.kind != Kind.POINT:
            raise Conflict("只有定点联系单位才记录走访。")
        errors = visit_problems(assignment=assignment, visited_on=visited_on, purpose=purpose, findings=findings)
        raised = [p.strip()[:300] for p in problems if p.strip()]
        if errors:
            raise ValidationError(field_errors=errors)
        assert visited_on is not None
        visit = Visit.objects.create(
            assignment=assignment,
            visited_on=visited_on,
            companions=companions.strip()[:200],
            purpose=purpose.strip()[:200],
            findings=findings.strip(),
            recorded_by=user_of(actor),
        )
        VisitProblem.objects.bulk_create(VisitProblem(visit=visit, text=text) for text in raised)
        event.target(visit)
        event.changes = {"visited_on": str(visited_on), "problems": len(raised)}
    return visit


def visit_problem_close(*, actor: Actor, problem: VisitProblem, resolution: str) -> VisitProblem:
    """Record how a problem raised on a visit was settled."""
    org = problem.visit.assignment.org
    with audited(actor=actor, action="visit_problem.close", org=org, obj=problem) as event:
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, org, obj=problem)
        p = VisitProblem.objects.select_for_update().get(pk=problem.pk)
        if p.status != ProblemStatus.OPEN:
            raise Conflict("该问题已解决。")
        if task_selectors.tasks_from(PROBLEM_SOURCE, p.pk).exists():
            raise Conflict("该问题已转为督办事项，请在督办事项中办结。")
        if not resolution.strip():
            raise ValidationError(field_errors={"resolution": ["请填写解决情况。"]})
        p.status, p.resolution = ProblemStatus.CLOSED, resolution.strip()[:300]
        p.closed_at, p.closed_by = timezone.now(), user_of(actor)
        p.save(update_fields=["status", "resolution", "closed_at", "closed_by"])
        event.changes = {"status": [ProblemStatus.OPEN, ProblemStatus.CLOSED]}
    return p


def visit_problem_supervise(
    *,
    actor: Actor,
    problem: VisitProblem,
    line: Line | None = None,
    due_on: date | None = None,
    due_workdays: int | None = None,
) -> SupervisedTask:
    """Hand a problem raised on a visit on as a 督办 task about the point's unit: the responsible cadre is who
    answers for the unit on `line` (`who_answers`), or the cadre holding the point when no line is chosen."""
    visit = problem.visit
    point = visit.assignment
    with audited(actor=actor, action="visit_problem.supervise", org=point.org, obj=problem) as event:
        access.require(actor, Cap.RESPONSIBILITY_MANAGE, point.org, obj=problem)
        p = VisitProblem.objects.select_for_update().get(pk=problem.pk)
        if p.status != ProblemStatus.OPEN:
            raise Conflict("该问题已解决，无需督办。")
        if task_selectors.tasks_from(PROBLEM_SOURCE, p.pk).exists():
            raise Conflict("该问题已转为督办事项。")
        answer = who_answers(point.org, line.code) if line is not None else None
        responsible = answer.user if answer is not None else point.cadre
        task = task_services.task_open(
            actor=actor,
            org=point.org,
            title=p.text[:200],
            source=Source(PROBLEM_SOURCE, p.pk, f"{visit.visited_on:%Y-%m-%d} 走访{point.org.name}发现的问题"),
            responsible_user=responsible,
            due_on=due_on,
            due_workdays=due_workdays,
            detail=f"走访了解情况：{visit.findings}"[:2000],
        )
        event.target(p)
        event.changes = {
            "task": task.pk,
            "line": line.code if line is not None else "",
            "basis": answer.basis if answer is not None else "定点联系",
            "responsible": responsible.username,
        }
    return task
