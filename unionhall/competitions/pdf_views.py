"""The printable standings of a competition — a stage's summary, or the whole competition's (the final
standings with the organizer's commendation once it has finished) — issued on the documents base template
(serial, page numbers, check QR code), each an audit event naming its serial."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from unionhall.competitions import ranking, selectors
from unionhall.competitions.models import Competition, CompetitionStatus, ResultStatus, Stage
from unionhall.core.audit import PendingEvent, record
from unionhall.core.errors import NotFound
from unionhall.documents.issuing import issue_pdf


def _issued(request: HttpRequest, competition: Competition, stage: Stage | None) -> HttpResponse:
    finished = competition.status == CompetitionStatus.FINISHED
    title = f"{stage.name}竞赛小结" if stage else ("最终排名与表彰" if finished else "竞赛排名")
    results = competition.results.filter(stage=stage) if stage else competition.results.all()
    context = {
        "c": competition,
        "stage": stage,
        "title": title,
        "finished": finished,
        "indicators": list(competition.indicators.all()),
        "rows": ranking.table(competition, stage),
        "counts": {
            "verified": results.filter(status=ResultStatus.VERIFIED).count(),
            "waiting": results.filter(status=ResultStatus.ENTERED).count(),
            "returned": results.filter(status=ResultStatus.RETURNED).count(),
        },
    }
    kind = "competition.stage" if stage else "competition.standings"
    content, issued = issue_pdf(
        request, "competitions/standings_pdf.html", context, kind=kind, title=title, org=competition.org
    )
    event = PendingEvent(actor=request.user, action=f"{kind}_pdf", org=competition.org)
    event.target(competition)
    event.changes = {"serial": issued.serial, **({"stage": stage.name} if stage else {})}
    record(event, success=True)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"stage-{stage.number}" if stage else "standings"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''competition-{competition.pk}-{name}.pdf"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def stage_pdf(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    stage = competition.stages.filter(pk=stage_pk).first()
    if stage is None:
        raise NotFound()
    return _issued(request, competition, stage)


@require_GET
@login_required
def standings_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    competition = selectors.competition_for_user_or_404(request.user, pk)
    return _issued(request, competition, None)
