"""The console's side navigation: each role is offered only what it may open, grouped by domain, with a
breadcrumb and a tab title on every page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from unionhall.console.registry import entries
from unionhall.core.navigation import Entry, Group
from unionhall.demo.seed import DEMO_USERS
from unionhall.orgs.models import Grant, Role
from unionhall.tests.city import City
from unionhall.tests.factories import case as make_case

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


def menu(client: Client, path: str | None = None) -> Any:
    return client.get(path or reverse("members:list")).context


@pytest.mark.django_db
def test_every_link_in_every_demo_roles_menu_opens_for_that_role(settings: Any) -> None:
    from unionhall.demo.seed import seed_demo

    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False
    seed_demo(members=60, seed=3, today=dt.date(2026, 11, 1))
    offered: dict[str, list[str]] = {}
    for username, *_ in DEMO_USERS:
        client = Client()
        assert client.login(username=username, password=django_settings.DEMO_PASSWORD), username
        home = client.get(reverse("console:home"), follow=True)
        assert home.status_code == 200, username
        links = list(home.context.get("nav") or [])
        offered[username] = [link.label for link in links]
        for link in links:
            assert client.get(link.url).status_code == 200, (username, link.label, link.url)
    # What each kind of user finds in the menu, and what it does not.
    assert len(offered["admin_city"]) >= 20
    assert "帮扶预算" in offered["cadre_town"] and "联席会议议题" in offered["cadre_town"]
    assert "帮扶预算" not in offered["chair_demo"] and "联席会议议题" not in offered["chair_demo"]
    assert "救助支出" in offered["chair_demo"] and "会员" in offered["chair_demo"]
    assert offered["merchant_demo"] == ["核销收银"]
    assert offered["worker_demo"] == []
    assert offered["liaison_demo"] == ["本单位督办事项"]
    assert offered["info_demo"] == ["组织", "用人单位", "风险预警"]
    assert "审计日志" in offered["reviewer_city"] and "导入" not in offered["reviewer_city"]


def test_the_menu_is_grouped_by_domain_and_hides_empty_groups(city: City) -> None:
    context = menu(city.client("chair_u1"))
    groups = [g["label"] for g in context["nav_groups"]]
    assert groups == [Group.ORGS, Group.COVERAGE, Group.ASSISTANCE, Group.RIGHTS, Group.INNOVATION, Group.SUPERVISION]
    assert [link.label for link in context["nav_groups"][0]["links"]] == [
        "组织",
        "用人单位",
        "会员",
        "入会申请",
        "导入",
    ]
    info = [g["label"] for g in menu(city.client("info_u1"), reverse("orgs:tree"))["nav_groups"]]
    assert info == [Group.ORGS, Group.RIGHTS]


def test_a_page_open_to_two_capabilities_is_declared_twice_and_listed_once(city: City) -> None:
    assert [e.url_name for e in entries()].count("rights:risk_list") == 2
    labels = [link.label for link in menu(city.client("cadre_d1"))["nav"]]
    assert labels.count("风险预警") == 1


def test_an_entry_names_either_a_capability_or_a_predicate() -> None:
    with pytest.raises(ValueError):
        Entry(Group.ORGS, "两者皆无", "orgs:tree", 1)
    with pytest.raises(ValueError):
        Entry(Group.ORGS, "两者皆有", "orgs:tree", 1, cap="org.view", shows=lambda user: True)


def test_the_waiting_count_shows_beside_the_entry(city: City) -> None:
    make_case(city.u1)
    text = city.client("chair_u1").get(reverse("members:list")).content.decode()
    sidebar = text.split('aria-label="功能导航"')[1].split("</nav>")[0]
    assert re.search(
        r"title=\"待办 1 项\"><span class=\"uh-nav-label\">维权案件</span><span class=\"badge[^>]*>1</span>", sidebar
    )


def test_the_breadcrumb_names_the_group_the_entry_and_the_page(city: City) -> None:
    text = city.client("cadre_d1").get(reverse("members:join")).content.decode()
    crumbs = text.split('aria-label="breadcrumb"')[1].split("</nav>")[0]
    assert crumbs.index("组织与会员") < crumbs.index(">会员</a>") < crumbs.index("登记入会")
    # On the entry's own page the entry ends the breadcrumb; the title is not repeated.
    crumbs = city.client("cadre_d1").get(reverse("members:list")).content.decode().split('aria-label="breadcrumb"')[1]
    assert crumbs.split("</nav>")[0].count("会员</a>") == 1 and 'aria-current="page">会员</a>' in crumbs


def test_the_tab_title_names_the_page_then_the_platform(city: City) -> None:
    for who, name in [("cadre_d1", "members:list"), ("cadre_d1", "orgs:tree"), ("anonymous", "accounts:login")]:
        text = city.client(who).get(reverse(name)).content.decode()
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        assert title and title.group(1).endswith(" - 工会之家") and "UnionHall" not in title.group(1), title


def test_every_page_template_names_its_title() -> None:
    """A page without a title block would show only 工会之家 in its tab."""
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if "{% extends" in text and not path.name.startswith("_") and "{% block title %}" not in text:
            missing.append(str(path.relative_to(TEMPLATES)))
    assert missing == []


def test_a_user_with_grants_at_several_units_can_switch_between_them(city: City) -> None:
    Grant.objects.create(user=city.users["cadre_t1"], role=Role.REVIEWER, org=city.d2)
    text = city.client("cadre_t1").get(reverse("orgs:tree")).content.decode()
    switcher = text.split('data-testid="scope-switcher"')[1].split("</div>")[0]
    assert city.t1.name in switcher and city.d2.name in switcher
    assert reverse("orgs:detail", args=[city.d2.pk]) in switcher
    single = city.client("cadre_d1").get(reverse("orgs:tree")).content.decode()
    assert 'data-testid="scope-switcher"' not in single and city.d1.name in single.split('data-testid="scope"')[1]


def test_the_outsider_and_the_anonymous_see_no_menu(city: City) -> None:
    assert "功能导航" not in city.client("anonymous").get(reverse("accounts:login")).content.decode()
    context = menu(city.client("nobody"), reverse("notifications:list"))
    assert list(context["nav"]) == [] and context["nav_groups"] == []


def _waiting_cases(client: Any) -> str:
    text = client.get(reverse("members:list")).content.decode()
    sidebar = text.split('aria-label="功能导航"')[1].split("</nav>")[0]
    found = re.search(r"维权案件</span><span class=\"badge[^>]*>(\d+)</span>", sidebar)
    return found[1] if found else "0"


@pytest.mark.django_db(transaction=True)
def test_a_kept_waiting_count_follows_a_new_case_and_is_each_users_own(city: City) -> None:
    """The counts are kept between requests (core/versions.py); outside a test's transaction, so kept here."""
    chair, outsider = city.client("chair_u1"), city.client("chair_u3")
    assert _waiting_cases(chair) == _waiting_cases(chair) == "0"
    make_case(city.u1)
    assert _waiting_cases(chair) == "1"
    assert _waiting_cases(outsider) == "0"
    make_case(city.u3)
    assert (_waiting_cases(chair), _waiting_cases(outsider)) == ("1", "1")


def _sidebar(client: Any) -> str:
    text = client.get(reverse("console:home")).content.decode()
    return text.split('data-testid="sidebar"')[1].split("</nav>")[0]


@pytest.mark.django_db(transaction=True)
def test_a_kept_menu_follows_a_new_and_a_revoked_grant(city: City) -> None:
    """The links a user may open are kept between requests until a grant or a unit changes."""
    from unionhall.orgs.models import Grant, Role

    client = city.client("chair_u3")
    before = _sidebar(client)
    assert before == _sidebar(client) and "帮扶预算" not in before
    grant = Grant.objects.create(user=city.users["chair_u3"], org=city.d1, role=Role.FEDERATION_CADRE)
    assert "帮扶预算" in _sidebar(client)
    grant.delete()
    assert "帮扶预算" not in _sidebar(client)


def _topbar(client: Any) -> str:
    text = client.get(reverse("members:list")).content.decode()
    return text.split('data-testid="topbar"')[1].split("</header>")[0]


@pytest.mark.django_db(transaction=True)
def test_a_kept_top_bar_follows_a_renamed_unit_a_new_grant_and_a_new_message(city: City) -> None:
    """The top bar is kept per user until what it shows changes: the units and roles of their grants, their
    unread messages; its logout forms carry each request's own CSRF token."""
    from unionhall.notifications.services import notify

    client, other = city.client("chair_u1"), city.client("chair_u3")
    first = _topbar(client)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
    assert len(tokens) == 2 and city.u1.name in first and "条未读" not in first
    second = _topbar(client)
    assert re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second)[0] != tokens[0]  # masked anew
    city.u1.name = "改名后的基层工会"
    city.u1.save()
    assert "改名后的基层工会" in _topbar(client)
    Grant.objects.create(user=city.users["chair_u1"], role=Role.REVIEWER, org=city.d2)
    assert city.d2.name in _topbar(client)
    notify([city.users["chair_u1"]], kind="test", title="新消息")
    assert "1 条未读" in _topbar(client)
    assert city.u3.name in _topbar(other) and "改名后的基层工会" not in _topbar(other)
