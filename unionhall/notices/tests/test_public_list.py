"""A module plugs into the public notice list by registering a kind: its rows come out with names masked, its
columns in place, and its notice counted in the days it says — shown here by a toy module and by the
hardship archives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string

from unionhall.assistance.models import FileStatus
from unionhall.core.pii import mask_name_in_notice as mask_name
from unionhall.notices import public_list
from unionhall.notices.public_list import NoticeKind, NoticeRow, list_context
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file


def _toy_rows(user: Any, unit: Any) -> list[NoticeRow]:
    return [
        NoticeRow("欧阳小明", "东方机械公司工会", ("先进工作者",), date(2026, 4, 1), date(2026, 4, 10)),
        NoticeRow("李四", "西区总工会", ("劳动模范",), date(2026, 4, 1), date(2026, 4, 10)),
    ]


@pytest.fixture
def toy() -> Iterator[NoticeKind]:
    kind = public_list.register(
        NoticeKind(
            key="toy",
            title="评先评优公示名单",
            intro="经基层推荐、评审委员会评审，现将下列拟表彰对象予以公示",
            empty="目前没有公示中的拟表彰对象。",
            counter="人",
            columns=(("拟授予称号", 32),),
            rows=_toy_rows,
            days=lambda: (7, True),
        )
    )
    yield kind
    del public_list.KINDS["toy"]


class Unit:
    name = "东区总工会"
    address = ""


def test_names_are_masked_keeping_the_first_and_last_character() -> None:
    assert [mask_name(n) for n in ("王", "王明", "王小明", "欧阳小明", " 李四 ")] == [
        "王",
        "王*",
        "王*明",
        "欧**明",
        "李*",
    ]


def test_a_toy_module_lists_its_rows_masked_under_its_own_title(toy: NoticeKind) -> None:
    context = list_context("toy", None, Unit())
    assert [r["name"] for r in context["rows"]] == ["欧**明", "李*"]
    assert context["widths"] == [9, 11, 24, 32, 24] and sum(context["widths"]) == 100
    html = render_to_string("notices/notice_pdf.html", context)
    assert "评先评优公示名单" in html and "共 2 人" in html and "拟授予称号" in html and "先进工作者" in html
    assert "公示期 7 个工作日，接受广大职工监督。" in html
    assert "欧阳小明" not in html and "欧**明" in html


def test_a_served_page_gets_the_list_without_inline_styles(toy: NoticeKind) -> None:
    html = render_to_string("notices/_list.html", list_context("toy", None, Unit()))
    assert "style=" not in html and "李*" in html
    empty = {**list_context("toy", None, Unit()), "rows": []}
    assert "目前没有公示中的拟表彰对象。" in render_to_string("notices/_list.html", empty)


@pytest.mark.django_db
def test_the_hardship_archives_are_registered_with_their_columns(city: City) -> None:
    hardship_file(
        city.u1,
        name="王小明",
        status=FileStatus.NOTICE,
        notice_starts_on=date(2026, 11, 20),
        notice_ends_on=date(2026, 11, 25),
    )
    hardship_file(city.u3, name="周五", status=FileStatus.NOTICE)  # out of the district cadre's reach
    context = list_context("hardship", city.users["cadre_d1"], city.d1)
    assert [(r["name"], r["starts"], r["ends"]) for r in context["rows"]] == [
        ("王*明", date(2026, 11, 20), date(2026, 11, 25))
    ]
    assert context["headers"] == ["困难类别", "致困原因"] and (context["notice_days"], context["working_days"]) == (
        5,
        False,
    )
    html = render_to_string("notices/notice_pdf.html", context)
    assert "公示期 5 天，接受广大职工监督。" in html and "共 1 户" in html
