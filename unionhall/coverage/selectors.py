"""Reads of coverage, always scoped through access.py: rates rolled up the tree, the 三同步 lists, overdue
committee elections, organizing tasks and who answers for them.

`coverage_tree` computes every node of a subtree at once: one statement gives each unit its own counts
(members from the database-kept MemberTally, employers grouped), one more the villages, and a roll-up in
Python over the materialized paths, deepest first. No query runs per node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.core import versions
from unionhall.core.dates import DayNumber, day_number, from_day_number
from unionhall.core.errors import NotFound
from unionhall.core.filters import given, under
from unionhall.core.paging import Codepoints, PagedRows, pinyin
from unionhall.coverage.attribution import VILLAGE_UNION_KINDS, villages_in
from unionhall.coverage.models import CoverageSettings, CoverageSnapshot, OrganizingTask, TaskKind, TaskStatus
from unionhall.members.models import OPEN_STATUSES, Membership, MemberTally
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Division, Employer, OrgLevel, OrgStatus, OrgUnit, path_chain
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.rollup import totals_up_the_tree
from unionhall.responsibility.answers import Answer, Answers, who_answers
from unionhall.responsibility.models import ORGANIZING

# An employer is in coverage scope for its territory's unit and for the union that covers it.


def rate(part: int, whole: int) -> Decimal | None:
    """part / whole to four places (0.6667), or None when there is nothing to measure."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


class Rate:
    """A rate of two of the counts, read like a field: `part` / `whole` (see `rate`)."""

    def __init__(self, part: str, whole: str) -> None:
        self.part, self.whole = part, whole

    def __get__(self, counts: Counts, owner: type | None = None) -> Decimal | None:
        return rate(getattr(counts, self.part), getattr(counts, self.whole))


@dataclass(slots=True)
class Counts:
    employers: int = 0  # employers at or above the size threshold (at employer.org)
    employers_covered: int = 0  # … of which covered by a union
    covered_employees: int = 0  # employees of covered employers (at employer.union)
    members: int = 0  # open memberships: 在会 and 保留会籍 (at membership.org)
    platform_members: int = 0  # … of which in a new employment form (新就业形态)
    villages: int = 0  # administrative villages (at their territorial federation)
    villages_with_union: int = 0
    communities: int = 0
    communities_with_union: int = 0

    def add(self, other: Counts) -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def copy(self) -> Counts:
        return Counts(**self.as_dict())

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_FIELDS}

    unionization_rate = Rate("employers_covered", "employers")
    membership_rate = Rate("members", "covered_employees")
    village_rate = Rate("villages_with_union", "villages")
    community_rate = Rate("communities_with_union", "communities")

    def rates(self) -> dict[str, Decimal | None]:
        return {name: getattr(self, name) for name in RATE_NAMES}

    @property
    def is_empty(self) -> bool:
        return not any(self.as_dict().values())


COUNT_FIELDS = tuple(f.name for f in fields(Counts))
RATE_NAMES = tuple(name for name, attr in vars(Counts).items() if isinstance(attr, Rate))


@dataclass(slots=True)
class NodeCoverage:
    id: int
    path: str
    depth: int
    code: str
    name: str
    level: str
    kind: str
    status: str
    own_counts: list[int] = field(default_factory=lambda: [0] * len(COUNT_FIELDS))
    total_counts: list[int] = field(default_factory=lambda: [0] * len(COUNT_FIELDS))

    # Counts are made when asked for: a city tree has 20,000 nodes and a page shows a few dozen.
    @property
    def own(self) -> Counts:
        return Counts(*self.own_counts)

    @property
    def total(self) -> Counts:
        return Counts(*self.total_counts)

    @property
    def level_label(self) -> str:
        return str(OrgLevel(self.level).label)

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE


def _require_view(user: Any, unit: OrgUnit) -> None:
    if not access.reach(user, Cap.COVERAGE_VIEW).covers(unit.path):
        raise NotFound()


# Positions of the counts in the plain lists the roll-up adds up (lists are several times faster than objects).
_I = {name: i for i, name in enumerate(COUNT_FIELDS)}


def _own_counts_sql() -> str:
    """Every unit of a subtree with what it holds itself: one statement, one row per unit.

    Members come from MemberTally, which the database keeps exact; employers are grouped once. Written in
    SQL because the ORM cannot join the grouped employer rows to the units in one statement, and fetched
    with a plain cursor because building 20,000 rows through the ORM took longer than the query.
    """
    unit, employer, tally = OrgUnit._meta.db_table, Employer._meta.db_table, MemberTally._meta.db_table
    return f"""
        SELECT u.id, u.path, u.depth, u.code, u.name, u.level, u.kind, u.status,
               coalesce(eo.n, 0), coalesce(eo.covered, 0), coalesce(eu.employees, 0),
               coalesce(t.members, 0), coalesce(t.platform_members, 0)
        FROM {unit} u
        LEFT JOIN (
            SELECT org_id, count(*) AS n, count(union_id) AS covered
            FROM {employer} WHERE employee_count >= %s GROUP BY org_id
        ) eo ON eo.org_id = u.id
        LEFT JOIN (
            SELECT union_id, sum(employee_count) AS employees
            FROM {employer} WHERE union_id IS NOT NULL GROUP BY union_id
        ) eu ON eu.union_id = u.id
        LEFT JOIN {tally} t ON t.org_id = u.id
        WHERE u.path LIKE %s
    """  # noqa: S608 — table names from model meta; values are parameters


# What the tree is read from (core/versions.py): units, employers, the member tallies, villages.
TREE_TOPICS = ("units", "employers", "tally", "divisions")


def coverage_tree(user: Any, root: OrgUnit, *, cfg: CoverageSettings | None = None) -> dict[str, NodeCoverage]:
    """Own and rolled-up counts of every node in the subtree at `root`, keyed by path (in path order).

    The same for everyone who may see `root`, so kept per subtree until a unit, an employer, a member tally
    or a village changes: the dashboard, its drill-down and the API read it many times between two changes.
    The nodes are shared by every later request: read them, never change them."""
    _require_view(user, root)
    cfg = cfg or CoverageSettings.current()
    key = (root.path, cfg.size_threshold)
    return versions.cached("coverage_tree", TREE_TOPICS, key, lambda: _read_tree(root, cfg))


def _read_tree(root: OrgUnit, cfg: CoverageSettings) -> dict[str, NodeCoverage]:
    with connection.cursor() as cursor:
        cursor.execute(_own_counts_sql(), [cfg.size_threshold, root.path + "%"])
        rows = cursor.fetchall()
    # Sorted here, not by the database: 20,000 paths sort in a few ms in Python, while ORDER BY spilled the
    # joined rows to disk under the default work_mem.
    rows.sort(key=itemgetter(1))
    nodes: dict[str, NodeCoverage] = {}
    for row in rows:
        own = [*row[8:], 0, 0, 0, 0]
        nodes[row[1]] = NodeCoverage(*row[:8], own_counts=own, total_counts=own)  # type: ignore[misc]
    by_id = {node.id: node for node in nodes.values()}
    for v in villages_in(root.path):
        # A unit created while this runs may own a village but is not among the units read: skipped.
        node = by_id.get(v.unit_id)
        if node is None:
            continue
        if v.kind == Division.Kind.VILLAGE:
            node.own_counts[_I["villages"]] += 1
            node.own_counts[_I["villages_with_union"]] += int(v.has_union)
        else:
            node.own_counts[_I["communities"]] += 1
            node.own_counts[_I["communities_with_union"]] += int(v.has_union)

    # The roll-up (orgs/rollup.py). Lists added with zip, not field by field: this runs once per node of the
    # city (20,000). Copies, so that a node's total never shares its own list.
    totals = totals_up_the_tree(
        {path: node.own_counts.copy() for path, node in nodes.items()},
        lambda a, b: [x + y for x, y in zip(a, b, strict=True)],
    )
    for path, node in nodes.items():
        node.total_counts = totals[path]
    return nodes


@dataclass
class CoverageView:
    """One node of the dashboard: the node, what sits at the node itself, and each child, rolled up."""

    node: NodeCoverage
    children: list[NodeCoverage]
    settings: CoverageSettings


def coverage_of(user: Any, unit: OrgUnit) -> CoverageView:
    cfg = CoverageSettings.current()
    tree = coverage_tree(user, unit, cfg=cfg)

    def children() -> list[NodeCoverage]:
        # Closed units hold nothing once merged or dissolved; they are listed only if something still counts
        # there, so that the node's total is always its own plus its children's.
        return [
            n
            for n in tree.values()
            if n.depth == unit.depth + 1 and n.path.startswith(unit.path) and (n.is_active or not n.total.is_empty)
        ]

    # Picking the children walks the whole subtree (20,000 nodes for the city): kept with the tree.
    key = (unit.path, cfg.size_threshold)
    listed = versions.cached("coverage_children", TREE_TOPICS, key, children)
    return CoverageView(node=tree[unit.path], children=listed, settings=cfg)


def snapshot_counts(nodes: Iterable[NodeCoverage], year: int) -> dict[int, Counts]:
    """The counts kept for `year` of the given nodes (already scoped by whoever listed them), by unit id; units
    without a snapshot that year are absent. One query for the whole page."""
    ids = [n.id for n in nodes]
    rows = CoverageSnapshot.objects.filter(org_id__in=ids, year=year).values_list("org_id", "figures")
    return {org_id: Counts(**{k: int(figures.get(k, 0)) for k in COUNT_FIELDS}) for org_id, figures in rows}


# --- who answers for a unit ---------------------------------------------------------------------------

# The cadres answerable for a unit's organizing work are the responsibility module's (包片·定点·管线, the line
# 组建): its fixed point, else the nearest area above it, else the federation's default.
ASSIGNABLE_ROLES = tuple(access.roles_with(Cap.COVERAGE_MANAGE))


def responsibility() -> Answers:
    """Who answers for organizing at every unit, loaded once; `nearest(path)` names them (none or one) and
    `answered_by(user)` filters the rows they answer for."""
    return Answers(ORGANIZING)


def task_answer(task: OrganizingTask) -> Answer | None:
    """Who answers for the organizing work at the task's unit, and on what basis (shown beside the assignee)."""
    return who_answers(task.org, ORGANIZING)


def assignable_users(task: OrganizingTask) -> list[User]:
    """Who may be given a task: a user holding a managing role at the task's unit or above it."""
    prefixes = path_chain(task.org.path)
    return list(
        User.objects.filter(
            is_active=True,
            grants__role__in=ASSIGNABLE_ROLES,
            grants__org__path__in=prefixes,
            grants__org__status=OrgStatus.ACTIVE,
        )
        .distinct()
        .prefetch_related(grants_prefetch())
        .order_by("username")
    )


# --- 三同步 -----------------------------------------------------------------------------------------


class SyncCheck:
    FOUND = "found"
    START = "start"
    JOIN = "join"
    LABELS = {FOUND: "同步建会", START: "同步开展工作", JOIN: "同步入会"}


@dataclass
class SyncRow:
    check: str
    employer: Employer
    due_on: date  # when it should have been done
    days: int  # days overdue: up to today while still missing, up to the late union's founding otherwise
    done_late_on: date | None
    members: int
    note: str
    cadres: list[User]

    @property
    def check_label(self) -> str:
        return SyncCheck.LABELS[self.check]


@dataclass
class SyncFilters:
    check: str = ""  # one of SyncCheck, or "" for all three
    org: OrgUnit | None = None  # its subtree (by territory or by covering union)
    cadre: int | None = None  # a user id


def _open_members(employer: Any) -> Any:
    """Open memberships of `employer` (an OuterRef), counted from the index alone (no member row is read)."""
    members = (
        Membership.objects.filter(employer=employer, status__in=OPEN_STATUSES)
        .order_by()
        .values("employer")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), 0)


def _sync_employers(user: Any, cfg: CoverageSettings, org: OrgUnit | None) -> QuerySet[Employer]:
    """The employers 三同步 checks, with what the checks read as aliases (in WHERE and CASE, never selected nor
    grouped by): day numbers of their dates, the scaled count of open members."""
    qs = access.scope_queryset(
        user,
        Cap.COVERAGE_VIEW,
        Employer.objects.filter(registered_on__gte=cfg.sync_since, employee_count__gte=cfg.size_threshold),
        access.EMPLOYER_SCOPE,
    )
    if org is not None:
        qs = qs.filter(access.employers_under(org))
    registered = DayNumber("registered_on")
    return qs.order_by().alias(
        _registered=registered,
        _opened=DayNumber("opened_on"),
        _founded=DayNumber("union__founded_on"),
        _deadline=registered + cfg.sync_found_days,
        _members_counted=_open_members(OuterRef("pk")) * _join_scale(cfg),
    )


# The three checks in SQL. Dates are day numbers (core/dates.py) so that a due date plus N days, days overdue
# and the latest of two dates are integer arithmetic on both engines. Each check is a condition on one
# employer and the due date, days and late date of its row; the list is their UNION ALL.


@dataclass(frozen=True)
class _Check:
    when: Q
    due: Any
    days: Any
    late: Any
    # The check also needs open members × scale below this (同步入会). Read per employer through a subquery
    # in the summary, through a grouped join in the page: as a subquery in WHERE the planner charges it to
    # every employer row, and past its cost threshold PostgreSQL spent ~140 ms compiling the page (JIT).
    members_below: Any = None


def _checks(cfg: CoverageSettings, today: date) -> dict[str, _Check]:
    now = Value(day_number(today))
    registered, opened, founded = F("_registered"), F("_opened"), F("_founded")
    deadline = F("_deadline")
    no_union = Q(union__isnull=True)
    # Members below the join rate, in integers: rate has two decimal places (CoverageSettings.sync_join_rate).
    needed = int(cfg.sync_join_rate * _join_scale(cfg))
    join_due = Greatest(Coalesce(opened, registered), Coalesce(founded, registered))
    return {
        SyncCheck.FOUND: _Check(
            when=(no_union & Q(_deadline__lt=now)) | Q(_founded__gt=deadline),
            due=deadline,
            days=Case(When(no_union, then=now - deadline), default=founded - deadline),
            late=founded,
        ),
        SyncCheck.START: _Check(
            when=Q(_opened__lte=now) & (no_union | Q(_founded__gt=opened)),
            due=opened,
            days=Case(When(no_union, then=now - opened), default=founded - opened),
            late=founded,
        ),
        SyncCheck.JOIN: _Check(
            # before opening nobody is hired yet; from when the business ran and the union existed, employees
            # should have joined as hired
            when=Q(union__isnull=False, employee_count__gt=0) & (Q(_opened__isnull=True) | Q(_opened__lte=now)),
            members_below=F("employee_count") * needed,
            due=join_due,
            days=Greatest(now - join_due, Value(0)),
            late=Value(None, output_field=IntegerField()),
        ),
    }


def _summary_condition(check: _Check) -> Q:
    if check.members_below is None:
        return check.when
    return check.when & Q(_members_counted__lt=check.members_below)


def _join_scale(cfg: CoverageSettings) -> int:
    return 10 ** max(0, -int(cfg.sync_join_rate.as_tuple().exponent))


# The sortable columns of the list (views.SYNC_SORTS names them), and its default order: due date, employer
# name (as Python orders text), id, check.
SYNC_COLUMNS = ("id", "miss", "due", "days", "late", "members", "employee_count", "name_cp", "name_py")
SYNC_ORDER = ("due", "name_cp", "id", "miss")


# What the summary is read from (core/versions.py): employers, units (founding dates, paths), memberships and
# the settings; the day and the reach are in its key.
SYNC_TOPICS = ("employers", "units", "members", "coverage_settings")


class SyncList(PagedRows[SyncRow]):
    """The 三同步 rows of one user's filters, paged, counted and ordered by the database.

    The summary (one grouped query: how many rows each territory unit has) gives the count and the cadres
    answerable for the rows, whom the filter form offers; the page is one UNION ALL of the three checks."""

    def __init__(self, user: Any, filters: SyncFilters, *, today: date | None = None, order: Sequence[Any] = ()):
        self.cfg = CoverageSettings.current()
        self.today = today or timezone.localdate()
        self.filters = filters
        self.order = order or SYNC_ORDER
        self.who_answers = responsibility()
        self.employers = _sync_employers(user, self.cfg, filters.org)
        self.reach = access.reach(user, Cap.COVERAGE_VIEW).paths
        self.checks = {
            name: check
            for name, check in _checks(self.cfg, self.today).items()
            if not filters.check or name == filters.check
        }
        super().__init__(self._union(), self._make)

    def _union(self) -> QuerySet[Any]:
        answered = self.employers
        if self.filters.cadre is not None:
            answered = answered.filter(self.who_answers.answered_by(self.filters.cadre, "org__path"))
        branches = [self._branch(answered, name, check) for name, check in self.checks.items()]
        rows = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        return rows.order_by(*self.order)

    def _branch(self, employers: QuerySet[Employer], name: str, check: _Check) -> QuerySet[Any]:
        """The rows of one check: SYNC_COLUMNS of the employers that miss it."""
        missing = employers.filter(check.when)
        if check.members_below is None:
            missing = missing.annotate(members=Cast(Value(None), IntegerField()))  # counted for the page's rows
        else:
            # Joined on the open memberships only, counting their employer column: the partial index
            # members_open_by_employer answers it without reading a membership row.
            joined = Count("_open__employer")
            missing = (
                missing.alias(_open=FilteredRelation("memberships", condition=Q(memberships__status__in=OPEN_STATUSES)))
                .annotate(members=joined)
                .alias(_members_scaled=joined * _join_scale(self.cfg))
                .filter(_members_scaled__lt=check.members_below)
            )
        return missing.annotate(
            miss=Value(name),
            due=check.due,
            days=check.days,
            late=check.late,
            name_cp=Codepoints("name"),
            name_py=pinyin("name"),
        ).values_list(*SYNC_COLUMNS)

    def answered_by(self, cadre: int) -> SyncList:
        """The same list, narrowed to the rows `cadre` answers for; the summary (already read) is shared."""
        narrowed = copy(self)
        narrowed.filters = replace(self.filters, cadre=cadre)
        narrowed.qs = narrowed._union()
        return narrowed

    @cached_property
    def summary(self) -> dict[str, int]:
        """Rows per territory unit's path, before the cadre filter: one pass over the employers (each counted
        as the number of checks it misses, so that their members are counted once).

        Kept, like the coverage tree, until an employer, a unit, a membership or the settings change: it is
        the same for every page and sort of one reach and filter, and counting the members of every checked
        employer is half of what a page costs the database."""
        org = self.filters.org
        key = (self.reach, self.filters.check, org.path if org is not None else None, self.today)
        return versions.cached("sync_summary", SYNC_TOPICS, key, self._read_summary)

    def _read_summary(self) -> dict[str, int]:
        misses = sum(
            (Case(When(_summary_condition(check), then=Value(1)), default=Value(0)) for check in self.checks.values()),
            start=Value(0),
        )
        grouped = self.employers.values("org__path").annotate(rows=Sum(misses)).values_list("org__path", "rows")
        return {path: n for path, n in grouped if n}

    def count(self) -> int:
        cadre = self.filters.cadre
        return sum(
            n
            for path, n in self.summary.items()
            if cadre is None or cadre in {c.pk for c in self.who_answers.nearest(path)}
        )

    def cadres(self) -> list[User]:
        """The cadres answerable for the rows (whatever the cadre filter)."""
        found: dict[int, User] = {}
        for path in self.summary:
            for c in self.who_answers.nearest(path):
                found.setdefault(c.pk, c)
        return list(found.values())

    def _make(self, rows: list[tuple[Any, ...]]) -> list[SyncRow]:
        # The 同步入会 rows bring their members; the others' are counted here, for those rows only.
        uncounted = [r[0] for r in rows if r[5] is None]
        employers = (
            Employer.objects.select_related("org", "union")
            .annotate(open_members=Case(When(pk__in=uncounted, then=_open_members(OuterRef("pk"))), default=None))
            .in_bulk([r[0] for r in rows])
        )
        out = []
        for pk, check, due, days, late, counted, *_ in rows:
            e = employers.get(pk)
            if e is None:  # deleted between the two queries
                continue
            members = e.open_members if counted is None else counted
            late_on = from_day_number(late) if late is not None else None
            note = _sync_note(check, e, late_on, members, self.cfg)
            cadres = self.who_answers.nearest(e.org.path)
            out.append(SyncRow(check, e, from_day_number(due), days, late_on, members, note, cadres))
        return out


def _sync_note(check: str, e: Employer, late_on: date | None, members: int, cfg: CoverageSettings) -> str:
    if check == SyncCheck.FOUND:
        return "尚未建会" if late_on is None else f"工会 {late_on:%Y-%m-%d} 成立，逾期建会"
    if check == SyncCheck.START:
        return "开业时未建会，至今未建" if late_on is None else f"工会 {late_on:%Y-%m-%d} 成立，晚于开业"
    share = rate(members, e.employee_count) or Decimal(0)
    return f"会员 {members} / 职工 {e.employee_count}（{share * 100:.1f}%，应不低于 {cfg.sync_join_rate * 100:.0f}%）"


def sync_rows(user: Any, filters: SyncFilters, *, today: date | None = None) -> list[SyncRow]:
    """Employers registered since the configured day that miss a 三同步 check, oldest first (every row: pages
    read `SyncList` a page at a time)."""
    return list(SyncList(user, filters, today=today))


# --- committee elections --------------------------------------------------------------------------

CHAIRED_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.JOINT)


class ElectionProblem:
    OVERDUE = "overdue"
    NO_CHAIR = "no_chair"
    LABELS = {OVERDUE: "届满未换届", NO_CHAIR: "未配备主席"}


@dataclass
class ElectionRow:
    unit: OrgUnit
    overdue_days: int | None
    no_chair: bool
    cadres: list[User]

    @property
    def problems(self) -> list[str]:
        out = []
        if self.overdue_days is not None:
            out.append(ElectionProblem.LABELS[ElectionProblem.OVERDUE])
        if self.no_chair:
            out.append(ElectionProblem.LABELS[ElectionProblem.NO_CHAIR])
        return out


@dataclass
class ElectionFilters:
    problem: str = ""  # ElectionProblem.OVERDUE, NO_CHAIR or "" for both
    org: OrgUnit | None = None
    level: str = ""


# The sortable columns and the default order of the election list: longest overdue first, then by path.
ELECTION_ORDER = (F("overdue_days").desc(nulls_last=True), "path")


def election_list(
    user: Any, filters: ElectionFilters, *, today: date | None = None, order: Sequence[Any] = ()
) -> PagedRows[ElectionRow]:
    """届满未换届 (any active unit whose term has run out) and unions without a chair, longest overdue first;
    paged, counted and ordered by the database."""
    today = today or timezone.localdate()
    overdue = Q(term_ends_on__lt=today)
    no_chair = Q(chair_name="", level__in=CHAIRED_LEVELS)
    condition = {ElectionProblem.OVERDUE: overdue, ElectionProblem.NO_CHAIR: no_chair}.get(
        filters.problem, overdue | no_chair
    )
    qs = access.scope_queryset(
        user, Cap.COVERAGE_VIEW, OrgUnit.objects.filter(condition, status=OrgStatus.ACTIVE), "path"
    )
    if filters.org is not None:
        qs = qs.filter(path__startswith=filters.org.path)
    if filters.level:
        qs = qs.filter(level=filters.level)
    qs = qs.annotate(
        overdue_days=Case(
            When(overdue, then=Value(day_number(today)) - DayNumber("term_ends_on")),
            default=None,
            output_field=IntegerField(),
        ),
        no_chair=ExpressionWrapper(no_chair, output_field=BooleanField()),
    ).order_by(*(order or ELECTION_ORDER))
    who_answers: Answers | None = None

    def make(units: list[Any]) -> list[ElectionRow]:
        nonlocal who_answers
        who_answers = who_answers or responsibility()  # once, and only when rows are read
        return [ElectionRow(u, u.overdue_days, u.no_chair, who_answers.nearest(u.path)) for u in units]

    return PagedRows(qs, make)


def election_rows(user: Any, filters: ElectionFilters, *, today: date | None = None) -> list[ElectionRow]:
    """Every row of `election_list`."""
    return list(election_list(user, filters, today=today))


# --- organizing tasks ------------------------------------------------------------------------------


@dataclass
class TaskFilters:
    status: str = TaskStatus.OPEN  # "" for all
    kind: str = ""
    org: OrgUnit | None = None
    assignee: int | None = None


def _tasks(user: Any, filters: TaskFilters) -> QuerySet[OrganizingTask]:
    """The tasks in the user's sight that the filters keep, bare: what the list and its count share."""
    qs = access.scope_queryset(user, Cap.COVERAGE_VIEW, OrganizingTask.objects.all(), "org")
    return under(given(qs, status=filters.status, kind=filters.kind, assignee_id=filters.assignee), filters.org)


def task_list(user: Any, filters: TaskFilters) -> QuerySet[OrganizingTask]:
    qs = _tasks(user, filters)
    village_union = OrgUnit.objects.filter(
        division_id=OuterRef("division_id"),
        level=OrgLevel.GRASSROOTS,
        kind__in=VILLAGE_UNION_KINDS,
        status=OrgStatus.ACTIVE,
    )
    # Whether the new union already exists, so the list can say the task is ready to close.
    return (
        qs.select_related("employer", "employer__union", "division", "org", "assignee", "closing_union")
        .annotate(village_union_exists=Exists(village_union))
        .order_by("-status", "created_at", "id")  # open before closed
    )


def open_task_count(user: Any, unit: OrgUnit) -> int:
    """The open tasks under `unit` in the user's reach, as the dashboard's link counts them: kept until a
    task or a grant changes (core/versions.py), without the list's joins."""
    return versions.count(_tasks(user, TaskFilters(org=unit)))


def task_for_user_or_404(user: Any, pk: Any) -> OrganizingTask:
    return access.get_for_user_or_404(
        user,
        Cap.COVERAGE_VIEW,
        OrganizingTask.objects.select_related("employer", "employer__union", "division", "org", "assignee"),
        pk,
        "org",
    )


def task_ready(task: OrganizingTask) -> bool:
    """The union the task asks for exists: the employer is covered, or the village has an active union."""
    if task.kind == TaskKind.EMPLOYER:
        return task.employer is not None and task.employer.union_id is not None
    annotated = getattr(task, "village_union_exists", None)
    if annotated is not None:
        return bool(annotated)
    return village_unions(task.division_id or "").exists()


def village_unions(code: str) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        division_id=code, level=OrgLevel.GRASSROOTS, kind__in=VILLAGE_UNION_KINDS, status=OrgStatus.ACTIVE
    ).order_by("path")
