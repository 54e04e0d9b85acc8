"""access.holders answers "who holds this capability here" for every module (case handlers, the federation that
acknowledges a risk report, the cadres answerable for a unit); access.Holders answers it for many units at once."""

from __future__ import annotations

from unionhall.accounts.models import User
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Grant, Role
from unionhall.tests.city import City


def _user(name: str, role: str, org: object, *, active: bool = True) -> User:
    user = User.objects.create_user(username=name, password="x", is_active=active)
    Grant.objects.create(user=user, role=role, org=org)
    return user


def test_holders_are_the_active_users_with_the_capability_at_the_unit_itself(city: City) -> None:
    handler = _user("h_t1", Role.FEDERATION_CADRE, city.t1)
    _user("h_t1_gone", Role.FEDERATION_CADRE, city.t1, active=False)
    _user("viewer_t1", Role.REVIEWER, city.t1)
    above = _user("h_d1", Role.FEDERATION_CADRE, city.d1)

    found = access.holders(city.t1, Cap.RIGHTS_HANDLE)

    assert handler in found
    assert above not in found
    assert [u.username for u in found if u.username in {"h_t1_gone", "viewer_t1"}] == []


def test_holders_or_above_list_the_nearest_unit_first(city: City) -> None:
    near = _user("h_t1", Role.FEDERATION_CADRE, city.t1)
    far = _user("h_d1", Role.FEDERATION_CADRE, city.d1)
    elsewhere = _user("h_d2", Role.FEDERATION_CADRE, city.d2)

    found = access.holders(city.t1, Cap.RIGHTS_HANDLE, or_above=True)

    assert found.index(near) < found.index(far)
    assert elsewhere not in found


def test_the_bulk_index_finds_the_nearest_unit_on_the_chain_that_has_holders(city: City) -> None:
    at_t1 = _user("cad_t1", Role.FEDERATION_CADRE, city.t1)
    at_d1 = _user("cad_d1", Role.FEDERATION_CADRE, city.d1)

    index = access.Holders((Role.FEDERATION_CADRE,))
    assert at_t1 in index.nearest(city.u1.path)  # u1 has none: its town answers
    assert at_d1 not in index.nearest(city.u1.path)

    Grant.objects.filter(org=city.t1).delete()
    index = access.Holders((Role.FEDERATION_CADRE,))
    assert at_d1 in index.nearest(city.u1.path)  # nobody at u1 or t1: the district answers
    assert index.nearest("9999") == []
