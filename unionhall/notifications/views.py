"""The user's own messages, newest first: open one (marked read, then on to the page it points to — only a
path on this site), or mark them all read. Thin: selectors read, services.notification_mark_read writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core.paging import paginate
from unionhall.notifications import selectors
from unionhall.notifications.services import notification_mark_read


def local_path(url: str) -> bool:
    """A path on this site ("/rights/3/"), never another host ("//evil.example", "https://…", "/\\evil")."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.notifications_for(request.user)
    context = {"page": paginate(request, qs), "unread": selectors.unread_count(request.user)}
    return render(request, "notifications/list.html", context)


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notification_mark_read(actor=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """On to the message's page; a POST (the unread message's button) marks it read first. A GET — a link
    followed, a prefetch — changes nothing and records nothing."""
    note = selectors.notification_for_user_or_404(request.user, pk)
    if request.method == "POST" and note.read_at is None:
        notification_mark_read(actor=request.user, ids=[note.pk])
    if note.url and local_path(note.url):
        return redirect(note.url)
    return redirect("notifications:list")
