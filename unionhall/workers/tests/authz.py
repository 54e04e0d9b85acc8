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

from conftest import City
from unionhall.core.tests.authz_support import ACTORS, Route, statuses
from unionhall.rights.models import CaseStatus
from unionhall.workers.tests.support import case_of, worker_world

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
    "workers:login": Route(expect={a: 200 if a == "anonymous" else 302 for a in ACTORS}),
    "workers:home": Route(linked, statuses(WORKER)),
    "workers:apply": Route(linked, statuses(WORKER), ("get", "post")),
    "workers:file": Route(my_file, statuses(WORKER)),
    "workers:card": Route(my_card, statuses(WORKER)),
    "workers:card_code": Route(my_card, statuses(WORKER), ("post",)),
    "workers:cases": Route(linked, statuses(WORKER)),
    "workers:case_new": Route(linked, statuses(WORKER), ("get", "post")),
    "workers:case": Route(my_case, statuses(WORKER)),
    "workers:case_info": Route(my_case, statuses(WORKER), ("get", "post")),
    "workers:case_rate": Route(my_closed_case, statuses(WORKER), ("get", "post")),
}
