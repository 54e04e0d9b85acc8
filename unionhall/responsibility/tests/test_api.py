"""/api/v1/responsibility/: who answers (with the basis), the lines, and the 404 out of reach."""

from __future__ import annotations

import pytest

from unionhall.responsibility.tests.support import point
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_who_names_the_fixed_point_holder_with_the_basis(city: City) -> None:
    point(city.users["cadre_t1"], city.u1, "rights")
    body = city.client("cadre_d1").get("/api/v1/responsibility/who", {"org": city.u1.pk, "line": "rights"}).json()
    assert body["user"] == city.users["cadre_t1"].pk
    assert body["basis"] == "定点联系" and body["name"].startswith("cadre_t1（")


def test_who_falls_back_to_the_default_and_says_so(city: City) -> None:
    body = city.client("chair_u1").get("/api/v1/responsibility/who", {"org": city.u1.pk, "line": "organizing"}).json()
    assert (body["user"], body["basis"]) == (city.users["cadre_t1"].pk, "默认")


def test_a_unit_out_of_reach_and_an_unknown_line_answer_404(city: City) -> None:
    outsider = city.client("outsider").get("/api/v1/responsibility/who", {"org": city.u1.pk, "line": "rights"})
    assert outsider.status_code == 404
    unknown = city.client("cadre_d1").get("/api/v1/responsibility/who", {"org": city.u1.pk, "line": "nope"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"


def test_the_lines_are_listed_with_their_codes(city: City) -> None:
    body = city.client("chair_u1").get("/api/v1/responsibility/lines/").json()
    codes = [item["code"] for item in body["items"]]
    assert codes[:3] == ["assistance", "rights", "organizing"] and "assessment" in codes
    assert city.client("worker_u1").get("/api/v1/responsibility/lines/").status_code == 404
