"""Issue 14: one submit of the hardship archive form reports every error at once — the form's own, the
page's look-ups and the service's checks — in a summary that links to each field, keeping what was typed."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from unionhall.assistance import services
from unionhall.assistance.models import FileStatus, HardshipFile
from unionhall.assistance.tests.support import new_id
from unionhall.core.errors import ValidationError
from unionhall.core.normalize import PHONE_MESSAGE
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

UNKNOWN_USCC = "91320500MA1XXXXX0X"


def _bad_submit(city: City, **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "org": city.u1.code,
        "name": "钱困难",
        "id_number": "32050819800101123",  # one digit short: the service's check
        "phone": "1391234",  # too short for a mobile, no area code: the service's check
        "employer_uscc": UNKNOWN_USCC,  # no such employer in reach: the page's look-up
        "household_size": "",  # required: the form's own
        "monthly_income": "12.345",  # three decimals: the page's parse
        "causes": ["illness"],
        "address": "东一街道幸福里 3 号",
    }
    data.update(extra)
    return data


def _summary(text: str) -> str:
    found = re.search(r'<div class="form-errors" role="alert" data-testid="form-errors">(.*?)</div>', text, re.S)
    assert found, "no error summary on the page"
    return found.group(1)


def test_one_submit_of_the_new_archive_reports_every_error_with_links_and_keeps_what_was_typed(city: City) -> None:
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), _bad_submit(city))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["id_number"] == ["身份证号应为 18 位，现为 17 位。"]
    assert errors["phone"] == [f"电话号码「1391234」不正确：{PHONE_MESSAGE}"]
    assert errors["employer_uscc"] == ["在您的权限范围内没有这个统一社会信用代码的单位。"]
    assert errors["household_size"] and errors["monthly_income"]
    summary = _summary(response.content.decode())
    assert "提交的内容有 5 处需要修改：" in summary
    for field in ("id_number", "phone", "employer_uscc", "household_size", "monthly_income"):
        assert f'href="#id_{field}"' in summary
    assert "身份证号：身份证号应为 18 位" in summary
    text = response.content.decode()
    assert "钱困难" in text and "32050819800101123" in text and "1391234" in text and "东一街道幸福里 3 号" in text
    assert not HardshipFile.objects.exists()


def test_the_links_of_the_summary_follow_the_order_of_the_page(city: City) -> None:
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), _bad_submit(city))
    targets = re.findall(r'data-uh-field="id_(\w+)"', _summary(response.content.decode()))
    assert targets == ["id_number", "phone", "employer_uscc", "household_size", "monthly_income"]


def test_the_long_form_comes_in_sections_with_required_marks(city: City) -> None:
    text = city.client("chair_u1").get(reverse("assistance:archive_create")).content.decode()
    for heading in ("职工信息", "家庭情况", "帮扶资金发放", "困难类别"):
        assert f"<legend>{heading}</legend>" in text
    assert re.search(r'身份证号<span class="uh-required" aria-hidden="true"></span>', text)
    assert re.search(r'<input type="text" name="id_number"[^>]* required', text)
    assert not re.search(r'联系电话<span class="uh-required"', text)
    # the causes are a group under a legend, never inside a <label>
    assert re.search(r'<fieldset class="uh-choices"[^>]*>\s*<legend>致困原因<span class="uh-required"', text)
    assert not re.search(r"<label[^>]*>致困原因", text)


def test_an_org_the_user_cannot_file_for_is_reported_with_the_rest(city: City) -> None:
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), _bad_submit(city, org=city.d1.code))
    errors = response.context["form"].errors
    assert {"org", "id_number", "phone", "employer_uscc"} <= set(errors)
    assert not HardshipFile.objects.exists()


def test_once_every_error_is_fixed_the_archive_is_filed(city: City) -> None:
    data = _bad_submit(
        city,
        id_number=new_id(),
        phone="13912340001",
        employer_uscc=city.e1.uscc,
        household_size="3",
        monthly_income="2400",
    )
    response = city.client("chair_u1").post(reverse("assistance:archive_create"), data)
    assert response.status_code == 302
    assert HardshipFile.objects.get().phone == "13912340001"


def test_one_submit_of_the_archive_edit_reports_every_error_and_changes_nothing(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.DRAFT)
    before = (f.phone, f.monthly_income_fen, f.household_size)
    data = {
        "phone": "1391234",
        "employer_uscc": UNKNOWN_USCC,
        "household_size": "0",
        "monthly_income": "abc",
        "causes": ["illness"],
        "bank_account": "12",
    }
    response = city.client("chair_u1").post(reverse("assistance:archive_edit", args=[f.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"phone", "employer_uscc", "household_size", "monthly_income", "bank_account"} <= set(errors)
    assert errors["bank_account"] == ["银行卡号应为 12 至 30 位数字。"]
    assert "提交的内容有 5 处需要修改：" in _summary(response.content.decode())
    f.refresh_from_db()
    assert (f.phone, f.monthly_income_fen, f.household_size) == before


def test_the_outsider_still_cannot_reach_another_unions_archive_form(city: City) -> None:
    f = hardship_file(city.u1, status=FileStatus.DRAFT)
    outsider = city.client("outsider")
    assert outsider.post(reverse("assistance:archive_edit", args=[f.pk]), {"phone": "1391234"}).status_code == 404
    assert city.client("worker_u1").post(reverse("assistance:archive_create"), _bad_submit(city)).status_code == 404
    response = outsider.post(reverse("assistance:archive_create"), _bad_submit(city, id_number=new_id()))
    assert response.context["form"].errors["org"] == ["在您的权限范围内没有这个编码的工会。"]
    assert HardshipFile.objects.count() == 1


def test_the_service_refuses_with_every_field_error_at_once(city: City) -> None:
    try:
        services.hardship_file_create(
            actor=city.users["cadre_d1"],
            org=city.d1,  # a district federation files no archive: the check of the unit
            name="",
            id_number="123",
            phone="1391234",
            causes=[],
            bank_account="12",
        )
    except ValidationError as e:
        assert {"org", "name", "id_number", "phone", "causes", "bank_account"} <= set(e.field_errors)
    else:
        raise AssertionError("the service accepted a wrong archive")
    assert not HardshipFile.objects.exists()
