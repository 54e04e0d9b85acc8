"""The member list's rows are kept between requests for one reach and query (core/versions.py): a new member,
a renamed person and a member who left show on the next request, and another reach gets its own rows.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.members.models import Membership, MembershipStatus, Person
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)


def rows(client: object, **params: str) -> str:
    text = client.get(reverse("members:list"), params).content.decode()  # type: ignore[attr-defined]
    return text.split("<tbody>")[1].split("</tbody>")[0]


def test_a_new_renamed_or_departed_member_shows_on_the_next_request(city: City) -> None:
    client = city.client("chair_u1")
    first = factories.join(city.u1, "张三丰", "32050819800101001")
    assert "张三丰" in rows(client) and "张三丰" in rows(client)  # the second one kept
    factories.join(city.u1, "李四光", "32050819800101002")
    assert "李四光" in rows(client)
    person = Person.objects.get(pk=first.person_id)
    person.set_name("张君宝")
    person.save()
    assert "张君宝" in rows(client) and "张三丰" not in rows(client)
    Membership.objects.filter(pk=first.pk).update(status=MembershipStatus.LEFT)
    assert "张君宝" not in rows(client, status="open")


def test_each_reach_gets_its_own_rows(city: City) -> None:
    factories.join(city.u1, "东区会员", "32050819800101003")
    factories.join(city.u3, "西区会员", "32050819800101004")
    east, west = rows(city.client("chair_u1")), rows(city.client("chair_u3"))
    assert "东区会员" in east and "西区会员" not in east
    assert "西区会员" in west and "东区会员" not in west


def total(client: object, **params: str) -> str:
    text = client.get(reverse("members:list"), params).content.decode()  # type: ignore[attr-defined]
    return text.split('data-testid="total">共 ')[1].split(" 条")[0]


def test_the_default_lists_kept_total_follows_a_join_a_departure_and_a_grant(city: City) -> None:
    from unionhall.orgs.models import Grant

    client = city.client("cadre_d1")
    factories.join(city.u3, "西区总数", "32050819800101006")  # out of cadre_d1's reach
    before = int(total(client).replace(",", ""))
    assert int(total(client).replace(",", "")) == before  # kept
    joined = factories.join(city.u1, "王总数", "32050819800101005")
    assert int(total(client).replace(",", "")) == before + 1
    Membership.objects.filter(pk=joined.pk).update(status=MembershipStatus.LEFT)
    assert int(total(client).replace(",", "")) == before
    # Another cadre's reach is their own, and losing the grant empties it on the next request.
    from unionhall.members.models import OPEN_STATUSES

    theirs = Membership.objects.filter(org__path__startswith=city.u3.path, status__in=OPEN_STATUSES).count()
    assert int(total(city.client("chair_u3")).replace(",", "")) == theirs == 1
    Grant.objects.filter(user=city.users["cadre_d1"]).delete()
    assert client.get(reverse("members:list")).status_code in (403, 404)
