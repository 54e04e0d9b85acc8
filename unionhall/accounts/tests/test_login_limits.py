"""Findings 5 and 6 of issue 12 for passwords: wrong passwords are counted before the password is
checked, so parallel guesses cannot pass the limit; five wrong passwords lock the account at the address
they came from, while its owner signs in from elsewhere with the password and, for the city admin, the
second factor; the account alone locks only after many failures from everywhere, and not at an address
where its owner, who has a second factor, has signed in before."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts import login_limits
from unionhall.accounts.models import User
from unionhall.core.models import AuditEvent
from unionhall.tests.city import TEST_PASSWORD, City
from unionhall.tests.concurrency import run_together

LOGIN = reverse("accounts:login")
HOME = reverse("console:home")
OTP = reverse("accounts:otp")
OFFICE, ATTACKER = "198.51.100.10", "203.0.113.66"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def login(client: Client, username: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def totp_now(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_five_wrong_passwords_from_one_address_leave_the_city_admin_free_to_sign_in_from_another(
    city: City,
) -> None:
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        assert "用户名或密码不正确" in login(attacker, "city_admin", "wrong-password").content.decode()
    locked = login(attacker, "city_admin")
    assert locked.status_code == 429, "the attacker's address stays locked, even with the right password"
    assert "此地址" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session

    owner = Client(REMOTE_ADDR=OFFICE)
    assert login(owner, "city_admin").status_code == 302
    assert owner.get(HOME)["Location"] == OTP, "the second factor is still asked"
    assert owner.post(OTP, {"token": totp_now(city.users["city_admin"])}).status_code == 302
    assert owner.get(HOME).status_code == 200


def test_refusals_at_a_locked_address_are_audited_as_locked_not_as_wrong_passwords(city: City) -> None:
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(6):
        login(attacker, "cadre_d1", "wrong-password")
    reasons = [e.reason for e in AuditEvent.objects.filter(action="login", success=False).order_by("id")]
    assert len(reasons) == 6
    assert reasons[:5] == ["用户名或密码错误"] * 5
    assert reasons[5].startswith("账户在此地址已锁定")


def test_the_account_alone_locks_after_many_failures_from_everywhere(city: City) -> None:
    for i in range(login_limits.ACCOUNT_FAILURE_LIMIT):
        login(Client(REMOTE_ADDR=f"203.0.113.{i}"), "cadre_d1", "wrong-password")
    refused = login(Client(REMOTE_ADDR=OFFICE), "cadre_d1")
    assert refused.status_code == 429
    assert "该账户登录失败次数过多" in refused.content.decode()


def test_an_owner_with_a_second_factor_still_signs_in_from_a_usual_address_when_the_account_is_locked(
    city: City,
) -> None:
    owner = Client(REMOTE_ADDR=OFFICE)
    assert login(owner, "city_admin").status_code == 302  # the office is now a usual address
    owner.post(reverse("accounts:logout"))
    for i in range(login_limits.ACCOUNT_FAILURE_LIMIT):
        login(Client(REMOTE_ADDR=f"203.0.113.{i}"), "city_admin", "wrong-password")
    assert login(Client(REMOTE_ADDR="192.0.2.200"), "city_admin").status_code == 429, "a new address is refused"
    back = Client(REMOTE_ADDR=OFFICE)
    assert login(back, "city_admin").status_code == 302
    assert back.post(OTP, {"token": totp_now(city.users["city_admin"])}).status_code == 302
    assert back.get(HOME).status_code == 200


def test_the_address_lock_ends_after_fifteen_minutes(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        attacker = Client(REMOTE_ADDR=ATTACKER)
        for _ in range(5):
            login(attacker, "cadre_d1", "wrong-password")
        traveller.shift(dt.timedelta(minutes=14))
        assert login(Client(REMOTE_ADDR=ATTACKER), "cadre_d1").status_code == 429
        traveller.shift(dt.timedelta(minutes=2))
        assert login(Client(REMOTE_ADDR=ATTACKER), "cadre_d1").status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_wrong_passwords_for_one_account_evaluate_at_most_five(monkeypatch: pytest.MonkeyPatch) -> None:
    from unionhall.tests.city import build_city

    build_city()
    checked: list[str] = []
    real = User.check_password

    def counting(self: User, raw: str) -> bool:
        checked.append(raw)
        return real(self, raw)

    monkeypatch.setattr(User, "check_password", counting)

    def job() -> int:
        return login(Client(REMOTE_ADDR=ATTACKER), "cadre_d1", "wrong-password").status_code

    statuses = run_together([job] * 50)
    assert len(statuses) == 50
    assert len(checked) == 5, Counter(statuses)
    assert Counter(statuses) == {200: 5, 429: 45}
    assert AuditEvent.objects.filter(action="login", success=False).count() == 50
