"""A commitment's life on the workflow kernel (workflow.py), as the cadre and the rating union meet it on the
pages: fulfilled from the card, not fulfilled with a reason, taken up again; each step one history line; the
rating union sees the commitment but takes no step; a step the status does not allow is refused in Chinese."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from unionhall.commitments.models import Commitment, CommitmentCard, CommitmentEvent, Status
from unionhall.commitments.tests.support import card_of_t1
from unionhall.core.models import AuditEvent
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
MAY = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def first(card: CommitmentCard) -> Commitment:
    c = card.commitments.order_by("order").first()
    assert c is not None
    return c


def test_the_cadre_marks_a_commitment_fulfilled_from_the_card_and_the_card_counts_it(city: City) -> None:
    with time_machine.travel(MAY):
        card = card_of_t1(city)
        c = first(card)
        client = city.client("cadre_t1")
        page = client.get(f"/commitments/{card.pk}/").content.decode()
        assert f'action="/commitments/items/{c.pk}/fulfil/"' in page
        done = client.post(f"/commitments/items/{c.pk}/fulfil/", {"back": "card"})
        assert done.status_code == 302 and done["Location"] == f"/commitments/{card.pk}/"
        again = client.get(f"/commitments/{card.pk}/").content.decode()
    c.refresh_from_db()
    assert c.status == Status.FULFILLED
    assert 'data-testid="fulfilment">1 / 3<' in again
    assert list(CommitmentEvent.objects.values_list("step", "from_status", "to_status", "actor")) == [
        ("fulfil", "in_progress", "fulfilled", city.users["cadre_t1"].pk)
    ]
    assert AuditEvent.objects.filter(action="commitment.fulfil", object_id=str(c.pk), success=True).count() == 1


def test_not_fulfilled_needs_a_reason_at_its_field_and_saves_nothing_without_one(city: City) -> None:
    with time_machine.travel(MAY):
        c = first(card_of_t1(city))
        client = city.client("cadre_t1")
        refused = client.post(f"/commitments/items/{c.pk}/miss/", {"reason": "  "})
        assert refused.status_code == 200
        assert "未兑现的原因" in refused.content.decode() and "这个字段是必填项" in refused.content.decode()
        assert Commitment.objects.get(pk=c.pk).status == Status.IN_PROGRESS
        assert not CommitmentEvent.objects.exists()
        done = client.post(f"/commitments/items/{c.pk}/miss/", {"reason": "市级经费年内未到位"})
        assert done.status_code == 302 and done["Location"] == f"/commitments/items/{c.pk}/"
        page = client.get(done["Location"]).content.decode()
    assert Commitment.objects.get(pk=c.pk).status == Status.NOT_FULFILLED
    assert "市级经费年内未到位" in page and 'data-step="reopen"' in page and 'data-step="fulfil"' not in page


def test_a_commitment_is_taken_up_again_with_its_reason_in_the_history(city: City) -> None:
    with time_machine.travel(MAY):
        c = first(card_of_t1(city))
        client = city.client("cadre_d1")  # the district above the cadre's town manages it too
        client.post(f"/commitments/items/{c.pk}/fulfil/")
        client.post(f"/commitments/items/{c.pk}/reopen/", {"reason": "兑现情况登记有误"})
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS
    assert list(c.events.values_list("step", "reason")) == [("fulfil", ""), ("reopen", "兑现情况登记有误")]


def test_a_step_the_status_does_not_allow_is_refused_in_chinese_and_changes_nothing(city: City) -> None:
    with time_machine.travel(MAY):
        c = first(card_of_t1(city))
        client = city.client("cadre_t1")
        client.post(f"/commitments/items/{c.pk}/fulfil/")
        twice = client.post(f"/commitments/items/{c.pk}/fulfil/", follow=True)
    assert "该承诺当前状态为「已兑现」，不能办理「标记已兑现」。" in twice.content.decode()
    assert CommitmentEvent.objects.count() == 1


def test_the_rating_union_sees_the_commitment_but_takes_no_step_and_the_outsider_sees_nothing(city: City) -> None:
    with time_machine.travel(MAY):
        c = first(card_of_t1(city))
        chair = city.client("chair_u1")
        page = chair.get(f"/commitments/items/{c.pk}/")
        assert page.status_code == 200 and 'data-step="fulfil"' not in page.content.decode()
        card_page = chair.get(f"/commitments/{c.card_id}/").content.decode()
        assert 'data-step="fulfil"' not in card_page
        assert chair.post(f"/commitments/items/{c.pk}/fulfil/").status_code == 403
        assert city.client("outsider").get(f"/commitments/items/{c.pk}/").status_code == 404
        assert city.client("outsider").post(f"/commitments/items/{c.pk}/fulfil/").status_code == 404
        assert city.client("cadre_t1").post(f"/commitments/items/{c.pk}/nonsense/").status_code == 404
    assert Commitment.objects.get(pk=c.pk).status == Status.IN_PROGRESS


def test_a_commitment_still_in_progress_after_its_due_date_is_marked_late(city: City) -> None:
    with time_machine.travel(MAY):
        card = card_of_t1(city)
        c = first(card)
    Commitment.objects.filter(pk=c.pk).update(due_on=MAY.date())
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        client = city.client("cadre_t1")
        assert 'data-testid="late"' in client.get(f"/commitments/items/{c.pk}/").content.decode()
        assert client.get(f"/commitments/{card.pk}/").content.decode().count('data-testid="late"') == 1
        client.post(f"/commitments/items/{c.pk}/fulfil/")
        assert 'data-testid="late"' not in client.get(f"/commitments/items/{c.pk}/").content.decode()
