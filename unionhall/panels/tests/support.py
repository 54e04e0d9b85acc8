"""What the panel tests share: a subject kind of their own (a union put before a panel — the mechanism's tests
need no domain app), a panel convened by 东区 with two criteria, and reviewers."""

from __future__ import annotations

from typing import Any

from unionhall.accounts.models import User
from unionhall.orgs.models import Grant, OrgUnit, Role
from unionhall.panels import services, subjects
from unionhall.panels.models import Panel, PanelSubject
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

KIND = "test_union"


def _org(pk: int) -> Any:
    return OrgUnit.objects.filter(pk=pk).first()


def register_kind() -> None:
    subjects.register(subjects.SubjectKind(KIND, "测试对象：工会", org=_org, title=lambda pk: f"对象 {_org(pk)}"))


CRITERIA = [services.CriterionIn("创新性", 60, 10), services.CriterionIn("效益", 40, 10)]


def panel(
    c: City, *, org: OrgUnit | None = None, title: str = "东区创新成果评审", drop_from: int | None = None
) -> Panel:
    register_kind()
    return services.panel_create(
        actor=SYSTEM, org=org or c.d1, title=title, kind=KIND, criteria=CRITERIA, drop_extremes_from=drop_from
    )


def reviewer(name: str, org: OrgUnit, role: str = Role.FEDERATION_CADRE) -> User:
    user = User.objects.create_user(username=name, password="x-Test-pass-123")
    Grant.objects.create(user=user, role=role, org=org)
    return user


def seat(p: Panel, *users: User) -> None:
    for user in users:
        services.panel_member_add(actor=SYSTEM, panel=p, user=user)


def subject(p: Panel, org: OrgUnit) -> PanelSubject:
    return services.panel_subject_add(actor=SYSTEM, panel=p, ref=org.pk)


def values(p: Panel, a: int, b: int) -> dict[int, int | None]:
    first, second = p.criteria.all()
    return {first.pk: a, second.pk: b}
