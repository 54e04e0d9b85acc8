"""The list kit: a sort key from the list's whitelist or none, page sizes 20/50/100 only, Python-side sorts
with empty values last, and a list page (cases) sorted, kept in its links and closed to the outsider."""

from __future__ import annotations

import re

from django.test import RequestFactory
from django.urls import reverse

from unionhall.core.paging import page_size, paginate, sort, sort_key, sort_rows
from unionhall.orgs.models import OrgUnit
from unionhall.tests.city import City
from unionhall.tests.factories import case

SORTS = {"name": ("name",), "code": ("code",)}


def get(query: str = "") -> object:
    return RequestFactory().get("/list/" + (f"?{query}" if query else ""))


def test_only_a_whitelisted_sort_key_is_taken() -> None:
    assert sort_key(get("sort=name"), SORTS) == "name"
    assert sort_key(get("sort=-code"), SORTS) == "-code"
    assert sort_key(get("sort=path"), SORTS) == ""
    assert sort_key(get("sort=--name"), SORTS) == ""
    assert sort_key(get(), SORTS) == ""


def test_a_bad_sort_key_leaves_the_list_in_its_own_order(city: City) -> None:
    qs = OrgUnit.objects.order_by("path")
    assert list(sort(get("sort=password"), qs, SORTS)) == list(qs)  # type: ignore[arg-type]
    by_code = list(sort(get("sort=-code"), qs, SORTS).values_list("code", flat=True))  # type: ignore[arg-type]
    assert by_code == sorted(by_code, reverse=True)


def test_the_page_size_is_capped_at_a_hundred() -> None:
    assert [page_size(get(f"per_page={n}")) for n in ("20", "50", "100", "101", "100000", "0")] == [
        20,
        50,
        100,
        50,
        50,
        50,
    ]
    page = paginate(get("per_page=100000"), list(range(500)))  # type: ignore[arg-type]
    assert page.paginator.per_page == 50 and len(page.object_list) == 50


def test_python_sorts_put_empty_values_last_both_ways() -> None:
    rows = [{"d": 3}, {"d": None}, {"d": 1}]
    keys = {"d": lambda r: r["d"]}
    assert [r["d"] for r in sort_rows(get("sort=d"), rows, keys)] == [1, 3, None]  # type: ignore[arg-type]
    assert [r["d"] for r in sort_rows(get("sort=-d"), rows, keys)] == [3, 1, None]  # type: ignore[arg-type]
    assert [r["d"] for r in sort_rows(get("sort=x"), rows, keys)] == [3, None, 1]  # type: ignore[arg-type]


def test_the_case_list_sorts_by_its_columns_and_keeps_the_sort_in_its_links(city: City) -> None:
    first = case(city.u1, summary="第一件")
    second = case(city.u1, summary="第二件")
    client = city.client("cadre_d1")
    down = client.get(reverse("rights:case_list"), {"sort": "-no", "per_page": "20"})
    text = down.content.decode()
    assert text.index(second.no) < text.index(first.no)
    up = client.get(reverse("rights:case_list"), {"sort": "no"}).content.decode()
    assert up.index(first.no) < up.index(second.no)
    export = re.search(r'href="([^"]*)" data-testid="export"', text.replace("&amp;", "&"))
    assert export is not None and "sort=-no" in export[1] and "per_page=20" in export[1]
    ignored = client.get(reverse("rights:case_list"), {"sort": "contact_phone"})
    assert ignored.status_code == 200


def test_the_outsider_sorting_the_case_list_sees_none_of_the_other_district(city: City) -> None:
    mine = case(city.u1)
    page = city.client("outsider").get(reverse("rights:case_list"), {"sort": "-no"})
    assert page.status_code == 200 and mine.no not in page.content.decode()
    assert city.client("nobody").get(reverse("rights:case_list"), {"sort": "-no"}).status_code == 404


def test_employer_names_sort_by_pinyin_through_the_collation(city: City) -> None:
    from unionhall.orgs.models import Employer

    for i, name in enumerate(["张家港贸易公司", "艾美特电器公司", "白云物流公司"]):
        Employer.objects.create(name=name, uscc=f"91320508MA{i:07d}X", org=city.t1)
    text = city.client("cadre_d1").get(reverse("orgs:employers"), {"sort": "name"}).content.decode()
    names = ["艾美特电器公司", "白云物流公司", "张家港贸易公司"]
    assert sorted(names, key=text.index) == names
    down = city.client("cadre_d1").get(reverse("orgs:employers"), {"sort": "-name"}).content.decode()
    assert sorted(names, key=down.index) == names[::-1]
