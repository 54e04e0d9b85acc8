"""Audit recipes of the responsibility services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from unionhall.responsibility import services
from unionhall.responsibility.models import Frequency, Kind, Line, Visit, VisitProblem
from unionhall.responsibility.tests.support import point
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _on_point(fn: Callable[[City, Any], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        p = point(c.users["cadre_t1"], c.u1, starts_on=date(2025, 1, 1))
        return lambda: fn(c, p)

    return recipe


def _on_problem(fn: Callable[[City, VisitProblem], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        p = point(c.users["cadre_t1"], c.u1, starts_on=date(2025, 1, 1))
        visit = Visit.objects.create(assignment=p, visited_on=date(2025, 2, 1), purpose="走访", findings="正常")
        problem = VisitProblem.objects.create(visit=visit, text="食堂卫生差")
        return lambda: fn(c, problem)

    return recipe


def _rights() -> Line:
    return Line.objects.get(code="rights")


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.responsibility.services.line_create": (
        lambda c: lambda: services.line_create(actor=c.users["city_admin"], code="libraries", name="职工书屋"),
        lambda c: lambda: services.line_create(actor=c.users["cadre_d1"], code="libraries", name="职工书屋"),
    ),
    "unionhall.responsibility.services.line_update": (
        lambda c: lambda: services.line_update(actor=c.users["city_admin"], line=_rights(), name="维权服务", order=5),
        lambda c: lambda: services.line_update(actor=c.users["city_admin"], line=_rights(), name="帮扶", order=5),
    ),
    "unionhall.responsibility.services.assignment_create": (
        lambda c: (
            lambda: services.assignment_create(
                actor=c.users["cadre_d1"], cadre=c.users["cadre_t1"], kind=Kind.AREA, unit=c.t1
            )
        ),
        lambda c: (
            lambda: services.assignment_create(  # a D2 cadre cannot answer for a unit in D1
                actor=c.users["cadre_d1"], cadre=c.users["outsider"], kind=Kind.AREA, unit=c.t1
            )
        ),
    ),
    "unionhall.responsibility.services.assignment_update": (
        _on_point(
            lambda c, p: services.assignment_update(
                actor=c.users["cadre_d1"], assignment=p, lines=[_rights()], frequency=Frequency.MONTHLY
            )
        ),
        _on_point(lambda c, p: services.assignment_update(actor=c.users["reviewer_d1"], assignment=p, lines=[])),
    ),
    "unionhall.responsibility.services.assignment_end": (
        _on_point(lambda c, p: services.assignment_end(actor=c.users["cadre_d1"], assignment=p)),
        _on_point(lambda c, p: services.assignment_end(actor=c.users["outsider"], assignment=p)),
    ),
    "unionhall.responsibility.services.visit_record": (
        _on_point(
            lambda c, p: services.visit_record(
                actor=c.users["cadre_t1"],
                assignment=p,
                visited_on=date(2025, 3, 1),
                purpose="季度走访",
                findings="正常",
                problems=["食堂卫生差"],
            )
        ),
        _on_point(
            lambda c, p: services.visit_record(
                actor=c.users["cadre_t1"], assignment=p, visited_on=None, purpose="", findings=""
            )
        ),
    ),
    "unionhall.responsibility.services.visit_problem_close": (
        _on_problem(
            lambda c, p: services.visit_problem_close(actor=c.users["cadre_t1"], problem=p, resolution="已整改")
        ),
        _on_problem(
            lambda c, p: services.visit_problem_close(actor=c.users["chair_u1"], problem=p, resolution="已整改")
        ),
    ),
    "unionhall.responsibility.services.visit_problem_supervise": (
        _on_problem(
            lambda c, p: services.visit_problem_supervise(actor=c.users["cadre_d1"], problem=p, due_workdays=10)
        ),
        _on_problem(
            lambda c, p: services.visit_problem_supervise(actor=c.users["chair_u1"], problem=p, due_workdays=10)
        ),
    ),
}
