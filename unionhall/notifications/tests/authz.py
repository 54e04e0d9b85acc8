"""Authorization specs of the message pages, collected by core/tests/test_authorization.py: every logged-in
user sees and marks only their own messages (a message of someone else answers 404, like a missing one);
an anonymous visitor is sent to the login page."""

from __future__ import annotations

from typing import Any

from unionhall.notifications.models import Notification
from unionhall.tests.authz_support import LOGGED_IN, Route, statuses
from unionhall.tests.city import City


def _title(username: str) -> str:
    return f"给{username}的消息"


def everyone(c: City) -> dict[str, Any]:
    for user in c.users.values():
        Notification.objects.create(user=user, kind="test", title=_title(user.username), url="/rights/risks/")
    return {}


def chair_u1s(c: City) -> dict[str, Any]:
    everyone(c)
    return {"pk": Notification.objects.get(user=c.users["chair_u1"]).pk}


def only_own_messages(c: City, response: Any) -> None:
    text = response.content.decode()
    me = response.wsgi_request.user.username
    assert _title(me) in text
    for other in c.users:
        if other != me:
            assert _title(other) not in text, f"{other}'s message shown to {me}"


ROUTES: dict[str, Route] = {
    "notifications:list": Route(everyone, statuses(LOGGED_IN), no_foreign=only_own_messages),
    "notifications:mark_all_read": Route(everyone, statuses(LOGGED_IN, ok=302), methods=("post",)),
    "notifications:open": Route(chair_u1s, statuses({"chair_u1"}, ok=302), ("get", "post")),
}
