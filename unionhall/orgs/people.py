"""The one way a person is named on a page: "姓名（单位+角色）" from their account's name and their primary grant.

Pages never show a login name or a command line as the one who acted; a command, a job or a public channel
(no user account behind the record) is shown as 系统. The template filters `person` and `actor`
(orgs/templatetags/people.py) are built into every template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from unionhall.orgs.models import Grant

SYSTEM_LABEL = "系统"

# How a role reads after its unit's name: 白洋湾街道总工会 + 干部. A worker is named by what they are, not
# by the union they belong to.
ROLE_TITLES: dict[str, str] = {
    "city_admin": "管理员",
    "system_admin": "系统管理员",
    "federation_cadre": "干部",
    "grassroots_staff": "工作人员",
    "info_officer": "信息员",
    "reviewer": "经审/督查",
    "merchant": "合作商户",
    "worker": "职工",
    "dept_liaison": "成员单位联络员",
}
# Which grant names a person holding several: the highest unit first, then the role that does most.
ROLE_RANK = {role: rank for rank, role in enumerate(ROLE_TITLES)}
UNIT_FREE_ROLES = {"worker"}


def grants_prefetch(lookup: str = "grants") -> Prefetch:
    """Prefetch a user's grants with their units, so naming a list of people costs one query, not one each.
    `lookup` is the path to the grants, e.g. "actor__grants" on audit events."""
    return Prefetch(lookup, queryset=Grant.objects.select_related("org"))


def primary_grant(user: Any) -> Any:
    grants = list(user.grants.all())
    return min(grants, key=lambda g: (len(g.org.path), ROLE_RANK.get(g.role, 99), g.pk), default=None)


def grant_title(grant: Any) -> str:
    title = ROLE_TITLES.get(grant.role) or grant.get_role_display()
    return title if grant.role in UNIT_FREE_ROLES else f"{grant.org.name}{title}"


def person_label(user: Any) -> str:
    """张三（白洋湾街道总工会干部）; 系统 for a SystemActor; blank for nobody. A user without a name on the
    account falls back to the login name, the only name there is."""
    if user is None:
        return ""
    if not getattr(user, "pk", None):
        return SYSTEM_LABEL
    name = getattr(user, "display_name", "") or user.get_username()
    grant = primary_grant(user)
    return f"{name}（{grant_title(grant)}）" if grant is not None else name


def actor_label(user: Any) -> str:
    """Who did something recorded: the person, or 系统 when no user account acted."""
    return person_label(user) if user is not None else SYSTEM_LABEL


def labels_by_username(names: Iterable[str]) -> dict[str, str]:
    """Labels for records that kept only the acting login name, in two queries however many names."""
    from django.contrib.auth import get_user_model

    wanted = {name for name in names if name}
    if not wanted:
        return {}
    users = get_user_model().objects.filter(username__in=wanted).prefetch_related(grants_prefetch())
    return {user.get_username(): person_label(user) for user in users}


def label_for_name(name: str) -> str:
    """One record's actor kept only as a login name: the person, or 系统."""
    return labels_by_username([name]).get(name, SYSTEM_LABEL)


def label_rows[T](rows: Iterable[T], *, name_attr: str = "actor_name", into: str = "actor_label") -> list[T]:
    """Set `into` on each row that names its actor only by login name; a name no account has (a command, a
    job, a public channel) reads 系统."""
    rows = list(rows)
    labels = labels_by_username(getattr(row, name_attr) for row in rows)
    for row in rows:
        setattr(row, into, labels.get(getattr(row, name_attr), SYSTEM_LABEL))
    return rows
