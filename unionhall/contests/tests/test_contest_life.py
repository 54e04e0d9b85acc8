"""A skills contest from registration to its published ranking: items whose weights must make 100, entrants
who must be members inside the organizer's subtree, judges scoring practice through the contest's panel (the
own-union refusal and the dropped extremes are the panel's), theory scores entered by the organizer, the
ranking frozen at the end; and who may see and do what."""

from __future__ import annotations

from decimal import Decimal

import pytest

from unionhall.contests import selectors, services
from unionhall.contests.models import ContestEvent, ContestStatus, ItemKind
from unionhall.contests.tests.support import contest, entrant, judge, judge_score, member, seat, subject, theory
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.panels.models import PanelStatus
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_an_item_whose_weight_passes_100_is_refused_at_its_weight_field(city: City) -> None:
    made = contest(city, start=False)
    with pytest.raises(ValidationError) as e:
        services.contest_item_add(actor=city.users["cadre_d1"], contest=made, kind="practice", name="识图", weight=5)
    assert e.value.field_errors["weight"] == ["各项目权重之和不能超过 100，本项目最多 0。"]


def test_items_given_at_registration_must_weigh_100_together(city: City) -> None:
    with pytest.raises(ValidationError) as e:
        services.contest_create(
            actor=city.users["cadre_d1"], org=city.d1, title="电工比武", trade="电工", starts_on=None, ends_on=None,
            items=[{"kind": "theory", "name": "理论", "weight": 30}, {"kind": "practice", "name": "接线", "weight": 60}],
        )  # fmt: skip
    assert e.value.field_errors["items"] == ["各项目权重之和应为 100，现为 90。"]
    assert e.value.field_errors["starts_on"] == ["请填写开始日期。"]


def test_a_contest_whose_weights_do_not_make_100_cannot_start(city: City) -> None:
    made = contest(city, start=False)
    made.items.filter(name="工艺规范").delete()
    with pytest.raises(Conflict, match="各项目权重之和应为 100，现为 80"):
        services.contest_start(actor=city.users["cadre_d1"], contest=made)


def test_an_entrant_must_be_a_member_of_a_union_inside_the_organizers_subtree(city: City) -> None:
    made = contest(city, start=False)
    stranger = member(city.u3, "王外区")
    with pytest.raises(ValidationError) as e:
        services.contest_entrant_add(actor=city.users["cadre_d1"], contest=made, person=stranger)
    assert "不是东区总工会范围内工会的在会会员" in e.value.field_errors["member_no"][0]


def test_a_branch_member_competes_for_the_grassroots_union_and_gets_the_next_number(city: City) -> None:
    made = contest(city, start=False)
    added = services.contest_entrant_add(actor=city.users["cadre_d1"], contest=made, person=member(city.b1))
    assert (added.org, added.number) == (city.u1, 3)
    with pytest.raises(ValidationError) as e:
        services.contest_entrant_add(actor=city.users["cadre_d1"], contest=made, person=added.person)
    assert e.value.field_errors["member_no"] == [f"{added.person.name}已报名本竞赛。"]


def test_starting_convenes_the_panel_with_the_practice_items_as_criteria_and_the_entrants_as_subjects(
    city: City,
) -> None:
    made = contest(city, start=False)
    services.contest_start(actor=city.users["cadre_d1"], contest=made)
    made.refresh_from_db()
    assert made.status == ContestStatus.RUNNING and made.panel is not None
    assert [(c.name, c.weight, c.max_score) for c in made.panel.criteria.all()] == [
        ("零件加工", 71, 100),
        ("工艺规范", 29, 10),
    ]
    assert sorted(made.panel.subjects.values_list("ref", flat=True)) == sorted(
        made.entrants.values_list("pk", flat=True)
    )
    assert made.panel.kind == "contest_entrant" and made.panel.org == city.d1
    line = ContestEvent.objects.get(contest=made)
    assert (line.step, line.from_status, line.to_status, line.actor) == (
        "start",
        "draft",
        "running",
        city.users["cadre_d1"],
    )


def test_an_entrant_added_while_the_contest_runs_goes_before_the_panel_at_once(city: City) -> None:
    made = contest(city)
    added = services.contest_entrant_add(actor=city.users["cadre_d1"], contest=made, person=member(city.u2))
    assert subject(made, added).org == city.u2


def test_a_judge_of_the_entrants_own_union_is_refused_by_the_panel(city: City) -> None:
    made = contest(city)
    insider = judge("judge_u1", city.u1)
    seat(made, insider)
    with pytest.raises(PermissionDenied, match="评委不能评审本单位"):
        judge_score(made, entrant(made, city.u1), insider, 90, 9)
    # …and scores the other union's entrant.
    judge_score(made, entrant(made, city.u2), insider, 80, 8)


def test_from_five_judges_the_highest_and_lowest_of_each_practice_item_are_dropped(city: City) -> None:
    made = contest(city)
    judges = [judge(f"judge_{n}", city.d2) for n in range(5)]
    seat(made, *judges)
    e = entrant(made, city.u1)
    for user, (a, b) in zip(judges, [(100, 10), (90, 9), (80, 8), (70, 7), (10, 1)], strict=True):
        judge_score(made, e, user, a, b)
    theory(made, e, "88.5")
    line = next(p.line for p in selectors_standings(made) if p.line.entrant == e.pk)
    # 零件加工 (90+80+70)/3 = 80 → 80 × 50/100 = 40; 工艺规范 (9+8+7)/3 = 8 → 8 × 20/10 = 16; 理论 88.5 × 30/100 = 26.55
    assert (line.practice, line.theory, line.total) == (Decimal("56.00"), Decimal("26.55"), Decimal("82.55"))


def selectors_standings(made: object) -> list:  # type: ignore[type-arg]
    from unionhall.contests import scores

    return scores.standings(made)  # type: ignore[arg-type]


def test_a_contest_cannot_finish_before_every_entrant_has_every_score(city: City) -> None:
    made = contest(city)
    a = judge("judge_a", city.d2)
    seat(made, a)
    judge_score(made, entrant(made, city.u1), a, 90, 9)
    with pytest.raises(Conflict, match="尚有 2 名选手成绩不全（001、002）"):
        services.contest_finish(actor=city.users["cadre_d1"], contest=made, awarded_top=1)


def test_finishing_freezes_the_ranking_by_the_tie_rule_awards_the_top_and_closes_the_panel(city: City) -> None:
    made = contest(city)
    a = judge("judge_a", city.d2)
    seat(made, a)
    first, second = entrant(made, city.u1), entrant(made, city.u2)
    # The same total 80: the second entrant has the higher practice score, so ranks first.
    judge_score(made, first, a, 80, 5)  # practice 40 + 10 = 50; theory 100 → 30; total 80
    judge_score(made, second, a, 100, 5)  # practice 50 + 10 = 60; theory 200/3 → 20; total 80
    theory(made, first, 100)
    theory(made, second, "66.67")
    done = services.contest_finish(actor=city.users["cadre_d1"], contest=made, awarded_top=1)
    assert done.status == ContestStatus.FINISHED and done.awarded_top == 1
    rows = list(made.entrants.order_by("rank").values_list("number", "total", "practice", "rank", "awarded"))
    assert rows == [(2, Decimal("80.00"), Decimal("60.00"), 1, True), (1, Decimal("80.00"), Decimal("50.00"), 2, False)]
    made.refresh_from_db()
    assert made.panel is not None and made.panel.status == PanelStatus.CLOSED
    with pytest.raises(Conflict):
        theory(made, first, 90)


def test_cancelling_needs_a_reason_and_closes_the_panel(city: City) -> None:
    made = contest(city)
    with pytest.raises(ValidationError):
        services.contest_cancel(actor=city.users["cadre_d1"], contest=made, reason=" ")
    services.contest_cancel(actor=city.users["cadre_d1"], contest=made, reason="场地检修")
    made.refresh_from_db()
    assert (made.status, made.cancel_reason) == (ContestStatus.CANCELLED, "场地检修")
    assert made.panel is not None and made.panel.status == PanelStatus.CLOSED


def test_a_theory_score_above_the_items_maximum_is_refused_at_its_field(city: City) -> None:
    made = contest(city)
    item = made.items.get(kind=ItemKind.THEORY)
    with pytest.raises(ValidationError) as e:
        theory(made, entrant(made, city.u1), "100.5")
    assert e.value.field_errors[f"t_{item.pk}"] == ["「安全知识」的成绩应为 0—100，最多两位小数。"]


def test_a_union_sees_the_contests_it_organizes_or_its_members_enter_and_nobody_else_does(city: City) -> None:
    made = contest(city, entrants=("u1",))
    assert selectors.contest_for_user_or_404(city.users["chair_u1"], made.pk) == made
    assert selectors.contest_for_user_or_404(city.users["cadre_d1"], made.pk) == made
    for outsider in ("outsider", "chair_u3", "worker_u1", "nobody"):
        with pytest.raises(NotFound):
            selectors.contest_for_user_or_404(city.users[outsider], made.pk)
    # 东一村工会 has no entrant: it does not see 东区's contest.
    from unionhall.orgs.models import Grant, Role

    chair_u2 = judge("chair_u2", city.u2, Role.GRASSROOTS_STAFF)
    assert Grant.objects.filter(user=chair_u2).exists()
    assert not selectors.contests_for(chair_u2).filter(pk=made.pk).exists()


def test_an_entrants_union_sees_the_contest_but_is_refused_its_steps(city: City) -> None:
    made = contest(city)
    with pytest.raises(PermissionDenied):
        services.contest_finish(actor=city.users["chair_u1"], contest=made, awarded_top=1)
    with pytest.raises(NotFound):
        services.contest_cancel(actor=city.users["outsider"], contest=made, reason="x")


def test_a_grassroots_union_organizes_its_own_contest_and_its_panel_without_holding_panel_manage(
    city: City,
) -> None:
    chair = city.users["chair_u1"]
    made = services.contest_create(
        actor=chair, org=city.u1, title="车间焊工岗位练兵", trade="焊工", starts_on=city_day(), ends_on=city_day(),
        items=[{"kind": "practice", "name": "平焊", "weight": 100, "max_score": 100}],
    )  # fmt: skip
    services.contest_entrant_add(actor=chair, contest=made, person=member(city.b1))
    services.contest_start(actor=chair, contest=made)
    services.contest_judge_add(actor=chair, contest=made, user=city.users["cadre_d1"])
    made.refresh_from_db()
    assert made.panel is not None and made.panel.org == city.u1
    events = AuditEvent.objects.filter(action="contest.start", success=True)
    assert events.count() == 1 and not AuditEvent.objects.filter(action="panel.create").exists()


def city_day():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localdate()


def test_the_waiting_count_is_the_running_contests_one_organizes(city: City) -> None:
    contest(city)
    contest(city, title="东区电工比武", start=False)
    assert selectors.waiting_count(city.users["cadre_d1"]) == 1
    assert selectors.waiting_count(city.users["chair_u1"]) == 0
    assert selectors.waiting_count(city.users["outsider"]) == 0
    assert SYSTEM is not None
