"""Builder of the membership's life for the generic walk of every workflow table (unionhall/workflow/tests):
a new person's membership at the grassroots union, put in the status asked for, changed by its chair."""

from __future__ import annotations

import itertools
from typing import Any

from unionhall.members.models import Membership
from unionhall.tests.city import City
from unionhall.tests.factories import join
from unionhall.tests.workflow import Setup
from unionhall.workflow.kernel import Transition

_serial = itertools.count(1)


def a_membership(c: City, status: str, t: Transition) -> Setup:
    m = join(c.u1, "陈会员", f"32050819900101{next(_serial) % 1000:03d}")
    Membership.objects.filter(pk=m.pk).update(status=status)
    m.refresh_from_db()
    return Setup(obj=m, actor=c.users["chair_u1"])


BUILDERS: dict[str, Any] = {"membership": a_membership}
