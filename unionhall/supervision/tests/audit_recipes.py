"""Audit recipes of the supervision services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from unionhall.supervision import services, sources
from unionhall.supervision.models import Department, Liaison, SupervisedTask, TaskFile, TaskStatus
from unionhall.supervision.tests.support import departments, task
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _on_task(fn: Callable[[City, SupervisedTask], Any], status: str = TaskStatus.OPEN) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = task(c, department=departments(c).rs, status=status)
        return lambda: fn(c, made)

    return recipe


def _on_department(fn: Callable[[City, Department], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        rs = departments(c).rs
        return lambda: fn(c, rs)

    return recipe


def _on_liaison(fn: Callable[[City, Liaison], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        contact = Liaison.objects.get(department=departments(c).zj)
        return lambda: fn(c, contact)

    return recipe


def _download(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = task(c, department=departments(c).rs)
        upload = SimpleUploadedFile("记录.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        services.task_progress(actor=c.users["cadre_d1"], task=made, text="进展", upload=upload)
        stored = TaskFile.objects.get(task=made)
        return lambda: services.task_file_download(actor=c.users[who], file=stored)

    return recipe


def _open(who: str) -> Recipe:
    return lambda c: (
        lambda: services.task_open(
            actor=c.users[who],
            org=c.t1,
            title="核查欠薪线索",
            source=sources.Source("manual"),
            responsible_user=c.users["cadre_t1"],
            due_workdays=5,
        )
    )


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.supervision.services.task_open": (_open("cadre_d1"), _open("outsider")),
    "unionhall.supervision.services.task_progress": (
        _on_task(lambda c, t: services.task_progress(actor=c.users["liaison_d1"], task=t, text="已约谈")),
        _on_task(lambda c, t: services.task_progress(actor=c.users["liaison_d1"], task=t, text=" ")),
    ),
    "unionhall.supervision.services.task_close": (
        _on_task(lambda c, t: services.task_close(actor=c.users["liaison_d1"], task=t, evidence="已发放")),
        _on_task(lambda c, t: services.task_close(actor=c.users["reviewer_d1"], task=t, evidence="已发放")),
    ),
    "unionhall.supervision.services.task_cancel": (
        _on_task(lambda c, t: services.task_cancel(actor=c.users["cadre_d1"], task=t, reason="误交办")),
        _on_task(lambda c, t: services.task_cancel(actor=c.users["liaison_d1"], task=t, reason="不办")),
    ),
    "unionhall.supervision.services.task_reopen": (
        _on_task(lambda c, t: services.task_reopen(actor=c.users["cadre_d1"], task=t, reason="整改不到位"), "done"),
        _on_task(lambda c, t: services.task_reopen(actor=c.users["cadre_d1"], task=t, reason="整改不到位")),
    ),
    "unionhall.supervision.services.task_file_download": (_download("liaison_d1"), _download("outsider")),
    "unionhall.supervision.services.department_create": (
        lambda c: (
            lambda: services.department_create(
                actor=c.users["cadre_d1"], org=c.d1, name="东区公安分局", short_name="公安局"
            )
        ),
        lambda c: (
            lambda: services.department_create(
                actor=c.users["reviewer_d1"], org=c.d1, name="东区公安分局", short_name="公安局"
            )
        ),
    ),
    "unionhall.supervision.services.department_update": (
        _on_department(lambda c, d: services.department_update(actor=c.users["cadre_d1"], department=d, active=False)),
        _on_department(lambda c, d: services.department_update(actor=c.users["outsider"], department=d, active=False)),
    ),
    "unionhall.supervision.services.liaison_add": (
        _on_department(
            lambda c, d: services.liaison_add(
                actor=c.users["city_admin"],
                department=d,
                name="吴敏",
                phone="13900002222",
                username="rs_liaison2",
                password="Strong-pass-2026",
            )
        ),
        _on_department(
            lambda c, d: services.liaison_add(actor=c.users["cadre_d1"], department=d, name="吴", phone="12")
        ),
    ),
    "unionhall.supervision.services.liaison_update": (
        _on_liaison(
            lambda c, contact: services.liaison_update(
                actor=c.users["cadre_d1"], liaison=contact, name="周联络", post="副科长", phone="13900001111"
            )
        ),
        _on_liaison(lambda c, contact: services.liaison_update(actor=c.users["cadre_d1"], liaison=contact, name=" ")),
    ),
    "unionhall.supervision.services.liaison_remove": (
        _on_liaison(lambda c, contact: services.liaison_remove(actor=c.users["cadre_d1"], liaison=contact)),
        _on_liaison(lambda c, contact: services.liaison_remove(actor=c.users["reviewer_d1"], liaison=contact)),
    ),
}
