"""The coverage figures kept between requests (core/versions.py) are never stale and never foreign: a change
shows on the next request, and a node kept for one cadre is still refused to a cadre out of its reach.

Transactional: inside a test's transaction nothing is cached, and these tests are about the cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.coverage.models import CoverageSettings
from unionhall.coverage.tests.support import member
from unionhall.orgs.models import Employer, Grant
from unionhall.tests.city import City, make_unit, uscc

pytestmark = pytest.mark.django_db(transaction=True)


def node_figures(client: object, pk: int) -> dict[str, int]:
    response = client.get(reverse("api:coverage_node", kwargs={"org_id": pk}))  # type: ignore[attr-defined]
    assert response.status_code == 200
    total = response.json()["node"]["total"]
    return {"members": total["members"], "employers": total["employers"]}


def test_a_new_member_shows_on_the_next_request_of_the_node_and_its_page(city: City) -> None:
    client = city.client("cadre_d1")
    before = node_figures(client, city.t1.pk)
    assert node_figures(client, city.t1.pk) == before  # now served from the cache
    page = client.get(reverse("coverage:node", args=[city.t1.pk]))
    assert f"会员 {before['members']}" in page.content.decode()

    member(city.u1)

    assert node_figures(client, city.t1.pk)["members"] == before["members"] + 1
    page = client.get(reverse("coverage:node", args=[city.t1.pk]))
    assert f"会员 {before['members'] + 1}" in page.content.decode()


def test_an_employer_and_a_changed_threshold_show_on_the_next_request(city: City) -> None:
    client = city.client("cadre_d1")
    before = node_figures(client, city.t1.pk)
    Employer.objects.create(name="东一新厂", uscc=uscc("320508CN000777"), org=city.t1, employee_count=500)
    after = node_figures(client, city.t1.pk)
    assert after["employers"] == before["employers"] + 1
    settings = CoverageSettings.current()
    settings.size_threshold = 1000
    settings.save()
    assert node_figures(client, city.t1.pk)["employers"] < after["employers"]


def test_a_node_kept_for_one_cadre_is_refused_to_a_cadre_out_of_its_reach(city: City) -> None:
    assert city.client("cadre_d1").get(reverse("coverage:node", args=[city.d1.pk])).status_code == 200
    outsider = city.client("outsider")
    assert outsider.get(reverse("coverage:node", args=[city.d1.pk])).status_code == 404
    assert outsider.get(reverse("api:coverage_node", kwargs={"org_id": city.d1.pk})).status_code == 404


def test_a_revoked_grant_closes_the_node_on_the_next_request(city: City) -> None:
    client = city.client("cadre_t1")
    assert client.get(reverse("coverage:node", args=[city.t1.pk])).status_code == 200
    Grant.objects.filter(user=city.users["cadre_t1"]).delete()
    assert client.get(reverse("coverage:node", args=[city.t1.pk])).status_code in (403, 404)


def test_the_unit_picker_offers_each_reach_its_own_tree_and_a_new_unit_at_once(city: City) -> None:
    def offered(name: str) -> set[str]:
        response = city.client(name).get(reverse("orgs:pick_units"), {"cap": "coverage.view"})
        return {item["code"] for item in response.json()["items"]}

    mine, theirs = offered("cadre_d1"), offered("outsider")
    assert city.d1.code in mine and city.d1.code not in theirs
    assert city.d2.code in theirs and city.d2.code not in mine
    make_unit(city.d1, "D1-T9", "东九街道总工会", "town")
    assert "D1-T9" in offered("cadre_d1")
    assert "D1-T9" not in offered("outsider")


def open_tasks_shown(client: object, pk: int) -> str:
    page = client.get(reverse("coverage:node", args=[pk])).content.decode()  # type: ignore[attr-defined]
    return page.split("建会任务（进行中 ")[1].split("）")[0]


def test_the_dashboards_open_task_count_follows_a_new_and_a_closed_task(city: City) -> None:
    from unionhall.coverage.models import OrganizingTask, TaskStatus
    from unionhall.coverage.services import organizing_tasks_generate
    from unionhall.tests.audit_support import SYSTEM

    client = city.client("cadre_d1")
    assert open_tasks_shown(client, city.d1.pk) == open_tasks_shown(client, city.d1.pk) == "0"
    organizing_tasks_generate(actor=SYSTEM, org=city.d1)
    opened = OrganizingTask.objects.filter(org__path__startswith=city.d1.path, status=TaskStatus.OPEN).count()
    assert opened > 0 and open_tasks_shown(client, city.d1.pk) == str(opened)
    OrganizingTask.objects.filter(
        pk=OrganizingTask.objects.filter(org__path__startswith=city.d1.path).first().pk
    ).update(status=TaskStatus.CLOSED)
    assert open_tasks_shown(client, city.d1.pk) == str(opened - 1)
