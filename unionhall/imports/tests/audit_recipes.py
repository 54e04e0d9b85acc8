"""Audit recipes of the imports services (see unionhall/tests/audit_support.py).

Uploads land in a temporary MEDIA_ROOT of their own, so the audit test leaves nothing under var/.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from typing import Any

from django.test import override_settings

from unionhall.imports import services
from unionhall.imports.models import ImportJob
from unionhall.members.import_kind import MEMBERS
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City

MEDIA = tempfile.mkdtemp(prefix="unionhall-audit-media-")
FIELDS = ["name", "id_number"]


def _roster_bytes(rows: list[list[str]]) -> io.BytesIO:
    text = "\n".join(",".join(r) for r in [["姓名", "身份证号"], *rows])
    out = io.BytesIO(text.encode())
    out.name = "roster.csv"
    return out


GOOD = [["张三", "110105199001010010"]]
BAD = [["李四", "110105199001010011"]]  # wrong check digit


def _in_media(fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with override_settings(MEDIA_ROOT=MEDIA):
            return fn()

    return run


def _create(c: City, actor: str) -> Callable[[], Any]:
    return _in_media(
        lambda: services.import_job_create(
            actor=c.users[actor], org=c.u1, kind=MEMBERS, upload=_roster_bytes(GOOD), filename="roster.csv"
        )
    )


def _uploaded(c: City, rows: list[list[str]]) -> ImportJob:
    return _in_media(
        lambda: services.import_job_create(
            actor=c.users["chair_u1"], org=c.u1, kind=MEMBERS, upload=_roster_bytes(rows), filename="r.csv"
        )
    )()


def _map(actor: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        job = _uploaded(c, GOOD)
        return _in_media(lambda: services.import_job_map(actor=c.users[actor], job=job, fields=FIELDS))

    return recipe


def _commit(rows: list[list[str]], **options: Any) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        job = _uploaded(c, rows)
        _in_media(lambda: services.import_job_map(actor=c.users["chair_u1"], job=job, fields=FIELDS))()
        return _in_media(lambda: services.import_job_commit(actor=c.users["chair_u1"], job=job, **options))

    return recipe


def _discard(actor: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        job = _uploaded(c, GOOD)
        return _in_media(lambda: services.import_job_discard(actor=c.users[actor], job=job))

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.imports.services.import_job_create": (
        lambda c: _create(c, "chair_u1"),
        lambda c: _create(c, "reviewer_d1"),
    ),
    "unionhall.imports.services.import_job_map": (_map("chair_u1"), _map("reviewer_d1")),
    "unionhall.imports.services.import_job_commit": (_commit(GOOD), _commit(BAD, all_or_nothing=True)),
    "unionhall.imports.services.import_job_discard": (_discard("chair_u1"), _discard("reviewer_d1")),
}
