"""Reads of the hardship archives, always scoped through access.py: the list with filters, one archive,
the reminders (overdue and due-soon 年审 and follow-ups) and the archives in public notice under a unit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from unionhall.assistance.models import AssistanceSettings, FileStatus, HardshipFile
from unionhall.core import versions
from unionhall.core.filters import given, under
from unionhall.core.normalize import compact
from unionhall.core.pii import blind_index, last4_index
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.orgs.people import grants_prefetch

_ID_LIKE = re.compile(r"^\d{17}[\dX]$")
_FILE_NO = re.compile(r"^KN\d{6,}$")
_LAST4 = re.compile(r"^\d{3}[\dX]$")  # an ID number's last four characters, as read off a card


@dataclass
class ArchiveFilters:
    status: str = ""
    category: str = ""
    cause: str = ""
    org: OrgUnit | None = None  # its subtree
    q: str = ""  # a name (its start), an archive number, or a resident ID number (exact, by blind index)


def search_condition(q: str) -> Q:
    text = compact(q).upper()
    if not text:
        return Q()
    if _ID_LIKE.match(text):
        return Q(person__id_number_hash=blind_index(text))
    if _FILE_NO.match(text):
        return Q(no=text)
    if _LAST4.match(text):
        return Q(person__id_number_last4_hash=last4_index(text))
    if text.isascii() and text.isalpha():
        return Q(person__name_initials__startswith=text.lower())
    return Q(person__name__startswith=q.strip())


def _scoped(user: Any, cap: Cap = Cap.ASSISTANCE_VIEW) -> QuerySet[HardshipFile]:
    return access.scope_queryset(user, cap, HardshipFile.objects.all(), "org")


def _with_cause(qs: QuerySet[HardshipFile], cause: str) -> QuerySet[HardshipFile]:
    """JSON containment on PostgreSQL; SQLite has none, so there the JSON text is searched for the quoted
    code (codes are plain words, none inside another once quoted)."""
    if connection.features.supports_json_field_contains:
        return qs.filter(causes__contains=[cause])
    return qs.alias(causes_text=Cast("causes", TextField())).filter(causes_text__contains=f'"{cause}"')


def archive_list(user: Any, filters: ArchiveFilters | None = None) -> QuerySet[HardshipFile]:
    filters = filters or ArchiveFilters()
    qs = _scoped(user)
    qs = given(under(qs, filters.org), status=filters.status, category=filters.category)
    if filters.cause:
        qs = _with_cause(qs, filters.cause)
    if filters.q:
        qs = qs.filter(search_condition(filters.q))
    return qs.select_related("org", "person").order_by("-id")


def archive_for_user_or_404(user: Any, pk: Any, cap: Cap = Cap.ASSISTANCE_VIEW) -> HardshipFile:
    qs = HardshipFile.objects.select_related("org", "person", "employer")
    return access.get_for_user_or_404(user, cap, qs, pk, "org")


def history(file: HardshipFile) -> QuerySet[Any]:
    return file.events.select_related("actor").prefetch_related(grants_prefetch("actor__grants")).order_by("id")


# --- reminders -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadlines:
    """Cut-off dates for a day: an archive verified before `review_cutoff` is overdue for 年审, one verified
    before `review_soon` falls due within the reminder window (same for exits and follow-ups)."""

    today: date
    review_cutoff: date
    review_soon: date
    follow_up_cutoff: date
    follow_up_soon: date

    @classmethod
    def on(cls, today: date | None = None, cfg: AssistanceSettings | None = None) -> Deadlines:
        today = today or timezone.localdate()
        cfg = cfg or AssistanceSettings.current()
        review = today - timedelta(days=cfg.review_interval_days)
        follow = today - timedelta(days=cfg.follow_up_days)
        soon = timedelta(days=cfg.reminder_days)
        return cls(today, review, review + soon, follow, follow + soon)


def _reviews(user: Any, org: OrgUnit | None) -> QuerySet[HardshipFile]:
    qs = _scoped(user).filter(status=FileStatus.APPROVED)
    return qs.filter(org__path__startswith=org.path) if org is not None else qs


def _follow_ups(user: Any, org: OrgUnit | None) -> QuerySet[HardshipFile]:
    qs = _scoped(user).filter(status=FileStatus.EXITED, followed_up_on__isnull=True, exited_on__isnull=False)
    return qs.filter(org__path__startswith=org.path) if org is not None else qs


def overdue_reviews(user: Any, *, org: OrgUnit | None = None, today: date | None = None) -> QuerySet[HardshipFile]:
    """Approved archives whose last verification is older than the review interval: verified_on + interval
    < today (an archive never verified counts from its approval)."""
    d = Deadlines.on(today)
    cond = Q(verified_on__lt=d.review_cutoff) | Q(verified_on__isnull=True, approved_on__lt=d.review_cutoff)
    return _reviews(user, org).filter(cond).select_related("org", "person").order_by("verified_on", "id")


def due_soon_reviews(user: Any, *, org: OrgUnit | None = None, today: date | None = None) -> QuerySet[HardshipFile]:
    """Not yet overdue, but due within the reminder window (verified_on + interval <= today + reminder_days)."""
    d = Deadlines.on(today)
    cond = Q(verified_on__gte=d.review_cutoff, verified_on__lte=d.review_soon) | Q(
        verified_on__isnull=True, approved_on__gte=d.review_cutoff, approved_on__lte=d.review_soon
    )
    return _reviews(user, org).filter(cond).select_related("org", "person").order_by("verified_on", "id")


def overdue_follow_ups(user: Any, *, org: OrgUnit | None = None, today: date | None = None) -> QuerySet[HardshipFile]:
    """Exited archives without a follow-up visit: exited_on + follow_up_days < today."""
    d = Deadlines.on(today)
    qs = _follow_ups(user, org).filter(exited_on__lt=d.follow_up_cutoff)
    return qs.select_related("org", "person").order_by("exited_on", "id")


def due_soon_follow_ups(user: Any, *, org: OrgUnit | None = None, today: date | None = None) -> QuerySet[HardshipFile]:
    d = Deadlines.on(today)
    qs = _follow_ups(user, org).filter(exited_on__gte=d.follow_up_cutoff, exited_on__lte=d.follow_up_soon)
    return qs.select_related("org", "person").order_by("exited_on", "id")


@dataclass(frozen=True)
class ReminderCounts:
    overdue_reviews: int = 0
    overdue_follow_ups: int = 0
    due_reviews: int = 0
    due_follow_ups: int = 0

    @property
    def overdue(self) -> int:
        return self.overdue_reviews + self.overdue_follow_ups

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def reminder_counts(user: Any, *, org: OrgUnit | None = None, today: date | None = None) -> ReminderCounts:
    """The four counts in the user's scope (the archive list's banner), kept for the day until an archive,
    the settings, the tree or the user's grants change (core/versions.py): asked on every list page."""
    day = today or timezone.localdate()
    key = (getattr(user, "pk", None), org.pk if org is not None else None, day)
    return versions.kept("reminder_counts", key, lambda: _reminder_counts(user, org, day))


def _reminder_counts(user: Any, org: OrgUnit | None, today: date) -> ReminderCounts:
    return ReminderCounts(
        overdue_reviews=overdue_reviews(user, org=org, today=today).count(),
        overdue_follow_ups=overdue_follow_ups(user, org=org, today=today).count(),
        due_reviews=due_soon_reviews(user, org=org, today=today).count(),
        due_follow_ups=due_soon_follow_ups(user, org=org, today=today).count(),
    )


def reminders_by_org(user: Any, *, today: date | None = None) -> dict[str, dict[str, int]]:
    """{unit code: the four counts} for every unit in the user's scope with something overdue or due soon;
    what the `assistance_reminders` command prints."""
    lists = {
        "overdue_reviews": overdue_reviews(user, today=today),
        "overdue_follow_ups": overdue_follow_ups(user, today=today),
        "due_reviews": due_soon_reviews(user, today=today),
        "due_follow_ups": due_soon_follow_ups(user, today=today),
    }
    out: dict[str, dict[str, int]] = {}
    for key, qs in lists.items():
        for code, n in Counter(qs.values_list("org__code", flat=True)).items():
            out.setdefault(code, dict.fromkeys(lists, 0))[key] = n
    return dict(sorted(out.items()))


# --- public notice ---------------------------------------------------------------------------------


def notice_list(user: Any, org: OrgUnit) -> QuerySet[HardshipFile]:
    """Archives in public notice (公示中) in `org`'s subtree that the user may see, ordered for the printed
    public-notice list: by unit, then archive number. Each row has org and person loaded; show
    `person.name`, `person.id_number_masked`, `category`, `notice_starts_on`/`notice_ends_on`."""
    return (
        _scoped(user)
        .filter(status=FileStatus.NOTICE, org__path__startswith=org.path)
        .select_related("org", "person")
        .order_by("org__path", "no")
    )
