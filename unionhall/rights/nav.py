"""维权's entries in the console's side navigation: cases 10–20, risk reports 30–40.

The joint meeting's agenda is the federations' (PRODUCT.md §3.11): a grassroots union reads its own risk
reports in the list, and its agenda entry would lead nowhere it works.
"""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.rights import selectors
from unionhall.rights.models import CaseStatus

# Cases a user sees: their own tree's and those shared with their unit (core/versions.py).
CASE_TOPICS = ("rights_cases", "case_shares")


def new_cases(user: Any) -> int:
    if not access.has_cap_anywhere(user, Cap.RIGHTS_HANDLE):
        return 0
    return selectors.cases_for(user).filter(status=CaseStatus.RECEIVED).count()


def reads_agenda(user: Any) -> bool:
    return access.holds_at_federation(user, Cap.RIGHTS_VIEW)


ENTRIES = [
    Entry(Group.RIGHTS, "维权案件", "rights:case_list", 10, cap="rights.view", todo=new_cases, todo_topics=CASE_TOPICS),
    Entry(Group.RIGHTS, "超期督办", "rights:overdue", 20, cap="rights.view"),
    # Reviewers read the reports, information officers file them: listed under both, shown once.
    Entry(Group.RIGHTS, "风险预警", "rights:risk_list", 30, cap="rights.view"),
    Entry(Group.RIGHTS, "风险预警", "rights:risk_list", 30, cap="risk.report"),
    Entry(Group.RIGHTS, "联席会议议题", "rights:risk_agenda", 40, shows=reads_agenda),
]
