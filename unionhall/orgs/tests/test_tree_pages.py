"""Pages of the tree: browser, search, detail, and the forms that create, edit, move, merge and dissolve."""

from __future__ import annotations

from django.urls import reverse

from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.tests.city import City


def test_the_tree_starts_at_the_users_own_unit(city: City) -> None:
    response = city.client("cadre_t1").get(reverse("orgs:tree"))
    text = response.content.decode()
    assert "东一街道总工会" in text
    assert "东方机械公司工会" in text
    assert "东区总工会" not in text.split("<main")[1]  # the unit above the cadre's reach is not offered


def test_expanding_a_node_loads_its_children(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("orgs:children", kwargs={"pk": city.u1.pk}), HTTP_HX_REQUEST="true")
    assert "东方机械公司一车间分工会" in response.content.decode()


def test_searching_the_tree_finds_by_name_or_code_within_scope_with_the_path(city: City) -> None:
    client = city.client("cadre_d1")
    text = client.get(reverse("orgs:tree"), {"q": "公司"}).content.decode()
    assert "东方机械公司工会" in text
    assert "东区总工会 / 东一街道总工会" in text
    assert "西方纺织公司工会" not in text
    by_code = client.get(reverse("orgs:tree"), {"q": "d1-t1-u2"}).content.decode()
    assert "东一村工会" in by_code
    assert "没有匹配的组织" in client.get(reverse("orgs:tree"), {"q": "西方"}).content.decode()


def test_the_detail_page_shows_breadcrumb_counts_and_the_overdue_election(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("orgs:detail", kwargs={"pk": city.u1.pk}))
    text = response.content.decode()
    crumbs = [u.name for u in response.context["breadcrumb"]]
    assert crumbs == ["东区总工会", "东一街道总工会", "东方机械公司工会"]
    assert "届满未换届" in text
    assert "东方机械有限公司" in text
    assert response.context["counts"].employers == 1


def test_the_breadcrumb_starts_where_the_users_scope_starts(city: City) -> None:
    response = city.client("chair_u1").get(reverse("orgs:detail", kwargs={"pk": city.b1.pk}))
    assert [u.name for u in response.context["breadcrumb"]] == ["东方机械公司工会", "东方机械公司一车间分工会"]


def test_a_wrong_field_keeps_everything_else_that_was_typed(city: City) -> None:
    response = city.client("chair_u1").post(
        reverse("orgs:edit", kwargs={"pk": city.u1.pk}),
        {
            "name": "东方机械公司工会",
            "kind": "enterprise",
            "address": "新地址 8 号",
            "uscc": "123",
            "employee_count": 310,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "校验位" in form.errors["uscc"][0]
    assert form["address"].value() == "新地址 8 号"
    assert 'value="新地址 8 号"' in response.content.decode()
    city.u1.refresh_from_db()
    assert city.u1.address == ""


def test_an_unknown_division_code_is_refused_at_the_field(city: City) -> None:
    response = city.client("chair_u1").post(
        reverse("orgs:edit", kwargs={"pk": city.u1.pk}),
        {"name": "东方机械公司工会", "kind": "enterprise", "division": "999999", "employee_count": 1},
    )
    assert response.context["form"].errors["division"] == ["没有这个区划代码。"]


def test_creating_a_child_through_the_page(city: City) -> None:
    response = city.client("cadre_t1").post(
        reverse("orgs:add_child", kwargs={"pk": city.t1.pk}),
        {"code": "D1-T1-U7", "level": "grassroots", "name": "东一社区工会", "kind": "community", "employee_count": 40},
    )
    unit = OrgUnit.objects.get(code="D1-T1-U7")
    assert response["Location"] == reverse("orgs:detail", kwargs={"pk": unit.pk})
    assert unit.path.startswith(city.t1.path)


def test_a_wrong_level_is_explained_next_to_the_parent(city: City) -> None:
    response = city.client("cadre_t1").post(
        reverse("orgs:add_child", kwargs={"pk": city.t1.pk}),
        {"code": "D1-X", "level": "district", "name": "错误", "employee_count": 0},
    )
    assert "区县总工会不能设在乡镇/街道总工会之下。" in response.content.decode()
    assert response.context["form"]["code"].value() == "D1-X"


def test_moving_through_the_page_by_code(city: City) -> None:
    client = city.client("city_admin")
    response = client.post(reverse("orgs:move", kwargs={"pk": city.u2.pk}), {"target": "D2-T1"})
    assert response.status_code == 302
    city.u2.refresh_from_db()
    assert city.u2.path.startswith(city.t2.path)


def test_a_target_out_of_scope_is_not_revealed(city: City) -> None:
    response = city.client("cadre_d1").post(reverse("orgs:move", kwargs={"pk": city.u2.pk}), {"target": "D2-T1"})
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == ["在您的权限范围内没有这个编码的组织。"]


def test_merging_and_dissolving_through_the_pages(city: City) -> None:
    client = city.client("cadre_d1")
    blocked = client.get(reverse("orgs:dissolve", kwargs={"pk": city.u1.pk}))
    assert "目前不能撤销" in blocked.content.decode()
    client.post(reverse("orgs:merge", kwargs={"pk": city.u2.pk}), {"target": "D1-T1-U1"})
    city.u2.refresh_from_db()
    assert city.u2.status == OrgStatus.MERGED
    response = client.post(reverse("orgs:dissolve", kwargs={"pk": city.b1.pk}), {"reason": "车间撤并"})
    assert response.status_code == 302
    city.b1.refresh_from_db()
    assert city.b1.status == OrgStatus.DISSOLVED


def test_a_reviewer_sees_no_edit_buttons(city: City) -> None:
    text = city.client("reviewer_d1").get(reverse("orgs:detail", kwargs={"pk": city.u1.pk})).content.decode()
    assert reverse("orgs:edit", kwargs={"pk": city.u1.pk}) not in text
    admin_text = city.client("cadre_d1").get(reverse("orgs:detail", kwargs={"pk": city.u1.pk})).content.decode()
    assert reverse("orgs:edit", kwargs={"pk": city.u1.pk}) in admin_text


def test_search_results_show_the_path_only_from_where_the_users_scope_starts(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("orgs:tree"), {"q": "机械"})
    assert "测试市总工会" not in response.content.decode().split("<main")[1]
    assert response.context["result_paths"][city.u1.path] == "东区总工会 / 东一街道总工会"


def test_only_the_current_module_is_marked_in_the_navigation(city: City) -> None:
    nav = city.client("cadre_d1").get(reverse("orgs:employers")).context["nav"]
    assert [item["label"] for item in nav if item["active"]] == ["用人单位"]
