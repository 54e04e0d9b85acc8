"""The public page of a card (the QR code on the printed card opens it): no login, found only by its random
token, showing the commitments, fulfilment and the average rating — and no personal data: not the cadre's
full name, login, phone or e-mail, not who rated, not the comments, no number that identifies a worker."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from unionhall.accounts.models import User
from unionhall.commitments import services
from unionhall.commitments.models import Commitment, CommitmentCard
from unionhall.commitments.tests.support import card_of_t1
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
MAY = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def published(city: City) -> CommitmentCard:
    User.objects.filter(pk=city.users["cadre_t1"].pk).update(
        display_name="张建国", phone="13912345678", email="zhang@example.cn"
    )
    with time_machine.travel(MAY, tick=False):
        card = card_of_t1(city)
        Commitment.objects.create(
            card=card,
            group="own",
            text="帮扶职工（身份证 320102198001011234，电话 13800001111）",
            due_on=date(2026, 9, 1),
        )
        for commitment in card.commitments.all()[:2]:
            services.commitment_rate(
                actor=city.users["chair_u1"],
                commitment=commitment,
                unit=city.u1,
                score=4,
                comment="王小明反映情况已解决",
            )
    return card


def test_the_public_page_shows_the_card_and_its_average_without_login(city: City) -> None:
    card = published(city)
    page = Client().get(f"/commitments/card/{card.token}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "不推诿扯皮，要首问负责" in text and "已兑现 0 项，共 4 项" in text
    assert "平均 4.0 分（2 次评价）" in text


def test_the_public_page_shows_no_personal_data(city: City) -> None:
    card = published(city)
    text = Client().get(f"/commitments/card/{card.token}/").content.decode()
    for personal in (
        "张建国",
        "cadre_t1",
        "13912345678",
        "zhang@example.cn",
        "320102198001011234",
        "13800001111",
        "王小明",
        "chair_u1",
        city.u1.name,
    ):
        assert personal not in text, personal
    assert "张**" in text  # the cadre named as a public notice names: masked


def test_an_unknown_or_guessed_token_answers_404(city: City) -> None:
    card = published(city)
    assert Client().get(f"/commitments/card/{card.token[:-1]}x/").status_code == 404
    assert Client().get(f"/commitments/card/{card.pk}/").status_code == 404


def test_the_printed_card_carries_the_qr_code_of_the_public_page(city: City) -> None:
    card = published(city)
    answer = city.client("cadre_t1").get(f"/commitments/{card.pk}/card.pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert city.client("outsider").get(f"/commitments/{card.pk}/card.pdf").status_code == 404
