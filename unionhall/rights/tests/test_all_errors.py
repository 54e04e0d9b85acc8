"""Issue 14: one submit of the rights intake form reports every error at once — the form's, the member
look-up and the service's checks (the phone by the roster's rule) — in a summary linking to each field."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionhall.core.normalize import PHONE_MESSAGE
from unionhall.rights.models import Case, RiskReport
from unionhall.rights.tests.test_pages import intake
from unionhall.tests.city import City
from unionhall.tests.factories import valid_id


def test_one_submit_of_the_intake_form_reports_every_error_and_keeps_what_was_typed(city: City) -> None:
    data = intake(
        city,
        intake_org=city.u1.pk,
        worker_count="",  # required: the form's own
        person_id_number=valid_id("11010519900101009"),  # no such member in reach: the page's look-up
        contact_phone="1391234",  # too short: the service's check, by the roster's rule
        summary="",  # the service's check
        employer_name="某劳务公司",
        upload=SimpleUploadedFile("欠条.pdf", b"MZ not a pdf", content_type="application/pdf"),
    )
    response = city.client("chair_u1").post(reverse("rights:case_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"worker_count", "person_id_number", "contact_phone", "summary", "upload"}
    assert errors["contact_phone"] == [f"联系电话格式不正确，请填写手机号或座机号。{PHONE_MESSAGE}"]
    text = response.content.decode()
    summary = re.search(r'data-testid="form-errors">(.*?)</div>', text, re.S)
    assert summary and "提交的内容有 5 处需要修改：" in summary.group(1)
    assert re.findall(r'data-uh-field="id_(\w+)"', summary.group(1)) == [
        "person_id_number",
        "contact_phone",
        "worker_count",
        "summary",
        "upload",
    ]
    assert 'value="某劳务公司"' in text and 'value="1391234"' in text and 'value="李师傅"' in text
    assert not Case.objects.exists()


def test_the_intake_takes_a_landline_with_its_area_code(city: City) -> None:
    data = intake(city, intake_org=city.u1.pk, employer=city.e1.pk, contact_phone="051268123456")
    response = city.client("chair_u1").post(reverse("rights:case_create"), data)
    assert response.status_code == 302
    assert Case.objects.get().contact_phone == "0512-68123456"


def test_the_outsider_still_cannot_take_in_a_case_for_another_district(city: City) -> None:
    data = intake(city, intake_org=city.u1.pk, contact_phone="1391234")
    assert city.client("worker_u1").post(reverse("rights:case_create"), data).status_code == 404
    response = city.client("outsider").post(reverse("rights:case_create"), data)
    assert response.status_code == 200 and "intake_org" in response.context["form"].errors
    assert not Case.objects.exists()


def test_one_submit_of_the_risk_report_reports_every_error_at_once(city: City) -> None:
    data = {
        "org": city.d2.code,  # not a unit the user reports for: the form's own
        "employer": "不存在的公司",  # the page's look-up
        "kind": "",  # the service's check
        "level": "purple",  # not a choice: the form's own
        "affected_count": "-3",  # the service's check
        "amount": "12.345",  # the service's check
        "description": "",  # the service's check
    }
    response = city.client("info_u1").post(reverse("rights:risk_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"org", "employer", "kind", "level", "affected_count", "amount", "description"}
    assert errors["affected_count"] == ["涉及人数应为 0 或正整数。"]
    assert "提交的内容有 7 处需要修改：" in response.content.decode()
    assert "不存在的公司" in response.content.decode()
    assert not RiskReport.objects.exists()
