"""/api/v1/competitions/: a district registers a competition with its indicators, adds participants and starts
it; a participant's union reports a result; the organizer verifies it and the ranking answers with the new
order; a competition out of sight answers 404 like a missing one, and bad input is refused in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.competitions.tests.support import competition
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
JSON = "application/json"

BODY = {
    "title": "东区节能减排劳动竞赛",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "indicators": [
        {"code": "DH", "name": "单位产值能耗", "weight": 70, "target": 0.8, "direction": "lower"},
        {"code": "JN", "name": "节能项目数", "weight": 30, "target": 5, "direction": "higher"},
    ],
}


def test_a_district_runs_a_competition_through_the_api_and_the_ranking_follows_verification(city: City) -> None:
    cadre = city.client("cadre_d1")
    made = cadre.post(reverse("api:competition_create"), BODY | {"org": city.d1.pk}, content_type=JSON)
    assert made.status_code == 201, made.content
    cid = made.json()["id"]
    assert made.json()["status"] == "draft"
    for unit in (city.u1, city.u2):
        added = cadre.post(reverse("api:competition_participant_add", args=[cid]), {"org": unit.pk}, content_type=JSON)
        assert added.status_code == 201
    assert cadre.post(reverse("api:competition_start", args=[cid])).json()["status"] == "running"
    people = {
        p["org"]: p["id"] for p in cadre.get(reverse("api:competition_participant_list", args=[cid])).json()["items"]
    }
    indicators = {
        i["code"]: i["id"] for i in cadre.get(reverse("api:competition_indicator_list", args=[cid])).json()["items"]
    }
    period = cadre.get(reverse("api:competition_stage_list", args=[cid])).json()["items"][0]["id"]

    chair = city.client("chair_u1")
    entered = chair.post(
        reverse("api:competition_result_enter", args=[cid]),
        {"participant": people[city.u1.pk], "indicator": indicators["DH"], "period": period, "value": 0.7},
        content_type=JSON,
    )
    assert entered.status_code == 201 and entered.json()["status"] == "entered"
    before = cadre.get(reverse("api:competition_ranking", args=[cid])).json()
    assert [r["score"] for r in before] == ["0.00", "0.00"]
    assert chair.post(reverse("api:competition_result_verify", args=[cid, entered.json()["id"]])).status_code == 403
    verified = cadre.post(reverse("api:competition_result_verify", args=[cid, entered.json()["id"]]))
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    after = cadre.get(reverse("api:competition_ranking", args=[cid])).json()
    assert cadre.get(reverse("api:competition_ranking", args=[cid]), {"period": period}).json() == after
    assert cadre.get(reverse("api:competition_ranking", args=[cid]), {"period": period + 999}).status_code == 404
    assert after[0] == {
        "participant": people[city.u1.pk],
        "participant_name": "东方机械公司工会",
        "score": "80.00",
        "rank": 1,
    }
    assert after[1]["rank"] == 2


def test_weights_not_summing_to_100_are_refused_at_their_field(city: City) -> None:
    body = BODY | {"org": city.d1.pk, "indicators": [BODY["indicators"][0]]}
    refused = city.client("cadre_d1").post(reverse("api:competition_create"), body, content_type=JSON)
    assert refused.status_code == 400
    assert "权重之和应为 100" in refused.json()["fields"]["indicators"][0]


def test_a_result_with_a_negative_value_and_no_participant_is_refused_with_every_error(city: City) -> None:
    made = competition(city)
    refused = city.client("cadre_d1").post(
        reverse("api:competition_result_enter", args=[made.pk]),
        {"participant": 0, "indicator": made.indicators.first().pk, "period": 0, "value": -1},  # type: ignore[union-attr]
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert set(refused.json()["fields"]) == {"participant", "period", "value"}


def test_the_outsider_gets_404_on_another_districts_competition(city: City) -> None:
    made = competition(city)
    outsider = city.client("outsider")
    assert outsider.get(reverse("api:competition_ranking", args=[made.pk])).status_code == 404
    assert outsider.get(reverse("api:competition_ranking", args=[made.pk + 999])).status_code == 404
    assert outsider.get(reverse("api:competition_list")).json()["items"] == []


def test_indicators_and_stages_are_set_up_after_creation_while_in_preparation_only(city: City) -> None:
    from unionhall.competitions.models import Indicator

    cadre = city.client("cadre_d1")
    made = cadre.post(reverse("api:competition_create"), BODY | {"org": city.d1.pk}, content_type=JSON).json()
    cid = made["id"]
    dh = Indicator.objects.get(competition_id=cid, code="DH")
    # Change only what is sent: 70 → 50 leaves room for a third indicator of 20.
    changed = cadre.patch(
        reverse("api:competition_indicator_edit", args=[cid, dh.pk]),
        {"weight": 50, "unit": "吨/万元"},
        content_type=JSON,
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["weight"], changed.json()["unit"], changed.json()["name"]) == (
        "50.00",
        "吨/万元",
        "单位产值能耗",
    )
    too_heavy = cadre.post(
        reverse("api:competition_indicator_add", args=[cid]),
        {"code": "JN", "name": "重复代码", "weight": 30, "target": 0},
        content_type=JSON,
    )
    assert too_heavy.status_code == 400
    assert set(too_heavy.json()["fields"]) == {"code", "weight", "target"}
    added = cadre.post(
        reverse("api:competition_indicator_add", args=[cid]),
        {"code": "ZL", "name": "质量", "weight": 20, "target": 1},
        content_type=JSON,
    )
    assert added.status_code == 201 and added.json()["code"] == "ZL"
    stage = cadre.post(
        reverse("api:competition_stage_add", args=[cid]),
        {"name": "第一季度", "starts_on": "2026-01-01", "ends_on": "2026-03-31"},
        content_type=JSON,
    )
    assert stage.status_code == 201 and stage.json()["number"] == 1  # the default 全程 gave way
    late = cadre.post(
        reverse("api:competition_stage_add", args=[cid]),
        {"name": "明年", "starts_on": "2027-01-01", "ends_on": "2027-03-31"},
        content_type=JSON,
    )
    assert late.status_code == 400 and "ends_on" in late.json()["fields"]
    removed = cadre.delete(reverse("api:competition_indicator_remove", args=[cid, added.json()["id"]]))
    assert removed.status_code == 204 and not Indicator.objects.filter(pk=added.json()["id"]).exists()
    # A participant's union sees the competition but does not set it up; the outsider does not see it.
    cadre.post(reverse("api:competition_participant_add", args=[cid]), {"org": city.u1.pk}, content_type=JSON)
    chair = city.client("chair_u1")
    assert chair.delete(reverse("api:competition_indicator_remove", args=[cid, dh.pk])).status_code == 403
    outsider = city.client("outsider")
    assert (
        outsider.patch(
            reverse("api:competition_indicator_edit", args=[cid, dh.pk]), {"name": "x"}, content_type=JSON
        ).status_code
        == 404
    )
    assert (
        outsider.post(
            reverse("api:competition_stage_add", args=[cid]),
            {"name": "x", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
            content_type=JSON,
        ).status_code
        == 404
    )
    # Once running the setup is fixed: 409, nothing changed.
    cadre.patch(reverse("api:competition_indicator_edit", args=[cid, dh.pk]), {"weight": 70}, content_type=JSON)
    assert cadre.post(reverse("api:competition_start", args=[cid])).status_code == 200
    late_edit = cadre.patch(
        reverse("api:competition_indicator_edit", args=[cid, dh.pk]), {"weight": 60}, content_type=JSON
    )
    assert late_edit.status_code == 409
    assert cadre.delete(reverse("api:competition_indicator_remove", args=[cid, dh.pk])).status_code == 409
    assert Indicator.objects.get(pk=dh.pk).weight == 70
    # An indicator of another competition is not found through this one.
    other = competition(city)
    assert (
        cadre.delete(
            reverse("api:competition_indicator_remove", args=[cid, other.indicators.first().pk])  # type: ignore[union-attr]
        ).status_code
        == 404
    )


def test_a_result_is_returned_with_a_reason_entered_again_and_the_competition_cancelled(city: City) -> None:
    from unionhall.competitions.tests.support import enter

    made = competition(city)
    result = enter(made, city.u1, "JD", "90")
    cadre, chair = city.client("cadre_d1"), city.client("chair_u1")
    url = reverse("api:competition_result_return", args=[made.pk, result.pk])
    assert chair.post(url, {"reason": "数据有误"}, content_type=JSON).status_code == 403
    assert city.client("outsider").post(url, {"reason": "数据有误"}, content_type=JSON).status_code == 404
    no_reason = cadre.post(url, {"reason": " "}, content_type=JSON)
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    returned = cadre.post(url, {"reason": "进度数据与监理月报不符"}, content_type=JSON)
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["return_reason"]) == ("returned", "进度数据与监理月报不符")
    again = reverse("api:competition_result_reenter", args=[made.pk, result.pk])
    assert cadre.put(again, {"value": -1}, content_type=JSON).status_code == 400
    assert city.client("outsider").put(again, {"value": 85}, content_type=JSON).status_code == 404
    assert city.client("reviewer_d1").put(again, {"value": 85}, content_type=JSON).status_code == 403
    reentered = chair.put(again, {"value": 85}, content_type=JSON)
    assert reentered.status_code == 200 and reentered.json()["status"] == "entered"
    assert reentered.json()["value"] == "85.0000"
    by_post = chair.post(
        reverse("api:competition_result_reenter_post", args=[made.pk, result.pk]), {"value": 86}, content_type=JSON
    )
    assert by_post.status_code == 200 and by_post.json()["value"] == "86.0000"
    assert cadre.post(reverse("api:competition_result_verify", args=[made.pk, result.pk])).status_code == 200
    assert chair.put(again, {"value": 1}, content_type=JSON).status_code == 409  # verified: final
    cancel = reverse("api:competition_cancel", args=[made.pk])
    assert chair.post(cancel, {"reason": "停工"}, content_type=JSON).status_code == 403
    assert city.client("outsider").post(cancel, {"reason": "停工"}, content_type=JSON).status_code == 404
    assert cadre.post(cancel, {"reason": ""}, content_type=JSON).status_code == 400
    cancelled = cadre.post(cancel, {"reason": "工程停工，竞赛取消"}, content_type=JSON)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cadre.post(cancel, {"reason": "再取消"}, content_type=JSON).status_code == 409
