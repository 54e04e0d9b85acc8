"""`seed_programmes` writes the five default programmes once and never overwrites the city's changes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from unionhall.assistance.models import Programme, SchoolTier
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def seed() -> dict[str, list[str]]:
    out = io.StringIO()
    call_command("seed_programmes", stdout=out)
    return json.loads(out.getvalue())


def test_it_writes_the_five_programmes_then_nothing(city: City) -> None:
    assert seed() == {"created": ["LIVING", "MEDICAL", "WARMTH", "EDUCATION", "EMPLOYMENT"]}
    names = set(Programme.objects.values_list("name", flat=True))
    assert names == {"生活救助", "医疗救助", "送温暖", "金秋助学", "就业帮扶"}
    education = Programme.objects.get(code="EDUCATION")
    assert set(education.amounts["by_tier"]) == set(SchoolTier.values)
    assert education.rules["evidence"] == ["admission"]
    Programme.objects.filter(code="WARMTH").update(name="两节送温暖")
    assert seed() == {"created": []}
    assert Programme.objects.get(code="WARMTH").name == "两节送温暖"
    assert Programme.objects.count() == 5
