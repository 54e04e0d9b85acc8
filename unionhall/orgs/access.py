"""The scope rule (PRODUCT.md §2), in one place.

A user holds grants (role, org unit); each grant reaches the unit's whole subtree. What a role may do
there is a capability from ROLE_CAPABILITIES. Every other module asks this one:

- `orgs_with(user, cap)`  → the org units where the user holds `cap` (a queryset, one prefix filter
  per grant);
- `scope_queryset(user, cap, qs, org_field)` → any queryset narrowed to those units' subtrees;
- `get_for_user_or_404(user, cap, qs, pk, org_field)` → one object, or NotFound when it is missing or
  out of scope — the two answers are the same on purpose;
- `require(user, cap, org)` → NotFound when `org` is outside what the user may even see, PermissionDenied
  when they may see it but the role may not do `cap` (a reviewer writing); both refusals are audited.

Nothing else filters by org by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from unionhall.core import versions
from unionhall.core.actors import SystemActor
from unionhall.core.audit import record_refusal
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.orgs.models import Grant, OrgStatus, OrgUnit, Role, path_chain


class Cap(StrEnum):
    """Capabilities. `*_VIEW` read; everything else writes (and reviewers never hold it)."""

    ORG_VIEW = "org.view"
    ORG_EDIT = "org.edit"  # details of a unit: name, address, committee term, chair
    ORG_STRUCTURE = "org.structure"  # create, move, merge, dissolve
    EMPLOYER_VIEW = "employer.view"
    EMPLOYER_EDIT = "employer.edit"
    MEMBER_VIEW = "member.view"
    MEMBER_EDIT = "member.edit"  # join, transfer, retain, leave, remove, import rosters, review applications
    MEMBER_UNMASK = "member.unmask"  # see full ID numbers (each view logged)
    COVERAGE_VIEW = "coverage.view"
    COVERAGE_MANAGE = "coverage.manage"  # organizing tasks; the city's coverage settings at the root
    AUDIT_VIEW = "audit.view"
    USER_MANAGE = "user.manage"
    # Assistance (帮扶, PRODUCT.md §3.3)
    ASSISTANCE_VIEW = "assistance.view"  # hardship archives, programmes, cards, the 十送 log, reports
    ASSISTANCE_EDIT = "assistance.edit"  # file and keep archives, request payments, log deliveries
    ASSISTANCE_VERIFY = "assistance.verify"  # 入户核查, public notice, approve, 年审, exit — upper federations
    ASSISTANCE_SENSITIVE = "assistance.sensitive"  # health, disability, bank account in clear (each view logged)
    PROGRAMME_CONFIG = "programme.config"  # the city's programmes, thresholds, card types (held at the root)
    FUNDS_VIEW = "funds.view"  # budgets, ledger, disbursements
    FUNDS_MANAGE = "funds.manage"  # budgets, allocation down the tree, payment records, settlements
    DISBURSEMENT_APPROVE = "disbursement.approve"
    CARD_MANAGE = "card.manage"  # issue, top up, freeze, reissue
    CARD_REDEEM = "card.redeem"  # a partner merchant's only capability
    # Rights (维权, PRODUCT.md §3.4)
    RIGHTS_VIEW = "rights.view"  # cases, tickets, risk reports in reach (and cases shared with a unit in reach)
    RIGHTS_HANDLE = "rights.handle"  # take in, handle, transfer, share, mediate, close cases
    RISK_REPORT = "risk.report"  # 四个第一人: file and follow early-warning reports (information officers too)
    RISK_ACKNOWLEDGE = "risk.acknowledge"  # the upper federation acknowledges and closes risk reports
    # Responsibility (包片·定点·管线, PRODUCT.md §3.9)
    RESPONSIBILITY_VIEW = "responsibility.view"  # who answers for what, cadres' pages, visit logs
    RESPONSIBILITY_MANAGE = "responsibility.manage"  # assign areas, points and lines; log visits; the lines at the root
    # Supervised tasks (督办事项, supervision/): read them; open, cancel, reopen them and keep the directory
    # of government departments (联席会议成员单位)
    TASK_VIEW = "task.view"
    TASK_MANAGE = "task.manage"
    # Review panels (评审, panels/): see the panels a unit convenes and every score; convene one, name its
    # criteria, reviewers and subjects, close it. Scoring is a panel member's, not a capability.
    PANEL_VIEW = "panel.view"
    PANEL_MANAGE = "panel.manage"
    # Worker innovation (职工经济技术创新, innovation/): read submissions and patents; file them for workers
    # (a union files for its members); review them — put before a panel, adopt, verify the benefit.
    INNOVATION_VIEW = "innovation.view"
    INNOVATION_EDIT = "innovation.edit"
    INNOVATION_REVIEW = "innovation.review"
    # Labour competitions (劳动竞赛, competitions/): read those organized or joined in reach; organize them,
    # enter a participant's results, verify them
    COMPETITION_VIEW = "competition.view"
    COMPETITION_MANAGE = "competition.manage"


_READ_TREE = {Cap.ORG_VIEW, Cap.EMPLOYER_VIEW}
_MEMBERS = {Cap.MEMBER_VIEW, Cap.MEMBER_EDIT, Cap.MEMBER_UNMASK}
_RIGHTS_UNION = {Cap.RIGHTS_VIEW, Cap.RIGHTS_HANDLE, Cap.RISK_REPORT}
_RIGHTS_FEDERATION = _RIGHTS_UNION | {Cap.RISK_ACKNOWLEDGE}
_RESPONSIBILITY = {Cap.RESPONSIBILITY_VIEW, Cap.RESPONSIBILITY_MANAGE}
_TASKS = {Cap.TASK_VIEW, Cap.TASK_MANAGE}
_PANELS = {Cap.PANEL_VIEW, Cap.PANEL_MANAGE}
_INNOVATION_UNION = {Cap.INNOVATION_VIEW, Cap.INNOVATION_EDIT}
_INNOVATION_FEDERATION = _INNOVATION_UNION | {Cap.INNOVATION_REVIEW}
_COMPETITIONS = {Cap.COMPETITION_VIEW, Cap.COMPETITION_MANAGE}
_ASSIST_FILE = {Cap.ASSISTANCE_VIEW, Cap.ASSISTANCE_EDIT, Cap.ASSISTANCE_SENSITIVE, Cap.FUNDS_VIEW}
# Upper federations verify archives, hold and allocate budgets, approve and pay, issue cards.
_ASSIST_FEDERATION = _ASSIST_FILE | {
    Cap.ASSISTANCE_VERIFY,
    Cap.FUNDS_MANAGE,
    Cap.DISBURSEMENT_APPROVE,
    Cap.CARD_MANAGE,
}

ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.CITY_ADMIN: frozenset(
        _READ_TREE
        | _MEMBERS
        | {Cap.ORG_EDIT, Cap.ORG_STRUCTURE, Cap.EMPLOYER_EDIT, Cap.AUDIT_VIEW, Cap.USER_MANAGE}
        | {Cap.COVERAGE_VIEW, Cap.COVERAGE_MANAGE}
        | _ASSIST_FEDERATION
        | {Cap.PROGRAMME_CONFIG}
        | _RIGHTS_FEDERATION
        | _RESPONSIBILITY
        | _TASKS
        | _PANELS
        | _INNOVATION_FEDERATION
        | _COMPETITIONS
    ),
    Role.FEDERATION_CADRE: frozenset(
        _READ_TREE
        | _MEMBERS
        | {Cap.ORG_EDIT, Cap.ORG_STRUCTURE, Cap.EMPLOYER_EDIT, Cap.COVERAGE_VIEW, Cap.COVERAGE_MANAGE}
        | _ASSIST_FEDERATION
        | _RIGHTS_FEDERATION
        | _RESPONSIBILITY
        | _TASKS
        | _PANELS
        | _INNOVATION_FEDERATION
        | _COMPETITIONS
    ),
    # A grassroots union sees who answers for it (and its own fixed point's visits), assigns nobody;
    # it reads the supervised tasks that concern it, which federations open and supervise.
    Role.GRASSROOTS_STAFF: frozenset(
        _READ_TREE
        | _MEMBERS
        | {Cap.ORG_EDIT, Cap.EMPLOYER_EDIT, Cap.COVERAGE_VIEW, Cap.RESPONSIBILITY_VIEW, Cap.TASK_VIEW}
        | _ASSIST_FILE
        | _RIGHTS_UNION
        | _INNOVATION_UNION
        | _COMPETITIONS
    ),
    # 四个第一人: the information officer is the first to know and to report.
    Role.INFO_OFFICER: frozenset(_READ_TREE | {Cap.RISK_REPORT}),
    Role.REVIEWER: frozenset(
        _READ_TREE
        | {Cap.MEMBER_VIEW, Cap.AUDIT_VIEW, Cap.COVERAGE_VIEW, Cap.ASSISTANCE_VIEW, Cap.FUNDS_VIEW, Cap.RIGHTS_VIEW}
        | {Cap.RESPONSIBILITY_VIEW, Cap.TASK_VIEW, Cap.PANEL_VIEW, Cap.INNOVATION_VIEW, Cap.COMPETITION_VIEW}
    ),
    # A merchant redeems cards of households in its grant's subtree and reads its own statements; nothing
    # in the tree, no archive, no person.
    Role.MERCHANT: frozenset({Cap.CARD_REDEEM}),
    # A worker sees themselves through the portal, never the tree.
    Role.WORKER: frozenset(),
    # A department's liaison holds nothing in the tree: its own department's supervised tasks are found
    # through its supervision.Liaison row (supervision/selectors.py), never through the grant.
    Role.DEPARTMENT_LIAISON: frozenset(),
    # Users, keys, backups, the audit trail; the tree's shape but no personal data.
    Role.SYSTEM_ADMIN: frozenset({Cap.ORG_VIEW, Cap.AUDIT_VIEW, Cap.USER_MANAGE}),
}


# When a user may not `cap` somewhere they can see, the answer is 403; where they cannot even see, 404.
# This maps each write capability to the read capability that decides between the two.
VISIBILITY_OF: dict[Cap, Cap] = {
    Cap.ORG_EDIT: Cap.ORG_VIEW,
    Cap.ORG_STRUCTURE: Cap.ORG_VIEW,
    Cap.EMPLOYER_EDIT: Cap.EMPLOYER_VIEW,
    Cap.USER_MANAGE: Cap.ORG_VIEW,
    Cap.MEMBER_EDIT: Cap.MEMBER_VIEW,
    Cap.MEMBER_UNMASK: Cap.MEMBER_VIEW,
    Cap.COVERAGE_MANAGE: Cap.COVERAGE_VIEW,
    Cap.ASSISTANCE_EDIT: Cap.ASSISTANCE_VIEW,
    Cap.ASSISTANCE_VERIFY: Cap.ASSISTANCE_VIEW,
    Cap.ASSISTANCE_SENSITIVE: Cap.ASSISTANCE_VIEW,
    Cap.PROGRAMME_CONFIG: Cap.ASSISTANCE_VIEW,
    Cap.FUNDS_MANAGE: Cap.FUNDS_VIEW,
    Cap.DISBURSEMENT_APPROVE: Cap.FUNDS_VIEW,
    Cap.CARD_MANAGE: Cap.ASSISTANCE_VIEW,
    Cap.RIGHTS_HANDLE: Cap.RIGHTS_VIEW,
    Cap.RISK_ACKNOWLEDGE: Cap.RIGHTS_VIEW,
    Cap.RISK_REPORT: Cap.RIGHTS_VIEW,  # a reviewer reads risk reports, so filing one is 403, not 404
    Cap.RESPONSIBILITY_MANAGE: Cap.RESPONSIBILITY_VIEW,
    Cap.TASK_MANAGE: Cap.TASK_VIEW,
    Cap.PANEL_MANAGE: Cap.PANEL_VIEW,
    Cap.INNOVATION_EDIT: Cap.INNOVATION_VIEW,
    Cap.INNOVATION_REVIEW: Cap.INNOVATION_VIEW,
    Cap.COMPETITION_MANAGE: Cap.COMPETITION_VIEW,
}


@dataclass(frozen=True)
class Reach:
    """The org paths where a user holds a capability (each path reaches its whole subtree)."""

    paths: tuple[str, ...]

    def covers(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths)

    def q(self, path_field: str = "path") -> Q:
        if not self.paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_field}__startswith": p}) for p in self.paths))


# The change counts (core/versions.py) a user's grants and reach are read from: a figure that depends on
# whom it is shown to is cached under these as well as its own tables' topics.
GRANT_TOPICS = ("grants", "units")


def _grants(user: Any) -> list[Grant]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    held = getattr(user, "_unionhall_grants", None)
    if held is None:
        # Kept across requests until a grant or a unit changes; the account itself (is_active) is read anew
        # by every request's authentication. The grants are shared: nobody changes them.
        held = versions.cached("grants", GRANT_TOPICS, user.pk, lambda: _read_grants(user))
        user._unionhall_grants = held
    return held


def _read_grants(user: Any) -> list[Grant]:
    return list(Grant.objects.filter(user=user).select_related("org").filter(org__status="active"))


def roles_of(user: Any) -> set[str]:
    return {g.role for g in _grants(user)}


def grants_of(user: Any) -> list[Grant]:
    return list(_grants(user))


def reach(user: Any, cap: Cap) -> Reach:
    if isinstance(user, SystemActor):
        return Reach(("",))  # commands and jobs act for the whole installation
    paths = sorted({g.org.path for g in _grants(user) if cap in ROLE_CAPABILITIES.get(g.role, frozenset())})
    # A path inside another listed path adds nothing; dropping it keeps the SQL short.
    minimal: list[str] = []
    for p in paths:
        if not any(p.startswith(m) for m in minimal):
            minimal.append(p)
    return Reach(tuple(minimal))


def holds_at_root(user: Any, cap: Cap) -> bool:
    """Whether the user holds `cap` over the whole tree (a grant at the root): who may change the city's
    own settings, programmes and card types."""
    return any(len(p) == OrgUnit.steplen for p in reach(user, cap).paths)


def has_cap_anywhere(user: Any, cap: Cap) -> bool:
    return bool(reach(user, cap).paths)


def require_cap_anywhere(user: Any, *caps: Cap, seen: Cap | None = None) -> None:
    """A page that is not about one row: open to who holds any of `caps` somewhere. Anyone else gets 404,
    as for a page that does not exist, except who holds `seen` (the module's reading capability): 403,
    they see the module but may not do this."""
    if any(has_cap_anywhere(user, cap) for cap in caps):
        return
    if seen is not None and has_cap_anywhere(user, seen):
        raise PermissionDenied()
    raise NotFound()


def needs(*caps: Cap, seen: Cap | None = None) -> Callable[[Any], None]:
    """`require_cap_anywhere` as a list page's guard (core/listpage.py)."""
    return lambda user: require_cap_anywhere(user, *caps, seen=seen)


def holds_at_federation(user: Any, cap: Cap) -> bool:
    """Whether the user holds `cap` at a federation (city, district, town, industry union): the pages of
    what only federations keep — budgets, the joint meeting's agenda — mean nothing to a grassroots union."""
    return any(g.org.is_federation and cap in ROLE_CAPABILITIES.get(g.role, frozenset()) for g in _grants(user))


def orgs_with(user: Any, cap: Cap) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(reach(user, cap).q("path"))


def scope_queryset[M: models.Model](
    user: Any, cap: Cap, qs: QuerySet[M], org_field: str | tuple[str, ...]
) -> QuerySet[M]:
    """`qs` narrowed to rows whose org lies in reach.

    `org_field` names the FK to OrgUnit ("path" for OrgUnit itself); a tuple names several, any of which
    may place the row in reach (an employer is seen by its territory's federation and by its union).
    """
    r = reach(user, cap)
    if isinstance(org_field, str):
        return qs.filter(r.q("path" if org_field == "path" else f"{org_field}__path"))
    return qs.filter(pointing_into(org_field, r.q("path")))


# An employer is in reach of its territory's federation and of the union that covers it.
EMPLOYER_SCOPE = ("org", "union")


def employers_under(unit: OrgUnit) -> Q:
    """Employers placed in `unit`'s subtree by their territory or by their union."""
    return pointing_into(EMPLOYER_SCOPE, Q(path__startswith=unit.path))


def pointing_into(fields: Sequence[str], units: Q) -> Q:
    """Rows any of whose FKs to OrgUnit (`fields`) points at a unit matching `units`.

    `a.path LIKE … OR b.path LIKE …` over two joins reads every row of both joins (the employer list: 20–35 ms
    at city scale even for a town, docs/performance.md). Here the units are found once through the path
    index and each FK is looked up in that set (12–16 ms). A UNION of one index scan per FK was tried and is
    worse for a wide reach: the planner scans the table for the territory side anyway."""
    ids = OrgUnit.objects.filter(units).values("pk")
    return reduce(or_, (Q(**{f"{f}__in": ids}) for f in fields))


def scope_with_shares[M: models.Model](
    user: Any, cap: Cap, qs: QuerySet[M], org_field: str, shares: QuerySet[Any], share_field: str
) -> QuerySet[M]:
    """`qs` narrowed to rows whose org lies in reach, or that are explicitly shared with a unit in reach
    (a two-way rights case, PRODUCT.md §2): `shares` are the live share rows (each with an `org`), and
    `share_field` names their link to the row. A revoked share is simply not among `shares`."""
    r = reach(user, cap)
    shared = shares.filter(r.q("org__path")).values(share_field)
    return qs.filter(r.q(f"{org_field}__path") | Q(pk__in=shared))


def scope_paths[M: models.Model](user: Any, cap: Cap, qs: QuerySet[M], path_field: str) -> QuerySet[M]:
    """For rows that keep a copy of the org path (audit events), filter on that copy.

    Rows tied to no unit (logins, tokens) belong to the whole city: only a reach over a root sees them.
    """
    condition = reach(user, cap).q(path_field)
    if holds_at_root(user, cap):
        condition |= Q(**{path_field: ""})
    return qs.filter(condition)


def get_for_user_or_404[M: models.Model](
    user: Any, cap: Cap, qs: QuerySet[M], pk: Any, org_field: str | tuple[str, ...]
) -> M:
    return get_seen_or_404(user, cap, scope_queryset(user, cap, qs, org_field), pk)


def get_seen_or_404[M: models.Model](user: Any, cap: Cap, seen: QuerySet[M], pk: Any) -> M:
    """One row of `seen`, the rows the user may see under `cap` by whatever rule the module keeps (an
    organizer's or a participant's, not only an org field's scope); a row out of sight answers like a
    missing one, and the refusal is recorded against the row's org."""
    try:
        return seen.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        _audit_out_of_scope(user, cap, seen, pk)
        raise NotFound() from None


def _audit_out_of_scope(user: Any, cap: Cap, qs: QuerySet[Any], pk: Any) -> None:
    """Record the refusal when the object exists but lies outside the user's reach."""
    try:
        obj = qs.model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError):
        return
    if obj is not None:
        org = obj if isinstance(obj, OrgUnit) else getattr(obj, "org", None)
        record_refusal(actor=user, action=f"access.{cap}", org=org, obj=obj, reason="not_found: 超出权限范围")


def org_for_user_or_404(user: Any, pk: Any, cap: Cap = Cap.ORG_VIEW) -> OrgUnit:
    return get_for_user_or_404(user, cap, OrgUnit.objects.all(), pk, "path")


def require(
    user: Any,
    cap: Cap,
    org: OrgUnit | Sequence[OrgUnit | None],
    *,
    obj: models.Model | None = None,
    seen_from: Sequence[OrgUnit] = (),
    denied: str | None = None,
) -> None:
    """Refuse unless the user holds `cap` at `org` (or at any of several units the record belongs to).

    Out of sight → NotFound; in sight but not allowed for the role → PermissionDenied (with `denied` as
    the message, when given). Both are audited. `seen_from` names units through which the record is in
    sight without being theirs to act on — the units a two-way case is shared with (scope_with_shares) —
    so a user there is refused with 403, not 404.
    """
    units = [org] if isinstance(org, OrgUnit) else [u for u in org if u is not None]
    if any(reach(user, cap).covers(u.path) for u in units):
        return
    visible = any(reach(user, VISIBILITY_OF.get(cap, cap)).covers(u.path) for u in [*units, *seen_from])
    record_refusal(
        actor=user,
        action=f"access.{cap}",
        org=units[0] if units else None,
        obj=obj,
        reason=f"permission_denied: {denied or '角色无此权限'}" if visible else "not_found: 超出权限范围",
    )
    if visible:
        raise PermissionDenied(denied)
    raise NotFound()


def visible_roots(user: Any, cap: Cap = Cap.ORG_VIEW) -> list[OrgUnit]:
    """The top units of the user's reach, for the tree browser and the scope banner."""
    paths = reach(user, cap).paths
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


def ancestors_in_reach(user: Any, unit: OrgUnit, cap: Cap = Cap.ORG_VIEW) -> list[OrgUnit]:
    """The breadcrumb: the unit's ancestors the user may see, then the unit itself."""
    r = reach(user, cap)
    visible = [p for p in path_chain(unit.path) if r.covers(p)]
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=visible)}
    return [by_path[p] for p in visible if p in by_path]


# --- who holds a capability at a unit -----------------------------------------------------------------


# Pages name each holder with their unit and role (orgs.people.person_label): their grants come along in one
# more query instead of one per person.
_THEIR_GRANTS = models.Prefetch("user__grants", queryset=Grant.objects.select_related("org"))


def roles_with(cap: Cap) -> list[str]:
    """The roles whose capabilities include `cap`."""
    return [role for role, caps in ROLE_CAPABILITIES.items() if cap in caps]


def holders(org: OrgUnit, cap: Cap, *, or_above: bool = False) -> list[Any]:
    """The active users who hold `cap` at `org` through a grant there — "who answers for this here" (the case
    handlers of a union, the federation that acknowledges a risk report). With `or_above`, grants at the unit's
    ancestors count too, the nearest unit first (whom a case may be assigned to)."""
    units = Q(org__path__in=path_chain(org.path)) if or_above else Q(org=org)
    grants = (
        Grant.objects.filter(units, role__in=roles_with(cap), user__is_active=True)
        .select_related("user", "org")
        .prefetch_related(_THEIR_GRANTS)
        .order_by("-org__depth", "user__username")
    )
    return list({g.user_id: g.user for g in grants}.values())


class Holders:
    """`holders` for many units at once: the grants of `roles` loaded in one query, then for any path the users
    at the nearest unit on its chain that has any (a city's worth of 三同步 rows asks this 20,000 times)."""

    def __init__(self, roles: Sequence[str]) -> None:
        self.by_path: dict[str, list[Any]] = {}
        grants = (
            Grant.objects.filter(role__in=roles, org__status=OrgStatus.ACTIVE, user__is_active=True)
            .select_related("user", "org")
            .prefetch_related(_THEIR_GRANTS)
            .order_by("org__path", "user__username")
        )
        for g in grants:
            self.by_path.setdefault(g.org.path, []).append(g.user)

    def nearest(self, path: str) -> list[Any]:
        for end in range(len(path), 0, -OrgUnit.steplen):
            found = self.by_path.get(path[:end])
            if found:
                return found
        return []

    def answered_by(self, user_id: int, path_field: str = "path") -> Q:
        """Rows whose unit (`path_field`) is answered for by `user_id`, i.e. whose `nearest` holds them: under a
        unit where they hold a grant and not under any unit below it with holders of its own. The same rule
        as `nearest`, as one filter for the database."""
        held = [p for p, users in self.by_path.items() if any(u.pk == user_id for u in users)]
        condition = Q(pk__in=[])
        for top in held:
            below = sorted(p for p in self.by_path if p.startswith(top) and p != top)
            # Only the highest of the units below: those under them are already excluded.
            outer: list[str] = []
            for p in below:
                if not any(p.startswith(o) for o in outer):
                    outer.append(p)
            mine = Q(**{f"{path_field}__startswith": top})
            for p in outer:
                mine &= ~Q(**{f"{path_field}__startswith": p})
            condition |= mine
        return condition
