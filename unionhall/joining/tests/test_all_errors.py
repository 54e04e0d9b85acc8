"""Issue 14: one submit of the portal's join application reports every error at once — the form's own and
the service's checks (a mobile of 11 digits) — in a summary linking to each field, keeping what was typed."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from unionhall.joining.models import JoinApplication
from unionhall.tests.city import City
from unionhall.tests.factories import WANG


def test_one_submit_of_the_join_application_reports_every_error_and_keeps_what_was_typed(city: City) -> None:
    data = {
        "name": "王小明",
        "id_number": WANG[:-1],  # one short: the service's check
        "phone": "1391234",  # not a mobile: the service's check
        "employer_text": "某某不存在的单位",
        "area": "999999",  # not an area offered: the form's own
    }
    response = Client().post(reverse("joining:join"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"id_number", "phone", "area"}
    assert errors["phone"] == ["请填写 11 位手机号码。"]
    text = response.content.decode()
    summary = re.search(r'data-testid="form-errors">(.*?)</div>', text, re.S)
    assert summary and "提交的内容有 3 处需要修改：" in summary.group(1)
    assert re.findall(r'data-uh-field="id_(\w+)"', summary.group(1)) == ["id_number", "phone", "area"]
    assert "1391234" in text and WANG[:-1] in text and "某某不存在的单位" in text
    assert not JoinApplication.objects.exists()


def test_a_good_phone_is_not_blamed_for_a_wrong_id_number(city: City) -> None:
    data = {"name": "王小明", "id_number": WANG[:-1], "phone": "13912345678", "employer": str(city.e1.pk)}
    errors = Client().post(reverse("joining:join"), data).context["form"].errors
    assert set(errors) == {"id_number"}
