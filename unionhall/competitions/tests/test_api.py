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
