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
