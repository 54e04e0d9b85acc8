"""`{% kept %}` (core/templatetags/kept.py): a part drawn once per user and key, drawn again after a write to a
table it read, shown with each request's own CSRF token, drawn each time when its condition is false.

Transactional: inside a test's transaction nothing is kept, and these tests are about keeping."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from unionhall.orgs.models import Employer
from unionhall.tests.city import City, uscc

pytestmark = pytest.mark.django_db(transaction=True)

EMPLOYERS = (
    "{% load kept %}{% kept 'employers' q if keep %}"
    "{% for e in employers %}{{ e.name }};{% endfor %}{{ stamp }}{% endkept %}"
)


def draw(user: Any, stamp: str, q: str = "", keep: bool = True) -> str:
    request = RequestFactory().get("/")
    request.user = user
    names = Employer.objects.filter(name__contains=q).order_by("name")
    # `stamp` is not in the key: it shows whether the part was drawn again or served as kept.
    context = {"request": request, "employers": names, "stamp": stamp, "q": q, "keep": keep}
    return Template(EMPLOYERS).render(Context(context))


def test_a_part_is_kept_until_a_table_it_read_changes(city: City) -> None:
    user = city.users["chair_u1"]
    first = draw(user, "first")
    assert draw(user, "second") == first  # kept: the second stamp never drawn
    Employer.objects.create(name="新开张的单位", uscc=uscc("320508KT000001"), org=city.t1)
    again = draw(user, "third")
    assert "新开张的单位" in again and again.endswith("third")


def test_each_user_and_each_key_gets_its_own_part(city: City) -> None:
    assert draw(city.users["chair_u1"], "one").endswith("one")
    assert draw(city.users["cadre_d1"], "other user").endswith("other user")
    assert draw(AnonymousUser(), "nobody").endswith("nobody")
    assert draw(city.users["chair_u1"], "other key", q="东").endswith("other key")


def test_a_part_whose_condition_is_false_is_drawn_each_time(city: City) -> None:
    user = city.users["chair_u1"]
    assert draw(user, "a", keep=False).endswith("a")
    assert draw(user, "b", keep=False).endswith("b")


FORM = (
    "{% load kept %}{% kept 'form' %}<form>{% csrf_token %}<i data-token='{{ csrf_token }}'></i>"
    "{% kept 'inner' %}<b>{{ csrf_token }}</b>{% endkept %}{{ stamp }}</form>{% endkept %}"
)


def draw_form(user: Any, token: str, stamp: str) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template(FORM).render(Context({"request": request, "csrf_token": token, "stamp": stamp}))


def test_a_kept_form_shows_each_request_its_own_csrf_token_never_the_one_it_was_drawn_with(city: City) -> None:
    user = city.users["chair_u1"]
    first = draw_form(user, "tokenOfRequestOne", "first")
    second = draw_form(user, "tokenOfRequestTwo", "second")
    assert first.endswith("first</form>") and second.endswith("first</form>")  # the second was the kept part
    assert 'name="csrfmiddlewaretoken" value="tokenOfRequestOne"' in first
    assert 'name="csrfmiddlewaretoken" value="tokenOfRequestTwo"' in second
    assert second.count("tokenOfRequestTwo") == 3  # the hidden input, the attribute and the part inside
    assert "tokenOfRequestOne" not in second and "keptcsrf" not in first + second


def test_a_key_without_a_stable_identity_is_refused(city: City) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(TemplateSyntaxError, match="cannot key on"):
        Template("{% load kept %}{% kept 'x' thing %}x{% endkept %}").render(
            Context({"request": request, "thing": object()})
        )


FILTERS = (
    "{% load kept %}{% kept 'filters' form if form|without_errors %}"
    "{% for field in form %}{{ field.errors }}{% endfor %}{{ stamp }}{% endkept %}"
)


class Filter(forms.Form):
    year = forms.IntegerField(required=False)


def draw_filters(data: dict[str, str] | None, stamp: str) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    context = {"request": request, "form": Filter(data), "stamp": stamp}
    return Template(FILTERS).render(Context(context))


def test_a_filter_form_is_kept_unbound_or_valid_per_its_data_and_drawn_each_time_with_errors(city: City) -> None:
    assert draw_filters(None, "a") == draw_filters(None, "b")
    assert draw_filters({"year": "2026"}, "c") == draw_filters({"year": "2026"}, "d") != draw_filters(None, "e")
    assert draw_filters({"year": "二〇二六"}, "f").endswith("f")
    assert draw_filters({"year": "二〇二六"}, "g").endswith("g")
