"""The 十送 pages: the list with filters and export, the form that keeps what was typed, masked IDs."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.core.models import AuditEvent
from unionhall.ten_services.models import ServiceDelivery
from unionhall.ten_services.tests.helpers import members, record, u1_id
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_the_form_records_a_delivery_with_named_persons_shown_masked(city: City) -> None:
    members(city)
    client = city.client("chair_u1")
    data = {
        "org": city.u1.code,
        "kind": "healthcare",
        "delivered_on": "2026-03-05",
        "title": "健康体检",
        "beneficiary_count": "20",
        "beneficiaries": u1_id(),
        "cost": "1,500.50",
    }
    response = client.post(reverse("ten_services:create"), data)
    d = ServiceDelivery.objects.get()
    assert response["Location"] == reverse("ten_services:detail", args=[d.pk])
    assert (d.cost_fen, d.beneficiary_count, d.delivered_on) == (1_500_50, 20, date(2026, 3, 5))
    html = client.get(response["Location"]).content.decode()
    assert "张三" in html and u1_id() not in html and u1_id()[-4:] in html


def test_the_form_keeps_what_was_typed_and_says_why(city: City) -> None:
    client = city.client("chair_u1")
    data = {
        "org": city.u1.code,
        "kind": "legal",
        "delivered_on": "2026-03-05",
        "title": "普法讲座",
        "beneficiary_count": "",
        "beneficiaries": "GH0000000999",
        "cost": "12.345",
    }
    html = client.post(reverse("ten_services:create"), data).content.decode()
    assert "金额最多保留两位小数（到分）。" in html and 'value="普法讲座"' in html and "GH0000000999" in html
    html = client.post(reverse("ten_services:create"), data | {"cost": "12"}).content.decode()
    assert "未找到「GH0000000999」" in html and 'value="12"' in html
    assert not ServiceDelivery.objects.exists()


def test_a_code_outside_the_chairs_reach_is_an_error_on_the_field(city: City) -> None:
    data = {"org": city.u3.code, "kind": "legal", "delivered_on": "2026-03-05", "title": "x", "beneficiary_count": "3"}
    html = city.client("chair_u1").post(reverse("ten_services:create"), data).content.decode()
    assert "在您的权限范围内没有这个编码的组织。" in html
    assert not ServiceDelivery.objects.exists()


def test_a_correction_through_the_page_is_audited(city: City) -> None:
    d = record(city.u1, "culture", count=10)
    client = city.client("cadre_t1")
    data = {"kind": "culture", "delivered_on": "2026-03-01", "title": "送文化", "beneficiary_count": "15", "cost": ""}
    response = client.post(reverse("ten_services:edit", args=[d.pk]), data)
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.beneficiary_count == 15 and d.org == city.u1  # the unit cannot be changed
    assert AuditEvent.objects.get(action="delivery.update").changes["beneficiary_count"] == [10, 15]


def test_the_list_filters_by_kind_period_and_org_and_exports_the_same_rows(city: City) -> None:
    record(city.u1, "culture", on=date(2026, 1, 10), title="一月送文化")
    record(city.u2, "culture", on=date(2026, 3, 10), title="三月村里送文化")
    record(city.u1, "legal", on=date(2026, 3, 11), title="三月送法律")
    client = city.client("cadre_d1")
    query = {"kind": "culture", "date_from": "2026-02-01", "org": city.t1.code}
    html = client.get(reverse("ten_services:list"), query).content.decode()
    assert "三月村里送文化" in html and "一月送文化" not in html and "三月送法律" not in html
    export = client.get(reverse("ten_services:export"), query)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(0)
    titles = [r[2] for r in rows.to_python()[1:]]
    assert titles == ["三月村里送文化"]
    assert AuditEvent.objects.filter(action="delivery.export", success=True).count() == 1


def test_an_org_code_outside_reach_shows_nothing_never_more(city: City) -> None:
    record(city.u3, "culture", title="西边的记录")
    html = city.client("cadre_d1").get(reverse("ten_services:list"), {"org": city.u3.code}).content.decode()
    assert "西边的记录" not in html and "在您的权限范围内没有这个编码的组织。" in html


def test_the_api_lists_records_in_scope_with_yuan_strings(city: City) -> None:
    members(city)
    record(city.u1, "care", cost=1_234_50, title="送爱心")
    record(city.u3, "care", title="西边")
    body = city.client("chair_u1").get(reverse("api:delivery_list"), {"kind": "care"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["title"], item["cost"], item["kind_label"], item["named_beneficiaries"]) == (
        "送爱心",
        "1234.50",
        "送爱心",
        0,
    )
    foreign = city.client("chair_u1").get(reverse("api:delivery_list"), {"org": city.u3.code})
    assert foreign.status_code == 404
