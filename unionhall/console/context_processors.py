"""What every page's shell shows: the user's menu by group, their scope, whether the demo relaxes 2FA."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from unionhall.accounts.middleware import offers_second_factor
from unionhall.console.registry import menu_for
from unionhall.orgs import access


def shell(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {"otp_relaxed": not settings.OTP_REQUIRED_FOR_CITY_ADMIN}
    if not user.is_authenticated:
        return context
    menu = menu_for(user, request.path)
    # The widest unit first: it is the scope shown in the top bar; the others are in its switcher.
    grants = sorted(access.grants_of(user), key=lambda g: (g.org.depth, g.org.path, g.role))
    context.update(
        nav=menu.links,
        nav_groups=menu.groups,
        nav_current=menu.current,
        # The sidebar is kept per user and this key (base.html): the links their grants open, in order.
        nav_key="|".join(link.url for link in menu.links),
        # ... and the day: some 待办 counts move with the date (`Entry.todo_daily`).
        nav_day=timezone.localdate(),
        scope_grants=grants,
        scope_current=grants[0] if grants else None,
        # The top bar is kept per user and this key (base.html): every name and role it shows.
        scope_key=(user.display_name or user.username, tuple((g.pk, g.role, g.org_id, g.org.name) for g in grants)),
        # 账户安全 (the authenticator page) only for those it is for: not workers, not merchants' cashiers.
        account_security=offers_second_factor(user),
    )
    return context
