"""A roster import from upload to commit: valid rows go in, invalid ones come back; importing the same
file again changes nothing; members elsewhere move here only on request; all or nothing writes nothing
unless every row would go in; the job keeps a record of what went in."""

from __future__ import annotations

from pathlib import Path

import pytest

from unionhall.core.errors import Conflict, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.imports import services
from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.pipeline import AllOrNothingRefused
from unionhall.imports.reading import HostileFile
from unionhall.imports.tests.support import SYSTEM, bad_checksum, id_number, imported, roster, upload, validated
from unionhall.members import services as member_services
from unionhall.members.models import Membership, MembershipStatus, Person
from unionhall.tests.city import City

ROWS = [
    ["张三", id_number("19900101", "011"), "13912345678", "2020-3-5"],
    ["李四", id_number("19920202", "022"), "13912345679", "2021-4-6"],
    ["王五", id_number("19950505", "051"), "", ""],
]


def active(org: object) -> int:
    return Membership.objects.filter(org=org, status=MembershipStatus.ACTIVE).count()


def test_the_valid_rows_go_in_and_the_invalid_ones_are_listed(city: City, tmp_path: Path) -> None:
    rows = [*ROWS, ["赵六", bad_checksum(id_number("19880808", "081")), "", ""]]
    job = imported(roster(tmp_path, rows), org=city.u1)
    assert job.status == JobStatus.COMMITTED
    assert active(city.u1) == 3
    assert job.outcome | {"not_committed": None} == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "transferred": 0,
        "requested": 0,
        "elsewhere": 0,
        "added": 3,
        "errors": 1,
        "not_committed": None,
    }
    assert job.outcome["not_committed"] == [5]
    assert job.error_file


def test_importing_the_same_file_again_changes_nothing(city: City, tmp_path: Path) -> None:
    path = roster(tmp_path, ROWS)
    first = imported(path, org=city.u1)
    snapshot = list(Person.objects.order_by("pk").values_list("pk", "name", "phone", "updated_at"))
    memberships = list(Membership.objects.order_by("pk").values_list("pk", "joined_on", "status"))
    second = imported(path, org=city.u1)
    assert (first.outcome["created"], first.outcome["unchanged"]) == (3, 0)
    assert (second.outcome["created"], second.outcome["updated"], second.outcome["unchanged"]) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values_list("pk", "name", "phone", "updated_at")) == snapshot
    assert list(Membership.objects.order_by("pk").values_list("pk", "joined_on", "status")) == memberships


def test_a_changed_phone_updates_the_person_without_a_second_membership(city: City, tmp_path: Path) -> None:
    imported(roster(tmp_path, ROWS), org=city.u1)
    changed = [[*ROWS[0][:2], "13800000000", ROWS[0][3]], *ROWS[1:]]
    job = imported(roster(tmp_path, changed, name="changed.xlsx"), org=city.u1)
    assert (job.outcome["created"], job.outcome["updated"], job.outcome["unchanged"]) == (0, 1, 2)
    assert Person.objects.get(name="张三").phone == "13800000000"
    assert active(city.u1) == 3


def test_a_blank_cell_never_erases_what_is_on_file(city: City, tmp_path: Path) -> None:
    imported(roster(tmp_path, ROWS), org=city.u1)
    blanked = [[ROWS[0][0], ROWS[0][1], "", ""]]
    job = imported(roster(tmp_path, blanked, name="blank.xlsx"), org=city.u1)
    assert job.outcome["unchanged"] == 1
    assert Person.objects.get(name="张三").phone == "13912345678"


def test_a_member_elsewhere_is_not_imported_unless_asked(city: City, tmp_path: Path) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="张三", id_number=ROWS[0][1])
    )
    job = imported(roster(tmp_path, ROWS), org=city.u1)
    assert (job.outcome["added"], job.outcome["elsewhere"]) == (2, 1)
    assert job.outcome["not_committed"] == [2]
    assert Membership.objects.get(person__name="张三", status=MembershipStatus.ACTIVE).org == city.u3


def test_a_member_elsewhere_is_transferred_here_on_request(city: City, tmp_path: Path) -> None:
    old = member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="张三", id_number=ROWS[0][1])
    )
    job = imported(roster(tmp_path, ROWS), org=city.u1, transfer_all=True)
    assert (job.outcome["added"], job.outcome["transferred"], job.outcome["not_committed"]) == (3, 1, [])
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED
    new = Membership.objects.get(person=old.person, status=MembershipStatus.ACTIVE)
    assert (new.org, new.member_no) == (city.u1, old.member_no)


def test_only_the_chosen_rows_are_transferred(city: City, tmp_path: Path) -> None:
    for name, number in (ROWS[0][:2], ROWS[1][:2]):
        member_services.member_join(
            actor=SYSTEM, org=city.u3, person=member_services.PersonData(name=name, id_number=number)
        )
    job = imported(roster(tmp_path, ROWS), org=city.u1, transfer_rows=[3])
    assert (job.outcome["transferred"], job.outcome["not_committed"]) == (1, [2])
    assert Membership.objects.get(person__name="李四", status=MembershipStatus.ACTIVE).org == city.u1
    assert Membership.objects.get(person__name="张三", status=MembershipStatus.ACTIVE).org == city.u3


def test_all_or_nothing_with_an_error_writes_nothing(city: City, tmp_path: Path) -> None:
    rows = [*ROWS, ["赵六", bad_checksum(id_number("19880808", "081")), "", ""]]
    job = validated(roster(tmp_path, rows), org=city.u1)
    with pytest.raises(AllOrNothingRefused) as info:
        services.import_job_commit(actor=SYSTEM, job=job, all_or_nothing=True)
    assert "1 行有错误" in info.value.message
    assert not Person.objects.exists()
    assert not Membership.objects.exists()
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.REFUSED, info.value.message)
    # the valid rows can still be committed afterwards
    services.import_job_commit(actor=SYSTEM, job=job)
    assert active(city.u1) == 3


def test_all_or_nothing_refuses_while_a_member_elsewhere_would_stay_behind(city: City, tmp_path: Path) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="张三", id_number=ROWS[0][1])
    )
    job = validated(roster(tmp_path, ROWS), org=city.u1)
    with pytest.raises(AllOrNothingRefused):
        services.import_job_commit(actor=SYSTEM, job=job, all_or_nothing=True)
    assert active(city.u1) == 0
    job.refresh_from_db()
    services.import_job_commit(actor=SYSTEM, job=job, all_or_nothing=True, transfer_all=True)
    assert active(city.u1) == 3


def test_the_upload_is_kept_and_the_job_records_what_went_in(city: City, tmp_path: Path, media_root: Path) -> None:
    job = imported(roster(tmp_path, ROWS, name="东方机械花名册.xlsx"), org=city.u1, actor=city.users["chair_u1"])
    assert job.original_name == "东方机械花名册.xlsx"
    assert (media_root / job.file.name).read_bytes() == (tmp_path / "东方机械花名册.xlsx").read_bytes()
    assert (job.created_by, job.committed_by) == (city.users["chair_u1"], city.users["chair_u1"])
    event = AuditEvent.objects.filter(action="import_job.commit").latest("id")
    assert (event.success, event.changes["created"], event.org_id) == (True, 3, city.u1.pk)
    assert not AuditEvent.objects.filter(action="roster.commit").exists()  # one business action, one event


def test_a_hostile_upload_leaves_no_job_and_no_file_but_an_audit_event(
    city: City, tmp_path: Path, media_root: Path
) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(b"MZ" + b"\0" * 100)
    with pytest.raises(ValidationError):
        upload(path, org=city.u1)
    path = roster(tmp_path, ROWS, name="dimension.xlsx")
    with pytest.raises(HostileFile):
        from django.test import override_settings

        with override_settings(IMPORT_MAX_ROWS=2):
            upload(path, org=city.u1)
    assert not ImportJob.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]
    event = AuditEvent.objects.filter(action="import_job.create").latest("id")
    assert event.success is False and "工作表范围过大" in event.reason


def test_a_roster_goes_to_a_grassroots_union_only(city: City, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        upload(roster(tmp_path, ROWS), org=city.t1)
    assert info.value.field_errors == {"org": ["会员花名册须导入到基层工会或分工会。"]}


def test_a_reviewer_cannot_import(city: City, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        upload(roster(tmp_path, ROWS), org=city.u1, actor=city.users["reviewer_d1"])


def test_a_committed_job_cannot_be_committed_twice(city: City, tmp_path: Path) -> None:
    job = imported(roster(tmp_path, ROWS), org=city.u1)
    with pytest.raises(Conflict):
        services.import_job_commit(actor=SYSTEM, job=job)


def test_a_mapping_without_the_id_column_is_refused(city: City, tmp_path: Path) -> None:
    job = upload(roster(tmp_path, ROWS), org=city.u1)
    with pytest.raises(ValidationError) as info:
        services.import_job_map(actor=SYSTEM, job=job, fields=["name", "", "phone", ""])
    assert info.value.field_errors["mapping"] == ["请指定必填列：身份证号。"]
