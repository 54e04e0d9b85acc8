"""seed_demo's 岗位承诺卡: two cadres' cards for the year from the city's template and their own commitments,
some fulfilled, rated this quarter by the chair's union in their areas; the public page shows the average."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from unionhall.commitments.models import CommitmentCard, Group, Rating, Status
from unionhall.commitments.selectors import period_of, with_figures
from unionhall.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_commitment_cards_with_ratings() -> None:
    today = timezone.localdate()
    result = seed_demo(members=300, seed=7, today=today)
    assert result["commitment_cards"] == 2 and result["commitment_ratings"] == 16
    cards = with_figures(CommitmentCard.objects.all()).order_by("cadre__username")
    assert [(c.cadre.username, c.year) for c in cards] == [("cadre_gusu", today.year), ("cadre_town", today.year)]
    for card in cards:
        assert {c.group for c in card.commitments.all()} == {Group.STYLE, Group.DUTY, Group.OWN}
        assert 0 < card.fulfilled < card.total  # type: ignore[attr-defined]
        assert card.rating_count == 8 and card.rating_avg is not None  # type: ignore[attr-defined]
    assert set(Rating.objects.values_list("period", flat=True)) == {period_of(today)}
    assert Rating.objects.filter(commitment__status=Status.FULFILLED).exists()
    page = Client().get(f"/commitments/card/{cards[0].token}/").content.decode()
    assert "基层工会评价" in page and "平均" in page
    assert dt.date(today.year, 12, 31) in {c.due_on for c in cards[0].commitments.all()}
