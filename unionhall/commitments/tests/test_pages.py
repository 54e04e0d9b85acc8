"""The commitment-card pages: the list per federation with its roll-up, filters and export; publishing a card
with every mistake shown at its field; the card page's status and rating actions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from unionhall.commitments.models import Commitment, CommitmentCard, Rating, Status
from unionhall.commitments.tests.support import card_of_d2, card_of_t1
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
MAY = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_list_rolls_up_its_cadres_cards_and_shows_none_of_another_district(city: City) -> None:
    with time_machine.travel(MAY):
        card = card_of_t1(city)
        card_of_d2(city)
        Commitment.objects.filter(pk=card.commitments.first().pk).update(status=Status.FULFILLED)  # type: ignore[union-attr]
        page = city.client("cadre_d1").get("/commitments/", {"org": city.d1.code})
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 / 3（33%）" in text and "东一街道总工会" in text and "西一街道总工会" not in text


def test_the_export_writes_the_rows_the_list_shows(city: City) -> None:
    with time_machine.travel(MAY):
        card_of_t1(city)
        answer = city.client("cadre_d1").get("/commitments/export.xlsx")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_cadre_publishes_a_card_and_every_mistake_is_shown_at_its_field(city: City) -> None:
    client = city.client("cadre_t1")
    with time_machine.travel(MAY):
        assert client.get("/commitments/new/").status_code == 200
        refused = client.post("/commitments/new/", {"year": "2026", "own_2_text": "走访企业"})
        assert refused.status_code == 200
        text = refused.content.decode()
        assert "请填写这项承诺的兑现期限。" in text and not CommitmentCard.objects.exists()
        done = client.post("/commitments/new/", {"year": "2026", "own_2_text": "走访企业", "own_2_due": "2026-09-30"})
    card = CommitmentCard.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/commitments/{card.pk}/"
    assert [(c.text, str(c.due_on)) for c in card.commitments.all()] == [("走访企业", "2026-09-30")]


def test_a_chair_rates_on_the_card_page_and_is_refused_a_second_time(city: City) -> None:
    with time_machine.travel(MAY):
        card = card_of_t1(city)
        commitment = card.commitments.first()
        chair = city.client("chair_u1")
        page = chair.get(f"/commitments/{card.pk}/").content.decode()
        assert 'data-testid="rate"' in page
        body = {"unit": city.u1.pk, "score": "4", "comment": "很好"}
        assert chair.post(f"/commitments/items/{commitment.pk}/rate/", body).status_code == 302  # type: ignore[union-attr]
        again = chair.post(f"/commitments/items/{commitment.pk}/rate/", body, follow=True)  # type: ignore[union-attr]
    assert "本季度" in again.content.decode()
    assert Rating.objects.count() == 1
    assert "4.0" in city.client("cadre_t1").get(f"/commitments/{card.pk}/").content.decode()
