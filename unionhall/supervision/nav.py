"""督办's entries in the console's side navigation: the task list for who reads tasks, the liaison's own
page for a department's liaison (who has no other), and the member departments under 联席会议."""

from typing import Any

from unionhall.core.navigation import Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.supervision import selectors

# What the counts below read (core/versions.py): kept per user until a task or a liaison changes.
TOPICS = ("supervised_tasks", "liaisons", "departments")


def my_active(user: Any) -> int:
    return selectors.active(selectors.mine(user, selectors.tasks_for(user))).count()


def keeps_departments(user: Any) -> bool:
    """Departments sit in the joint meetings of federations: a grassroots union has none to list."""
    return access.holds_at_federation(user, Cap.TASK_VIEW)


ENTRIES = [
    Entry(Group.SUPERVISION, "督办事项", "supervision:tasks", 10, cap="task.view", todo=my_active, todo_topics=TOPICS),
    Entry(
        Group.SUPERVISION,
        "本单位督办事项",
        "supervision:liaison_home",
        20,
        shows=selectors.is_liaison,
        todo=my_active,
        todo_topics=TOPICS,
    ),
    Entry(Group.MEETINGS, "联席会议成员单位", "supervision:departments", 50, shows=keeps_departments),
]
