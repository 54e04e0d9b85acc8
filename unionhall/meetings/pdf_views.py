"""The printable agenda and minutes of a joint meeting, issued on the documents base template (serial, page
numbers, check QR code) and each an audit event naming its serial."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from unionhall.core.audit import PendingEvent, record
from unionhall.documents.issuing import issue_pdf
from unionhall.meetings import agenda, selectors
from unionhall.meetings.models import Meeting


def _context(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "items": agenda.items(meeting),
        "attendees": meeting.attendee_lines(),
        "departments": list(meeting.departments.select_related("org")),
        "resolutions": list(meeting.resolutions.select_related("department", "task")),
    }


def _issued(request: HttpRequest, meeting: Meeting, template: str, kind: str, title: str) -> HttpResponse:
    content, issued = issue_pdf(request, template, _context(meeting), kind=kind, title=title, org=meeting.org)
    # Printouts leave the platform: each is audited with its serial.
    event = PendingEvent(actor=request.user, action=f"{kind}_pdf", org=meeting.org)
    event.target(meeting)
    event.changes = {"serial": issued.serial}
    record(event, success=True)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{kind.split('.')[-1]}-{meeting.pk}.pdf"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    return _issued(request, meeting, "meetings/agenda_pdf.html", "meeting.agenda", "联席会议议程")


@require_GET
@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    return _issued(request, meeting, "meetings/minutes_pdf.html", "meeting.minutes", "联席会议纪要")
