"""The panel pages: convening one shows every error at once; a reviewer's menu counts the subjects waiting
for their score, and scoring one takes it off the count."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from unionhall.orgs.models import Role
from unionhall.panels import services
from unionhall.panels.models import Panel
from unionhall.panels.tests.support import KIND, panel, register_kind, reviewer, seat, subject, values
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_convening_a_panel_shows_every_error_at_once_and_saves_nothing(city: City) -> None:
    register_kind()
    answer = city.client("cadre_d1").post(
        reverse("panels:create"),
        {"org": city.d1.code, "title": "", "kind": "", "criteria": "创新性 50\n效益 abc", "drop_extremes_from": "2"},
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert set(errors) >= {"title", "kind", "criteria", "drop_extremes_from"}
    assert "第 2 行应为「名称 权重 满分」，如「创新性 40 10」。" in errors["criteria"]
    assert not Panel.objects.exists()


def test_a_cadre_convenes_a_panel_with_weighted_criteria(city: City) -> None:
    register_kind()
    answer = city.client("cadre_d1").post(
        reverse("panels:create"),
        {"org": city.d1.code, "title": "东区评审", "kind": KIND, "criteria": "创新性 40 10\n效益 60 20"},
    )
    assert answer.status_code == 302
    made = Panel.objects.get()
    assert [(c.name, c.weight, c.max_score) for c in made.criteria.all()] == [("创新性", 40, 10), ("效益", 60, 20)]
    assert made.drop_extremes_from == 5


def _badge(html: str) -> str | None:
    sidebar = html.split('aria-label="功能导航"')[1].split("</nav>")[0]
    found = re.search(r"我的评审</span><span class=\"badge[^>]*>(\d+)</span>", sidebar)
    return found.group(1) if found else None


def test_a_reviewers_menu_counts_the_subjects_waiting_for_their_score(city: City) -> None:
    p = panel(city)
    judge = reviewer("judge", city.d2, Role.FEDERATION_CADRE)
    seat(p, judge)
    first = subject(p, city.u1)
    subject(p, city.u2)
    client = city.client("outsider")
    client.force_login(judge)
    assert _badge(client.get(reverse("panels:todo")).content.decode()) == "2"
    services.panel_score(actor=judge, subject=first, values=values(p, 5, 5))
    assert _badge(client.get(reverse("panels:todo")).content.decode()) == "1"
