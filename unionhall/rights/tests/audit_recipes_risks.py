"""Audit recipes of the risk report services (四个第一人): a call that succeeds and one that is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unionhall.rights import risk_services
from unionhall.rights.models import RiskReport, RiskStatus
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import risk

M = "unionhall.rights.risk_services."


def _file(who: str) -> Recipe:
    return lambda c: (
        lambda: risk_services.risk_report_file(
            actor=c.users[who], org=c.u1, kind="layoff", level="red", description="计划裁员 200 人", affected_count=200
        )
    )


def _on(fn: Callable[[City, RiskReport], Any], status: str = RiskStatus.REPORTED) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        report = risk(c.u1)
        RiskReport.objects.filter(pk=report.pk).update(status=status)
        report.refresh_from_db()
        return lambda: fn(c, report)

    return recipe


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    M + "risk_report_file": (_file("info_u1"), _file("reviewer_d1")),
    M + "risk_acknowledge": (
        _on(lambda c, r: risk_services.risk_acknowledge(actor=c.users["cadre_t1"], report=r)),
        # the reporting union cannot acknowledge its own report: that is the upper federation's
        _on(lambda c, r: risk_services.risk_acknowledge(actor=c.users["chair_u1"], report=r)),
    ),
    M + "risk_follow_up": (
        _on(lambda c, r: risk_services.risk_follow_up(actor=c.users["info_u1"], report=r, note="已约谈企业负责人")),
        _on(lambda c, r: risk_services.risk_follow_up(actor=c.users["outsider"], report=r, note="x")),
    ),
    M + "risk_close": (
        _on(lambda c, r: risk_services.risk_close(actor=c.users["cadre_d1"], report=r, resolution="工资已补发")),
        _on(
            lambda c, r: risk_services.risk_close(actor=c.users["cadre_d1"], report=r, resolution="x"),
            RiskStatus.CLOSED,
        ),
    ),
}
