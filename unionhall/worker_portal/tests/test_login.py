"""Logging in with a one-time code sent to the phone the register holds: who gets a code, who gets an
account, wrong and expired codes, the rate limits and the lock after five failures."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core.models import AuditEvent
from unionhall.notifications import sms
from unionhall.orgs.access import roles_of
from unionhall.orgs.models import Grant, Role
from unionhall.tests.city import City
from unionhall.tests.factories import join, link
from unionhall.worker_portal import services
from unionhall.worker_portal.models import LoginCode, WorkerProfile
from unionhall.worker_portal.services import WORKER_LOGIN, PhoneLocked, RateLimited, WrongCode

pytestmark = pytest.mark.usefixtures("outbox")

PHONE = "13812345678"


@pytest.fixture
def member(city: City) -> Any:
    return join(city.u1, "孙师傅", "32050819790304123", phone=PHONE)


def sent_code(outbox: list[tuple[str, str]]) -> str:
    _phone, text = outbox[-1]
    found = re.search(r"(\d{6})", text)
    assert found is not None
    return found.group(1)


def request_and_verify(phone: str = PHONE) -> User:
    services.login_code_request(actor=WORKER_LOGIN, phone=phone)
    return services.login_code_verify(actor=WORKER_LOGIN, phone=phone, code=sent_code(sms.MemoryBackend.outbox))


def test_a_member_logs_in_with_the_code_and_gets_a_worker_account_linked_to_them(
    city: City, member: Any, outbox: list[tuple[str, str]]
) -> None:
    client = Client()
    response = client.post(reverse("worker_portal:login"), {"phone": PHONE, "action": "send"})
    assert response.status_code == 302
    assert outbox[0][0] == PHONE and "5 分钟" in outbox[0][1]
    response = client.post(
        reverse("worker_portal:login"), {"phone": PHONE, "code": sent_code(outbox), "action": "verify"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("worker_portal:home")
    user = User.objects.get(phone=PHONE)
    assert roles_of(user) == {Role.WORKER}
    assert Grant.objects.get(user=user).org == city.u1
    assert WorkerProfile.objects.get(user=user).person == member.person
    assert not user.has_usable_password()
    assert client.get(reverse("worker_portal:home")).status_code == 200


def test_the_code_is_stored_only_as_a_keyed_hash(city: City, member: Any, outbox: list[tuple[str, str]]) -> None:
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    row = LoginCode.objects.get()
    code = sent_code(outbox)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == timedelta(minutes=5)


def test_the_second_login_uses_the_same_account(city: City, member: Any) -> None:
    first = request_and_verify()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        second = request_and_verify()
    assert first == second
    assert User.objects.filter(phone=PHONE).count() == 1


def test_an_existing_worker_account_with_that_phone_is_linked_not_duplicated(city: City, member: Any) -> None:
    worker = city.users["worker_u1"]
    worker.phone = PHONE
    worker.save(update_fields=["phone"])
    assert request_and_verify() == worker
    assert WorkerProfile.objects.get(user=worker).person == member.person


def test_an_unknown_phone_gets_the_same_answer_and_no_message(city: City, outbox: list[tuple[str, str]]) -> None:
    response = Client().post(reverse("worker_portal:login"), {"phone": "13700000000", "action": "send"})
    assert response.status_code == 302
    assert outbox == []
    assert LoginCode.objects.get().sent is False


def test_a_staff_account_never_logs_in_with_a_phone_code(city: City, outbox: list[tuple[str, str]]) -> None:
    chair = city.users["chair_u1"]
    chair.phone = "13611112222"
    chair.save(update_fields=["phone"])
    services.login_code_request(actor=WORKER_LOGIN, phone="13611112222")
    assert outbox == []


def test_a_phone_shared_by_two_members_logs_in_nobody(city: City, outbox: list[tuple[str, str]]) -> None:
    join(city.u1, "甲", "32050819790304124", phone=PHONE)
    join(city.u2, "乙", "32050819790304125", phone=PHONE)
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    assert outbox == []


def test_a_former_member_gets_no_code(city: City, outbox: list[tuple[str, str]]) -> None:
    from unionhall.members.models import MembershipStatus

    m = join(city.u1, "钱", "32050819790304126", phone=PHONE)
    type(m).objects.filter(pk=m.pk).update(status=MembershipStatus.LEFT)
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    assert outbox == []


def test_a_wrong_code_is_refused_and_audited(city: City, member: Any) -> None:
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    with pytest.raises(WrongCode):
        services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code="000000")
    event = AuditEvent.objects.filter(action="login_code.verify").get()
    assert event.success is False and event.reason.startswith("invalid")
    assert "138****5678" in str(event.changes) and PHONE not in str(event.changes)
    assert not User.objects.filter(phone=PHONE).exists()


def test_the_page_shows_a_wrong_code_next_to_the_field(city: City, member: Any) -> None:
    client = Client()
    client.post(reverse("worker_portal:login"), {"phone": PHONE, "action": "send"})
    response = client.post(reverse("worker_portal:login"), {"phone": PHONE, "code": "000000", "action": "verify"})
    assert response.status_code == 200
    assert "验证码不正确" in str(response.context["form"].errors["code"])
    assert "_auth_user_id" not in client.session


def test_a_code_expires_after_five_minutes(city: City, member: Any, outbox: list[tuple[str, str]]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    code = sent_code(outbox)
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False), pytest.raises(WrongCode):
        services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)
    with time_machine.travel(start + timedelta(minutes=4, seconds=59), tick=False):
        # The failure above counted but did not use the code up: still in time, it works.
        assert services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code).phone == PHONE


def test_a_code_works_once(city: City, member: Any, outbox: list[tuple[str, str]]) -> None:
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    code = sent_code(outbox)
    services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)
    with pytest.raises(WrongCode):
        services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)


def test_a_new_code_replaces_the_previous_one(city: City, member: Any, outbox: list[tuple[str, str]]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    old = sent_code(outbox)
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        new = sent_code(outbox)
        if old != new:
            with pytest.raises(WrongCode):
                services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=old)
        assert services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=new)


def test_five_wrong_codes_lock_the_phone_for_fifteen_minutes(
    city: City, member: Any, outbox: list[tuple[str, str]]
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        code = sent_code(outbox)
        for _ in range(5):
            with pytest.raises(WrongCode):
                services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code="999999" if code != "999999" else "0")
        # Locked: even the right code is refused, and no new code is sent.
        with pytest.raises(PhoneLocked):
            services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)
    with time_machine.travel(start + timedelta(minutes=14), tick=False), pytest.raises(PhoneLocked):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert request_and_verify().phone == PHONE


def test_four_wrong_codes_then_the_right_one_logs_in_and_resets_the_count(
    city: City, member: Any, outbox: list[tuple[str, str]]
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        code = sent_code(outbox)
        wrong = "111111" if code != "111111" else "222222"
        for _ in range(4):
            with pytest.raises(WrongCode):
                services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=wrong)
        assert services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        code = sent_code(outbox)
        wrong = "111111" if code != "111111" else "222222"
        for _ in range(4):  # four more wrong codes do not lock: the count started again
            with pytest.raises(WrongCode):
                services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=wrong)
        assert services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)


def test_codes_are_rate_limited_per_phone(city: City, member: Any) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        with pytest.raises(RateLimited):
            services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)  # within 60 seconds
    for i in range(1, 5):
        with time_machine.travel(start + timedelta(minutes=2 * i), tick=False):
            services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    with time_machine.travel(start + timedelta(minutes=10), tick=False), pytest.raises(RateLimited):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)  # a sixth within the hour
    with time_machine.travel(start + timedelta(minutes=62), tick=False):
        services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)


def test_a_malformed_phone_is_refused_next_to_the_field(city: City) -> None:
    response = Client().post(reverse("worker_portal:login"), {"phone": "12345", "action": "send"})
    assert response.status_code == 200
    assert "11 位手机号码" in str(response.context["form"].errors["phone"])


def test_a_logged_in_user_is_sent_on_from_the_login_page(city: City) -> None:
    assert city.client("worker_u1").get(reverse("worker_portal:login"))["Location"] == reverse("worker_portal:home")
    assert city.client("chair_u1").get(reverse("worker_portal:login"))["Location"] == reverse("console:home")


def test_the_log_backend_writes_the_message_to_the_log(settings: Any, caplog: Any) -> None:
    settings.SMS_BACKEND = "unionhall.notifications.sms.LogBackend"
    with caplog.at_level("INFO", logger="unionhall.sms"):
        sms.send(PHONE, "测试短信")
    assert "测试短信" in caplog.text


def test_a_changed_register_phone_never_re_points_a_linked_workers_login(
    city: City, outbox: list[tuple[str, str]]
) -> None:
    profile = link(city.users["worker_u1"], city.u1, "李明", phone="13800001111")
    from unionhall.members.models import Person

    Person.objects.filter(pk=profile.person_id).update(phone=PHONE)
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    assert not outbox  # the register's new phone opens nothing: no code is sent to it
    with pytest.raises(WrongCode):
        services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code="123456")
    # the phone the worker verified still does
    assert request_and_verify("13800001111") == city.users["worker_u1"]


def test_after_logging_in_the_worker_returns_to_the_page_they_were_sent_from(
    city: City, member: Any, outbox: list[tuple[str, str]]
) -> None:
    client = Client()
    client.post(reverse("worker_portal:login"), {"phone": PHONE, "action": "send", "next": "/me/apply/"})
    data = {"phone": PHONE, "code": sent_code(outbox), "action": "verify", "next": "/me/apply/"}
    assert client.post(reverse("worker_portal:login"), data)["Location"] == "/me/apply/"


def test_a_next_address_outside_the_workers_pages_is_ignored(
    city: City, member: Any, outbox: list[tuple[str, str]]
) -> None:
    client = Client()
    client.post(reverse("worker_portal:login"), {"phone": PHONE, "action": "send"})
    data = {"phone": PHONE, "code": sent_code(outbox), "action": "verify", "next": "https://evil.example/me/"}
    assert client.post(reverse("worker_portal:login"), data)["Location"] == reverse("worker_portal:home")


def test_the_password_login_page_points_workers_to_the_phone_login(city: City) -> None:
    response = Client().get(reverse("worker_portal:home"), follow=True)
    assert reverse("worker_portal:login") + "?next=/me/" in response.content.decode()
