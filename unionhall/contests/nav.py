"""技能竞赛's entry in the console's side navigation, under 创新与竞赛. Whoever reads competitions sees it; an
organizer's badge counts the running contests they organize (scores to enter and judge, then to close)."""

from unionhall.contests import selectors
from unionhall.core.navigation import Entry, Group
from unionhall.orgs.access import Cap

ENTRIES = [
    Entry(
        Group.INNOVATION,
        "技能竞赛",
        "contests:list",
        35,
        cap=Cap.COMPETITION_VIEW,
        todo=selectors.waiting_count,
        todo_topics=("contests",),
    ),
]
