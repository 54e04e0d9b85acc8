"""The roster with full ID numbers and phones leaves only by a deliberate act: a POST from our own page with a
stated purpose, audited; a link (a GET) exports nothing. Masked exports and the API mask phones too."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.members.tests.test_member_pages import rows_of
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id

PHONE = "13912345678"
PURPOSE = {"purpose": "报送市总工会实名制核对", "confirm": "on"}


def setup_members(city: City) -> None:
    join(city.u1, "张三", "11010519900101001", phone=PHONE)
    join(city.u3, "西区会员", "11010519900101002", phone="13800001111")


def unmasked_events() -> int:
    return AuditEvent.objects.filter(action="member.export_unmasked").count()


def test_a_link_asking_for_the_unmasked_roster_is_refused_and_exports_nothing(city: City) -> None:
    setup_members(city)
    client = city.client("chair_u1")
    for response in (
        client.get(reverse("members:export"), {"unmasked": "1"}),
        client.get(reverse("members:export_unmasked")),
    ):
        assert response.status_code == 405
        assert response["Content-Type"].startswith("text/html")
        assert "不能通过链接下载" in response.content.decode()
    assert unmasked_events() == 0


def test_an_unmasked_export_without_a_purpose_shows_the_form_again_and_exports_nothing(city: City) -> None:
    setup_members(city)
    response = city.client("chair_u1").post(reverse("members:export_unmasked"), {"status": "open", "confirm": "on"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "请填写导出完整数据的用途。" in text
    assert 'name="status" value="open"' in text
    assert unmasked_events() == 0


def test_an_unmasked_export_from_another_site_fails_the_csrf_check(city: City) -> None:
    setup_members(city)
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.users["chair_u1"])
    response = client.post(reverse("members:export_unmasked"), PURPOSE)
    assert response.status_code == 403
    assert unmasked_events() == 0


def test_a_posted_unmasked_export_with_a_purpose_holds_full_numbers_and_records_the_purpose(city: City) -> None:
    setup_members(city)
    join(city.u1, "李四", "11010519900101003", phone="13700002222")
    response = city.client("chair_u1").post(reverse("members:export_unmasked"), PURPOSE | {"q": "张三"})
    rows = rows_of(response)
    assert [row[1] for row in rows[1:]] == ["张三"]  # the list's filters came along as hidden fields
    assert rows[1][4] == valid_id("11010519900101001")
    assert rows[1][5] == PHONE
    event = AuditEvent.objects.get(action="member.export_unmasked")
    assert (event.actor_name, event.changes["purpose"], event.changes["unmasked"]) == (
        "chair_u1",
        "报送市总工会实名制核对",
        True,
    )
    assert event.changes["filters"]["q"] == "张*"


def test_an_outsider_posting_for_the_unmasked_roster_gets_none_of_d1(city: City) -> None:
    setup_members(city)
    rows = rows_of(city.client("outsider").post(reverse("members:export_unmasked"), PURPOSE | {"status": ""}))
    assert "张三" not in {row[1] for row in rows}
    assert city.client("reviewer_d1").post(reverse("members:export_unmasked"), PURPOSE).status_code == 404
    assert Client().post(reverse("members:export_unmasked"), PURPOSE).status_code == 302


def test_the_list_offers_a_purpose_form_and_no_unmasked_link(city: City) -> None:
    setup_members(city)
    text = city.client("chair_u1").get(reverse("members:list"), {"q": "张三"}).content.decode()
    assert "unmasked=1" not in text
    assert f'action="{reverse("members:export_unmasked")}"' in text
    assert 'name="purpose"' in text and 'name="confirm"' in text
    assert 'name="q" value="张三"' in text
    reviewer = city.client("reviewer_d1").get(reverse("members:list")).content.decode()
    assert 'name="purpose"' not in reviewer


def test_the_masked_export_masks_phones(city: City) -> None:
    setup_members(city)
    rows = rows_of(city.client("chair_u1").get(reverse("members:export")))
    assert rows[1][5] == "139****5678"
    assert PHONE not in str(rows)


def test_the_members_api_answers_masked_phones(city: City) -> None:
    setup_members(city)
    client = city.client("chair_u1")
    items = client.get(reverse("api:member_list")).json()["items"]
    assert [item["phone"] for item in items] == ["139****5678"]
    one = client.get(reverse("api:member_detail", kwargs={"member_id": items[0]["id"]})).json()
    assert one["phone"] == "139****5678"
    assert (
        city.client("outsider").get(reverse("api:member_detail", kwargs={"member_id": items[0]["id"]})).status_code
        == 404
    )
