"""The 待办 panel: every kind of waiting work is counted through the scope rule and links to the list of
exactly that work; nothing out of scope is ever counted."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from unionhall.console.views import waiting_work
from unionhall.tests.city import City


def item(city: City, user: str, label: str) -> dict[str, Any] | None:
    found = [i for i in waiting_work(city.users[user]) if i["label"] == label]
    assert len(found) <= 1
    return found[0] if found else None


def count(city: City, user: str, label: str) -> int:
    found = item(city, user, label)
    return found["count"] if found else 0


def listed(city: City, user: str, label: str) -> int:
    """How many rows the list behind the figure shows the same user."""
    found = item(city, user, label)
    assert found is not None
    response = city.client(user).get(found["url"])
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_join_applications_wait_for_the_union_they_were_routed_to(city: City) -> None:
    from unionhall.tests.factories import LI, WANG, submit

    submit(city)  # 东方机械 → U1
    submit(city, name="李芳", id_number=LI, phone="13912345679", employer=city.e3)  # 西方纺织 → U3 (D2)
    label = "网上入会申请待审核"
    assert count(city, "chair_u1", label) == 1 and listed(city, "chair_u1", label) == 1
    assert count(city, "cadre_d1", label) == 1
    assert count(city, "outsider", label) == 1  # only D2's own application
    assert count(city, "reviewer_d1", label) == 0  # reviews nothing
    assert count(city, "nobody", label) == 0
    assert WANG


def test_imports_waiting_to_be_finished_are_counted_for_the_importing_union(city: City) -> None:
    from unionhall.imports.models import ImportJob, JobStatus
    from unionhall.members.import_kind import MEMBERS

    for org, status in ((city.u1, JobStatus.VALIDATED), (city.u1, JobStatus.UPLOADED), (city.u3, JobStatus.VALIDATED)):
        ImportJob.objects.create(org=org, kind=MEMBERS, file="x.xlsx", original_name="花名册.xlsx", status=status)
    ImportJob.objects.create(
        org=city.u1, kind=MEMBERS, file="x.xlsx", original_name="已导入.xlsx", status=JobStatus.COMMITTED
    )
    assert count(city, "chair_u1", "导入校验完成待提交") == 1
    assert listed(city, "chair_u1", "导入校验完成待提交") == 1
    assert count(city, "chair_u1", "导入文件待确认列") == 1
    assert listed(city, "chair_u1", "导入文件待确认列") == 1
    assert count(city, "outsider", "导入校验完成待提交") == 1  # U3's, not U1's
    assert count(city, "outsider", "导入文件待确认列") == 0
    assert count(city, "reviewer_d1", "导入校验完成待提交") == 0


def test_risk_reports_wait_for_the_federation_above_the_reporting_unit(city: City) -> None:
    from unionhall.tests.factories import risk

    risk(city.u1)  # signed by T1 (or above)
    risk(city.t1)  # signed by D1: not by T1 itself
    risk(city.u3)  # D2's
    label = "风险预警待签收"
    assert count(city, "cadre_t1", label) == 1
    assert listed(city, "cadre_t1", label) == 2  # the list shows T1's own report too: in sight, not T1's to sign
    assert count(city, "cadre_d1", label) == 2
    assert count(city, "chair_u1", label) == 0  # a grassroots union reports, it does not acknowledge
    assert count(city, "info_u1", label) == 0
    assert count(city, "outsider", label) == 1


def test_rights_cases_to_accept_are_counted_and_listed_in_scope(city: City) -> None:
    from unionhall.tests.factories import case

    case(city.u1)
    case(city.u3)
    label = "待受理维权案件"
    assert count(city, "chair_u1", label) == 1 and listed(city, "chair_u1", label) == 1
    assert count(city, "outsider", label) == 1


def test_the_home_page_links_each_waiting_kind_and_each_figure(city: City) -> None:
    from unionhall.tests.factories import submit

    submit(city)
    page = city.client("chair_u1").get(reverse("console:home")).text
    assert f'<a href="{reverse("joining:applications")}?status=submitted">网上入会申请待审核</a>' in page
    assert f'<a href="{reverse("members:list")}?org=D1-T1-U1&amp;status=open">' in page
    assert f'<a href="{reverse("orgs:tree")}?level=grassroots&amp;within=D1-T1-U1">' in page
    outsider = city.client("outsider").get(reverse("console:home")).text
    assert "网上入会申请待审核" not in outsider and "D1-T1-U1" not in outsider


def test_a_figure_the_user_may_not_open_is_not_a_link(city: City) -> None:
    page = city.client("sysadmin").get(reverse("console:home")).text
    assert reverse("members:list") not in page.split('data-testid="figures"')[1]
    assert reverse("orgs:tree") in page


def test_the_grassroots_figure_lists_exactly_the_unions_it_counts(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("orgs:tree"), {"level": "grassroots", "within": "D1-T1"})
    assert sorted(u.code for u in response.context["results"]) == ["D1-T1-U1", "D1-T1-U2"]
    # a code out of reach narrows to nothing instead of widening the search
    outside = city.client("cadre_d1").get(reverse("orgs:tree"), {"level": "grassroots", "within": "D2"})
    assert outside.context["results"] == []


def test_every_waiting_item_of_every_user_links_to_a_page_they_can_open(city: City) -> None:
    from unionhall.assistance.models import FileStatus
    from unionhall.imports.models import ImportJob, JobStatus
    from unionhall.members.import_kind import MEMBERS
    from unionhall.tests import factories
    from unionhall.tests.factories import case, risk, submit

    submit(city)
    factories.hardship_file(city.u1, status=FileStatus.SUBMITTED)
    ImportJob.objects.create(
        org=city.u1, kind=MEMBERS, file="x.xlsx", original_name="a.xlsx", status=JobStatus.VALIDATED
    )
    case(city.u1)
    risk(city.u1)
    seen = set()
    for name in ("city_admin", "cadre_d1", "cadre_t1", "chair_u1", "info_u1", "reviewer_d1", "outsider"):
        for entry in waiting_work(city.users[name]):
            assert entry["count"] > 0 and entry["url"].startswith("/")
            assert city.client(name).get(entry["url"]).status_code == 200, (name, entry)
            seen.add(entry["label"])
    assert {
        "网上入会申请待审核",
        "困难档案待入户核查",
        "导入校验完成待提交",
        "待受理维权案件",
        "风险预警待签收",
    } <= seen
