"""The team pages: the list narrowed to the user's reach with its filters and Excel; registering a team by
member numbers with every error at once; a month's form telling every error at once and saving nothing then;
the team's page showing an item without a target as such; the ranking rolled up and drilling down to the teams
with ties stated; the 待办 of teams without last month's actuals; the outsider's 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.console.views import waiting_work
from unionhall.core.models import AuditEvent
from unionhall.teams import periods
from unionhall.teams.models import CostActual, WorkTeam
from unionhall.teams.tests.support import FOREIGN, OURS, both, costs, member, number_of, team
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_teams_in_reach_filters_them_and_exports_what_it_shows(city: City) -> None:
    made = both(city)
    page = city.client("chair_u1").get(reverse("teams:list")).content.decode()
    assert OURS in page and FOREIGN not in page
    theirs = city.client("chair_u3").get(reverse("teams:list")).content.decode()
    assert FOREIGN in theirs and OURS not in theirs
    missing = city.client("cadre_d1").get(reverse("teams:list"), {"missing": periods.last()}).content.decode()
    assert OURS in missing
    costs(made)
    assert OURS not in city.client("cadre_d1").get(reverse("teams:list"), {"missing": periods.last()}).content.decode()
    by_size = city.client("cadre_d1").get(reverse("teams:list"), {"sort": "-members"})
    assert by_size.status_code == 200 and OURS in by_size.content.decode()
    bad = city.client("cadre_d1").get(reverse("teams:list"), {"missing": "2026Q4"}).content.decode()
    assert "期间应为年月，如 2026-11。" in bad
    export = city.client("cadre_d1").get(reverse("teams:export"))
    assert export.status_code == 200 and AuditEvent.objects.filter(action="team.export").exists()


def test_a_chair_registers_a_team_by_member_numbers_and_hears_every_error_at_once(city: City) -> None:
    leader, other, stranger = member(city.u1, "李班长"), member(city.u1, "王师傅"), member(city.u3, "外人")
    client = city.client("chair_u1")
    refused = client.post(
        reverse("teams:create"),
        {"org": city.u1.code, "name": "", "leader": "GH404", "members": f"{number_of(other)}\n{number_of(stranger)}"},
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and not WorkTeam.objects.exists()
    assert "请填写班组名称。" in body and "没有找到这个在会会员。" in body and number_of(stranger) in body
    made = client.post(
        reverse("teams:create"),
        {"org": city.u1.code, "name": "装配班", "leader": number_of(leader), "members": number_of(other)},
    )
    assert made.status_code == 302
    created = WorkTeam.objects.get(name="装配班")
    assert created.leader_id == leader.pk and created.members.count() == 2


def test_the_month_form_tells_every_error_at_once_and_saves_nothing_then(city: City) -> None:
    made = team(city)
    client = city.client("chair_u1")
    url = reverse("teams:actuals", args=[made.pk])
    refused = client.post(url, {"period": "2026年13月", "materials": "abc", "energy": "-5", "repairs": "300"})
    body = refused.content.decode()
    assert refused.status_code == 200 and not CostActual.objects.exists()
    assert "月份应为 1—12" in body and "请输入金额" in body and body.count("field-error") >= 3
    month = periods.last()
    saved = client.post(url, {"period": month, "materials": "1,200.50", "energy": "0", "repairs": ""})
    assert saved.status_code == 302
    assert dict(CostActual.objects.values_list("item", "amount_fen")) == {"materials": 1_200_50, "energy": 0}
    again = client.get(url, {"period": month}).content.decode()
    assert 'value="1200.50"' in again


def test_the_team_page_shows_savings_and_an_item_without_a_target_as_such(city: City) -> None:
    made = team(city)
    month = costs(made, targets={"materials": 100_000_00}, actuals={"materials": 88_000_00, "tools": 3_000_00})
    body = city.client("reviewer_d1").get(reverse("teams:team", args=[made.pk])).content.decode()
    assert f'data-testid="month-{month}"' in body
    assert "12,000.00" in body and "12.00%" in body and "无目标" in body and "未填报" in body
    assert 'data-testid="actuals"' not in body  # a reviewer reads only
    assert city.client("outsider").get(reverse("teams:team", args=[made.pk])).status_code == 404


def test_the_ranking_rolls_up_the_tree_drills_down_and_states_ties(city: City) -> None:
    first = team(city)
    second = team(city, name="装配二班")
    third = team(city, org=city.u2, name="村保洁班")
    month = costs(first, targets={"materials": 100_00}, actuals={"materials": 90_00})  # 10 %
    costs(second, month, targets={"energy": 200_00}, actuals={"energy": 180_00})  # 10 %
    costs(third, month, targets={"repairs": 100_00}, actuals={"repairs": 95_00})  # 5 %
    client = city.client("cadre_d1")
    district = client.get(reverse("teams:ranking_node", args=[city.d1.pk]), {"period": month}).content.decode()
    assert "东一街道总工会" in district and "并列" in district
    assert "400.00" in district and "35.00" in district and "8.75%" in district  # 35 of 400
    town = client.get(reverse("teams:ranking_node", args=[city.t1.pk]), {"period": month}).content.decode()
    assert "东方机械公司工会" in town and "东一村工会" in town
    opened = client.get(reverse("teams:ranking")).content.decode()
    assert "东区总工会" in opened
    assert client.get(reverse("teams:ranking_node", args=[city.d2.pk])).status_code == 404


def test_the_todo_counts_teams_without_last_months_actuals_until_they_are_entered(city: City) -> None:
    made = both(city)
    items = [w for w in waiting_work(city.users["chair_u1"]) if "实际成本" in w["label"]]
    assert [(w["count"], w["url"]) for w in items] == [(1, f"{reverse('teams:list')}?missing={periods.last()}")]
    costs(made)
    assert not [w for w in waiting_work(city.users["chair_u1"]) if "实际成本" in w["label"]]
    assert not [w for w in waiting_work(city.users["reviewer_d1"]) if "实际成本" in w["label"]]


def test_a_chair_edits_a_team_from_its_numbers_and_strikes_it_off_leaving_the_rankings(city: City) -> None:
    made = team(city)
    month = costs(made)
    client = city.client("chair_u1")
    url = reverse("teams:edit", args=[made.pk])
    shown = client.get(url).content.decode()
    assert number_of(made.leader) in shown
    others = [number_of(m.person) for m in made.members.exclude(person=made.leader)]
    assert all(n in shown for n in others)
    saved = client.post(url, {"name": "机加工甲班", "leader": number_of(made.leader), "members": others[0]})
    assert saved.status_code == 302
    made.refresh_from_db()
    assert (made.name, made.active, made.members.count()) == ("机加工甲班", False, 2)
    struck = client.get(reverse("teams:list"), {"active": "0"}).content.decode()
    assert "机加工甲班" in struck
    ranking = client.get(reverse("teams:ranking_node", args=[city.u1.pk]), {"period": month}).content.decode()
    assert "机加工甲班" not in ranking
    assert client.get(reverse("teams:targets", args=[made.pk]), {"period": "不是月份"}).status_code == 200
