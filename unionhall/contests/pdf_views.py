"""The printouts of a skills contest, issued on the documents base template (serial, page numbers, check QR
code that opens the public verify page), each an audit event naming its serial: an entrant's certificate
(获奖证书 for the awarded places, 参赛证书 for the others) and the published ranking (成绩公告), both only
once the contest has finished and its ranking is frozen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from unionhall.contests import selectors
from unionhall.contests.models import ContestStatus, SkillsContest
from unionhall.core.audit import PendingEvent, record
from unionhall.core.errors import Conflict
from unionhall.documents.issuing import issue_pdf


def _finished(contest: SkillsContest) -> None:
    if contest.status != ContestStatus.FINISHED:
        raise Conflict("竞赛结束、排名公布后才能打印。")


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    entrant = selectors.entrant_for_user_or_404(request.user, pk)
    contest = entrant.contest
    _finished(contest)
    # The register's title is generic (the verify page is public): no name in it.
    title = "技能竞赛获奖证书" if entrant.awarded else "技能竞赛参赛证书"
    context = {"c": contest, "e": entrant, "title": title}
    content, issued = issue_pdf(request, "contests/certificate_pdf.html", context, kind="contest.certificate",
                                title=title, org=contest.org)  # fmt: skip
    event = PendingEvent(actor=request.user, action="contest.certificate_pdf", org=contest.org)
    event.target(entrant, org=contest.org)
    event.changes = {"serial": issued.serial, "number": entrant.number, "rank": entrant.rank}
    record(event, success=True)
    return _response(content, f"contest-{contest.pk}-{entrant.number:03d}.pdf")


@require_GET
@login_required
def ranking_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_for_user_or_404(request.user, pk)
    _finished(contest)
    title = "技能竞赛成绩公告"
    rows = list(contest.entrants.select_related("person", "org").order_by("rank", "number"))
    content, issued = issue_pdf(request, "contests/ranking_pdf.html", {"c": contest, "rows": rows, "title": title},
                                kind="contest.ranking", title=title, org=contest.org)  # fmt: skip
    event = PendingEvent(actor=request.user, action="contest.ranking_pdf", org=contest.org)
    event.target(contest)
    event.changes = {"serial": issued.serial}
    record(event, success=True)
    return _response(content, f"contest-{contest.pk}-ranking.pdf")
