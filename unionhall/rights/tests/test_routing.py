"""Where a case goes and who is above it; the home-place unions of a migrant worker (双向维权)."""

from __future__ import annotations

import pytest

from unionhall.orgs.models import Division, OrgLevel
from unionhall.rights import routing
from unionhall.tests.city import City, make_unit
from unionhall.tests.factories import person

pytestmark = pytest.mark.django_db


def test_the_upper_federation_is_the_nearest_federation_above(city: City) -> None:
    assert routing.upper_federation(city.u1) == city.t1
    assert routing.upper_federation(city.b1) == city.t1  # a branch's union is no federation
    assert routing.upper_federation(city.d1) == city.city
    assert routing.upper_federation(city.city) == city.city


def test_home_place_units_are_the_territorial_federations_of_the_household_registration_nearest_first(
    city: City,
) -> None:
    district = Division.objects.create(code="320506000000", name="西区", level=3)
    street = Division.objects.create(code="320506001000", name="西一街道", level=4, parent=district)
    village = Division.objects.create(code="320506001001", name="幸福村", level=5, parent=street, kind="village")
    city.t2.division, city.d2.division = street, district
    city.t2.save()
    city.d2.save()
    # an industry union registered in the same district is not a home place
    make_unit(city.city, "IND", "市交通行业工会", OrgLevel.INDUSTRY, division=district)
    worker = person("张外来")
    assert routing.home_place_units(worker) == []
    worker.hukou_division = village
    worker.save()
    assert routing.home_place_units(worker) == [city.t2, city.d2]
