"""Authorization specs of the documents app's routes, collected by core/tests/test_authorization.py.

The check page of an issued document is public, like the member card's: anybody holding the printout may
scan its QR code, signed in or not, and it shows nothing about the person the document concerns.
"""

from __future__ import annotations

from typing import Any

from unionhall.documents.issuing import register
from unionhall.tests.authz_support import ACTORS, Route
from unionhall.tests.city import City

PUBLIC = dict.fromkeys(ACTORS, 200)


def issued_kwargs(city: City) -> dict[str, Any]:
    doc = register(kind="reports.approval", title="困难职工帮扶审批表", org=city.u1, issued_by=city.users["chair_u1"])
    return {"token": doc.token}


ROUTES: dict[str, Route] = {
    "documents:verify": Route(issued_kwargs, PUBLIC),
}
