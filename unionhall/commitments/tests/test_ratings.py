"""Ratings of commitments: a grassroots union in the cadre's area (包片) or fixed points (定点) rates each
commitment once per quarter, 1 to 5 with a comment; a union outside, a second rating in the same quarter
and a score out of range are refused; the card shows fulfilment and the average rating."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from unionhall.commitments import selectors, services
from unionhall.commitments.models import CommitmentCard, Rating
from unionhall.commitments.tests.support import card_of_t1
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.notifications.models import Notification
from unionhall.orgs.models import Grant, Role
from unionhall.responsibility import services as responsibility_services
from unionhall.responsibility.models import Frequency, Kind
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAY = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)


def first(card: CommitmentCard):  # type: ignore[no-untyped-def]
    return card.commitments.first()


def rate(city: City, card: CommitmentCard, score: int = 5, who: str = "chair_u1", unit=None):  # type: ignore[no-untyped-def]
    return services.commitment_rate(
        actor=city.users[who], commitment=first(card), unit=unit or city.u1, score=score, comment="走访及时"
    )


def test_a_union_in_the_area_rates_a_commitment_once_a_quarter(city: City) -> None:
    with time_machine.travel(MAY, tick=False):
        card = card_of_t1(city)
        rating = rate(city, card, 4)
        assert (rating.period, rating.score, rating.unit) == ("2026Q2", 4, city.u1)
        with pytest.raises(Conflict, match="本季度"):
            rate(city, card, 5)
    with time_machine.travel(datetime(2026, 6, 30, 23, 0, tzinfo=SHANGHAI), tick=False), pytest.raises(Conflict):
        rate(city, card, 5)  # still the second quarter in Shanghai
    with time_machine.travel(datetime(2026, 7, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert rate(city, card, 2).period == "2026Q3"
    assert Rating.objects.filter(commitment=first(card)).count() == 2
    assert Notification.objects.filter(user=city.users["cadre_t1"], kind="commitments.rated").count() == 2


def test_a_union_outside_the_area_is_refused(city: City) -> None:
    with time_machine.travel(MAY, tick=False):
        card = card_of_t1(city)
        with pytest.raises(PermissionDenied):  # U3 chairs a union in D2, outside cadre_t1's area
            rate(city, card, who="chair_u3", unit=city.u3)
        with pytest.raises(NotFound):  # nobody rates as a union they do not chair
            rate(city, card, who="chair_u3", unit=city.u1)
        with pytest.raises(NotFound):  # a federation cadre is no grassroots union
            rate(city, card, who="cadre_d1", unit=city.u1)
    assert not Rating.objects.exists()


def test_a_fixed_point_outside_the_area_rates_too(city: City) -> None:
    with time_machine.travel(MAY, tick=False):
        card = card_of_t1(city)
        responsibility_services.assignment_create(
            actor=SYSTEM,
            cadre=city.users["cadre_d1"],
            kind=Kind.POINT,
            unit=city.u1,
            frequency=Frequency.QUARTERLY,
            starts_on=date(2025, 1, 1),
        )
        d1_card = services.commitment_card_publish(
            actor=city.users["cadre_d1"],
            cadre=city.users["cadre_d1"],
            year=2026,
            own=[services.Own("定点走访", date(2026, 12, 31))],
        )
        assert rate(city, d1_card, 3).unit == city.u1
        assert rate(city, card, 5).unit == city.u1  # each card, each commitment: its own rating


def test_a_score_out_of_range_is_refused_at_the_field(city: City) -> None:
    with time_machine.travel(MAY, tick=False):
        card = card_of_t1(city)
        with pytest.raises(ValidationError) as refused:
            rate(city, card, 6)
    assert "score" in refused.value.field_errors


def test_the_card_shows_fulfilment_and_the_average_rating(city: City) -> None:
    Grant.objects.create(user=city.users["chair_u3"], role=Role.GRASSROOTS_STAFF, org=city.u1)  # a second chair
    with time_machine.travel(MAY, tick=False):
        card = card_of_t1(city)
        rate(city, card, 5)
        services.commitment_rate(
            actor=city.users["chair_u3"], commitment=card.commitments.last(), unit=city.u1, score=2
        )
        services.commitment_fulfil(actor=city.users["cadre_t1"], commitment=first(card))
    figures = selectors.with_figures(CommitmentCard.objects.filter(pk=card.pk)).get()
    assert (figures.total, figures.fulfilled, figures.rating_count) == (3, 1, 2)  # type: ignore[attr-defined]
    assert figures.rating_avg == 3.5  # type: ignore[attr-defined]
    totals = selectors.totals(CommitmentCard.objects.all())
    assert (totals.cards, totals.fulfilment, totals.rating_avg) == (1, 1 / 3, 3.5)


def test_one_card_a_year(city: City) -> None:
    with time_machine.travel(MAY, tick=False):
        card_of_t1(city)
        with pytest.raises(ValidationError) as refused:
            services.commitment_card_publish(
                actor=city.users["cadre_t1"],
                cadre=city.users["cadre_t1"],
                year=2026,
                own=[services.Own("再来", date(2026, 12, 31))],
            )
    assert refused.value.field_errors["year"] == ["2026 年的岗位承诺卡已发布。"]


def test_publishing_refuses_every_mistake_at_once(city: City) -> None:
    with time_machine.travel(MAY, tick=False), pytest.raises(ValidationError) as refused:
        services.commitment_card_publish(
            actor=city.users["cadre_t1"],
            cadre=city.users["cadre_t1"],
            year=2030,
            own=[services.Own("", None), services.Own("走访企业", None)],
        )
    assert set(refused.value.field_errors) == {"year", "own_2_due"}
