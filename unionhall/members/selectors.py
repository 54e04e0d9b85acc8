"""Reads of members, always scoped through access.py: the list with search and filters, and one member."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.db.models.lookups import StartsWith

from unionhall.core import versions
from unionhall.core.filters import given, under
from unionhall.core.normalize import compact
from unionhall.core.pii import blind_index, last4_index
from unionhall.members.models import OPEN_STATUSES, Membership, MemberTally, TransferRequest
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit

_ID_LIKE = re.compile(r"^\d{17}[\dX]$")
_MEMBER_NO = re.compile(r"^GH\d{10}$")
# The last four characters of an ID number, as staff read them off a card (the last may be X).
_LAST4 = re.compile(r"^\d{3}[\dX]$")


@dataclass
class MemberFilters:
    q: str = ""
    org: OrgUnit | None = None  # its subtree
    status: str = ""  # a status, "open" (在会 + 保留会籍), or "" for all
    employment_form: str = ""
    migrant: bool | None = None
    joined_from: date | None = None
    joined_to: date | None = None


def search_condition(q: str) -> Q:
    """What a search box means: an ID number (exact, by keyed hash), its last four characters (by their
    own keyed hash; four digits also match a phone's start), a member number, a phone number, pinyin
    initials, or the start of the name or of the given name."""
    text = compact(q).upper()
    if not text:
        return Q()
    if _ID_LIKE.match(text):
        return Q(person__id_number_hash=blind_index(text))
    if _MEMBER_NO.match(text):
        return Q(member_no=text)
    if _LAST4.match(text):
        last4 = Q(person__id_number_last4_hash=last4_index(text))
        return last4 | Q(person__phone__startswith=text) if text.isdigit() else last4
    if text.isdigit():
        return Q(person__phone=text) if len(text) >= 11 else Q(person__phone__startswith=text)
    if text.isascii() and text.isalpha():
        # The membership's copy of the initials, indexed beside its union: the searcher's reach is checked on
        # the index entry, not on each person of the city who shares the initials (docs/performance.md).
        return Q(name_initials__startswith=text.lower())
    # The start of the name or of the given name (张三丰 by 张三 or 三丰), each answered by a prefix index;
    # a substring in the middle would scan every person of a city.
    name = q.strip()
    return Q(person__name__startswith=name) | Q(StartsWith(Substr("person__name", 2), name))


# A search names people; more matches than this means the words typed were too few (one surname):
# the list says so instead of paging through them.
SEARCH_LIMIT = 200
# A filtered list with at most this many rows is fetched by id first and then ordered (see member_list).
SMALL_LIST = 10_000


def member_list(user: Any, filters: MemberFilters) -> QuerySet[Membership]:
    qs = access.scope_queryset(user, Cap.MEMBER_VIEW, Membership.objects.all(), "org")
    qs = under(qs, filters.org)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    qs = given(qs, person__employment_form=filters.employment_form, person__is_migrant=filters.migrant)
    qs = given(qs, joined_on__gte=filters.joined_from, joined_on__lte=filters.joined_to)
    if filters.q:
        qs = qs.filter(search_condition(filters.q))
    return qs.select_related("person", "org", "employer").order_by("org__path", "person__name", "id")


@dataclass
class MemberListing:
    """What the member list page shows: its rows, their count when known cheaply, and whether there were
    more matches than the page lets one browse (then the page says so and the export gives them all)."""

    rows: QuerySet[Membership]
    count: int | None = None
    more: bool = False


def _by_ids(ids: list[int]) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(pk__in=ids)
        .select_related("person", "org", "employer")
        .order_by("org__path", "person__name", "id")
    )


def member_listing(user: Any, filters: MemberFilters) -> MemberListing:
    """member_list for the page, shaped for a city of a million members.

    In one statement PostgreSQL walks the whole city in path order looking for the few hundred 王伟 or
    the few thousand platform workers, who sit in a few unions late in that order (370-520 ms at a
    million members). So a search, and a narrowing filter, first fetch the matching ids in no order and
    then order those rows (a few ms). A search stops at SEARCH_LIMIT matches: more means too little was
    typed. A filter keeping more than SMALL_LIST rows is left to the walk, which then finds a page at
    once, and browsing stops at SMALL_LIST rows instead of counting them all. The default list (open
    members) is counted from MemberTally.
    """
    qs = member_list(user, filters)
    if filters.q:
        ids = list(qs.order_by().values_list("id", flat=True)[:SEARCH_LIMIT])
        return MemberListing(_by_ids(ids), len(ids), more=len(ids) >= SEARCH_LIMIT)
    if filters.employment_form or filters.migrant is not None or filters.joined_from or filters.joined_to:
        ids = list(qs.order_by().values_list("id", flat=True)[: SMALL_LIST + 1])
        if len(ids) <= SMALL_LIST:
            return MemberListing(_by_ids(ids), len(ids))
        return MemberListing(qs, SMALL_LIST, more=True)
    return MemberListing(qs, open_member_count(user, filters))


def open_member_count(user: Any, filters: MemberFilters) -> int | None:
    """The count of the default list (open memberships, optionally under one unit) from MemberTally, or
    None when other filters apply. Counting a million memberships took longer than showing the page."""
    if filters.status != "open" or any(
        (filters.q, filters.employment_form, filters.migrant is not None, filters.joined_from, filters.joined_to)
    ):
        return None

    def count() -> int:
        qs = access.scope_queryset(user, Cap.MEMBER_VIEW, MemberTally.objects.all(), "org")
        if filters.org is not None:
            qs = qs.filter(org__path__startswith=filters.org.path)
        return int(qs.aggregate(n=Sum("members"))["n"] or 0)

    # Kept until the tally, the tree or the user's grants change (core/versions.py): the city's list sums
    # 20,000 unions' tallies, asked on every page of the default list.
    org = filters.org.pk if filters.org is not None else None
    return versions.kept("open_member_count", (getattr(user, "pk", None), org), count)


def member_for_user_or_404(user: Any, pk: Any, cap: Cap = Cap.MEMBER_VIEW) -> Membership:
    qs = Membership.objects.select_related("person", "org", "employer", "person__hukou_division")
    return access.get_for_user_or_404(user, cap, qs, pk, "org")


# --- transfer requests ------------------------------------------------------------------------------

TRANSFER_SCOPE = ("from_org", "to_org")


def transfer_requests_for(user: Any) -> QuerySet[TransferRequest]:
    """Requests the user may see: those of a sending or a receiving union in reach."""
    qs = TransferRequest.objects.select_related("person", "from_org", "to_org", "membership")
    return access.scope_queryset(user, Cap.MEMBER_VIEW, qs, TRANSFER_SCOPE)


def transfer_request_for_user_or_404(user: Any, pk: int) -> TransferRequest:
    return access.get_for_user_or_404(
        user,
        Cap.MEMBER_VIEW,
        TransferRequest.objects.select_related("person", "from_org", "to_org"),
        pk,
        TRANSFER_SCOPE,
    )


def transfers_to_decide(user: Any) -> QuerySet[TransferRequest]:
    """Pending requests waiting for this user's union to let a member go (the 待办 count)."""
    qs = TransferRequest.objects.filter(status=TransferRequest.Status.PENDING)
    return access.scope_queryset(user, Cap.MEMBER_EDIT, qs, "from_org")
