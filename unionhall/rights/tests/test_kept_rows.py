"""The case list's rows are kept between requests for one reach and query (core/listpage.py): a new case
shows on the next request, a case turns red when its due time passes, and another reach gets its own rows.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from unionhall.rights.models import Case
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)


def rows(client: object) -> str:
    text = client.get(reverse("rights:case_list")).content.decode()  # type: ignore[attr-defined]
    return text.split("<tbody>")[1].split("</tbody>")[0]


def test_a_new_case_shows_on_the_next_request_and_only_in_its_reach(city: City) -> None:
    east, west = city.client("cadre_d1"), city.client("outsider")
    first = factories.case(city.u1)
    assert first.no in rows(east) and rows(east) == rows(east)
    second = factories.case(city.u1, summary="第二件")
    assert second.no in rows(east)
    assert first.no not in rows(west)


def test_a_case_turns_red_when_its_due_time_passes(city: City) -> None:
    client = city.client("cadre_d1")
    case = factories.case(city.u1)
    due = timezone.now() + timedelta(minutes=10)
    Case.objects.filter(pk=case.pk).update(due_at=due, remind_at=due + timedelta(days=30))
    assert 'data-deadline="overdue"' not in rows(client)
    assert 'data-deadline="overdue"' not in rows(client)  # kept
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert 'data-deadline="overdue"' in rows(client)


def filter_options(client: object, name: str) -> str:
    text = client.get(reverse("rights:case_list")).content.decode()  # type: ignore[attr-defined]
    return text.split(f'name="{name}"')[1].split("</select>")[0]


def test_the_filters_handler_and_unit_choices_follow_a_new_handler_and_a_renamed_unit(city: City) -> None:
    from unionhall.accounts.models import User
    from unionhall.orgs.models import OrgUnit

    client = city.client("cadre_d1")
    case = factories.case(city.u1)
    assert "chair_u1" not in filter_options(client, "handler")
    Case.objects.filter(pk=case.pk).update(handler=city.users["chair_u1"])
    User.objects.filter(pk=city.users["chair_u1"].pk).update(display_name="陈承办")
    assert "陈承办" in filter_options(client, "handler")
    assert "东区总工会" in filter_options(client, "org")
    OrgUnit.objects.filter(pk=city.d1.pk).update(name="东湖区总工会")
    assert "东湖区总工会" in filter_options(client, "org")
    # Another cadre's choices are their own.
    assert "东湖区总工会" not in filter_options(city.client("outsider"), "org")
