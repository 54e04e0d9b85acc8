"""The archive and payment lists' rows are kept between requests for one reach and query (core/listpage.py,
core/versions.py): a new or changed record shows on the next request, and another reach gets its own rows.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionhall.assistance.models import HardshipFile
from unionhall.tests import factories
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db(transaction=True)


def rows(client: object, name: str) -> str:
    text = client.get(reverse(name)).content.decode()  # type: ignore[attr-defined]
    return text.split("<tbody>")[1].split("</tbody>")[0]


def test_a_new_or_changed_archive_shows_on_the_next_request_and_only_in_its_reach(city: City) -> None:
    east, west = city.client("cadre_d1"), city.client("outsider")
    archive = factories.archive(city.u1)
    assert archive.no in rows(east, "assistance:archive_list")
    assert archive.no in rows(east, "assistance:archive_list")  # kept
    assert archive.no not in rows(west, "assistance:archive_list")
    HardshipFile.objects.filter(pk=archive.pk).update(no="KEPT-RENUMBERED")
    assert "KEPT-RENUMBERED" in rows(east, "assistance:archive_list")


def test_a_new_payment_shows_on_the_next_request(city: City) -> None:
    client = city.client("cadre_d1")
    first = factories.a_request(city)
    before = rows(client, "funds:disbursements")  # an empty page reads no table, so only a full one is kept
    assert first.no in before and rows(client, "funds:disbursements") == before
    payment = factories.a_request(city, budget=first.budget)
    assert payment.no not in before
    assert payment.no in rows(client, "funds:disbursements")


def test_the_kept_reminder_counts_follow_an_archive_the_day_and_the_reach(city: City) -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from unionhall.assistance import selectors
    from unionhall.assistance.models import AssistanceSettings, FileStatus

    cadre = city.users["cadre_d1"]
    archive = factories.archive(city.u1)
    interval = AssistanceSettings.current().review_interval_days
    today = timezone.localdate()
    # Verified exactly one interval ago: due today, overdue tomorrow.
    HardshipFile.objects.filter(pk=archive.pk).update(
        status=FileStatus.APPROVED, verified_on=today - timedelta(days=interval), approved_on=today
    )
    now = selectors.reminder_counts(cadre)
    assert now == selectors.reminder_counts(cadre) and now.overdue_reviews == 0 and now.due_reviews == 1
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert selectors.reminder_counts(cadre).overdue_reviews == 1
    HardshipFile.objects.filter(pk=archive.pk).update(verified_on=today)
    assert selectors.reminder_counts(cadre).due_reviews == 0
    assert selectors.reminder_counts(city.users["outsider"]).due_reviews == 0
