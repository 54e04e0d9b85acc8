"""/api/v1/imports/jobs/: the import jobs in reach, and one job's status, progress and counts."""

from __future__ import annotations

from pathlib import Path

from unionhall.imports.tests.support import bad_checksum, id_number, imported, roster, validated
from unionhall.orgs.import_kind import EMPLOYERS
from unionhall.tests.city import City

ROWS = [["张三", id_number(), "", ""], ["李四", bad_checksum(id_number("19920202", "022")), "", ""]]


def test_the_list_holds_the_jobs_of_the_reach_with_filters(city: City, tmp_path: Path) -> None:
    here = validated(roster(tmp_path, ROWS), org=city.u1)
    imported(roster(tmp_path, ROWS[:1], name="other.xlsx"), org=city.u3)
    client = city.client("chair_u1")
    body = client.get("/api/v1/imports/jobs/").json()
    assert [j["id"] for j in body["items"]] == [here.pk]
    assert body["items"][0]["counts"] == {"rows": 2, "valid": 1, "errors": 1, "warnings": 0, "new": 1}
    assert client.get("/api/v1/imports/jobs/", {"status": "committed"}).json()["count"] == 0
    assert client.get("/api/v1/imports/jobs/", {"kind": EMPLOYERS}).json()["count"] == 0


def test_the_detail_reads_the_status_and_the_outcome(city: City, tmp_path: Path) -> None:
    job = imported(roster(tmp_path, ROWS), org=city.u1)
    body = city.client("chair_u1").get(f"/api/v1/imports/jobs/{job.pk}").json()
    assert (body["status"], body["status_label"], body["kind"], body["kind_label"]) == (
        "committed",
        "已导入",
        "members",
        "会员花名册",
    )
    assert (body["outcome"]["added"], body["outcome"]["not_committed"], body["has_error_file"]) == (1, 1, True)
    assert body["org"] == city.u1.pk and body["committed_at"]


def test_an_outsider_gets_404_and_a_reviewer_403(city: City, tmp_path: Path) -> None:
    job = validated(roster(tmp_path, ROWS), org=city.u1)
    assert city.client("outsider").get(f"/api/v1/imports/jobs/{job.pk}").status_code == 404
    assert city.client("outsider").get("/api/v1/imports/jobs/").json()["count"] == 0
    assert city.client("reviewer_d1").get(f"/api/v1/imports/jobs/{job.pk}").status_code == 403
    assert city.client("nobody").get("/api/v1/imports/jobs/").status_code == 404
    assert city.client("anonymous").get("/api/v1/imports/jobs/").status_code == 401
