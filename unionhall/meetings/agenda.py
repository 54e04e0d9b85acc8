"""A joint meeting's agenda, read from the data (PRODUCT.md §3.11).

While a meeting is planned its agenda is assembled afresh at each look, for the host's subtree only (never a
sibling district's): open orange and red risk reports, the largest coverage gaps (employers at or above the
city's size threshold without a union, by employee count; villages and communities without a union), and
every resolution of the host's earlier meetings whose task is still open — overdue first. An overdue
resolution therefore stays on each next agenda until its task is closed. Items added by hand are rows from
the start. When the meeting is held the items read from the data are frozen into rows (`freeze`), so the
agenda and the minutes keep what was discussed even after the risks close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from unionhall.coverage.attribution import villages_in
from unionhall.coverage.models import CoverageSettings
from unionhall.meetings.models import AgendaItem, ItemKind, Meeting, MeetingStatus, Resolution
from unionhall.meetings.task_source import KIND
from unionhall.orgs.models import Employer, OrgUnit
from unionhall.rights import selectors as rights_selectors
from unionhall.rights.models import RiskReport
from unionhall.rights.risk_services import HIGH_LEVELS
from unionhall.supervision import selectors as tasks
from unionhall.workcalendar import workdays

# How many coverage gaps of each kind the agenda names: the largest, so the meeting discusses what matters.
GAPS = 10
# A cap on the risks listed, so that a district in crisis still gets a readable agenda.
RISKS = 30


@dataclass(frozen=True)
class Item:
    kind: str
    ref: str  # the id of what the item points at (a village: its division code)
    title: str
    link: str = ""
    overdue: bool = False
    row: int | None = None  # an item added by hand: its AgendaItem, which the cadre may move or remove

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label


def risks(host: OrgUnit) -> list[Item]:
    found = rights_selectors.open_risks(RiskReport.objects.filter(org__path__startswith=host.path))
    found = found.filter(level__in=HIGH_LEVELS).select_related("org", "employer").order_by("-level", "reported_at")
    return [
        Item(
            ItemKind.RISK,
            str(r.pk),
            f"{r.get_level_display()} {r.no} {r.employer.name if r.employer else r.org.name}"
            f"：{r.get_kind_display()}，涉及 {r.affected_count} 人",
            reverse("rights:risk_detail", args=[r.pk]),
        )
        for r in found[:RISKS]
    ]


def coverage_gaps(host: OrgUnit) -> list[Item]:
    threshold = CoverageSettings.current().size_threshold
    employers = Employer.objects.filter(
        org__path__startswith=host.path, employee_count__gte=threshold, union__isnull=True
    ).order_by("-employee_count", "pk")[:GAPS]
    items = [
        Item(
            ItemKind.COVERAGE_GAP,
            str(e.pk),
            f"{e.name}（职工 {e.employee_count} 人）未建工会",
            reverse("orgs:employer", args=[e.pk]),
        )
        for e in employers
    ]
    # Villages have no head count on file: the first by division code, so the same ones each time.
    villages = sorted((v for v in villages_in(host.path) if not v.has_union), key=lambda v: v.code)[:GAPS]
    items += [Item(ItemKind.COVERAGE_GAP, v.code, f"{v.name}未建工会") for v in villages]
    return items


def open_resolutions(meeting: Meeting, today: date | None = None) -> list[Item]:
    """Resolutions of the host's earlier meetings whose task is not closed, the overdue ones first."""
    today = today or workdays.today()
    earlier = Resolution.objects.filter(meeting__org_id=meeting.org_id, meeting__date__lte=meeting.date).exclude(
        meeting=meeting
    )
    by_id = {r.pk: r for r in earlier.select_related("meeting", "department")}
    active = tasks.active(tasks.tasks_from(KIND, list(by_id))).order_by("due_on", "id")
    items = []
    for task in active:
        r = by_id[int(task.source_id or 0)]
        late = task.due_on < today
        state = f"已超期（期限 {task.due_on:%Y-%m-%d}）" if late else f"办理中（期限 {task.due_on:%Y-%m-%d}）"
        title = f"{r.label}：{r.title}，{r.department.short_name}{state}"
        items.append(Item(ItemKind.RESOLUTION, str(r.pk), title, reverse("meetings:resolution", args=[r.pk]), late))
    return sorted(items, key=lambda i: not i.overdue)


def manual(meeting: Meeting) -> list[Item]:
    rows = meeting.items.filter(kind=ItemKind.MANUAL).order_by("position", "id")
    return [Item(i.kind, i.ref, i.title, i.link, row=i.pk) for i in rows]


def items(meeting: Meeting) -> list[Item]:
    """The agenda as it stands: read from the data while planned, the frozen rows once held or cancelled."""
    if meeting.status != MeetingStatus.PLANNED:
        return [Item(i.kind, i.ref, i.title, i.link) for i in meeting.items.all()]
    return open_resolutions(meeting) + risks(meeting.org) + coverage_gaps(meeting.org) + manual(meeting)


def freeze(meeting: Meeting) -> int:
    """Keep the agenda read from the data as rows, in the order shown, before the manual items."""
    found = [i for i in items(meeting) if i.kind != ItemKind.MANUAL]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, kind=i.kind, ref=i.ref, title=i.title[:300], link=i.link, position=n)
        for n, i in enumerate(found, start=1)
    )
    by_hand = list(AgendaItem.objects.filter(meeting=meeting, kind=ItemKind.MANUAL).order_by("position", "id"))
    for n, row in enumerate(by_hand, start=len(found) + 1):  # after the data's items, in the order set by hand
        row.position = n
    AgendaItem.objects.bulk_update(by_hand, ["position"])
    return len(found)
