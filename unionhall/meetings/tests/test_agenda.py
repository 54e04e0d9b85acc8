"""The agenda read from the data (meetings/agenda.py): risks, coverage gaps and open resolutions of the host's
subtree only; an overdue resolution on every next agenda until it is closed; frozen once the meeting is held."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from unionhall.meetings import agenda, services
from unionhall.meetings.models import AgendaItem, ItemKind, Meeting
from unionhall.meetings.tests.support import departments, meeting, resolution
from unionhall.orgs.models import Employer
from unionhall.rights.models import RiskStatus
from unionhall.supervision import services as task_services
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City, uscc
from unionhall.workcalendar import workdays

pytestmark = pytest.mark.django_db


def refs(m: Meeting, kind: str) -> set[str]:
    return {i.ref for i in agenda.items(m) if i.kind == kind}


def test_a_new_red_risk_in_the_hosts_subtree_is_on_the_agenda_one_in_a_sibling_district_is_not(city: City) -> None:
    m = meeting(city)
    assert refs(m, ItemKind.RISK) == set()
    ours = factories.risk(city.u1, level="red")
    sibling = factories.risk(city.u3, level="red")
    low = factories.risk(city.u1, level="blue")
    found = refs(m, ItemKind.RISK)
    assert str(ours.pk) in found
    assert str(sibling.pk) not in found and str(low.pk) not in found
    assert str(sibling.pk) in refs(meeting(city, org=city.d2), ItemKind.RISK)


def test_a_closed_risk_leaves_the_agenda(city: City) -> None:
    m = meeting(city)
    report = factories.risk(city.u1, level="orange")
    assert str(report.pk) in refs(m, ItemKind.RISK)
    type(report).objects.filter(pk=report.pk).update(status=RiskStatus.CLOSED)
    assert str(report.pk) not in refs(m, ItemKind.RISK)


def test_the_largest_employers_without_a_union_are_coverage_gaps_of_the_subtree_only(city: City) -> None:
    big = Employer.objects.create(name="东区大型物流公司", uscc=uscc("320508DDDD3333"), org=city.t1, employee_count=900)
    west = Employer.objects.create(name="西区电子厂", uscc=uscc("320506EEEE4444"), org=city.t2, employee_count=900)
    found = refs(meeting(city), ItemKind.COVERAGE_GAP)
    assert str(big.pk) in found and str(city.e0.pk) in found  # 40 employees: at the default threshold
    assert str(west.pk) not in found and str(city.e1.pk) not in found  # covered by U1
    first = next(i for i in agenda.items(meeting(city)) if i.kind == ItemKind.COVERAGE_GAP)
    assert first.ref == str(big.pk)  # the largest first


def test_an_overdue_resolution_of_meeting_1_is_on_meeting_2s_agenda_until_it_is_closed(city: City) -> None:
    d = departments(city)
    today = workdays.today()
    first = meeting(city, on=today - timedelta(days=60), title="第一次联席会议")
    services.meeting_hold(actor=SYSTEM, meeting=first)
    late = resolution(first, d.rs, due_on=today + timedelta(days=5), title="清欠专项行动")
    done = resolution(first, d.zj, due_on=today + timedelta(days=5), title="工地实名制检查")
    task_services.task_close(actor=city.users["cadre_d1"], task=done.task, evidence="已检查")
    second = meeting(city, on=today + timedelta(days=10), title="第二次联席会议")
    with time_machine.travel(today + timedelta(days=8), tick=False):
        items = [i for i in agenda.items(second) if i.kind == ItemKind.RESOLUTION]
        assert [(i.ref, i.overdue) for i in items] == [(str(late.pk), True)]
        assert "已超期" in items[0].title and "第一次联席会议 决议 1" in items[0].title
        task_services.task_close(actor=city.users["cadre_d1"], task=late.task, evidence="已全部清欠")
        assert refs(second, ItemKind.RESOLUTION) == set()


def test_a_resolution_still_in_time_is_on_the_next_agenda_but_not_overdue(city: City) -> None:
    d = departments(city)
    first = meeting(city, on=workdays.today() - timedelta(days=30))
    r = resolution(first, d.rs)
    items = [i for i in agenda.items(meeting(city)) if i.kind == ItemKind.RESOLUTION]
    assert [(i.ref, i.overdue) for i in items] == [(str(r.pk), False)]
    assert refs(first, ItemKind.RESOLUTION) == set()  # a meeting does not list its own resolutions


def test_another_hosts_resolutions_never_reach_the_agenda(city: City) -> None:
    d = departments(city)
    west = meeting(city, org=city.d2, on=workdays.today() - timedelta(days=30))
    resolution(west, d.west)
    assert refs(meeting(city), ItemKind.RESOLUTION) == set()


def test_holding_the_meeting_freezes_its_agenda(city: City) -> None:
    m = meeting(city)
    report = factories.risk(city.u1, level="red")
    services.agenda_item_add(actor=city.users["cadre_d1"], meeting=m, title="研究新就业形态劳动者入会")
    services.meeting_hold(actor=city.users["cadre_d1"], meeting=m)
    type(report).objects.filter(pk=report.pk).update(status=RiskStatus.CLOSED)
    later = factories.risk(city.u1, level="red")
    m.refresh_from_db()
    items = agenda.items(m)
    assert str(report.pk) in {i.ref for i in items if i.kind == ItemKind.RISK}
    assert str(later.pk) not in {i.ref for i in items}
    assert items[-1].kind == ItemKind.MANUAL and items[-1].title == "研究新就业形态劳动者入会"


def test_the_cadre_reorders_and_removes_items_added_by_hand_and_holding_keeps_that_order(city: City) -> None:
    m = meeting(city)
    add = lambda title: services.agenda_item_add(actor=city.users["cadre_d1"], meeting=m, title=title)  # noqa: E731
    first, second, third = add("研究职工书屋建设"), add("研究职工疗休养"), add("研究困难职工帮扶")
    client = city.client("cadre_d1")
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert f"/meetings/{m.pk}/items/{third.pk}/remove/" in page
    assert client.post(f"/meetings/{m.pk}/items/{third.pk}/move/", {"direction": "up"}).status_code == 302
    assert [i.title for i in agenda.manual(m)] == ["研究职工书屋建设", "研究困难职工帮扶", "研究职工疗休养"]
    at_top = client.post(f"/meetings/{m.pk}/items/{first.pk}/move/", {"direction": "up"}, follow=True)
    assert "该议题已是第一项。" in at_top.content.decode()
    assert client.post(f"/meetings/{m.pk}/items/{second.pk}/remove/").status_code == 302
    assert [i.title for i in agenda.manual(m)] == ["研究职工书屋建设", "研究困难职工帮扶"]
    assert city.client("reviewer_d1").post(f"/meetings/{m.pk}/items/{first.pk}/remove/").status_code == 403
    assert city.client("outsider").post(f"/meetings/{m.pk}/items/{first.pk}/remove/").status_code == 404
    factories.risk(city.u1, level="red")
    services.meeting_hold(actor=city.users["cadre_d1"], meeting=m)
    m.refresh_from_db()
    items = agenda.items(m)
    assert [i.title for i in items if i.kind == ItemKind.MANUAL] == ["研究职工书屋建设", "研究困难职工帮扶"]
    assert items[0].kind == ItemKind.RISK
    late = client.post(f"/meetings/{m.pk}/items/{first.pk}/remove/", follow=True)
    assert "会议已召开，议题已确定，不能再删除。" in late.content.decode()
    assert AgendaItem.objects.filter(pk=first.pk).exists()
