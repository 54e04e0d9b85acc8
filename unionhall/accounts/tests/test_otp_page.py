"""账户安全: who is offered the authenticator, and that opening the page writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.core.models import AuditEvent
from unionhall.tests.city import City

OTP = reverse("accounts:otp")


@pytest.mark.parametrize("actor", ["cadre_d1", "chair_u1", "sysadmin"])
def test_opening_the_authenticator_page_creates_no_device_and_no_audit_event(city: City, actor: str) -> None:
    client = city.client(actor)  # logging in is an event of its own
    before = AuditEvent.objects.count()
    for _ in range(2):
        response = client.get(OTP)
        assert response.status_code == 200
        assert "开始绑定" in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert not TOTPDevice.objects.filter(user=city.users[actor]).exists()


def test_enrolment_starts_with_the_button_and_records_that(city: City) -> None:
    client = city.client("cadre_d1")
    assert client.post(OTP, {"action": "start"}).status_code == 302
    device = TOTPDevice.objects.get(user=city.users["cadre_d1"], confirmed=False)
    assert AuditEvent.objects.filter(action="totp_device.start", actor_name="cadre_d1").count() == 1
    page = client.get(OTP).content.decode()
    assert device.config_url.split("secret=")[1].split("&")[0] in page
    assert AuditEvent.objects.filter(action="totp_device.start").count() == 1  # reading it again adds none


def test_a_code_before_starting_is_refused_without_a_device(city: City) -> None:
    response = city.client("cadre_d1").post(OTP, {"token": "123456"})
    assert "开始绑定" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=city.users["cadre_d1"]).exists()


@pytest.mark.parametrize("actor", ["worker_u1", "merchant_d1", "nobody"])
def test_workers_merchants_and_roleless_logins_are_not_offered_an_authenticator(city: City, actor: str) -> None:
    client = city.client(actor)
    before = AuditEvent.objects.count()
    assert client.get(OTP).status_code == 404
    assert client.post(OTP, {"action": "start"}).status_code == 404
    assert not TOTPDevice.objects.filter(user=city.users[actor]).exists()
    assert not AuditEvent.objects.filter(action="totp_device.start").exists()
    assert AuditEvent.objects.count() == before


def test_the_account_security_flag_follows_the_role(city: City) -> None:
    from unionhall.accounts.middleware import offers_second_factor

    assert offers_second_factor(city.users["cadre_d1"]) and offers_second_factor(city.users["city_admin"])
    assert not offers_second_factor(city.users["worker_u1"]) and not offers_second_factor(city.users["merchant_d1"])


def test_a_merchant_who_once_bound_a_device_can_still_verify(city: City) -> None:
    TOTPDevice.objects.create(user=city.users["merchant_d1"], name="动态口令", confirmed=True)
    assert city.client("merchant_d1").get(OTP).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(city: City) -> None:
    assert Client().get(OTP).status_code == 302
