"""Writes of the coverage module: the city's coverage settings and the organizing tasks (建会任务).

Each function is one business action: it checks permission through access.py, validates, writes inside a
transaction and records exactly one audit event.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.rows import only_editable, set_checked
from unionhall.coverage import selectors, workflow
from unionhall.coverage.attribution import villages_in
from unionhall.coverage.models import CoverageSettings, CoverageSnapshot, OrganizingTask, TaskKind, TaskStatus
from unionhall.notifications.services import notify
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Division, Employer, OrgStatus, OrgUnit
from unionhall.orgs.selectors import city_root, require_at_city_root
from unionhall.workflow import kernel

SETTINGS_EDITABLE = (
    "size_threshold",
    "sync_since",
    "sync_found_days",
    "sync_join_rate",
    "unionization_target",
    "membership_target",
)
TARGETS = {"unionization_target": "建会率目标", "membership_target": "入会率目标"}


def _validate_settings(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    threshold = values.get("size_threshold")
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= 100_000:
        errors["size_threshold"] = ["建会统计规模须为 1 至 100000 之间的整数。"]
    since = values.get("sync_since")
    if not isinstance(since, date):
        errors["sync_since"] = ["请填写三同步起算日期。"]
    elif since > timezone.localdate():
        errors["sync_since"] = ["起算日期不能晚于今天。"]
    days = values.get("sync_found_days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        errors["sync_found_days"] = ["同步建会期限须为 1 至 3650 天。"]
    try:
        share = Decimal(str(values.get("sync_join_rate")))
    except (InvalidOperation, ValueError):
        share = Decimal(-1)
    if not Decimal("0.01") <= share <= Decimal("1"):
        errors["sync_join_rate"] = ["同步入会比例须在 1% 至 100% 之间。"]
    else:
        values["sync_join_rate"] = share.quantize(Decimal("0.01"))
    for name, label in TARGETS.items():
        target = values.get(name)
        if target is None:
            continue  # no target: the dashboard draws no line
        try:
            target = Decimal(str(target))
        except (InvalidOperation, ValueError):
            target = Decimal(-1)
        if not Decimal("0.01") <= target <= Decimal("1"):
            errors[name] = [f"{label}须在 1% 至 100% 之间，或留空。"]
        else:
            values[name] = target.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(field_errors=errors)
    return values


def coverage_settings_update(*, actor: Actor, **fields: Any) -> CoverageSettings:
    """The city's rules for measuring coverage; only a user managing coverage at the root may change them."""
    with audited(actor=actor, action="coverage_settings.update") as event:
        require_at_city_root(actor, Cap.COVERAGE_MANAGE, event)
        only_editable(fields, SETTINGS_EDITABLE)
        CoverageSettings.current()
        cfg = CoverageSettings.objects.select_for_update().get(pk=1)
        event.target(cfg)
        event.changes = set_checked(cfg, fields, SETTINGS_EDITABLE, _validate_settings)
        cfg.updated_by = user_of(actor)
        cfg.save(update_fields=[*SETTINGS_EDITABLE, "updated_by", "updated_at"])
    return cfg


def organizing_tasks_generate(*, actor: Actor, org: OrgUnit) -> list[OrganizingTask]:
    """One open task for every gap in the subtree that has none yet: employers at or above the size
    threshold without a union, administrative villages and communities without a union. Idempotent."""
    with audited(actor=actor, action="organizing_tasks.generate", org=org, obj=org) as event:
        access.require(actor, Cap.COVERAGE_MANAGE, org, obj=org)
        if org.status != OrgStatus.ACTIVE:
            raise Conflict("已合并或撤销的组织不能生成建会任务。")
        cfg = CoverageSettings.current()
        open_tasks = OrganizingTask.objects.filter(status=TaskStatus.OPEN)
        employers = (
            Employer.objects.filter(
                org__path__startswith=org.path, employee_count__gte=cfg.size_threshold, union__isnull=True
            )
            .exclude(pk__in=open_tasks.filter(employer__isnull=False).values("employer_id"))
            .select_related("org")
            .order_by("org__path", "name", "pk")
        )
        tasked = set(open_tasks.filter(division__isnull=False).values_list("division_id", flat=True))
        villages = [v for v in villages_in(org.path) if not v.has_union and v.code not in tasked]
        who_answers = selectors.responsibility()
        by_name = str(actor.get_username() if hasattr(actor, "get_username") else actor)[:150]
        new = [
            OrganizingTask(
                kind=TaskKind.EMPLOYER,
                employer=e,
                org=e.org,
                assignee=next(iter(who_answers.nearest(e.org.path)), None),
                created_by_name=by_name,
            )
            for e in employers
        ]
        new += [
            OrganizingTask(
                kind=TaskKind.VILLAGE if v.kind == Division.Kind.VILLAGE else TaskKind.COMMUNITY,
                division_id=v.code,
                org_id=v.unit_id,
                assignee=next(iter(who_answers.nearest(v.unit_path)), None),
                created_by_name=by_name,
            )
            for v in villages
        ]
        try:
            with transaction.atomic():
                OrganizingTask.objects.bulk_create(new, batch_size=1000)
        except IntegrityError:
            raise Conflict("另一位干部正在为同一范围生成建会任务，请刷新后再试。") from None
        _tell_assignees(new)
        kinds = [t.kind for t in new]
        event.changes = {
            "created": len(new),
            "employer": kinds.count(TaskKind.EMPLOYER),
            "village": kinds.count(TaskKind.VILLAGE),
            "community": kinds.count(TaskKind.COMMUNITY),
        }
    return new


def _tell_assignees(tasks: list[OrganizingTask]) -> None:
    """Each cadre answering for new tasks hears of them once, with their count (a drive over a district may
    make hundreds: one message per task would bury the rest of the bell)."""
    by_cadre: dict[int, list[OrganizingTask]] = {}
    for t in tasks:
        if t.assignee_id is not None:
            by_cadre.setdefault(t.assignee_id, []).append(t)
    for mine in by_cadre.values():
        one = mine[0]
        notify(
            [one.assignee],
            kind="coverage.organizing_task",
            title=f"新的建会任务 {len(mine)} 项" if len(mine) > 1 else f"新的建会任务：{one.org.name}",
            body="按包片·定点·管线（组建），由您负责推动建会。",
            url=reverse("coverage:tasks") + "?mine=on" if len(mine) > 1 else reverse("coverage:task", args=[one.pk]),
        )


def organizing_task_close(*, actor: Actor, task: OrganizingTask, union: OrgUnit | None = None) -> OrganizingTask:
    """Close a task, which needs the new union to exist in the tree: the employer is covered by an active
    union, or an active village/community union sits in the village. `union`, if given, must be that union."""
    return kernel.run(workflow.TABLE, "close", actor=actor, obj=task, union=union)


def organizing_task_assign(*, actor: Actor, task: OrganizingTask, user: Any | None) -> OrganizingTask:
    """Give an open task to a cadre who manages coverage at the task's unit (or take it back with None)."""
    with audited(actor=actor, action="organizing_task.assign", org=task.org, obj=task) as event:
        access.require(actor, Cap.COVERAGE_MANAGE, task.org, obj=task)
        task = OrganizingTask.objects.select_for_update(of=("self",)).select_related("org", "assignee").get(pk=task.pk)
        if task.status != TaskStatus.OPEN:
            raise Conflict("已结项的任务不能再分派。")
        if user is not None and (
            not getattr(user, "is_active", False) or not access.reach(user, Cap.COVERAGE_MANAGE).covers(task.org.path)
        ):
            raise ValidationError(field_errors={"assignee": ["只能分派给负责该区域建会工作的干部。"]})
        event.changes = {"assignee": [str(task.assignee or ""), str(user or "")]}
        told = user is not None and user.pk != task.assignee_id
        task.assignee = user
        task.save(update_fields=["assignee"])
        if told:
            notify(
                [user],
                kind="coverage.organizing_task",
                title=f"建会任务分派给您：{task.org.name}",
                url=reverse("coverage:task", args=[task.pk]),
            )
    return task


# The first year the platform could have figures for; a later one than next year is a mistake.
FIRST_SNAPSHOT_YEAR = 2000


def coverage_snapshot_take(*, actor: Actor, year: int) -> int:
    """Keep every unit's rolled-up coverage figures as they stand as the figures of `year` (taken on 1 January
    for the year just ended). The whole tree in one roll-up (selectors.coverage_tree), not a query per unit.
    Taken again for the same year, that year's rows are replaced. Returns how many units were kept."""
    root = city_root()
    with audited(actor=actor, action="coverage_snapshot.take", org=root) as event:
        access.require(actor, Cap.COVERAGE_MANAGE, root)
        if not isinstance(year, int) or isinstance(year, bool):
            raise ValidationError(field_errors={"year": ["请填写年度。"]})
        if not FIRST_SNAPSHOT_YEAR <= year <= timezone.localdate().year:
            raise ValidationError(field_errors={"year": [f"年度须在 {FIRST_SNAPSHOT_YEAR} 年至今年之间。"]})
        today = timezone.localdate()
        tree = selectors.coverage_tree(actor, root)
        # The units the dashboard would list: active ones, and closed ones where something still counts.
        rows = [
            CoverageSnapshot(org_id=n.id, year=year, taken_on=today, figures=n.total.as_dict())
            for n in tree.values()
            if n.is_active or not n.total.is_empty
        ]
        replaced, _ = CoverageSnapshot.objects.filter(year=year).delete()
        CoverageSnapshot.objects.bulk_create(rows, batch_size=2000)
        event.changes = {"year": year, "units": len(rows), "replaced": replaced}
    return len(rows)
