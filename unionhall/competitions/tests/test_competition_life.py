"""A competition's life and its results': starting needs the setup whole, verifying a result recomputes the
ranking, a returned result is entered again and counts only once verified, a verified one never changes, and
finishing freezes the standings with the organizer's commendation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from unionhall.competitions import ranking, selectors, services
from unionhall.competitions.models import Result, ResultStatus
from unionhall.competitions.tests.support import competition, enter
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def _overall(made: object) -> list[tuple[str, Decimal, int]]:
    return [(s.participant.org.code, s.score, s.rank) for s in ranking.table(made)]  # type: ignore[arg-type]


def test_a_competition_cannot_start_before_its_weights_make_100_and_it_has_a_participant(city: City) -> None:
    made = services.competition_create(
        actor=city.users["cadre_d1"], org=city.d1, title="节能竞赛", starts_on=city_day(1), ends_on=city_day(300),
        indicators=[{"code": "N", "name": "节电", "weight": "100", "target": "10"}],
    )  # fmt: skip
    with pytest.raises(Conflict) as refused:
        services.competition_start(actor=city.users["cadre_d1"], competition=made)
    assert "参赛单位" in refused.value.message
    services.competition_participant_add(actor=city.users["cadre_d1"], competition=made, org=city.u1)
    services.competition_start(actor=city.users["cadre_d1"], competition=made)
    made.refresh_from_db()
    assert made.status == "running"
    assert _overall(made) == [("D1-T1-U1", Decimal("0.00"), 1)]


def city_day(n: int) -> object:
    from datetime import date, timedelta

    return date(2026, 1, 1) + timedelta(days=n - 1)


def test_every_error_of_a_new_competition_is_given_at_once_in_chinese(city: City) -> None:
    with pytest.raises(ValidationError) as refused:
        services.competition_create(
            actor=city.users["cadre_d1"], org=city.d1, title="", starts_on=city_day(10), ends_on=city_day(1),
            indicators=[{"code": "A", "name": "", "weight": "70", "target": "0"},
                        {"code": "A", "name": "乙", "weight": "20", "target": "5", "direction": "sideways"}],
        )  # fmt: skip
    errors = refused.value.field_errors
    assert set(errors) >= {"title", "ends_on", "indicators[0].name", "indicators[0].target", "indicators[1].code",
                           "indicators[1].direction", "indicators"}  # fmt: skip
    assert "权重之和应为 100" in errors["indicators"][0]


def test_verifying_a_result_recomputes_the_ranking_and_unverified_ones_do_not_count(city: City) -> None:
    made = competition(city)
    assert _overall(made) == [("D1-T1-U1", Decimal("0.00"), 1), ("D1-T1-U2", Decimal("0.00"), 1)]
    first = enter(made, city.u1, "JD", "90", actor=city.users["chair_u1"])
    second = enter(made, city.u2, "JD", "110")
    enter(made, city.u2, "AQ", "1")
    assert _overall(made)[0][1] == Decimal("0.00")  # nothing verified yet
    services.competition_result_verify(actor=city.users["cadre_d1"], result=second)
    assert _overall(made) == [("D1-T1-U2", Decimal("66.00"), 1), ("D1-T1-U1", Decimal("0.00"), 2)]
    services.competition_result_verify(actor=city.users["cadre_d1"], result=first)
    assert _overall(made) == [("D1-T1-U2", Decimal("66.00"), 1), ("D1-T1-U1", Decimal("54.00"), 2)]
    assert AuditEvent.objects.filter(action="competition_result.verify", success=True).count() == 2


def test_the_overall_ranking_takes_the_latest_verified_stage_of_each_indicator(city: City) -> None:
    made = competition(city)
    services.competition_result_verify(actor=SYSTEM, result=enter(made, city.u1, "JD", "50", stage=1))
    services.competition_result_verify(actor=SYSTEM, result=enter(made, city.u1, "JD", "100", stage=2))
    enter(made, city.u2, "JD", "120", stage=2)  # entered, not verified
    assert _overall(made)[0] == ("D1-T1-U1", Decimal("60.00"), 1)
    stage_one = made.stages.get(number=1)
    assert next((s.participant.org.code, s.score) for s in ranking.table(made, stage_one)) == (
        "D1-T1-U1",
        Decimal("30.00"),
    )


def test_a_returned_result_is_entered_again_and_counts_once_verified(city: City) -> None:
    made = competition(city)
    result = enter(made, city.u1, "JD", "900", actor=city.users["chair_u1"])
    services.competition_result_return(actor=city.users["cadre_d1"], result=result, reason="数值有误，应为百分比")
    result.refresh_from_db()
    assert result.status == ResultStatus.RETURNED and result.return_reason
    again = enter(made, city.u1, "JD", "95", actor=city.users["chair_u1"])
    assert again.pk == result.pk and again.status == ResultStatus.ENTERED and again.value == Decimal("95")
    services.competition_result_verify(actor=city.users["cadre_d1"], result=again)
    with pytest.raises(Conflict):
        enter(made, city.u1, "JD", "99", actor=city.users["chair_u1"])
    assert Result.objects.get(pk=result.pk).value == Decimal("95")
    assert _overall(made)[0] == ("D1-T1-U1", Decimal("57.00"), 1)


def test_a_participant_may_not_verify_and_the_outsider_sees_nothing(city: City) -> None:
    made = competition(city)
    result = enter(made, city.u1, "JD", "90", actor=city.users["chair_u1"])
    with pytest.raises(PermissionDenied):
        services.competition_result_verify(actor=city.users["chair_u1"], result=result)
    with pytest.raises(NotFound):
        services.competition_result_verify(actor=city.users["outsider"], result=result)
    with pytest.raises(NotFound):
        selectors.competition_for_user_or_404(city.users["outsider"], made.pk)
    with pytest.raises(PermissionDenied):  # the district's reviewer sees the competition, enters for nobody
        services.competition_result_enter(
            actor=city.users["reviewer_d1"], competition=made, participant=made.participants.get(org=city.u1),
            indicator=made.indicators.get(code="JD"), stage=made.stages.get(number=1), value="1",
        )  # fmt: skip
    assert Result.objects.get(pk=result.pk).status == ResultStatus.ENTERED


def test_a_union_sees_the_competitions_it_organizes_or_takes_part_in(city: City) -> None:
    ours = competition(city)
    joined = competition(city, org=city.d2, title="西区节能竞赛", participants=("u3", "u1"))
    alone = competition(city, org=city.d2, title="西区安全竞赛", participants=("u3",))
    assert set(selectors.competitions_for(city.users["chair_u1"])) == {ours, joined}
    assert set(selectors.competitions_for(city.users["cadre_d1"])) == {ours, joined}
    assert set(selectors.competitions_for(city.users["outsider"])) == {joined, alone}
    assert set(selectors.competitions_for(city.users["chair_u3"])) == {joined, alone}
    assert not selectors.competitions_for(city.users["info_u1"]).exists()


def test_finishing_freezes_the_standings_and_marks_the_commended(city: City) -> None:
    made = competition(city)
    services.competition_result_verify(actor=SYSTEM, result=enter(made, city.u1, "JD", "100"))
    pending = enter(made, city.u2, "JD", "120")
    services.competition_finish(
        actor=city.users["cadre_d1"], competition=made, commendation="授予第一名“重点工程优胜单位”称号。",
        commended_top=1,
    )  # fmt: skip
    made.refresh_from_db()
    assert made.status == "finished" and made.commendation.startswith("授予")
    assert [(s.participant.org.code, s.commended) for s in ranking.table(made)] == [
        ("D1-T1-U1", True),
        ("D1-T1-U2", False),
    ]
    with pytest.raises(Conflict):
        services.competition_result_verify(actor=city.users["cadre_d1"], result=pending)
    assert _overall(made)[0] == ("D1-T1-U1", Decimal("60.00"), 1)


def test_finishing_needs_a_commendation(city: City) -> None:
    made = competition(city)
    with pytest.raises(ValidationError) as refused:
        services.competition_finish(actor=city.users["cadre_d1"], competition=made, commendation=" ", commended_top=-1)
    assert set(refused.value.field_errors) == {"commendation", "commended_top"}
