"""劳动竞赛's entry in the console's side navigation, under 创新与竞赛. Whoever reads competitions sees it; an
organizer's badge counts the results waiting for verification."""

from unionhall.competitions import selectors
from unionhall.core.navigation import Entry, Group
from unionhall.orgs.access import Cap

ENTRIES = [
    Entry(
        Group.INNOVATION,
        "劳动竞赛",
        "competitions:list",
        30,
        cap=Cap.COMPETITION_VIEW,
        todo=selectors.waiting_count,
        todo_topics=("competitions",),
    ),
]
