"""评审's entries in the console's side navigation, under 创新与竞赛: the panels a unit convenes (who holds
`panel.view`), and every reviewer's 待评 list with the count of subjects still to score."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.panels import selectors
from unionhall.panels.models import PanelMember


def sits_on_a_panel(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and PanelMember.objects.filter(user=user).exists()


def sees_panels(user: Any) -> bool:
    return access.has_cap_anywhere(user, Cap.PANEL_VIEW) or sits_on_a_panel(user)


ENTRIES = [
    Entry(Group.INNOVATION, "评审组", "panels:list", 30, shows=sees_panels),
    Entry(
        Group.INNOVATION,
        "我的评审",
        "panels:todo",
        31,
        shows=sits_on_a_panel,
        todo=selectors.to_score_count,
        todo_topics=("panels",),
    ),
]
