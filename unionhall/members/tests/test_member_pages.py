"""Member pages: the list, export masked and unmasked, the detail with a logged reveal, e-card and forms."""

from __future__ import annotations

import io
import re

from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.core.models import AuditEvent
from unionhall.core.normalize import PHONE_MESSAGE
from unionhall.members.cards import card_token
from unionhall.members.models import Membership
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id


def rows_of(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_the_list_shows_masked_ids_only(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    text = city.client("chair_u1").get(reverse("members:list")).content.decode()
    number = valid_id("11010519900101001")
    assert "张三" in text
    assert number not in text
    assert number[:3] + "*" * 11 + number[-4:] in text


def test_an_export_is_masked_by_default_and_never_holds_a_formula(city: City) -> None:
    join(city.u1, "=cmd|' /C calc'!A0", "11010519900101001")
    response = city.client("chair_u1").get(reverse("members:export"))
    rows = rows_of(response)
    assert rows[0][:5] == ["会员编号", "姓名", "性别", "出生日期", "身份证号"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert "*" in rows[1][4]
    event = AuditEvent.objects.filter(action="member.export").latest("id")
    assert event.actor_name == "chair_u1"


def test_an_unmasked_export_needs_the_permission_and_is_logged(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    purpose = {"purpose": "实名制核对", "confirm": "on"}
    rows = rows_of(city.client("chair_u1").post(reverse("members:export_unmasked"), purpose))
    assert rows[1][4] == valid_id("11010519900101001")
    event = AuditEvent.objects.filter(action="member.export_unmasked").latest("id")
    assert (event.actor_name, event.changes["unmasked"]) == ("chair_u1", True)
    assert city.client("reviewer_d1").post(reverse("members:export_unmasked"), purpose).status_code == 404


def test_revealing_the_id_on_the_detail_page_is_logged(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    client = city.client("chair_u1")
    page = client.get(reverse("members:detail", kwargs={"pk": m.pk})).content.decode()
    assert valid_id("11010519900101001") not in page
    assert "显示完整号码" in page
    revealed = client.post(reverse("members:reveal", kwargs={"pk": m.pk}), HTTP_HX_REQUEST="true")
    assert valid_id("11010519900101001") in revealed.content.decode()
    assert AuditEvent.objects.filter(action="member.id_reveal", actor_name="chair_u1").exists()
    reviewer_page = city.client("reviewer_d1").get(reverse("members:detail", kwargs={"pk": m.pk})).content.decode()
    assert "显示完整号码" not in reviewer_page


def test_the_e_card_qr_code_opens_a_public_check_that_reveals_nothing_private(city: City) -> None:
    m = join(city.u1, "张三丰", "11010519900101001")
    card = city.client("chair_u1").get(reverse("members:card", kwargs={"pk": m.pk}))
    text = card.content.decode()
    assert "<svg" in text and m.member_no in text
    check = city.client("anonymous").get(reverse("members:verify", kwargs={"token": card_token(m)}))
    body = check.content.decode()
    assert check.status_code == 200
    assert "张**" in body and "张三丰" not in body and "东方机械公司工会" in body
    assert valid_id("11010519900101001") not in body
    assert m.person.id_number_masked not in body
    forged = city.client("anonymous").get(reverse("members:verify", kwargs={"token": card_token(m)[:-2] + "xx"}))
    assert forged.status_code == 404


def test_joining_through_the_page_keeps_the_form_on_a_wrong_id(city: City) -> None:
    client = city.client("chair_u1")
    url = reverse("members:join")
    bad = client.post(
        url,
        {
            "org": "D1-T1-U1",
            "name": "王五",
            "id_number": "110105199001010019",
            "phone": "139",
            "employment_form": "standard",
        },
    )
    form = bad.context["form"]
    assert "校验位" in form.errors["id_number"][0]
    assert form["name"].value() == "王五"
    good = client.post(
        url,
        {
            "org": "D1-T1-U1",
            "name": "王五",
            "id_number": valid_id("11010519900101001"),
            "employment_form": "standard",
            "employer_uscc": city.e1.uscc,
        },
    )
    m = Membership.objects.get()
    assert good["Location"] == reverse("members:detail", kwargs={"pk": m.pk})
    assert m.employer == city.e1


def test_joining_a_member_of_another_union_offers_the_transfer(city: City) -> None:
    other = join(city.u2, "王五", "11010519900101001")
    response = city.client("cadre_d1").post(
        reverse("members:join"),
        {"org": "D1-T1-U1", "name": "王五", "id_number": valid_id("11010519900101001"), "employment_form": "standard"},
    )
    text = response.content.decode()
    assert "请办理会员关系接转" in text
    assert reverse("members:transfer", kwargs={"pk": other.pk}) in text


def test_transfer_and_status_changes_through_the_pages(city: City) -> None:
    m = join(city.u1, "王五", "11010519900101001")
    client = city.client("cadre_d1")
    response = client.post(reverse("members:transfer", kwargs={"pk": m.pk}), {"target": "D1-T1-U2"})
    new = Membership.objects.get(status="active")
    assert response["Location"] == reverse("members:detail", kwargs={"pk": new.pk})
    refused = client.post(reverse("members:status", kwargs={"pk": new.pk}), {"action": "leave", "reason": ""})
    assert refused.context["form"].errors["reason"] == ["请填写原因。"]
    client.post(reverse("members:status", kwargs={"pk": new.pk}), {"action": "leave", "reason": "离职"})
    new.refresh_from_db()
    assert new.status == "left"
    detail = client.get(reverse("members:detail", kwargs={"pk": new.pk})).content.decode()
    assert re.search(r"会员关系接转.*东方机械公司工会.*东一村工会", detail, re.S)


def test_the_default_list_counts_from_the_tally_exactly_what_it_pages(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    join(city.u2, "李四", "11010519900101002")
    join(city.u3, "王五", "11010519900101003")  # in the other district
    left = join(city.u1, "赵六", "11010519900101004")
    Membership.objects.filter(pk=left.pk).update(status="left")
    for user, expected in (("cadre_d1", 2), ("city_admin", 3), ("outsider", 1)):
        page = city.client(user).get(reverse("members:list")).context["page"]
        assert page.paginator.count == len(page.object_list) == expected, user
    everyone = city.client("cadre_d1").get(reverse("members:list"), {"status": ""}).context["page"]
    assert everyone.paginator.count == 3  # all statuses: counted the slow way, the left member included


def test_a_search_matching_too_many_says_so_and_lists_the_first(city: City, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from unionhall.members import selectors

    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    for i in range(3):
        join(city.u1, f"王伟{i}", f"1101051990010101{i}")
    response = city.client("cadre_d1").get(reverse("members:list"), {"q": "王伟"})
    assert len(response.context["page"].object_list) == 2
    assert "只列出前 2 位" in response.content.decode()
    narrow = city.client("cadre_d1").get(reverse("members:list"), {"q": "王伟1"})
    assert [m.person.name for m in narrow.context["page"]] == ["王伟1"]
    assert "只列出" not in narrow.content.decode()
    assert city.client("outsider").get(reverse("members:list"), {"q": "王伟"}).context["page"].paginator.count == 0


def test_a_filter_keeping_more_than_the_page_can_browse_says_so(city: City, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from unionhall.members import selectors

    monkeypatch.setattr(selectors, "SMALL_LIST", 2)
    for i in range(3):
        join(city.u1, f"快递员{i}", f"1101051990010101{i}", employment_form="platform")
    join(city.u1, "张三", "11010519900101020")
    wide = city.client("cadre_d1").get(reverse("members:list"), {"employment_form": "platform"})
    assert wide.context["page"].paginator.count == 2
    assert "超过 2 人" in wide.content.decode()
    monkeypatch.setattr(selectors, "SMALL_LIST", 10)
    narrow = city.client("cadre_d1").get(reverse("members:list"), {"employment_form": "platform"})
    assert sorted(m.person.name for m in narrow.context["page"]) == ["快递员0", "快递员1", "快递员2"]
    assert "超过" not in narrow.content.decode()
    outsider = city.client("outsider").get(reverse("members:list"), {"employment_form": "platform"})
    assert outsider.context["page"].paginator.count == 0


def test_the_join_form_refuses_a_phone_the_roster_import_would_refuse(city: City) -> None:
    client = city.client("chair_u1")
    data = {
        "org": "D1-T1-U1",
        "name": "王五",
        "id_number": valid_id("11010519900101001"),
        "employment_form": "standard",
    }
    for typed in ("1391234", "1391234567"):
        response = client.post(reverse("members:join"), {**data, "phone": typed})
        assert response.context["form"].errors["phone"] == [f"电话号码「{typed}」不正确：{PHONE_MESSAGE}"]
    assert not Membership.objects.exists()
    client.post(reverse("members:join"), {**data, "phone": "051268123456"})
    assert Membership.objects.get().person.phone == "0512-68123456"
