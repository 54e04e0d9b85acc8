"""Status tags: every value of every coloured enumeration has its colour, and the filter draws a badge."""

from __future__ import annotations

from django.template import Context, Template

from unionhall.console.status_colors import COLOURS, GREEN, RED
from unionhall.rights.models import CaseStatus, RiskLevel
from unionhall.tests.city import City
from unionhall.tests.factories import join


def test_every_status_of_every_enumeration_has_a_colour() -> None:
    for enum, colours in COLOURS.items():
        assert set(colours) == {member.value for member in enum}, enum  # type: ignore[attr-defined]


def test_closed_cases_are_green_and_red_risks_red() -> None:
    assert COLOURS[CaseStatus]["closed"] == GREEN
    assert COLOURS[RiskLevel]["red"] == RED


def test_the_filter_draws_a_coloured_badge_with_the_status_label(city: City) -> None:
    membership = join(city.u1, "张三", "11010519900101001")
    html = Template("{% load console %}{{ m|status_tag }}").render(Context({"m": membership}))
    assert html == '<span class="badge bg-green-lt" data-status="active">在会</span>'
