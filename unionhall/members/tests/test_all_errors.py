"""Issue 14: one submit of the join form or of a member's correction reports every error at once — the
form's, the page's look-ups and the service's checks — with a summary linking to each field."""

from __future__ import annotations

import re

from django.urls import reverse

from unionhall.members.models import Membership, Person
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id

UNKNOWN_USCC = "91320500MA1XXXXX0X"
SHORT_ID = "11010519900101001"  # 17 characters


def _summary(text: str) -> str:
    found = re.search(r'data-testid="form-errors">(.*?)</div>', text, re.S)
    assert found, "no error summary on the page"
    return found.group(1)


def test_one_submit_of_the_join_form_reports_every_error_and_keeps_what_was_typed(city: City) -> None:
    data = {
        "org": city.u1.code,
        "name": "王五",
        "id_number": SHORT_ID,  # the service's check
        "phone": "1391234",  # the service's check
        "employment_form": "astronaut",  # not a choice: the form's own
        "employer_uscc": UNKNOWN_USCC,  # the page's look-up
        "hukou_address": "东区幸福路 8 号",
    }
    response = city.client("chair_u1").post(reverse("members:join"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"id_number", "phone", "employment_form", "employer_uscc"}
    assert errors["employer_uscc"] == ["在您的权限范围内没有这个信用代码的单位。"]
    assert errors["id_number"] == ["身份证号应为 18 位，现为 17 位。"]
    text = response.content.decode()
    summary = _summary(text)
    assert "提交的内容有 4 处需要修改：" in summary
    assert re.findall(r'data-uh-field="id_(\w+)"', summary) == [
        "id_number",
        "phone",
        "employer_uscc",
        "employment_form",
    ]
    assert "王五" in text and SHORT_ID in text and "1391234" in text and "东区幸福路 8 号" in text
    assert not Membership.objects.exists() and not Person.objects.exists()


def test_a_union_members_cannot_join_is_reported_with_the_rest(city: City) -> None:
    data = {
        "org": city.d1.code,
        "name": "王五",
        "id_number": SHORT_ID,
        "phone": "1391234",
        "employment_form": "standard",
    }
    errors = city.client("cadre_d1").post(reverse("members:join"), data).context["form"].errors
    assert errors["org"] == ["会员须加入基层工会或分工会。"]
    assert {"id_number", "phone"} <= set(errors)
    assert not Membership.objects.exists()


def test_one_submit_of_a_members_correction_reports_every_error_and_changes_nothing(city: City) -> None:
    m = join(city.u1, "赵六", "11010519900101002", phone="13912340001")
    data = {"name": "", "phone": "1391234", "employment_form": "astronaut"}
    response = city.client("chair_u1").post(reverse("members:edit", kwargs={"pk": m.pk}), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "phone", "employment_form"}
    assert "提交的内容有 3 处需要修改：" in _summary(response.content.decode())
    m.person.refresh_from_db()
    assert (m.person.name, m.person.phone) == ("赵六", "13912340001")


def test_the_outsider_still_cannot_reach_the_member_forms(city: City) -> None:
    m = join(city.u1, "赵六", "11010519900101002")
    outsider = city.client("outsider")
    assert outsider.post(reverse("members:edit", kwargs={"pk": m.pk}), {"phone": "1391234"}).status_code == 404
    data = {"org": city.u1.code, "name": "王五", "id_number": valid_id("11010519900101001"), "phone": "1391234"}
    assert city.client("worker_u1").post(reverse("members:join"), data).status_code == 404
    errors = outsider.post(reverse("members:join"), data).context["form"].errors
    assert errors["org"] == ["在您的权限范围内没有这个编码的工会。"] and "phone" in errors
    assert Membership.objects.count() == 1
