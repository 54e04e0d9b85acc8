"""manage.py grant: create or grant users from the command line, with the password rules."""

from __future__ import annotations

import io
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from unionhall.accounts.models import User
from unionhall.core.models import AuditEvent
from unionhall.orgs.models import Grant, Role
from unionhall.tests.city import City


def grant(*args: str, stdin: str | None = None) -> str:
    out = StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin) if stdin is not None else io.StringIO("")
    try:
        call_command("grant", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def test_grant_creates_a_user_with_a_password_from_stdin(city: City) -> None:
    output = grant("new_cadre", "--org", "D1", "--role", "federation_cadre", "--create", stdin="Strong-pass-2026\n")
    assert "已创建用户 new_cadre" in output
    assert "初始密码" not in output
    user = User.objects.get(username="new_cadre")
    assert Grant.objects.filter(user=user, role=Role.FEDERATION_CADRE, org=city.d1).exists()
    assert user.check_password("Strong-pass-2026")


def test_grant_generates_and_prints_a_password_when_none_is_given(city: City) -> None:
    output = grant("new_reviewer", "--org", "D2", "--role", "reviewer", "--create")
    password = output.split("初始密码：")[1].strip()
    assert User.objects.get(username="new_reviewer").check_password(password)


def test_grant_adds_a_role_to_an_existing_user(city: City) -> None:
    grant("chair_u1", "--org", "D1-T1-U2", "--role", "grassroots_staff")
    assert Grant.objects.filter(user__username="chair_u1").count() == 2
    assert AuditEvent.objects.filter(action="grant.add", success=True).exists()


def test_grant_refuses_a_weak_password_and_saves_nothing(city: City) -> None:
    with pytest.raises(CommandError, match="3 类"):
        grant("weak", "--org", "D1", "--role", "reviewer", "--create", stdin="password\n")
    assert not User.objects.filter(username="weak").exists()


def test_a_city_admin_is_granted_only_at_the_root_and_nothing_is_half_saved(city: City) -> None:
    with pytest.raises(CommandError, match="根节点"):
        grant("admin2", "--org", "D1", "--role", "city_admin", "--create")
    assert not User.objects.filter(username="admin2").exists()


def test_grant_explains_unknown_users_orgs_and_roles(city: City) -> None:
    with pytest.raises(CommandError, match="不存在"):
        grant("ghost", "--org", "D1", "--role", "reviewer")
    with pytest.raises(CommandError, match="没有编码"):
        grant("chair_u1", "--org", "NOPE", "--role", "reviewer")
    with pytest.raises(CommandError):
        grant("chair_u1", "--org", "D1", "--role", "king")


def test_grant_help_lists_every_role() -> None:
    from unionhall.accounts.management.commands.grant import ROLE_HELP

    for role in Role.values:
        assert role in ROLE_HELP
