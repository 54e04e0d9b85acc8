"""Funds' entry in the console's side navigation (救助支出 is the archive's: assistance/nav.py).

Budgets are held and allocated by federations: a grassroots union holds funds.view (to read what was paid
for its archives) but has no budget of its own, so the budgets entry shows only where a federation's grant
holds it.
"""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap


def reads_budgets(user: Any) -> bool:
    return access.holds_at_federation(user, Cap.FUNDS_VIEW)


ENTRIES = [
    Entry(Group.ASSISTANCE, "帮扶预算", "funds:budgets", 60, shows=reads_budgets),
]
