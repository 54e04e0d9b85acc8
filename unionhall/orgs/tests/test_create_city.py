"""manage.py create_city: the one way to plant the tree's root in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from unionhall.orgs.models import Division, OrgLevel, OrgUnit


@pytest.mark.django_db
def test_create_city_plants_the_root_once() -> None:
    Division.objects.create(code="320500000000", name="苏州市", level=2)
    out = StringIO()
    call_command("create_city", "--code", "SZ", "--name", "苏州市总工会", "--division", "3205", stdout=out)
    root = OrgUnit.objects.get()
    assert (root.code, root.level, root.depth, root.division_id) == ("SZ", OrgLevel.CITY, 1, "320500000000")
    assert "--role city_admin" in out.getvalue()
    with pytest.raises(CommandError, match="根节点"):
        call_command("create_city", "--code", "SZ2", "--name", "又一个", stdout=StringIO())


@pytest.mark.django_db
def test_create_city_explains_an_unknown_division() -> None:
    with pytest.raises(CommandError, match="load_divisions"):
        call_command("create_city", "--code", "SZ", "--name", "苏州市总工会", "--division", "9999", stdout=StringIO())
    assert not OrgUnit.objects.exists()
