"""The public joining pages keep what is the same for every visitor (core/versions.py): the employer search
per text and the blank form's fields. A new, renamed or closed employer and a new district show on the next
request; each visitor's form still carries their own CSRF token, and a form sent back keeps what was typed.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.tests.city import City, uscc

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()  # the portal's rate limits


def search(q: str) -> str:
    return Client().get(reverse("joining:employers"), {"q": q}).content.decode()


def test_the_employer_search_shows_a_new_renamed_or_closed_employer_on_the_next_request(city: City) -> None:
    assert "南湖精工" not in search("精工")
    employer = Employer.objects.create(name="南湖精工有限公司", uscc=uscc("320508JG000001"), org=city.t1)
    assert "南湖精工有限公司" in search("精工") and "南湖精工有限公司" in search("精工")
    Employer.objects.filter(pk=employer.pk).update(name="南湖精工股份公司")
    assert "南湖精工股份公司" in search("精工")
    OrgUnit.objects.filter(pk=city.t1.pk).update(status=OrgStatus.MERGED)
    assert "南湖精工" not in search("精工")


def tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_the_blank_form_is_kept_but_each_visitor_gets_a_token_of_their_own(city: City) -> None:
    one, two = Client(), Client()
    first = one.get(reverse("joining:join")).content.decode()
    second = two.get(reverse("joining:join")).content.decode()
    assert len(tokens(first)) == 1 and len(tokens(second)) == 1
    # Tokens are masked afresh on each page; the secrets under them are the visitors' own cookies.
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    assert first.replace(tokens(first)[0], "") == second.replace(tokens(second)[0], "")


def test_a_form_sent_back_with_errors_keeps_what_was_typed_after_a_blank_one_was_kept(city: City) -> None:
    Client().get(reverse("joining:join"))
    response = Client().post(reverse("joining:join"), {"name": "王小明", "id_number": "123", "phone": "139"})
    html = response.content.decode()
    assert 'value="王小明"' in html and 'value="123"' in html
    assert "field-error" in html


def test_a_new_district_shows_in_the_blank_forms_areas(city: City) -> None:
    assert "北湖区总工会" not in Client().get(reverse("joining:join")).content.decode()
    OrgUnit.objects.filter(pk=city.d2.pk).update(name="北湖区总工会")
    assert "北湖区总工会" in Client().get(reverse("joining:join")).content.decode()
