"""Whether a worker has bound an authenticator is kept between requests (core/versions.py) and read afresh
when a device is bound or removed. Transactional: inside a test's transaction nothing is kept."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhall.accounts.middleware import offers_second_factor
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)


def test_binding_and_removing_a_device_shows_on_the_next_request(city: City) -> None:
    worker = city.users["worker_u1"]
    assert not offers_second_factor(worker) and not offers_second_factor(worker)  # the second one kept
    device = TOTPDevice.objects.create(user=worker, name="手机", confirmed=True)
    assert offers_second_factor(worker)
    assert not offers_second_factor(city.users["merchant_d1"])  # another user's flag is their own
    device.delete()
    assert not offers_second_factor(worker)
