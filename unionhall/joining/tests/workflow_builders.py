"""Builder of the online application's life for the generic walk of every workflow table
(unionhall/workflow/tests): an application of a worker of E1 (covered by U1), put in the status asked for;
the union's chair decides, the worker (the portal) withdraws."""

from __future__ import annotations

from typing import Any

from unionhall.joining import services
from unionhall.joining.models import JoinApplication
from unionhall.tests.city import City
from unionhall.tests.factories import submit
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition


def an_application(c: City, status: str, t: Transition) -> Setup:
    app = submit(c)
    JoinApplication.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    actor = services.PORTAL if t.name == "withdraw" else c.users["chair_u1"]
    return Setup(obj=app, actor=actor)


BUILDERS: dict[str, Any] = {"join_application": an_application}
