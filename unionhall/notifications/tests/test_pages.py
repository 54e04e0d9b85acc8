"""The message pages: the user's own messages newest first with the unread ones bold, the bell's count in the
header, opening a message (read, then on to its page — only a path on this site), marking all read; one
user's messages never show for another, and a stranger's message answers 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.notifications.services import notify
from unionhall.notifications.views import local_path
from unionhall.tests.city import City

LIST = reverse("notifications:list")


def _open(note: Notification) -> str:
    return reverse("notifications:open", args=[note.pk])


def test_the_list_shows_the_users_own_messages_newest_first_with_unread_bold(city: City) -> None:
    chair = city.users["chair_u1"]
    (old,) = notify([chair], kind="test", title="旧消息")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2), read_at=timezone.now() - timedelta(days=1)
    )
    notify([chair], kind="test", title="新消息", body="请尽快处理")
    text = city.client("chair_u1").get(LIST).content.decode()
    assert text.index("新消息") < text.index("旧消息")
    new = Notification.objects.get(title="新消息")
    assert f'<form method="post" action="{_open(new)}"' in text and "<strong>新消息</strong>" in text
    assert f'<a href="{_open(old)}">旧消息</a>' in text and f'action="{_open(old)}"' not in text
    assert "请尽快处理" in text and "未读 1 条" in text


def test_one_users_messages_never_show_for_another(city: City) -> None:
    notify([city.users["chair_u1"]], kind="test", title="东区的悄悄话")
    notify([city.users["chair_u3"]], kind="test", title="西区的悄悄话")
    east = city.client("chair_u1").get(LIST).content.decode()
    west = city.client("chair_u3").get(LIST).content.decode()
    assert "东区的悄悄话" in east and "西区的悄悄话" not in east
    assert "西区的悄悄话" in west and "东区的悄悄话" not in west
    assert "东区的悄悄话" not in city.client("city_admin").get(LIST).content.decode()


def test_the_bell_counts_the_unread_messages_on_every_page(city: City) -> None:
    chair = city.users["chair_u1"]
    notify([chair], kind="test", title="一")
    notify([chair], kind="test", title="二")
    notify([city.users["cadre_t1"]], kind="test", title="别人的")
    text = city.client("chair_u1").get(reverse("console:home")).content.decode()
    bell = text.split('data-testid="bell"')[1].split("</a>")[0]
    assert 'aria-label="2 条未读">2</span>' in bell
    quiet = city.client("reviewer_d1").get(reverse("console:home")).content.decode()
    assert "条未读" not in quiet.split('data-testid="bell"')[1].split("</a>")[0]


def test_opening_a_message_marks_it_read_and_follows_its_local_link(city: City) -> None:
    chair = city.users["chair_u1"]
    (note,) = notify([chair], kind="test", title="预警待签收", url="/rights/risks/1/")
    client = city.client("chair_u1")
    response = client.post(_open(note))
    assert response.status_code == 302 and response["Location"] == "/rights/risks/1/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert AuditEvent.objects.filter(action="notification.mark_read", success=True).count() == 1
    client.post(_open(note))  # already read: nothing more to record
    assert AuditEvent.objects.filter(action="notification.mark_read").count() == 1


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_a_link_off_this_site_is_not_followed(city: City, url: str) -> None:
    (note,) = notify([city.users["chair_u1"]], kind="test", title="可疑链接", url=url)
    response = city.client("chair_u1").post(_open(note))
    assert response.status_code == 302 and response["Location"] == LIST
    note.refresh_from_db()
    assert note.read_at is not None


def test_local_paths_only() -> None:
    assert local_path("/rights/3/") and local_path("/me/cases/2/?tab=1")
    assert not local_path("http://x/") and not local_path("//x") and not local_path("rights/3/")


def test_a_stranger_opening_a_message_gets_404_and_leaves_it_unread(city: City) -> None:
    (note,) = notify([city.users["chair_u1"]], kind="test", title="私信", url="/rights/")
    for who in ("chair_u3", "city_admin", "cadre_t1"):
        assert city.client(who).post(_open(note)).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert city.client("chair_u1").get(reverse("notifications:open", args=[999_999])).status_code == 404


def test_following_a_messages_link_changes_nothing_and_records_nothing(city: City) -> None:
    (note,) = notify([city.users["chair_u1"]], kind="test", title="预警待签收", url="/rights/risks/1/")
    client = city.client("chair_u1")
    before = AuditEvent.objects.count()
    response = client.get(_open(note))
    assert response.status_code == 302 and response["Location"] == "/rights/risks/1/"
    note.refresh_from_db()
    assert note.read_at is None
    assert AuditEvent.objects.count() == before


def test_mark_all_read_touches_only_the_users_own_messages(city: City) -> None:
    notify([city.users["chair_u1"]], kind="test", title="一")
    notify([city.users["chair_u1"]], kind="test", title="二")
    (other,) = notify([city.users["chair_u3"]], kind="test", title="别人的")
    response = city.client("chair_u1").post(reverse("notifications:mark_all_read"), follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(user=city.users["chair_u1"], read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert city.client("chair_u1").get(reverse("notifications:mark_all_read")).status_code == 405


def test_an_anonymous_visitor_is_sent_to_login(city: City) -> None:
    response = city.client("anonymous").get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _bell(client: object) -> str:
    text = client.get(reverse("members:list")).content.decode()  # type: ignore[attr-defined]
    return text.split('data-testid="bell"')[1].split("</a>")[0]


@pytest.mark.django_db(transaction=True)
def test_the_kept_bell_count_follows_a_new_and_a_read_message_and_is_each_users_own(city: City) -> None:
    """The count is kept between requests (core/versions.py); outside a test's transaction, so kept here."""
    chair, other = city.client("chair_u1"), city.client("chair_u3")
    assert "条未读" not in _bell(chair)
    notify([city.users["chair_u1"]], kind="test", title="新消息")
    assert 'aria-label="1 条未读">1</span>' in _bell(chair)
    assert "条未读" not in _bell(other)
    chair.post(reverse("notifications:mark_all_read"))
    assert "条未读" not in _bell(chair)
