"""Registering and editing a team, and a month's targets and actuals: the leader and members must be open
members of the union; every error of a submit comes at once in Chinese; a month is saved whole or not at all;
each write is one audit event; a reviewer is refused with 403 and a union outside with 404."""

from __future__ import annotations

import pytest

from unionhall.core.errors import NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.teams import periods, services
from unionhall.teams.models import CostActual, CostTarget
from unionhall.teams.tests.support import costs, member, team
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_a_union_registers_a_team_whose_leader_is_one_of_its_members(city: City) -> None:
    leader, other = member(city.u1, "李班长"), member(city.u1, "王师傅")
    made = services.team_create(
        actor=city.users["chair_u1"], org=city.u1, name=" 机加工一班 ", leader=leader, members=[other]
    )
    assert made.name == "机加工一班" and made.active
    assert set(made.members.values_list("person_id", flat=True)) == {leader.pk, other.pk}
    event = AuditEvent.objects.get(action="team.create")
    assert event.success and event.object_id == str(made.pk)


def test_people_of_another_union_a_branch_level_and_a_taken_name_are_all_refused_at_once(city: City) -> None:
    team(city)
    stranger, outsider = member(city.u3, "外单位"), member(city.u2, "村民")
    with pytest.raises(ValidationError) as refused:
        services.team_create(
            actor=city.users["city_admin"], org=city.u1, name="机加工一班", leader=stranger, members=[outsider]
        )
    errors = refused.value.field_errors
    assert errors["name"] == ["本工会已有班组「机加工一班」。"]
    assert "班组长不是本工会在会会员" in errors["leader"][0]
    assert errors["members"] == ["不是本工会在会会员：村民。"]
    with pytest.raises(ValidationError) as refused:
        services.team_create(actor=city.users["city_admin"], org=city.t1, name="街道班", leader=None)
    assert set(refused.value.field_errors) == {"org", "leader"}


def test_a_member_of_a_branch_of_the_union_may_join_its_team(city: City) -> None:
    leader, in_branch = member(city.u1), member(city.b1, "分会员")
    made = services.team_create(
        actor=city.users["chair_u1"], org=city.u1, name="一车间", leader=leader, members=[in_branch]
    )
    assert made.members.count() == 2


def test_a_reviewer_is_refused_with_403_and_a_union_outside_with_404(city: City) -> None:
    leader = member(city.u1)
    with pytest.raises(PermissionDenied):
        services.team_create(actor=city.users["reviewer_d1"], org=city.u1, name="甲班", leader=leader)
    with pytest.raises(NotFound):
        services.team_create(actor=city.users["chair_u3"], org=city.u1, name="甲班", leader=leader)
    made = team(city)
    with pytest.raises(NotFound):
        services.team_actuals_save(
            actor=city.users["outsider"], team=made, period=periods.last(), amounts={"energy": 1}
        )
    assert not CostActual.objects.exists()


def test_editing_a_team_changes_its_members_and_strikes_it_off_keeping_its_figures(city: City) -> None:
    made = team(city)
    month = costs(made)
    newcomer = member(city.u1, "新成员")
    services.team_update(
        actor=city.users["chair_u1"], team=made, name="机加工甲班", leader=made.leader, members=[newcomer], active=False
    )
    made.refresh_from_db()
    assert (made.name, made.active) == ("机加工甲班", False)
    assert set(made.members.values_list("person_id", flat=True)) == {made.leader_id, newcomer.pk}
    assert CostActual.objects.filter(team=made, period=month).count() == 2
    event = AuditEvent.objects.filter(action="team.update").latest("id")
    assert event.changes["active"] == [True, False] and event.changes["members"] == {"added": 1, "removed": 2}


def test_a_month_is_saved_whole_or_not_at_all_with_every_error_at_once(city: City) -> None:
    made = team(city)
    good = {"materials": 80_000_00, "energy": 0}
    services.team_actuals_save(actor=city.users["chair_u1"], team=made, period=periods.last(), amounts=good)
    with pytest.raises(ValidationError) as refused:
        services.team_actuals_save(
            actor=city.users["chair_u1"], team=made, period=periods.shift(periods.current(), 1),
            amounts={"materials": 70_000_00, "repairs": -1, "tools": 10**12},
        )  # fmt: skip
    errors = refused.value.field_errors
    assert "尚未到来" in errors["period"][0]
    assert errors["repairs"] == ["金额不能为负数。"] and errors["tools"] == ["金额超出上限（1000 万元）。"]
    assert dict(CostActual.objects.values_list("item", "amount_fen")) == good
    assert AuditEvent.objects.filter(action="team_actuals.save", success=False).count() == 1


def test_a_blank_item_removes_what_was_there_and_targets_may_be_set_ahead(city: City) -> None:
    made = team(city)
    ahead = periods.shift(periods.current(), 2)
    services.team_targets_save(
        actor=city.users["chair_u1"], team=made, period=ahead, amounts={"materials": 9_00, "energy": 5_00}
    )
    changes = services.team_targets_save(
        actor=city.users["chair_u1"], team=made, period=ahead, amounts={"materials": 9_00, "energy": None}
    )
    assert changes == {"energy": [5_00, None]}
    assert list(CostTarget.objects.values_list("item", flat=True)) == ["materials"]


def test_a_month_with_nothing_typed_is_refused(city: City) -> None:
    made = team(city)
    with pytest.raises(ValidationError) as refused:
        services.team_targets_save(
            actor=city.users["chair_u1"], team=made, period=periods.last(), amounts={"energy": None}
        )
    assert refused.value.field_errors == {"items": ["请至少填写一项成本目标。"]}
