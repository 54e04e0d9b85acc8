"""Login security of PRODUCT.md §4: argon2, password rules, lockout, idle and absolute session limits,
and the TOTP second factor that city admins must pass."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts.models import User
from unionhall.core.models import AuditEvent
from unionhall.tests.city import TEST_PASSWORD, City

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LOGIN = reverse("accounts:login")
HOME = reverse("console:home")


def login(client: Client, username: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def is_logged_in(client: Client) -> bool:
    response = client.get(HOME)
    return response.status_code == 200


def test_passwords_are_hashed_with_argon2_in_every_real_configuration() -> None:
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_stored_password_is_an_argon2_hash(city: City, settings: Any) -> None:
    from config import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = city.users["cadre_d1"]
    user.set_password("Another-pass-77")
    user.save()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Ab1!", False),  # too short
        ("abcdefghij", False),  # one class
        ("abcdefgh12", False),  # two classes
        ("Abcdefgh12", True),  # three classes
        ("gonghui#2026", True),  # lower, digit, symbol
        ("Password123", False),  # common password
    ],
)
def test_password_rules_need_eight_characters_from_three_classes_and_not_common(password: str, ok: bool) -> None:
    if ok:
        password_validation.validate_password(password)
    else:
        with pytest.raises(ValidationError):
            password_validation.validate_password(password)


def test_a_good_password_logs_in_and_a_bad_one_says_so_in_chinese(city: City) -> None:
    client = Client()
    response = login(client, "cadre_d1", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert login(client, "cadre_d1").status_code == 302
    assert is_logged_in(client)


def test_five_failures_lock_the_account_for_fifteen_minutes(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        for _ in range(5):
            login(client, "cadre_d1", "wrong-password")
        locked = login(client, "cadre_d1")  # even the right password is refused now
        assert locked.status_code == 429
        assert "锁定 15 分钟" in locked.content.decode()
        assert not is_logged_in(client)

        traveller.shift(dt.timedelta(minutes=14))
        assert login(Client(), "cadre_d1").status_code == 429

        traveller.shift(dt.timedelta(minutes=2))
        fresh = Client()
        assert login(fresh, "cadre_d1").status_code == 302
        assert is_logged_in(fresh)


def test_the_lockout_is_per_account_and_address(city: City) -> None:
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(5):
        login(client, "cadre_d1", "wrong-password")
    assert login(client, "cadre_d1").status_code == 429
    # a colleague behind the same address is not locked out
    assert login(client, "chair_u1").status_code == 302
    # nor is the account's owner at another address
    assert login(Client(REMOTE_ADDR="198.51.100.2"), "cadre_d1").status_code == 302


def test_fewer_than_five_failures_do_not_lock(city: City) -> None:
    client = Client()
    for _ in range(4):
        login(client, "cadre_d1", "wrong-password")
    assert login(client, "cadre_d1").status_code == 302


def test_a_lockout_can_be_lifted_by_the_administrator_command(city: City) -> None:
    from django.core.management import call_command

    client = Client()
    for _ in range(5):
        login(client, "cadre_d1", "wrong-password")
    assert login(client, "cadre_d1").status_code == 429
    call_command("unlock_login", "cadre_d1")
    assert login(client, "cadre_d1").status_code == 302


def test_failed_logins_are_audit_events(city: City) -> None:
    login(Client(), "cadre_d1", "wrong-password")
    event = AuditEvent.objects.filter(action="login").latest("id")
    assert (event.actor_name, event.success) == ("cadre_d1", False)


def test_an_idle_session_ends_after_thirty_minutes(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        login(client, "cadre_d1")
        traveller.shift(dt.timedelta(minutes=29))
        assert is_logged_in(client)  # activity renews the idle window
        traveller.shift(dt.timedelta(minutes=29))
        assert is_logged_in(client)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def session_expiry(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_is_written_at_most_once_a_minute_however_many_pages_are_opened(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        login(client, "cadre_d1")
        assert is_logged_in(client)
        renewed = session_expiry(client)
        for _ in range(5):  # five pages within the minute: the session row stays as it was
            traveller.shift(dt.timedelta(seconds=10))
            assert is_logged_in(client)
            assert session_expiry(client) == renewed
        traveller.shift(dt.timedelta(seconds=10))  # a minute after the renewal: the next page renews it
        assert is_logged_in(client)
        assert session_expiry(client) == renewed + dt.timedelta(minutes=1)


def test_an_idle_session_ends_within_thirty_minutes_of_the_last_page_never_later(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        login(client, "cadre_d1")
        assert is_logged_in(client)  # renewed now
        traveller.shift(dt.timedelta(seconds=50))
        assert is_logged_in(client)  # within the minute: not renewed
        traveller.shift(dt.timedelta(minutes=29, seconds=11))  # 30 min after the renewal, 29:11 after the page
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_a_session_ends_twelve_hours_after_login_however_active(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        login(client, "cadre_d1")
        for _ in range(35):  # every 20 minutes for 11 h 40 min
            traveller.shift(dt.timedelta(minutes=20))
            assert is_logged_in(client)
        traveller.shift(dt.timedelta(minutes=21))
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        assert not is_logged_in(client)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_city_admin_must_pass_totp_before_any_page(city: City) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _pass_totp_as_city_admin(city, traveller)


def _pass_totp_as_city_admin(city: City, traveller: Any) -> None:
    client = Client()
    assert login(client, "city_admin").status_code == 302
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp")
    page = client.get(reverse("accounts:otp"))
    assert "动态口令" in page.content.decode()

    wrong = client.post(reverse("accounts:otp"), {"token": "000000"})
    assert "动态口令不正确" in wrong.content.decode()
    assert client.get(HOME).status_code == 302
    traveller.shift(dt.timedelta(seconds=3))  # after a wrong code django-otp makes the next try wait

    device = TOTPDevice.objects.get(user=city.users["city_admin"], confirmed=True)
    assert client.post(reverse("accounts:otp"), {"token": current_code(device)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_a_city_admin_without_a_device_enrols_one_first(city: City) -> None:
    TOTPDevice.objects.filter(user=city.users["city_admin"]).delete()
    client = Client()
    login(client, "city_admin")
    setup = client.get(reverse("accounts:otp"))
    assert "绑定动态口令" in setup.content.decode() and "开始绑定" in setup.content.decode()
    assert not TOTPDevice.objects.filter(user=city.users["city_admin"]).exists()  # opening it made nothing
    started = client.post(reverse("accounts:otp"), {"action": "start"})
    assert started["Location"] == reverse("accounts:otp")
    assert "<svg" in client.get(reverse("accounts:otp")).content.decode()  # the QR code, drawn locally
    device = TOTPDevice.objects.get(user=city.users["city_admin"], confirmed=False)
    assert client.post(reverse("accounts:otp"), {"token": current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200


def test_other_roles_may_use_totp_but_are_not_forced_to(city: City) -> None:
    client = Client()
    login(client, "cadre_d1")
    assert client.get(HOME).status_code == 200
    assert "绑定动态口令" in client.get(reverse("accounts:otp")).content.decode()


def test_the_local_demo_may_relax_totp_and_then_every_page_says_so(city: City, settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False
    client = Client()
    login(client, "city_admin")
    response = client.get(HOME)
    assert response.status_code == 200
    assert "二次验证（动态口令）已放宽" in response.content.decode()
    assert "二次验证（动态口令）已放宽" in Client().get(LOGIN).content.decode()


def test_the_required_second_factor_is_not_announced_as_relaxed(city: City) -> None:
    assert "已放宽" not in Client().get(LOGIN).content.decode()


def test_pages_carry_a_content_security_policy_and_secure_headers(city: City) -> None:
    response = Client().get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_verified_user_sees_that_the_second_factor_is_on(city: City) -> None:
    page = city.client("city_admin").get(reverse("accounts:otp"))
    assert "二次验证已启用" in page.content.decode()
    assert reverse("accounts:otp") in city.client("cadre_d1").get(HOME).content.decode()  # the link to set it up


@pytest.mark.django_db(transaction=True)
def test_a_kept_signed_in_user_is_read_afresh_after_the_account_changes(city: City) -> None:
    """The signed-in user is kept between requests (core/versions.py): deactivating the account or changing
    the password ends the next request's session, and each request gets its own copy."""
    client = city.client("cadre_d1")
    assert client.get(reverse("members:list")).status_code == 200
    assert client.get(reverse("members:list")).status_code == 200
    user = User.objects.get(username="cadre_d1")
    user.is_active = False
    user.save()
    assert client.get(reverse("members:list")).status_code == 302
    other = city.client("chair_u1")
    assert other.get(reverse("members:list")).status_code == 200
    chair = User.objects.get(username="chair_u1")
    chair.set_password("Another#Pass2026")
    chair.save()
    assert other.get(reverse("members:list")).status_code == 302
