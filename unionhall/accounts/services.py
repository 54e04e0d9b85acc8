"""Writes to accounts: users, grants, API tokens, second-factor devices. Each is audited."""

from __future__ import annotations

import secrets
import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts import login_limits, tokens
from unionhall.accounts.models import ApiToken, User
from unionhall.core.actors import Actor
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Grant, OrgUnit, Role


def generate_password() -> str:
    """16 characters with every class present, so it always passes the password rules."""
    alphabet = string.ascii_letters + string.digits + "!@#%&*-_"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def _check_password(password: str, user: User | None) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as e:
        raise ValidationError(field_errors={"password": list(e.messages)}) from None


def _validate_grant(role: str, org: OrgUnit) -> None:
    if role not in Role.values:
        raise ValidationError(field_errors={"role": [f"未知角色：{role}"]})
    if role == Role.CITY_ADMIN and not org.is_root():
        raise ValidationError(field_errors={"role": ["市总工会管理员只能授予在市总工会（根节点）。"]})


def user_create(
    *, actor: Actor, username: str, password: str, display_name: str = "", role: str = "", org: OrgUnit | None = None
) -> User:
    """A new user, with their first grant when `role` and `org` are given (both or nothing is saved)."""
    with audited(actor=actor, action="user.create", org=org) as event:
        if org is not None:
            access.require(actor, Cap.USER_MANAGE, org)
            _validate_grant(role, org)
        username = username.strip()
        if not username:
            raise ValidationError(field_errors={"username": ["请填写用户名。"]})
        if User.objects.filter(username=username).exists():
            raise ValidationError(field_errors={"username": ["该用户名已存在。"]})
        user = User(username=username, display_name=display_name)
        _check_password(password, user)
        user.set_password(password)
        user.save()
        event.target(user)
        event.changes = {"username": username}
        if org is not None:
            Grant.objects.create(user=user, role=role, org=org)
            event.changes |= {"role": role, "org": org.code}
    return user


def grant_add(*, actor: Actor, user: User, role: str, org: OrgUnit) -> Grant:
    with audited(actor=actor, action="grant.add", org=org, obj=user) as event:
        access.require(actor, Cap.USER_MANAGE, org)
        _validate_grant(role, org)
        grant, created = Grant.objects.get_or_create(user=user, role=role, org=org)
        if not created:
            raise Conflict("该用户已拥有此授权。")
        event.target(grant)
        event.changes = {"user": user.username, "role": role, "org": org.code}
    return grant


def api_token_create(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    with audited(actor=actor, action="api_token.create", obj=user) as event:
        if not user.is_active:
            raise Conflict("该用户已停用。")
        plain = tokens.new_token()
        token = ApiToken.objects.create(user=user, name=name, prefix=plain[:10], digest=tokens.digest(plain))
        event.target(token)
        event.changes = {"user": user.username, "prefix": token.prefix}
    return token, plain


def api_token_revoke(*, actor: Actor, prefix: str) -> int:
    with audited(actor=actor, action="api_token.revoke") as event:
        found = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not found:
            raise NotFound("没有该前缀的有效令牌。")
        ApiToken.objects.filter(pk__in=[t.pk for t in found]).update(revoked_at=timezone.now())
        event.target(found[0])
        event.changes = {"revoked": len(found)}
    return len(found)


def login_lock_reset(*, actor: Actor, username: str) -> User:
    """Lift the password lockouts of an account, at every address (an administrator's command)."""
    with audited(actor=actor, action="login_lock.reset") as event:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NotFound("没有这个用户名。")
        login_limits.unlock(user.username)
        event.target(user)
    return user


def totp_device_start(*, actor: User) -> TOTPDevice:
    """An unconfirmed device for the user to scan; it counts only after `totp_device_confirm`."""
    with audited(actor=actor, action="totp_device.start", obj=actor) as event:
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=actor, name="动态口令", confirmed=False)
        event.changes = {"device": device.pk}
    return device


def totp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> TOTPDevice:
    with audited(actor=actor, action="totp_device.confirm", obj=actor) as event:
        if device.user_id != actor.pk:
            raise NotFound()
        if not device.verify_token((token or "").strip()):
            raise ValidationError(field_errors={"token": ["动态口令不正确或已过期。"]})
        TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        event.changes = {"device": device.pk}
    return device
