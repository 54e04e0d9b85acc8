"""Issue 14 on the worker's own forms: one submit reports every error at once — the phone checked by the
roster's rule — in a summary linking to each field, keeping what was typed and saving nothing."""

from __future__ import annotations

import re

from django.urls import reverse

from unionhall.assistance.models import HardshipFile
from unionhall.rights.models import Case
from unionhall.tests.city import City
from unionhall.tests.factories import link
from unionhall.worker_portal.tests.support import worker_world


def _summary_targets(text: str) -> list[str]:
    found = re.search(r'data-testid="form-errors">(.*?)</div>', text, re.S)
    assert found, "no error summary on the page"
    return re.findall(r'data-uh-field="id_(\w+)"', found.group(1))


def test_one_submit_of_the_help_application_reports_every_error_with_the_phone(city: City) -> None:
    link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    data = {
        "causes": [],
        "description": "",
        "monthly_income": "两千",
        "household_size": "3",
        "phone": "1391234",
        "address": "东区幸福路 8 号",
        "evidence_kind": "",
    }
    response = city.client("worker_u1").post(reverse("worker_portal:apply"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"causes", "description", "monthly_income", "phone"} <= set(errors)
    assert "1391234" in errors["phone"][0]
    assert _summary_targets(response.content.decode()) == ["causes", "description", "monthly_income", "phone"]
    assert 'id="id_causes"' in response.content.decode()  # the summary's link has a target
    assert "东区幸福路 8 号" in response.content.decode()
    assert not HardshipFile.objects.exists()


def test_one_submit_of_the_rights_request_reports_every_error_with_the_phone(city: City) -> None:
    worker_world(city)
    data = {"category": "", "summary": "", "facts": "", "employer": "", "worker_count": "0", "phone": "1391234"}
    response = city.client("worker_u1").post(reverse("worker_portal:case_new"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"category", "summary", "employer", "worker_count", "phone"}
    assert errors["phone"][0].startswith("联系电话格式不正确")
    assert len(_summary_targets(response.content.decode())) == 5
    assert not Case.objects.exists()
