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


def sql_search(text: str) -> list[tuple[int, str]]:
    """The search as one statement would answer it: the oracle the in-memory register must equal."""
    from django.db.models import Q

    from unionhall.core.normalize import compact
    from unionhall.joining.selectors import SEARCH_LIMIT

    code = compact(text).upper()
    condition = Q(name__icontains=text) | (Q(uscc=code) if len(code) == 18 else Q(pk__in=[]))
    rows = Employer.objects.filter(condition, org__status=OrgStatus.ACTIVE).order_by("name", "id")
    return [(e.pk, e.name) for e in rows[:SEARCH_LIMIT]]


def test_the_register_search_equals_the_sql_search_for_every_part_of_every_name(city: City) -> None:
    from unionhall.joining.selectors import employer_search

    names = ["东方红机械厂", "东方红纺织厂", "Abc东方科技", "abc东方红", "东东东方方方", "红星东方红旗"]
    names += [f"东方配套{i:02d}厂" for i in range(12)]
    for i, name in enumerate(names):
        Employer.objects.create(name=name, uscc=uscc(f"320508RG{i:06d}"), org=[city.t1, city.u3][i % 2])
    OrgUnit.objects.filter(pk=city.u3.pk).update(status=OrgStatus.MERGED)  # half of them closed
    needles = {name[i : i + n] for name in names for n in (2, 3, 4) for i in range(len(name) - n + 1)}
    needles |= {"ABC", "aBc东", "东方", "方方", "无此单位", uscc("320508RG000000"), uscc("320508RG000001")}
    for needle in sorted(needles):
        assert [(h.pk, h.name) for h in employer_search(needle)] == sql_search(needle), needle
