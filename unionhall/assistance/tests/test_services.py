"""Filing and keeping an archive: the category from the city's standards and its override, the person found
by ID, household, evidence uploads, visits, objections, reveals of sensitive fields and the standards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unionhall.assistance import services
from unionhall.assistance.models import (
    AssistanceSettings,
    EvidenceFile,
    FileStatus,
    HardshipCategory,
    HardshipFile,
    VisitKind,
)
from unionhall.assistance.tests.support import new_id, objection, one_event
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.documents import uploads
from unionhall.members.models import Person
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file, join

C = HardshipCategory
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture
def cfg(db: Any) -> AssistanceSettings:
    cfg = AssistanceSettings.current()
    cfg.dibao_fen = 1_000_00
    cfg.relative_multiple = Decimal("1.50")
    cfg.save()
    return cfg


# --- category --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "size", "causes", "expected"),
    [
        (2_999_97, 3, ["illness"], C.DEEP),  # 999.99 per head: just below 低保
        (3_000_00, 3, ["illness"], C.RELATIVE),  # exactly 低保: not below it
        (4_499_97, 3, ["illness"], C.RELATIVE),  # 1,499.99: just below 1.5 × 低保
        (4_500_00, 3, ["illness"], C.NONE),  # exactly the relative line
        (4_500_00, 3, ["disaster"], C.ACCIDENT),  # above both lines, but a sudden cause
        (9_000_00, 2, ["accident", "illness"], C.ACCIDENT),
        (0, 1, ["disaster"], C.DEEP),  # deep wins over accident
        (2_000_01, 2, ["illness"], C.RELATIVE),  # 100000.5 fen per head floors to exactly 低保: not below
    ],
)
def test_the_category_follows_the_per_capita_income_and_the_causes(
    cfg: AssistanceSettings, income: int, size: int, causes: list[str], expected: str
) -> None:
    assert services.compute_category(income, size, causes, cfg) == expected


def _create(c: City, who: str = "chair_u1", **extra: Any) -> HardshipFile:
    values: dict[str, Any] = {
        "name": "李困难",
        "id_number": new_id(),
        "causes": ["illness"],
        "household_size": 3,
        "monthly_income_fen": 2_400_00,
        "bank_name": "建设银行",
        "bank_account": "6217 0000 1111 2222 333",
    }
    values.update(extra)
    return services.hardship_file_create(actor=c.users[who], org=c.u1, **values)


def test_filing_an_archive_computes_its_category_and_masks_the_account(city: City, cfg: AssistanceSettings) -> None:
    f = _create(city)
    assert f.status == FileStatus.DRAFT
    assert f.no.startswith("KN") and len(f.no) == 13
    assert (f.category, f.computed_category, f.category_override_reason) == (C.DEEP, C.DEEP, "")
    assert f.bank_account_masked == "6217 **** **** 2333"
    assert f.reveal_bank_account() == "6217000011112222333"
    event = one_event("hardship_file.create", success=True)
    assert event.changes["person_created"] is True
    assert "6217000011112222333" not in str(event.changes)


def test_filing_reuses_the_person_found_by_id_number(city: City, cfg: AssistanceSettings) -> None:
    number = new_id()
    member = join(city.u1, "赵会员", number[:17])
    f = _create(city, id_number=number.lower() if number.endswith("X") else number)
    assert f.person_id == member.person_id
    assert Person.objects.count() == 1


def test_a_person_with_an_open_archive_is_not_filed_twice(city: City, cfg: AssistanceSettings) -> None:
    number = new_id()
    first = _create(city, id_number=number)
    with pytest.raises(Conflict, match=first.no):
        _create(city, id_number=number)
    assert AuditEvent.objects.filter(action="hardship_file.create", success=False).count() == 1
    HardshipFile.objects.filter(pk=first.pk).update(status=FileStatus.REJECTED)
    assert _create(city, id_number=number).person_id == first.person_id


def test_a_wrong_id_number_and_missing_causes_are_field_errors_in_chinese(city: City, cfg: AssistanceSettings) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(city, id_number="320508198001011235", causes=[])
    errors = caught.value.field_errors
    assert "校验" in errors["id_number"][0] or "身份证" in errors["id_number"][0]
    assert errors["causes"] == ["请至少选择一项致困原因。"]
    assert not HardshipFile.objects.exists()
    assert AuditEvent.objects.get(action="hardship_file.create").success is False


def test_an_archive_is_filed_only_by_a_grassroots_union_in_reach(city: City, cfg: AssistanceSettings) -> None:
    with pytest.raises(ValidationError):
        services.hardship_file_create(
            actor=city.users["cadre_t1"], org=city.t1, name="甲", id_number=new_id(), causes=["illness"]
        )
    with pytest.raises(PermissionDenied):
        _create(city, who="reviewer_d1")
    with pytest.raises(NotFound):
        _create(city, who="outsider")


def test_overriding_the_category_needs_a_reason(city: City, cfg: AssistanceSettings) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(city, category=C.RELATIVE)
    assert "category_override_reason" in caught.value.field_errors
    f = _create(city, category=C.RELATIVE, category_override_reason="低保边缘，经民主评议认定。")
    assert (f.category, f.computed_category) == (C.RELATIVE, C.DEEP)


def test_a_verifier_sets_the_category_with_a_reason_and_the_audit_keeps_old_and_new(
    city: City, cfg: AssistanceSettings
) -> None:
    f = hardship_file(city.u1, status=FileStatus.SUBMITTED, category=C.RELATIVE)
    with pytest.raises(ValidationError):
        services.hardship_file_set_category(actor=city.users["cadre_t1"], file=f, category=C.DEEP, reason=" ")
    f = services.hardship_file_set_category(
        actor=city.users["cadre_t1"], file=f, category=C.DEEP, reason="重病，医疗支出大。"
    )
    assert (f.category, f.category_override_reason) == (C.DEEP, "重病，医疗支出大。")
    event = AuditEvent.objects.filter(action="hardship_file.set_category", success=True).get()
    assert event.changes["category"] == [C.RELATIVE, C.DEEP]
    with pytest.raises(PermissionDenied):
        services.hardship_file_set_category(actor=city.users["chair_u1"], file=f, category=C.NONE, reason="x")


def test_an_update_recomputes_the_category_only_in_draft_or_returned(city: City, cfg: AssistanceSettings) -> None:
    f = _create(city)
    f = services.hardship_file_update(actor=city.users["chair_u1"], file=f, monthly_income_fen=9_000_00)
    assert f.category == C.NONE
    event = AuditEvent.objects.filter(action="hardship_file.update", success=True).get()
    assert event.changes["category"] == [C.DEEP, C.NONE]
    HardshipFile.objects.filter(pk=f.pk).update(status=FileStatus.SUBMITTED)
    with pytest.raises(Conflict, match="不能修改"):
        services.hardship_file_update(actor=city.users["chair_u1"], file=f, phone="13900001111")


def test_household_members_are_kept_in_draft_with_health_encrypted(city: City, cfg: AssistanceSettings) -> None:
    f = _create(city)
    m = services.household_member_add(
        actor=city.users["chair_u1"], file=f, name="李小", relation="child", birth_year=2010, health="先天性心脏病"
    )
    assert m.has_health_note and "心脏" not in m.health_enc
    with pytest.raises(PermissionDenied):
        services.household_member_health_reveal(actor=city.users["reviewer_d1"], member=m)
    assert services.household_member_health_reveal(actor=city.users["chair_u1"], member=m) == "先天性心脏病"
    outcomes = (
        AuditEvent.objects.filter(action="household_member.health_reveal")
        .order_by("id")
        .values_list("success", flat=True)
    )
    assert list(outcomes) == [False, True]
    services.household_member_remove(actor=city.users["chair_u1"], member=m)
    assert not f.household.exists()


def test_revealing_the_bank_account_needs_the_sensitive_capability_and_is_audited(city: City) -> None:
    f = hardship_file(city.u1)
    assert services.hardship_file_bank_account_reveal(actor=city.users["cadre_d1"], file=f) == "6222021234567890123"
    with pytest.raises(PermissionDenied):
        services.hardship_file_bank_account_reveal(actor=city.users["reviewer_d1"], file=f)
    with pytest.raises(NotFound):
        services.hardship_file_bank_account_reveal(actor=city.users["outsider"], file=f)
    outcomes = list(
        AuditEvent.objects.filter(action="hardship_file.bank_account_reveal")
        .order_by("id")
        .values_list("success", flat=True)
    )
    assert outcomes == [True, False, False]


def test_the_payee_is_the_approved_workers_own_card(city: City) -> None:
    payee = services.payee(hardship_file(city.u1))
    assert (payee.account, payee.bank_name, payee.name) == ("6222021234567890123", "工商银行", "王困难")
    with pytest.raises(Conflict, match="已建档"):
        services.payee(hardship_file(city.u1, status=FileStatus.NOTICE))


# --- uploads ---------------------------------------------------------------------------------------


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_pdf_is_stored_with_its_hash_under_a_random_name(city: City, media: Any) -> None:
    f = hardship_file(city.u1, status=FileStatus.DRAFT)
    upload = SimpleUploadedFile("诊断证明.pdf", PDF)
    evidence = services.evidence_upload(actor=city.users["chair_u1"], file=f, kind="medical", upload=upload)
    assert (evidence.name, evidence.content_type, evidence.size) == ("诊断证明.pdf", "application/pdf", len(PDF))
    assert len(evidence.sha256) == 64
    assert "诊断" not in evidence.content.name and evidence.content.name.endswith(".pdf")
    assert (media / evidence.content.name).read_bytes() == PDF
    handle = services.evidence_download(actor=city.users["reviewer_d1"], evidence=evidence)
    assert handle.read() == PDF
    assert AuditEvent.objects.filter(action="evidence.download", success=True).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("证明.pdf", EXE, "不是 PDF"),
        ("证明.pdf", ZIP, "不是 PDF"),
        ("照片.jpg", PNG, "扩展名与实际内容不符"),
        ("程序.exe", PDF, "只能上传"),
        ("空.pdf", b"", "空"),
    ],
)
def test_a_file_whose_content_is_not_what_it_claims_is_refused(
    city: City, media: Any, name: str, content: bytes, message: str
) -> None:
    f = hardship_file(city.u1, status=FileStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        services.evidence_upload(
            actor=city.users["chair_u1"], file=f, kind="other", upload=SimpleUploadedFile(name, content)
        )
    assert message in caught.value.field_errors["upload"][0]
    assert not EvidenceFile.objects.exists()
    assert one_event("evidence.upload", success=False)


def test_an_oversized_file_is_refused_even_when_it_lies_about_its_size(media: Any) -> None:
    big = SimpleUploadedFile("大.pdf", PDF + b"0" * 200)
    with pytest.raises(ValidationError) as caught:
        uploads.check(big, max_bytes=100)
    assert caught.value.field_errors == {"upload": ["文件不能超过 0 MB。"]}
    big.size = 10  # a lying declared size: the bytes read still count
    big.seek(0)
    with pytest.raises(ValidationError) as caught:
        uploads.check(big, max_bytes=100)
    assert "不能超过" in caught.value.field_errors["upload"][0]


def test_the_real_limit_is_ten_megabytes() -> None:
    assert uploads.MAX_BYTES == 10 * 1024 * 1024
    huge = SimpleUploadedFile("大.pdf", PDF + b"0" * uploads.MAX_BYTES)
    with pytest.raises(ValidationError) as caught:
        uploads.check(huge)
    assert caught.value.field_errors == {"upload": ["文件不能超过 10 MB。"]}
    assert uploads.check(SimpleUploadedFile("刚好.pdf", PDF + b"0" * (uploads.MAX_BYTES - len(PDF)))).size == (
        uploads.MAX_BYTES
    )


# --- visits and objections -------------------------------------------------------------------------


def test_verification_visits_are_the_verifiers_and_follow_ups_the_grassroots(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.SUBMITTED)
    kwargs = {"visited_on": timezone.localdate(), "visitors": "张干事", "findings": "属实"}
    with pytest.raises(PermissionDenied):
        services.home_visit_record(actor=city.users["chair_u1"], file=f, kind=VisitKind.VERIFICATION, **kwargs)
    services.home_visit_record(actor=city.users["cadre_t1"], file=f, kind=VisitKind.VERIFICATION, **kwargs)
    services.home_visit_record(actor=city.users["chair_u1"], file=f, kind=VisitKind.CARE, **kwargs)
    with pytest.raises(ValidationError) as caught:
        services.home_visit_record(
            actor=city.users["chair_u1"],
            file=f,
            kind=VisitKind.CARE,
            visited_on=timezone.localdate() + timedelta(days=1),
            visitors="",
            findings="",
        )
    assert set(caught.value.field_errors) == {"visited_on", "visitors", "findings"}
    assert f.visits.count() == 2


def test_objections_are_recorded_only_during_the_notice_and_resolved_once(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.VERIFIED)
    with pytest.raises(Conflict, match="公示中"):
        services.objection_record(actor=city.users["chair_u1"], file=f, content="有异议")
    HardshipFile.objects.filter(pk=f.pk).update(status=FileStatus.NOTICE)
    f.refresh_from_db()
    o = services.objection_record(actor=city.users["chair_u1"], file=f, content="有异议")
    with pytest.raises(PermissionDenied):
        services.objection_resolve(actor=city.users["chair_u1"], objection=o, upheld=False, resolution="不成立")
    services.objection_resolve(actor=city.users["cadre_t1"], objection=o, upheld=False, resolution="不成立")
    with pytest.raises(Conflict, match="已处理"):
        services.objection_resolve(actor=city.users["cadre_t1"], objection=o, upheld=True, resolution="成立")
    o.refresh_from_db()
    assert (o.upheld, o.resolved_on) == (False, timezone.localdate())
    assert objection(f).resolved_on is None


# --- the city's standards --------------------------------------------------------------------------


def test_only_the_root_configurer_changes_the_standards(city: City) -> None:
    cfg = services.assistance_settings_update(
        actor=city.users["city_admin"], dibao_fen=1_200_00, relative_multiple=Decimal("2"), notice_days=7
    )
    assert (cfg.dibao_fen, cfg.relative_multiple, cfg.notice_days) == (1_200_00, Decimal("2.00"), 7)
    event = AuditEvent.objects.get(action="assistance_settings.update", success=True)
    assert event.changes["notice_days"] == [5, 7]
    with pytest.raises(NotFound):
        services.assistance_settings_update(actor=city.users["cadre_d1"], notice_days=3)
    with pytest.raises(ValidationError) as caught:
        services.assistance_settings_update(actor=city.users["city_admin"], notice_days=0, relative_multiple="0.5")
    assert set(caught.value.field_errors) == {"notice_days", "relative_multiple"}
