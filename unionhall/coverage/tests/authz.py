"""Authorization specs of the coverage app's routes, collected by core/tests/test_authorization.py.

Who holds which coverage capability, by hand from PRODUCT.md §1: city admins and federation cadres manage
coverage (organizing tasks) in their subtree; grassroots staff and reviewers read it; information officers,
the system admin, merchants and workers see none of it. The city's settings belong to who manages the root.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from python_calamine import CalamineWorkbook

from unionhall.coverage import services
from unionhall.coverage.models import OrganizingTask
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.authz_support import Route, statuses
from unionhall.tests.city import City, uscc

SEE_COVERAGE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
MANAGE_U1 = {"city_admin", "cadre_d1", "cadre_t1"}
COVERAGE_ANYWHERE = SEE_COVERAGE_U1 | {"outsider", "chair_u3"}
# A task answerable to T1 (the territory of E0): the chair of U1 sees U1's subtree only, not T1.
SEE_TASK = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1"}
D2_NAMES = ("西区总工会", "西一街道总工会", "西方纺织", "西区未建会物流公司", "D2-T1-U1")


def gaps(city: City) -> dict[str, Any]:
    """三同步 misses, overdue elections and organizing tasks on both sides: D1 (E0, E1, U1) and D2 (E4, E3, U3)."""
    Employer.objects.filter(pk__in=[city.e0.pk, city.e1.pk, city.e3.pk]).update(
        registered_on=date(2024, 3, 1), opened_on=date(2024, 4, 1)
    )
    Employer.objects.create(
        name="西区未建会物流公司",
        uscc=uscc("320506DDDD3333"),
        org=city.t2,
        employee_count=60,
        registered_on=date(2024, 3, 1),
        opened_on=date(2024, 4, 1),
    )
    OrgUnit.objects.filter(pk=city.u3.pk).update(term_ends_on=date(2023, 6, 1), chair_name="")
    services.organizing_tasks_generate(actor=SYSTEM, org=city.city)
    return {}


def task(city: City) -> dict[str, Any]:
    gaps(city)
    return {"pk": OrganizingTask.objects.get(employer=city.e0).pk}


def task_ready_to_close(city: City) -> dict[str, Any]:
    kwargs = task(city)
    Employer.objects.filter(pk=city.e0.pk).update(union=city.u1)  # the union now exists in the tree
    return kwargs


def u1(city: City) -> dict[str, Any]:
    gaps(city)
    return {"pk": city.u1.pk}


def page_has_no_d2_rows(city: City, response: Any) -> None:
    text = response.content.decode()
    for name in D2_NAMES:
        assert name not in text, f"{name} leaked"


def export_has_no_d2_rows(city: City, response: Any) -> None:
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    cells = " ".join(str(cell) for row in rows for cell in row)
    for name in D2_NAMES:
        assert name not in cells, f"{name} leaked"


def api_has_no_d2_rows(city: City, response: Any) -> None:
    body = response.json()
    assert body["node"]["id"] == city.u1.pk
    names = {body["node"]["name"], *(c["name"] for c in body["children"])}
    assert not any(n in name for n in D2_NAMES for name in names)


ROUTES: dict[str, Route] = {
    "coverage:dashboard": Route(lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "coverage:node": Route(u1, statuses(SEE_COVERAGE_U1), no_foreign=page_has_no_d2_rows),
    "coverage:node_export": Route(u1, statuses(SEE_COVERAGE_U1), no_foreign=export_has_no_d2_rows),
    "coverage:tasks_generate": Route(u1, statuses(MANAGE_U1, ok=302, in_sight=SEE_COVERAGE_U1), methods=("post",)),
    "coverage:sync": Route(lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "coverage:sync_export": Route(lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), no_foreign=export_has_no_d2_rows),
    "coverage:elections": Route(lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), no_foreign=page_has_no_d2_rows),
    "coverage:elections_export": Route(
        lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), no_foreign=export_has_no_d2_rows
    ),
    "coverage:tasks": Route(
        lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), query="status=all", no_foreign=page_has_no_d2_rows
    ),
    "coverage:tasks_export": Route(
        lambda c: gaps(c), statuses(COVERAGE_ANYWHERE), query="status=all", no_foreign=export_has_no_d2_rows
    ),
    "coverage:task": Route(task, statuses(SEE_TASK)),
    "coverage:task_close": Route(
        task_ready_to_close, statuses(MANAGE_U1, ok=302, in_sight=SEE_TASK), methods=("post",)
    ),
    "coverage:task_assign": Route(task, statuses(MANAGE_U1, ok=302, in_sight=SEE_TASK), methods=("post",)),
    # Only who manages coverage at the root: the city admin. A POST without data re-shows the form.
    "coverage:settings": Route(expect=statuses({"city_admin"}), methods=("get", "post")),
    "api:coverage_node": Route(
        lambda c: {"org_id": u1(c)["pk"]},
        statuses(SEE_COVERAGE_U1, anon=401),
        no_foreign=api_has_no_d2_rows,
    ),
}
