"""Member search and filters, all scoped: name, pinyin initials, phone, ID (exact), member number."""

from __future__ import annotations

from datetime import date

from unionhall.members.models import Membership
from unionhall.members.selectors import MemberFilters, member_list
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id


def names(user: object, **filters: object) -> list[str]:
    return sorted(m.person.name for m in member_list(user, MemberFilters(**filters)))  # type: ignore[arg-type]


def test_search_by_name_initials_phone_id_and_member_number(city: City) -> None:
    zhang = join(city.u1, "张三丰", "11010519900101001", phone="13911112222")
    join(city.u1, "单雄信", "11010519910101002", phone="13811113333")
    join(city.u2, "曾国藩", "11010519920101003")
    admin = city.users["city_admin"]
    assert names(admin, q="三丰") == ["张三丰"]  # the given name
    assert names(admin, q="张三") == ["张三丰"]  # the start of the name
    assert names(admin, q="丰") == []  # a character in the middle would need a scan of every person: not searched
    assert names(admin, q="zsf") == ["张三丰"]
    assert names(admin, q="SXX") == ["单雄信"]  # 单 as a surname is shan
    assert names(admin, q="zgf") == ["曾国藩"]
    assert names(admin, q="13911112222") == ["张三丰"]
    assert names(admin, q="1381111") == ["单雄信"]
    assert names(admin, q=valid_id("11010519900101001").lower()) == ["张三丰"]
    assert names(admin, q=valid_id("11010519900101001")[:10]) == []  # ID search is exact, never partial
    assert names(admin, q=zhang.member_no) == ["张三丰"]


def test_search_never_crosses_the_scope(city: City) -> None:
    join(city.u1, "张三丰", "11010519900101001")
    join(city.u3, "张三丰", "11010519910101002")
    assert len(member_list(city.users["cadre_d1"], MemberFilters(q="zsf"))) == 1
    assert member_list(city.users["cadre_d1"], MemberFilters(q=valid_id("11010519910101002"))).count() == 0


def test_filters_by_subtree_status_form_migrant_and_join_date(city: City) -> None:
    join(city.u1, "甲", "11010519900101001", on=date(2020, 1, 1), employment_form="platform", is_migrant=True)
    b = join(city.b1, "乙", "11010519910101002", on=date(2024, 1, 1))
    join(city.u2, "丙", "11010519920101003", on=date(2025, 1, 1))
    Membership.objects.filter(pk=b.pk).update(status="retained")
    admin = city.users["city_admin"]
    assert names(admin, org=city.u1) == ["乙", "甲"]
    assert names(admin, status="retained") == ["乙"]
    assert names(admin, status="open") == ["丙", "乙", "甲"]
    assert names(admin, employment_form="platform") == ["甲"]
    assert names(admin, migrant=True) == ["甲"]
    assert names(admin, joined_from=date(2023, 1, 1), joined_to=date(2024, 12, 31)) == ["乙"]
