"""Authorization specs of the review-panel routes, collected by core/tests/test_authorization.py.

By hand from the rule (panels/selectors.py): a panel is seen by who holds `panel.view` over the unit that
convened it (东区: the city admin, D1's reviewer and cadre — not T1's cadre, whose reach lies below it) and by
its members; it is kept by who holds `panel.manage` there. The reviewer seated below is `chair_u3` (西区's
grassroots chair, an expert from another district): the only one who scores, and whose 待评 list is not empty.
西区 convenes a panel of its own that no D1 actor may see.
"""

from __future__ import annotations

from typing import Any

from unionhall.panels.models import PanelSubject
from unionhall.panels.tests.support import panel, seat, subject
from unionhall.tests.authz_support import Route, page_shows_none_of, statuses
from unionhall.tests.city import City

FOREIGN = "西区技能评审"
PANELS_ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "outsider", "chair_u3"}
MANAGE_ANYWHERE = {"city_admin", "cadre_d1", "cadre_t1", "outsider"}
SEE_D1 = {"city_admin", "reviewer_d1", "cadre_d1", "chair_u3"}
KEEP_D1 = {"city_admin", "cadre_d1"}


def both_sides(c: City) -> dict[str, Any]:
    ours = panel(c)
    seat(ours, c.users["chair_u3"])
    subject(ours, c.u1)
    theirs = panel(c, org=c.d2, title=FOREIGN)
    subject(theirs, c.u3)
    return {"pk": ours.pk}


def listed(c: City) -> dict[str, Any]:
    both_sides(c)
    return {}


def subject_of_d1(c: City) -> dict[str, Any]:
    both_sides(c)
    return {"pk": PanelSubject.objects.get(panel__org=c.d1).pk}


ROUTES: dict[str, Route] = {
    "panels:list": Route(listed, statuses(PANELS_ANYWHERE), no_foreign=page_shows_none_of((FOREIGN,))),
    "panels:create": Route(expect=statuses(MANAGE_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")),
    "panels:todo": Route(listed, statuses({"chair_u3"})),
    "panels:panel": Route(both_sides, statuses(SEE_D1), no_foreign=page_shows_none_of((FOREIGN,))),
    "panels:member_add": Route(both_sides, statuses(KEEP_D1, in_sight={"reviewer_d1"}), methods=("get", "post")),
    "panels:close": Route(both_sides, statuses(KEEP_D1, ok=302, in_sight={"reviewer_d1"}), methods=("post",)),
    # Only a member scores; who convened the panel sees the subject on the panel's page, not this form.
    "panels:score": Route(subject_of_d1, statuses({"chair_u3"}), methods=("get", "post")),
}
