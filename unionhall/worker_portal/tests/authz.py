"""Authorization specs of the worker's pages, collected by core/tests/test_authorization.py.

By hand from PRODUCT.md §1 and §3.14: the pages under /me/ are for a worker (Role.WORKER) and show only
what belongs to the person their account is linked to. worker_u1 — linked here to 李明 of U1, who has an
archive, a payment and a card — gets 200; every other role, however high in the tree, gets 404 (a city
admin does not browse a worker's own pages); anonymous visitors go to the login page. The phone login
page is for those not logged in: they get 200, everyone logged in is sent on (302). 我的维权 is the same:
the case of 李明 is handled by U1, whose staff handle it on the rights pages — never on the worker's own.
"""

from __future__ import annotations

from typing import Any

from unionhall.rights.models import CaseStatus
from unionhall.tests.authz_support import ACTORS, Route, statuses
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import case_of, worker_world

WORKER = {"worker_u1"}


def linked(city: City) -> dict[str, Any]:
    worker_world(city)
    return {}


def my_file(city: City) -> dict[str, Any]:
    return {"pk": worker_world(city).file.pk}


def my_card(city: City) -> dict[str, Any]:
    return {"pk": worker_world(city).card.pk}


def my_case(city: City) -> dict[str, Any]:
    return {"pk": case_of(worker_world(city).profile, city.u1, employer=city.e1).pk}


def my_closed_case(city: City) -> dict[str, Any]:
    return {"pk": case_of(worker_world(city).profile, city.u1, employer=city.e1, status=CaseStatus.CLOSED).pk}


ROUTES: dict[str, Route] = {
    "worker_portal:login": Route(expect={a: 200 if a == "anonymous" else 302 for a in ACTORS}),
    "worker_portal:home": Route(linked, statuses(WORKER)),
    # Linking by phone is for an unlinked worker; a linked one is sent back to 我的帮扶 (302 either way).
    "worker_portal:link": Route(linked, statuses(WORKER, ok=302), ("post",)),
    "worker_portal:member_card": Route(linked, statuses(WORKER)),
    "worker_portal:apply": Route(linked, statuses(WORKER), ("get", "post")),
    "worker_portal:file": Route(my_file, statuses(WORKER)),
    "worker_portal:card": Route(my_card, statuses(WORKER)),
    "worker_portal:card_code": Route(my_card, statuses(WORKER), ("post",)),
    "worker_portal:cases": Route(linked, statuses(WORKER)),
    "worker_portal:case_new": Route(linked, statuses(WORKER), ("get", "post")),
    "worker_portal:ideas": Route(linked, statuses(WORKER)),
    "worker_portal:idea_new": Route(linked, statuses(WORKER), ("get", "post")),
    "worker_portal:case": Route(my_case, statuses(WORKER)),
    "worker_portal:case_info": Route(my_case, statuses(WORKER), ("get", "post")),
    "worker_portal:case_rate": Route(my_closed_case, statuses(WORKER), ("get", "post")),
}


def my_transfer(city: City) -> dict[str, Any]:
    """U3 asks to take 李明 (worker_u1) in: only 李明 answers it on /me/."""
    from unionhall.members import transfers

    profile = worker_world(city).profile
    membership = profile.person.memberships.get(status="active")
    found = transfers.open_request(membership=membership, to_org=city.u3, actor=city.users["chair_u3"], source="form")
    return {"pk": found.pk}


def my_membership(city: City) -> dict[str, Any]:
    return {"pk": worker_world(city).profile.person.memberships.get(status="active").pk}


EDIT_MEMBER = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}
SEE_MEMBER = EDIT_MEMBER | {"reviewer_d1"}

ROUTES.update(
    {
        "worker_portal:transfer_answer": Route(my_transfer, statuses(WORKER, ok=302), ("post",)),
        # The worker's union moves the login to the register's phone (here already the same: refused, 302).
        "worker_portal:phone_rebind": Route(
            my_membership, statuses(EDIT_MEMBER, ok=302, in_sight=SEE_MEMBER), ("post",)
        ),
    }
)
