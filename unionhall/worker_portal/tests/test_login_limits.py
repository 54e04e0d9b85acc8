"""Finding 5 and 6 of issue 12 for the phone login: wrong codes are counted before they are evaluated, so
parallel guesses cannot pass the limit; five wrong codes lock the phone at the address they came from,
not for its owner elsewhere; and one address may send only so many wrong codes an hour, whatever phone."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.core import attempts, request_context
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City
from unionhall.tests.concurrency import run_together
from unionhall.tests.factories import join
from unionhall.worker_portal import services
from unionhall.worker_portal.services import WORKER_LOGIN

pytestmark = pytest.mark.usefixtures("outbox")

PHONE = "13812345678"
OWNER, ATTACKER = "198.51.100.20", "203.0.113.66"
LOGIN = reverse("worker_portal:login")


def last_code(outbox: list[tuple[str, str]]) -> str:
    found = re.search(r"(\d{6})", outbox[-1][1])
    assert found is not None
    return found.group(1)


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def verify_page(client: Client, phone: str, code: str) -> Any:
    return client.post(LOGIN, {"phone": phone, "code": code, "action": "verify"})


def test_five_wrong_codes_from_one_address_do_not_lock_the_phone_for_its_owner_elsewhere(
    city: City, outbox: list[tuple[str, str]]
) -> None:
    join(city.u1, "孙师傅", "32050819790304123", phone=PHONE)
    owner, attacker = Client(REMOTE_ADDR=OWNER), Client(REMOTE_ADDR=ATTACKER)
    owner.post(LOGIN, {"phone": PHONE, "action": "send"})
    code = last_code(outbox)
    for _ in range(5):
        assert verify_page(attacker, PHONE, wrong(code)).status_code == 200
    locked = verify_page(attacker, PHONE, code)
    assert "已锁定" in locked.content.decode(), "the attacker's address is locked, even with the right code"
    assert "_auth_user_id" not in attacker.session

    assert verify_page(owner, PHONE, code).status_code == 302
    assert "_auth_user_id" in owner.session


def test_an_address_that_sends_too_many_wrong_codes_is_refused_for_any_phone(city: City) -> None:
    limit = services.CODE_FAILURES_PER_ADDRESS_PER_HOUR
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for i in range(limit):
        page = verify_page(attacker, f"1390000{i:04d}", "123456")
        assert "验证码不正确" in page.content.decode()
    refused = verify_page(attacker, "13911112222", "123456")
    assert "此网络验证码错误次数过多" in refused.content.decode()
    event = AuditEvent.objects.filter(action="login_code.verify").latest("id")
    assert event.success is False and event.reason.startswith("locked")
    # another address is not affected
    other = verify_page(Client(REMOTE_ADDR=OWNER), "13911112222", "123456")
    assert "验证码不正确" in other.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_wrong_codes_for_one_phone_evaluate_at_most_five(outbox: list[tuple[str, str]]) -> None:
    from unionhall.tests.city import build_city

    city = build_city()
    join(city.u1, "孙师傅", "32050819790304123", phone=PHONE)
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    guess = wrong(last_code(outbox))

    def job() -> None:
        request_context.client_address.set(ATTACKER)
        services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=guess)

    results = run_together([job] * 50)
    assert len(results) == 50
    events = AuditEvent.objects.filter(action="login_code.verify", success=False)
    evaluated = sum(1 for e in events if e.reason.startswith("invalid"))
    assert evaluated == attempts.FAILURE_LIMIT == 5, Counter(results)
    assert Counter(results) == {"invalid": 5, "locked": 45}


def test_the_phone_alone_locks_only_after_many_wrong_codes_from_everywhere(
    city: City, outbox: list[tuple[str, str]]
) -> None:
    join(city.u1, "孙师傅", "32050819790304123", phone=PHONE)
    services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    code = last_code(outbox)
    for i in range(services.PHONE_FAILURE_LIMIT):
        token = request_context.client_address.set(f"203.0.113.{i}")
        try:
            with pytest.raises(services.WrongCode):
                services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=wrong(code))
        finally:
            request_context.client_address.reset(token)
    page = verify_page(Client(REMOTE_ADDR=OWNER), PHONE, code)
    assert "已锁定 1 小时" in page.content.decode()


def send_page(client: Client, phone: str) -> Any:
    return client.post(LOGIN, {"phone": phone, "action": "send"})


def test_a_stranger_asking_for_codes_elsewhere_neither_uses_up_nor_cancels_the_workers_code(
    city: City, outbox: list[tuple[str, str]]
) -> None:
    import time_machine
    from django.utils import timezone

    join(city.u1, "孙师傅", "32050819790304123", phone=PHONE)
    owner, attacker = Client(REMOTE_ADDR=OWNER), Client(REMOTE_ADDR=ATTACKER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_page(owner, PHONE)
    code = last_code(outbox)
    # the stranger asks for codes from elsewhere while the worker's code is on its way ...
    for i in (1, 2):
        with time_machine.travel(start + timedelta(seconds=61 * i), tick=False):
            assert send_page(attacker, PHONE).status_code == 302
    with time_machine.travel(start + timedelta(seconds=150), tick=False):
        # ... and the worker's own code still opens the account
        done = verify_page(owner, PHONE, code)
        assert done.status_code == 302 and "_auth_user_id" in owner.session
    # the stranger asks as often as one address may within the hour, then is refused
    for i in (3, 4, 5):
        with time_machine.travel(start + timedelta(seconds=61 * i), tick=False):
            assert send_page(attacker, PHONE).status_code == 302
    with time_machine.travel(start + timedelta(minutes=7), tick=False):
        assert "次数过多" in send_page(attacker, PHONE).content.decode()
        # while the worker may still ask for a new one from their own network
        before = len(outbox)
        assert send_page(Client(REMOTE_ADDR=OWNER), PHONE).status_code == 302
        assert len(outbox) == before + 1


def test_the_phone_gets_only_so_many_codes_an_hour_from_everywhere(city: City) -> None:
    join(city.u1, "孙师傅", "32050819790304123", phone=PHONE)
    for n in range(services.CODES_PER_PHONE_ANYWHERE_PER_HOUR):
        token = request_context.client_address.set(f"203.0.113.{n}")
        try:
            services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        finally:
            request_context.client_address.reset(token)
    token = request_context.client_address.set("203.0.113.250")
    try:
        with pytest.raises(services.RateLimited):
            services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
    finally:
        request_context.client_address.reset(token)
