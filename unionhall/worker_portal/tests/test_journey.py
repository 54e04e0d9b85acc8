"""The worker's side end to end through the other modules' own services: a worker who joined online logs
in with the phone they gave, applies for help, the union files and the federation approves the archive, a
card is issued and topped up, a merchant redeems it — and the worker's pages follow every step."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from unionhall.assistance import services as assistance_services
from unionhall.assistance.models import FileSource, HardshipFile, HomeVisit, VisitKind
from unionhall.cards import services as card_services
from unionhall.cards.models import CardType
from unionhall.joining import services as portal_services
from unionhall.tests.city import City
from unionhall.tests.factories import budget_chain, valid_id
from unionhall.worker_portal.tests.support import merchant

pytestmark = pytest.mark.usefixtures("outbox")

PHONE = "13755556666"


def phone_login(outbox: list[tuple[str, str]]) -> Client:
    client = Client()
    assert client.post(reverse("worker_portal:login"), {"phone": PHONE, "action": "send"}).status_code == 302
    found = re.search(r"\d{6}", outbox[-1][1])
    assert found is not None
    response = client.post(reverse("worker_portal:login"), {"phone": PHONE, "code": found.group(0), "action": "verify"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return client


def test_a_worker_who_joined_online_follows_their_help_from_application_to_redemption(
    city: City, outbox: list[tuple[str, str]]
) -> None:
    # Joined online; the union approved: the register now holds the phone they gave.
    data = portal_services.ApplicationData(
        name="周工人", id_number=valid_id("32050819880808123"), phone=PHONE, employer_text="", employer=city.e1
    )
    app = portal_services.join_application_submit(actor=portal_services.PORTAL, data=data)
    portal_services.join_application_approve(actor=city.users["chair_u1"], application=app)

    client = phone_login(outbox)
    response = client.post(
        reverse("worker_portal:apply"),
        {
            "causes": ["illness"],
            "description": "孩子患病，需长期治疗。",
            "monthly_income": "1800",
            "household_size": "3",
            "phone": PHONE,
            "address": "东区幸福路 9 号",
        },
    )
    assert response.status_code == 302
    file = HardshipFile.objects.get()
    assert (file.source, file.status, file.org) == (FileSource.PORTAL, "draft", city.u1)
    assert "待工会受理" in client.get(reverse("worker_portal:home")).content.decode()

    # The union submits, the federation verifies after a home visit: the worker reads 待核查, then 已核查.
    assistance_services.hardship_file_submit(actor=city.users["chair_u1"], file=file)
    assert "待核查" in client.get(reverse("worker_portal:file", kwargs={"pk": file.pk})).content.decode()
    HomeVisit.objects.create(
        file=file, kind=VisitKind.VERIFICATION, visited_on=timezone.localdate(), visitors="张三、李四", findings="属实"
    )
    assistance_services.hardship_file_verify(actor=city.users["cadre_d1"], file=file)
    assistance_services.hardship_file_start_notice(actor=city.users["cadre_d1"], file=file)
    file.refresh_from_db()
    assert file.notice_ends_on is not None
    notice = f"公示中，至 {file.notice_ends_on.month}月{file.notice_ends_on.day}日"
    assert notice in client.get(reverse("worker_portal:home")).content.decode()

    with time_machine.travel(timezone.now() + timedelta(days=10)):
        assistance_services.hardship_file_approve(actor=city.users["cadre_d1"], file=file)
        file.refresh_from_db()
        client = phone_login(outbox)  # ten days on, the session is long over: log in again
        assert "已建档" in client.get(reverse("worker_portal:home")).content.decode()

        # A card issued, topped up from the district's budget, redeemed at a merchant of D1.
        card_type = CardType.objects.filter(active=True, one_off=False).first() or CardType.objects.create(
            code="living", name="生活救助卡", accepted_at=["supermarket"]
        )
        card = card_services.card_issue(actor=city.users["cadre_d1"], file=file, card_type=card_type)
        budget = budget_chain(city.d1, 1_000_00)
        card_services.card_top_up(actor=city.users["cadre_d1"], card=card, budget=budget, amount_fen=600_00)
        shop = merchant(city.d1, "东区爱心超市")
        shop.kind = (card_type.accepted_at or ["supermarket"])[0]
        shop.save(update_fields=["kind"])
        shop.users.add(city.users["merchant_d1"])
        code = card_services.reveal_code(card)
        card_services.card_redeem(
            actor=city.users["merchant_d1"],
            merchant=shop,
            number=card.number,
            code=code,
            amount_fen=120_00,
            merchant_ref="POS-1",
        )

        text = client.get(reverse("worker_portal:card", kwargs={"pk": card.pk})).content.decode()
        assert "480.00" in text and "东区爱心超市" in text and "120.00" in text
        shown = client.post(reverse("worker_portal:card_code", kwargs={"pk": card.pk}), HTTP_HX_REQUEST="true")
        assert code in shown.content.decode()
