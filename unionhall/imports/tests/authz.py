"""Authorization specs of the imports app's routes, collected by core/tests/test_authorization.py.

Jobs are made under U1 (members) for the per-job routes. Whoever may import members or employers
somewhere reaches the list and the upload page; a reviewer and an information officer, who may only
read members or employers, are refused with 403; the system admin and those holding nothing, 404.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from unionhall.imports.models import ImportJob, JobStatus
from unionhall.members.import_kind import MEMBERS
from unionhall.tests.authz_support import EDIT_U1, Route, statuses
from unionhall.tests.city import City

IMPORTERS = EDIT_U1 | {"outsider", "chair_u3"}
READERS = {"reviewer_d1", "info_u1"}
# Those who see U1's members but may not import them.
SEE_U1_MEMBERS = {"reviewer_d1"}

FIXED = "imports/authz/errors.xlsx"  # one fixed name, overwritten on each run, never piling up


def _error_file() -> str:
    from unionhall.core.excel import write_workbook

    path = Path(settings.MEDIA_ROOT) / FIXED
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_workbook(["姓名", "错误"], [["张三", "身份证号：校验位不正确"]]) as out, path.open("wb") as f:
        f.write(out.read())
    return FIXED


def _job(c: City, status: str = JobStatus.VALIDATED, **extra: Any) -> ImportJob:
    return ImportJob.objects.create(
        org=c.u1,
        kind=MEMBERS,
        file="imports/authz/roster.xlsx",
        original_name="东方机械花名册.xlsx",
        status=status,
        headers=["姓名", "身份证号"],
        mapping={"0": "name", "1": "id_number"},
        counts={"rows": 1, "valid": 0, "errors": 1},
        created_by=c.users["chair_u1"],
        **extra,
    )


def validated_job(c: City) -> dict[str, Any]:
    return {"pk": _job(c, error_file=_error_file()).pk}


def uploaded_job(c: City) -> dict[str, Any]:
    # A commit of a job whose columns are not confirmed yet is refused as a conflict, without a file.
    return {"pk": _job(c, JobStatus.UPLOADED).pk}


def jobs_in_both_districts(c: City) -> dict[str, Any]:
    _job(c)
    ImportJob.objects.create(
        org=c.u3,
        kind=MEMBERS,
        file="x.xlsx",
        original_name="西方纺织花名册.xlsx",
        status=JobStatus.VALIDATED,
    )
    return {}


def list_has_no_d2_jobs(city: City, response: Any) -> None:
    text = response.content.decode()
    assert "东方机械花名册" in text
    assert "西方纺织" not in text


def api_list_has_no_d2_jobs(city: City, response: Any) -> None:
    names = {job["file_name"] for job in response.json()["items"]}
    assert "东方机械花名册.xlsx" in names
    assert "西方纺织花名册.xlsx" not in names


def api_job(c: City) -> dict[str, Any]:
    return {"job_id": _job(c).pk}


JOB = statuses(EDIT_U1, in_sight=SEE_U1_MEMBERS)
ANYWHERE = statuses(IMPORTERS, in_sight=READERS)

ROUTES: dict[str, Route] = {
    "imports:list": Route(jobs_in_both_districts, ANYWHERE, no_foreign=list_has_no_d2_jobs),
    "imports:new": Route(expect=ANYWHERE, methods=("get", "post")),
    "imports:template": Route(lambda c: {"kind": "members"}, ANYWHERE),
    "imports:job": Route(validated_job, JOB),
    "imports:map": Route(uploaded_job, JOB, ("get", "post")),
    "imports:progress": Route(validated_job, JOB),
    "imports:commit": Route(uploaded_job, statuses(EDIT_U1, ok=302, in_sight=SEE_U1_MEMBERS), ("post",)),
    "imports:errors": Route(validated_job, JOB),
    "api:import_job_list": Route(
        jobs_in_both_districts, statuses(IMPORTERS, in_sight=READERS, anon=401), no_foreign=api_list_has_no_d2_jobs
    ),
    "api:import_job_detail": Route(api_job, statuses(EDIT_U1, in_sight=SEE_U1_MEMBERS, anon=401)),
    "imports:discard": Route(validated_job, statuses(EDIT_U1, ok=302, in_sight=SEE_U1_MEMBERS), ("post",)),
}
