"""Sending notifications. `notify` is called from inside other services (a share, a deadline sweep): it
writes one in-app row per recipient in the caller's transaction and hands the text and e-mail copies to the
channels only after that transaction commits, so a rolled-back action sends nothing.

It is not a business action of its own, so it records no audit event; the action that notifies does.
Marking read is the user's own action on their own rows and is audited like any other write.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import NotFound
from unionhall.notifications import channels
from unionhall.notifications.models import Notification


def notify(
    users: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    sms: bool = False,
    email: bool = False,
) -> list[Notification]:
    """One in-app message per distinct active user; with `sms`/`email`, the same words to the user's phone
    and e-mail address when they have one."""
    seen: set[int] = set()
    rows: list[Notification] = []
    for user in users:
        if user is None or not getattr(user, "pk", None) or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, kind=kind, title=title[:120], body=body, url=url[:300]))
        text = f"【工会之家】{title}" + (f"：{body}" if body else "")
        if sms and user.phone:
            transaction.on_commit(partial(channels.send_sms, user.phone, text))
        if email and user.email:
            transaction.on_commit(partial(channels.send_email, user.email, title, body))
    return Notification.objects.bulk_create(rows)


def notification_mark_read(*, actor: Actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own messages read (all unread ones when `ids` is None); returns how many."""
    with audited(actor=actor, action="notification.mark_read") as event:
        if not getattr(actor, "pk", None):
            raise NotFound()
        qs = Notification.objects.filter(user=user_of(actor), read_at__isnull=True)
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        count = qs.update(read_at=timezone.now())
        event.changes = {"count": count}
    return count
