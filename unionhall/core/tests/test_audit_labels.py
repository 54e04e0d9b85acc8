"""The audit page shows every action and refusal in Chinese with its code beside it.

Every action a service records is checked in test_audit.py (each recipe's event must have a label); here:
the refusal codes, the capability checks, and what the page shows."""

from __future__ import annotations

import importlib
import pkgutil

from django.urls import reverse

import unionhall
from unionhall.core.audit import PendingEvent, record
from unionhall.core.audit_labels import ACTION_LABELS, action_label, refusal_parts
from unionhall.core.errors import DomainError
from unionhall.orgs.access import Cap
from unionhall.tests.city import City


def all_error_classes() -> set[type[DomainError]]:
    for module_info in pkgutil.walk_packages(unionhall.__path__, "unionhall."):
        if ".tests" not in module_info.name and module_info.name.rsplit(".", 1)[-1] in ("errors", "services"):
            importlib.import_module(module_info.name)
    found: set[type[DomainError]] = set()
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_refusal_code_has_a_chinese_label() -> None:
    missing = {cls.code for cls in all_error_classes() if not refusal_parts(f"{cls.code}: x")[0]}
    assert not missing


def test_every_capability_check_has_a_chinese_label() -> None:
    assert all(action_label(f"access.{cap}").startswith("权限检查：") for cap in Cap)


def test_an_unknown_action_has_no_label_rather_than_a_wrong_one() -> None:
    assert action_label("nothing.known") == ""
    assert refusal_parts("用户名或密码错误") == ("", "", "用户名或密码错误")
    assert refusal_parts("not_found: 超出权限范围") == ("不存在或超出权限范围", "not_found", "超出权限范围")


def test_labels_are_chinese() -> None:
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in ACTION_LABELS.values())


def test_the_audit_page_shows_labels_with_codes_and_people_by_name(city: City) -> None:
    cadre = city.users["cadre_d1"]
    cadre.display_name = "张三"
    cadre.save(update_fields=["display_name"])
    event = PendingEvent(actor=cadre, action="totp_device.start", org=city.t1)
    record(event, success=True)
    refused = PendingEvent(actor=cadre, action=f"access.{Cap.CARD_MANAGE}", org=city.u1)
    record(refused, success=False, reason="not_found: 超出权限范围")

    page = city.client("reviewer_d1").get(reverse("console:audit")).text

    assert f"张三（{city.d1.name}干部）" in page
    assert ">cadre_d1<" not in page
    assert "开始绑定身份验证器 <code>totp_device.start</code>" in page
    assert "权限检查：管理帮扶卡 <code>access.card.manage</code>" in page
    assert "不存在或超出权限范围 <code>not_found</code> 超出权限范围" in page
    assert city.client("outsider").get(reverse("console:audit")).status_code == 404


def test_a_command_shows_as_the_system_on_the_audit_page(city: City) -> None:
    from unionhall.core.actors import SystemActor

    record(PendingEvent(actor=SystemActor("manage.py seed_demo"), action="demo.seed", org=city.d1), success=True)
    page = city.client("reviewer_d1").get(reverse("console:audit")).text
    assert '系统 <small class="muted">manage.py seed_demo</small>' in page
    assert "载入演示数据 <code>demo.seed</code>" in page


def test_the_audit_page_finds_an_action_by_its_chinese_label(city: City) -> None:
    cadre = city.users["cadre_d1"]
    record(PendingEvent(actor=cadre, action="totp_device.start", org=city.t1), success=True)
    record(PendingEvent(actor=cadre, action="orgunit.update", org=city.t1), success=True)
    response = city.client("reviewer_d1").get(reverse("console:audit"), {"action": "身份验证器"})
    assert [e.action for e in response.context["page"]] == ["totp_device.start"]
    by_code = city.client("reviewer_d1").get(reverse("console:audit"), {"action": "orgunit."})
    assert [e.action for e in by_code.context["page"]] == ["orgunit.update"]
    assert city.client("outsider").get(reverse("console:audit"), {"action": "身份验证器"}).status_code == 404
