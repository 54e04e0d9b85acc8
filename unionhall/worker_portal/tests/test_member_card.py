"""/me/: the worker's electronic member card and membership history, and how an unlinked login is linked."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from unionhall.core import barcodes
from unionhall.core.models import AuditEvent
from unionhall.members.cards import CARD_SALT
from unionhall.members.lifecycle import move_membership, open_membership
from unionhall.members.models import Membership
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import Mine, worker_user


def test_my_home_page_links_to_my_member_card(city: City, mine: Mine) -> None:
    text = city.client("worker_u1").get(reverse("worker_portal:home")).content.decode()
    membership = open_membership(mine.profile.person)
    assert membership is not None
    assert reverse("worker_portal:member_card") in text and membership.member_no in text


def test_the_member_card_shows_my_number_and_a_qr_code_that_opens_the_check_page(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    before = AuditEvent.objects.count()
    response = client.get(reverse("worker_portal:member_card"))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before  # opening it records nothing
    membership = open_membership(mine.profile.person)
    assert membership is not None
    text = response.content.decode()
    assert membership.member_no in text and "李明" in text and city.u1.name in text
    found = re.search(r'href="(http://testserver(/[^"]+))" data-testid="member-card-verify"', text)
    assert found is not None
    verify_url, verify = found.groups()
    assert verify.startswith(reverse("members:verify", kwargs={"token": "x"})[:-2])
    assert signing.loads(verify.rstrip("/").rsplit("/", 1)[1], salt=CARD_SALT)["m"] == membership.pk
    assert barcodes.qr_svg(verify_url).split("?>")[-1] in text
    check = Client().get(verify)
    assert check.status_code == 200 and "会员证有效" in check.content.decode()


def test_the_membership_history_lists_each_union_with_its_dates_and_status(city: City, mine: Mine) -> None:
    first = open_membership(mine.profile.person)
    assert first is not None
    Membership.objects.filter(pk=first.pk).update(joined_on=date(2019, 3, 1))
    first.refresh_from_db()
    move_membership(first, city.u3, actor=city.users["chair_u1"], on=date(2025, 6, 30))
    text = city.client("worker_u1").get(reverse("worker_portal:member_card")).content.decode()
    history = text.split('data-testid="my-memberships"')[1]
    assert city.u3.name in history and city.u1.name in history
    assert "2019-03-01 至 2025-06-30" in history and "转出" in history
    assert "2025-06-30 至 今" in history and "在会" in history


def test_without_an_open_membership_there_is_no_card_but_the_history_stays(city: City, mine: Mine) -> None:
    Membership.objects.filter(person=mine.profile.person).update(status="left", ended_on=date(2026, 1, 5))
    text = city.client("worker_u1").get(reverse("worker_portal:member_card")).content.decode()
    assert 'data-testid="no-member-card"' in text and "2026-01-05" in text


def test_an_unlinked_worker_is_told_the_steps_and_the_button_opens_the_phone_login(city: City) -> None:
    client = Client()
    client.force_login(worker_user("worker_new", city.u1))
    text = client.get(reverse("worker_portal:home")).content.decode()
    assert "在工会登记的手机号" in text and reverse("worker_portal:link") in text
    assert client.get(reverse("worker_portal:member_card")).status_code == 404
    response = client.post(reverse("worker_portal:link"))
    assert response["Location"] == reverse("worker_portal:login")
    # Logged out: the phone login page is open to them now.
    assert client.get(reverse("worker_portal:login")).status_code == 200


def test_a_linked_worker_stays_logged_in_when_posting_link(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    assert client.post(reverse("worker_portal:link"))["Location"] == reverse("worker_portal:home")
    assert client.get(reverse("worker_portal:home")).status_code == 200


@pytest.mark.parametrize("actor", ["outsider", "chair_u1", "merchant_d1"])
def test_no_one_else_sees_a_member_card_on_me(city: City, mine: Mine, actor: str) -> None:
    assert city.client(actor).get(reverse("worker_portal:member_card")).status_code == 404
