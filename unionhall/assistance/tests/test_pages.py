"""The archive pages: list with filters and reminders, filing (input kept on error), detail with the buttons
of the user's role, a transition and an upload through the pages, the export masked, the outsider kept out."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.assistance.models import AssistanceSettings, EvidenceFile, FileStatus, HardshipFile, VisitKind
from unionhall.assistance.tests.support import new_id, visit
from unionhall.core.models import AuditEvent
from unionhall.core.normalize import PHONE_MESSAGE
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_list_shows_the_scope_with_filters_and_the_overdue_counts(city: City) -> None:
    hardship_file(city.u1, name="东甲")
    hardship_file(city.u2, name="东乙", status=FileStatus.DRAFT)
    hardship_file(city.u3, name="西丙")
    old = hardship_file(city.u1, name="东丁")
    HardshipFile.objects.filter(pk=old.pk).update(verified_on=timezone.localdate() - timedelta(days=400))
    client = city.client("cadre_d1")
    text = client.get(reverse("assistance:archive_list")).content.decode()
    assert "东甲" in text and "东乙" in text and "西丙" not in text
    assert "逾期未年审 1 户" in text
    text = client.get(reverse("assistance:archive_list"), {"status": "draft"}).content.decode()
    assert "东乙" in text and "东甲" not in text
    text = client.get(reverse("assistance:archive_list"), {"org": city.u3.code}).content.decode()
    assert "在您的权限范围内没有这个编码的工会" in text and "东甲" not in text
    assert city.client("outsider").get(reverse("assistance:archive_list")).content.decode().count("东") == 0


def test_the_export_masks_id_numbers_and_holds_no_account(city: City) -> None:
    f = hardship_file(city.u1, name="东甲")
    response = city.client("chair_u1").get(reverse("assistance:archive_export"))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = rows.get_sheet_by_index(0).to_python()
    assert cells[1][0] == f.no and cells[1][2] == f.person.id_number_masked
    assert "*" in cells[1][2]
    flat = " ".join(str(c) for row in cells for c in row)
    assert f.person.reveal_id_number() not in flat and "6222021234567890123" not in flat
    assert AuditEvent.objects.filter(action="hardship_file.export").count() == 1


def _form(city: City, **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "org": city.u1.code,
        "name": "钱困难",
        "id_number": new_id(),
        "household_size": "3",
        "monthly_income": "2400",
        "causes": ["illness", "education"],
        "address": "东一街道幸福里 3 号",
        "bank_name": "农业银行",
        "bank_account": "6228480000111122223",
    }
    data.update(extra)
    return data


def test_filing_an_archive_through_the_page(city: City) -> None:
    AssistanceSettings.objects.update_or_create(pk=AssistanceSettings.current().pk, defaults={"dibao_fen": 1_000_00})
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), _form(city))
    f = HardshipFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("assistance:archive_detail", args=[f.pk])
    assert (f.status, f.category, f.causes, f.monthly_income_fen) == ("draft", "deep", ["illness", "education"], 240000)


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong_in_chinese(city: City) -> None:
    data = _form(city, id_number="32050819800101123", monthly_income="12.345", category="relative")
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "钱困难" in text and "东一街道幸福里 3 号" in text and "32050819800101123" in text
    assert "金额最多保留两位小数" in text
    assert not HardshipFile.objects.exists()
    # with the amount fixed, the service's own errors come back next to their fields
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), {**data, "monthly_income": "12.34"})
    text = response.content.decode()
    assert "身份证号应为 18 位，现为 17 位。" in text and "钱困难" in text
    response = city.client("chair_u1").post(
        reverse("assistance:archive_create"), {**data, "monthly_income": "12.34", "id_number": new_id()}
    )
    text = response.content.decode()
    assert "人工认定困难类别须填写理由" in text and "钱困难" in text
    assert not HardshipFile.objects.exists()


def test_the_detail_page_offers_the_buttons_of_the_role(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.SUBMITTED)
    url = reverse("assistance:archive_detail", args=[f.pk])
    cadre = city.client("cadre_t1").get(url).content.decode()
    assert "确认入户核查" in cadre and "退回修改" in cadre and "6222 **** **** 0123" in cadre
    chair = city.client("chair_u1").get(url).content.decode()
    assert "确认入户核查" not in chair and "查看敏感信息" in chair
    reviewer = city.client("reviewer_d1").get(url).content.decode()
    assert "确认入户核查" not in reviewer and "查看敏感信息" not in reviewer
    assert city.client("outsider").get(url).status_code == 404


def test_a_transition_through_the_page_and_its_refusal_as_a_message(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.SUBMITTED)
    client = city.client("cadre_t1")
    url = reverse("assistance:archive_transition", args=[f.pk, "verify"])
    response = client.post(url, follow=True)
    assert "请先录入提交后的入户核查记录" in response.content.decode()
    visit(f, VisitKind.VERIFICATION)
    client.post(url)
    f.refresh_from_db()
    assert f.status == FileStatus.VERIFIED
    response = client.post(reverse("assistance:archive_transition", args=[f.pk, "reject"]), {"reason": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert city.client("chair_u1").post(url).status_code == 403
    assert city.client("outsider").post(url).status_code == 404


def test_uploading_and_downloading_evidence_through_the_pages(city: City, media: Any) -> None:
    f = hardship_file(city.u1, status=FileStatus.DRAFT)
    client = city.client("chair_u1")
    url = reverse("assistance:evidence_upload", args=[f.pk])
    fake = SimpleUploadedFile("假证明.pdf", b"PK\x03\x04zipzipzip")
    response = client.post(url, {"kind": "income", "upload": fake})
    assert response.status_code == 200 and "已拒收" in response.content.decode()
    real = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.7\n%%EOF\n")
    assert client.post(url, {"kind": "income", "upload": real}).status_code == 302
    evidence = EvidenceFile.objects.get()
    download = reverse("assistance:evidence_download", args=[evidence.pk])
    response = city.client("reviewer_d1").get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7\n%%EOF\n"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Disposition"].startswith("attachment")
    assert city.client("outsider").get(download).status_code == 404


def test_revealing_sensitive_fields_shows_them_once_and_audits(city: City) -> None:
    f = hardship_file(city.u1)
    response = city.client("chair_u1").post(reverse("assistance:archive_reveal", args=[f.pk]))
    assert "6222021234567890123" in response.content.decode()
    assert AuditEvent.objects.filter(action="hardship_file.bank_account_reveal", success=True).count() == 1
    assert city.client("reviewer_d1").post(reverse("assistance:archive_reveal", args=[f.pk])).status_code == 403


def test_the_overdue_page_lists_reviews_and_follow_ups(city: City) -> None:
    late = hardship_file(city.u1, name="逾期甲")
    HardshipFile.objects.filter(pk=late.pk).update(verified_on=timezone.localdate() - timedelta(days=400))
    gone = hardship_file(city.u1, name="回访乙", status=FileStatus.EXITED)
    HardshipFile.objects.filter(pk=gone.pk).update(exited_on=timezone.localdate() - timedelta(days=200))
    hardship_file(city.u3, name="西区逾期")
    text = city.client("cadre_d1").get(reverse("assistance:overdue")).content.decode()
    assert "逾期甲" in text and "回访乙" in text and "西区逾期" not in text


def test_the_settings_page_saves_the_standards_in_yuan(city: City) -> None:
    client = city.client("city_admin")
    data = {
        "dibao": "1200.50",
        "relative_multiple": "1.8",
        "notice_days": "7",
        "review_interval_days": "365",
        "follow_up_days": "180",
        "reminder_days": "30",
        "dual_approval": "5000",
    }
    assert client.post(reverse("assistance:settings"), data).status_code == 302
    cfg = AssistanceSettings.current()
    assert (cfg.dibao_fen, str(cfg.relative_multiple), cfg.notice_days) == (120050, "1.80", 7)
    response = client.post(reverse("assistance:settings"), {**data, "notice_days": "0"})
    assert "公示天数须为 1 至 60 天" in response.content.decode()
    assert city.client("cadre_d1").get(reverse("assistance:settings")).status_code == 404


def test_household_visits_and_objections_through_the_pages(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.DRAFT)
    chair, cadre = city.client("chair_u1"), city.client("cadre_t1")
    response = chair.post(reverse("assistance:member_add", args=[f.pk]), {"name": "", "relation": "child"})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    data = {"name": "钱小", "relation": "child", "birth_year": "2012", "monthly_income": "0", "health": "哮喘"}
    assert chair.post(reverse("assistance:member_add", args=[f.pk]), data).status_code == 302
    member = f.household.get()
    assert member.has_health_note and "哮喘" not in member.health_enc
    assert chair.post(reverse("assistance:member_remove", args=[member.pk])).status_code == 302
    assert not f.household.exists()
    # the grassroots union is offered only its own kinds of visit
    form = chair.get(reverse("assistance:visit_add", args=[f.pk])).content.decode()
    assert "解困回访" in form and "入户核查" not in form
    HardshipFile.objects.filter(pk=f.pk).update(status=FileStatus.NOTICE)
    visit_data = {
        "kind": "care",
        "visited_on": timezone.localdate().isoformat(),
        "visitors": "钱主席",
        "findings": "慰问",
    }
    assert chair.post(reverse("assistance:visit_add", args=[f.pk]), {**visit_data, "confirmed": "1"}).status_code == 302
    assert chair.post(reverse("assistance:objection_add", args=[f.pk]), {"content": "另有收入"}).status_code == 302
    objection = f.objections.get()
    url = reverse("assistance:objection_resolve", args=[objection.pk])
    assert chair.get(url).status_code == 403
    assert cadre.post(url, {"upheld": "1", "resolution": "核实属实"}).status_code == 302
    objection.refresh_from_db()
    assert objection.upheld is True and objection.resolved_on == timezone.localdate()
    detail = cadre.get(reverse("assistance:archive_detail", args=[f.pk])).content.decode()
    assert "异议成立" in detail and "走访慰问" in detail


def test_the_form_refuses_a_phone_the_roster_import_would_refuse(city: City) -> None:
    data = _form(city, phone="1391234")
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [f"电话号码「1391234」不正确：{PHONE_MESSAGE}"]
    assert not HardshipFile.objects.exists()
    city.client("chair_u1").post(reverse("assistance:archive_create"), {**data, "phone": "0512-6812345"})
    assert HardshipFile.objects.get().phone == "0512-6812345"


def test_the_archive_in_notice_shows_its_objections_with_the_links_each_role_may_use(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.NOTICE)
    page = reverse("assistance:archive_detail", args=[f.pk])
    add = reverse("assistance:objection_add", args=[f.pk])
    chair = city.client("chair_u1").get(page).content.decode()
    assert "公示异议" in chair and f'href="{add}"' in chair and '<li class="muted">无</li>' in chair
    city.client("chair_u1").post(add, {"content": "另有收入"})
    resolve = reverse("assistance:objection_resolve", args=[f.objections.get().pk])
    chair = city.client("chair_u1").get(page).content.decode()
    cadre = city.client("cadre_t1").get(page).content.decode()
    assert "另有收入" in chair and "未处理" in chair and f'href="{resolve}"' not in chair  # the union cannot settle it
    assert f'href="{resolve}"' in cadre
    HardshipFile.objects.filter(pk=f.pk).update(status=FileStatus.APPROVED)
    after = city.client("chair_u1").get(page).content.decode()
    assert "另有收入" in after and f'href="{add}"' not in after  # kept on file, closed to new ones
    assert city.client("outsider").get(page).status_code == 404


def test_the_archive_list_finds_an_archive_by_the_last_four_id_characters_in_scope_only(city: City) -> None:
    from unionhall.members.models import Person

    mine = hardship_file(city.u1, name="艾困难")
    theirs = hardship_file(city.u3, name="白困难")
    last4 = mine.person.reveal_id_number()[-4:]
    Person.objects.filter(pk=theirs.person_id).update(id_number_last4_hash=mine.person.id_number_last4_hash)
    found = city.client("cadre_d1").get(reverse("assistance:archive_list"), {"q": last4}).content.decode()
    assert mine.no in found and theirs.no not in found
    elsewhere = city.client("outsider").get(reverse("assistance:archive_list"), {"q": last4}).content.decode()
    assert theirs.no in elsewhere and mine.no not in elsewhere
