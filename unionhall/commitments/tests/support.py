"""What the commitments tests share: an area for cadre_t1 over T1 (so U1's chair rates their card) and a card."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from unionhall.commitments import services
from unionhall.commitments.models import CommitmentCard, Group, TemplateItem
from unionhall.responsibility import services as responsibility_services
from unionhall.responsibility.models import Kind
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City


def card_of_t1(city: City, year: int | None = None) -> CommitmentCard:
    """cadre_t1 answers for T1 by area and publishes a card: two template items and one of their own."""
    responsibility_services.assignment_create(
        actor=SYSTEM, cadre=city.users["cadre_t1"], kind=Kind.AREA, unit=city.t1, starts_on=date(2024, 1, 1)
    )
    items = list(TemplateItem.objects.exclude(group=Group.OWN).order_by("group", "order")[:2])
    year = year or timezone.localdate().year
    return services.commitment_card_publish(
        actor=city.users["cadre_t1"],
        cadre=city.users["cadre_t1"],
        year=year,
        items=items,
        own=[services.Own("每季度走访辖区企业不少于 10 家", date(year, 12, 31))],
        due_on=date(year, 12, 31),
    )


def card_of_d2(city: City) -> CommitmentCard:
    """The D2 cadre's card over T2: nothing a D1 actor may see."""
    responsibility_services.assignment_create(
        actor=SYSTEM, cadre=city.users["outsider"], kind=Kind.AREA, unit=city.t2, starts_on=date(2024, 1, 1)
    )
    year = timezone.localdate().year
    return services.commitment_card_publish(
        actor=city.users["outsider"],
        cadre=city.users["outsider"],
        year=year,
        items=list(TemplateItem.objects.exclude(group=Group.OWN)[:1]),
        due_on=date(year, 12, 31),
    )
