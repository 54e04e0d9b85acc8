"""The unit and employer pickers: what their searches offer each user, and the fields that use them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from unionhall.orgs.access import Cap
from unionhall.orgs.pickers import EmployerPickerField, UnitPickerField, bind_pickers, name_initials
from unionhall.tests.city import City
from unionhall.tests.factories import join


def units(city: City, actor: str, q: str = "", cap: str = "") -> list[dict[str, Any]]:
    params = {"q": q, **({"cap": cap} if cap else {})}
    response = city.client(actor).get(reverse("orgs:pick_units"), params)
    assert response.status_code == 200
    return response.json()["items"]


def codes(items: list[dict[str, Any]]) -> list[str]:
    return [item["code"] for item in items]


def test_a_district_cadre_finds_no_unit_of_the_other_district(city: City) -> None:
    found = codes(units(city, "cadre_d1", "工会"))
    assert city.u1.code in found
    assert city.u3.code not in found
    assert city.d2.code not in found
    assert codes(units(city, "cadre_d1", "西")) == []
    assert codes(units(city, "cadre_d1", city.u3.code)) == []


def test_the_outsider_finds_only_its_own_district(city: City) -> None:
    found = codes(units(city, "outsider", "工会"))
    assert set(found) == {city.d2.code, city.t2.code, city.u3.code}


def test_who_sees_no_tree_is_answered_404(city: City) -> None:
    for actor in ("worker_u1", "merchant_d1", "nobody"):
        assert city.client(actor).get(reverse("orgs:pick_units"), {"q": "工会"}).status_code == 404
    # A merchant holds card.redeem in D1, but the tree's names are not theirs to browse.
    response = city.client("merchant_d1").get(reverse("orgs:pick_units"), {"cap": "card.redeem"})
    assert response.status_code == 404
    assert city.client("cadre_d1").get(reverse("orgs:pick_units"), {"cap": "no.such"}).status_code == 404


def test_the_search_is_scoped_by_the_pages_capability(city: City) -> None:
    # An information officer sees the tree but holds no member.view: the member list's picker offers nothing.
    assert city.client("info_u1").get(reverse("orgs:pick_units"), {"cap": "member.view"}).status_code == 404
    assert codes(units(city, "chair_u1", "工会", cap="member.view")) == [city.u1.code, city.u1.code + "-B1"]


def test_units_are_found_by_name_by_pinyin_initials_and_by_code(city: City) -> None:
    assert codes(units(city, "city_admin", "机械")) == [city.u1.code, city.b1.code]
    assert name_initials("东方机械公司工会") == "dfjxgsgh"
    assert codes(units(city, "city_admin", "dfjx")) == [city.u1.code, city.b1.code]
    assert codes(units(city, "city_admin", "DFJX")) == [city.u1.code, city.b1.code]
    # Initials inside the name count too, after those it begins with.
    assert codes(units(city, "city_admin", "zgh"))[:2] == [city.city.code, city.d1.code]
    assert codes(units(city, "city_admin", "d1-t1-u1"))[0] == city.u1.code


def test_each_unit_is_shown_with_its_path_from_where_the_reach_starts(city: City) -> None:
    [u1] = [i for i in units(city, "city_admin", "东方机械公司工会")]
    assert u1["text"] == "测试市总工会 / 东区总工会 / 东一街道总工会 / 东方机械公司工会"
    [seen_from_d1] = [i for i in units(city, "cadre_d1", "东方机械公司工会")]
    assert seen_from_d1["path"] == "东区总工会 / 东一街道总工会"


def test_browsing_without_a_query_shows_the_reach_roots_and_their_children_as_a_tree(city: City) -> None:
    items = units(city, "cadre_d1")
    assert [(i["code"], i["depth"]) for i in items] == [(city.d1.code, 0), (city.t1.code, 1)]
    admin = units(city, "city_admin")
    assert [(i["code"], i["depth"]) for i in admin] == [(city.city.code, 0), (city.d1.code, 1), (city.d2.code, 1)]


def employers(city: City, actor: str, q: str) -> list[str]:
    response = city.client(actor).get(reverse("orgs:pick_employers"), {"q": q})
    assert response.status_code == 200
    return codes(response.json()["items"])


def test_employers_are_found_by_name_and_by_credit_code_in_reach_only(city: City) -> None:
    assert employers(city, "cadre_d1", "机械") == [city.e1.uscc]
    assert employers(city, "cadre_d1", city.e1.uscc[:10]) == [city.e1.uscc]
    assert employers(city, "cadre_d1", city.e3.uscc) == []
    assert employers(city, "cadre_d1", "西方") == []
    assert employers(city, "outsider", "有限公司") == [city.e3.uscc]
    assert city.client("sysadmin").get(reverse("orgs:pick_employers"), {"q": "公司"}).status_code == 404


class StrictForm(forms.Form):
    org = UnitPickerField(label="工会", cap=Cap.MEMBER_EDIT, strict=True, required=True)
    employer = EmployerPickerField(label="单位", cap=Cap.EMPLOYER_VIEW, strict=True)


def test_a_strict_picker_cleans_to_the_unit_and_refuses_one_out_of_reach(city: City) -> None:
    user = city.users["cadre_d1"]
    form = bind_pickers(StrictForm({"org": city.u1.code, "employer": city.e1.uscc}), user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"org": city.u1, "employer": city.e1}
    foreign = bind_pickers(StrictForm({"org": city.u3.code, "employer": city.e3.uscc}), user)
    assert not foreign.is_valid()
    assert foreign.errors["org"] == ["在您的权限范围内没有这个工会，请从列表中选择。"]
    assert foreign.errors["employer"] == ["在您的权限范围内没有这个用人单位，请从列表中选择。"]


def test_the_rendered_picker_offers_only_units_in_reach(city: City) -> None:
    html = str(bind_pickers(StrictForm({"org": city.u1.code}), city.users["cadre_d1"])["org"])
    assert "data-search" in html
    assert 'data-remote="/orgs/pick/units/?cap=member.edit"' in html
    assert "东区总工会 / 东一街道总工会 / 东方机械公司工会" in html  # the chosen one, by its path
    assert "西区" not in html
    # A foreign code (typed into a link) is shown as typed, never by the name of the unit it names.
    html = str(bind_pickers(StrictForm({"org": city.u3.code}), city.users["cadre_d1"])["org"])
    assert city.u3.name not in html


def test_the_member_list_is_filtered_by_the_picked_unit(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    join(city.u2, "李四", "11010519900101002")
    client = city.client("cadre_d1")
    response = client.get(reverse("members:list"), {"org": city.u2.code})
    names = [m.person.name for m in response.context["page"]]
    assert names == ["李四"]
    text = response.content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=member.view"' in text
    assert f'<option value="{city.u2.code}" selected>' in text
    # A unit out of reach filters to nothing, with the reason at the field.
    foreign = client.get(reverse("members:list"), {"org": city.u3.code})
    assert list(foreign.context["page"]) == []
    assert "在您的权限范围内没有这个编码的工会。" in foreign.content.decode()


def test_the_rights_pages_selects_by_id_search_the_same_endpoints(city: City, monkeypatch: Any) -> None:
    # Beyond the suggestions listed (here: two), a unit found by the search is sent by its id and kept.
    monkeypatch.setattr("unionhall.rights.views.UNIT_CHOICES", 2)
    client = city.client("city_admin")
    [found] = [i for i in units(city, "city_admin", "dyc", cap="rights.view")]
    response = client.get(reverse("rights:case_list"), {"org": found["id"]})
    text = response.content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=rights.view" data-value-field="id"' in text
    assert f'<option value="{city.u2.pk}" selected>' in text
    assert response.context["form"].is_valid()
    create = client.get(reverse("rights:case_create")).content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=rights.handle" data-value-field="id"' in create
    assert 'data-remote="/orgs/pick/employers/?cap=employer.view" data-value-field="id"' in create


def test_the_import_target_is_searched_among_the_units_the_chosen_kind_may_go_to(city: City) -> None:
    client = city.client("cadre_d1")
    members = client.get(reverse("imports:new"), {"kind": "members"}).content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=member.edit"' in members
    employers = client.get(reverse("imports:new"), {"kind": "employers"}).content.decode()
    assert 'data-remote="/orgs/pick/units/?cap=employer.edit"' in employers
