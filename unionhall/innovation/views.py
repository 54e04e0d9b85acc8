"""Pages of worker innovation: the list in reach (filters, sort, Excel), filing a submission for members, a
submission's page (step bar, steps, members, similar submissions with their scores, the panel's result,
history, evidence), the step pages, the evidence download, the patents and recording one. Thin: parse, call
selectors/services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.money import yuan
from unionhall.core.paging import sortable
from unionhall.documents import uploads
from unionhall.innovation import periods, selectors, services, similarity, workflow
from unionhall.innovation.forms import PatentForm, StepForm, SubmissionFilterForm, SubmissionForm
from unionhall.innovation.models import BenefitEvidence, Reward, Status, Submission
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel


def submission_url(s: Submission) -> str:
    return reverse("innovation:submission", args=[s.pk])


def _filtered(request: HttpRequest) -> tuple[SubmissionFilterForm, QuerySet[Submission]]:
    form, chosen = bind_chosen(request, SubmissionFilterForm, Cap.INNOVATION_VIEW, noun="工会")
    qs = selectors.submissions_for(request.user)
    qs = under_chosen(qs, chosen)
    v = chosen.values
    if v.get("kind"):
        qs = qs.filter(kind=v["kind"])
    if v.get("status"):
        qs = qs.filter(status=v["status"])
    if v.get("flagged") in ("0", "1"):
        qs = qs.filter(flagged=v["flagged"] == "1")
    if v.get("q"):
        qs = qs.filter(title__contains=v["q"].strip())
    if v.get("year"):
        qs = periods.filed_in(qs, v["year"], v.get("month"))
    if v.get("reached"):
        qs = qs.filter(status__in=periods.REACHED[v["reached"]])
    return form, qs


def _fetch(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    return qs.select_related("org")


def _yuan(fen: int | None) -> str:
    return yuan(fen) if fen is not None else ""


COLUMNS: list[Column] = [
    ("编号", lambda s: s.no),
    ("名称", lambda s: s.title),
    ("类别", lambda s: s.get_kind_display()),
    ("所属工会", lambda s: s.org.name),
    ("状态", lambda s: s.get_status_display()),
    ("预计年创效（元）", lambda s: _yuan(s.expected_benefit_fen)),
    ("核定年创效（元）", lambda s: _yuan(s.verified_benefit_fen)),
    ("最高相似度", lambda s: str(s.similarity)),
    ("疑似重复", lambda s: "是" if s.flagged else ""),
    ("申报时间", lambda s: f"{s.filed_at:%Y-%m-%d}"),
]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"can_create": access.has_cap_anywhere(request.user, Cap.INNOVATION_EDIT)}


SUBMISSIONS = ListPage(
    guard=access.needs(Cap.INNOVATION_VIEW),
    rows=_filtered,
    sorts=sortable("title", "status", "kind", no="id", org="org__path", similarity="similarity"),
    default="-no",
    template="innovation/submission_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="创新成果", action="submission.export", columns=lambda now: COLUMNS, fetch=_fetch),
)
submission_list = list_view(SUBMISSIONS)
submission_export = export_view(SUBMISSIONS)


@require_http_methods(["GET", "POST"])
@login_required
def submission_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.INNOVATION_EDIT, seen=Cap.INNOVATION_VIEW)
    form = bind_pickers(SubmissionForm(request.POST or None), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        numbers = form.numbers() if "members" in data else []
        people, unknown = selectors.members_by_number(request.user, numbers)
        values = {
            "org": data.get("org"),
            "kind": data.get("kind") or "",
            "title": data.get("title") or "",
            "content": data.get("content") or "",
            "members": people,
            "expected_benefit_fen": data.get("expected_benefit"),
        }
        problems = services.submission_problems(**values)
        if unknown:
            problems["members"] = [f"没有找到这些在会会员：{'、'.join(unknown)}。"]
        add_further_errors(form, problems, rename={"expected_benefit_fen": "expected_benefit"})
    done = actions.submit(
        request,
        form,
        lambda d: services.submission_file(actor=request.user, **values),
        success=lambda s: (
            f"已申报：{s.no} {s.title}。" + ("发现高度相似的已申报成果，请评审时核对。" if s.flagged else "")
        ),
        to=submission_url,
    )
    context = {"form": form, "title": "申报创新成果", "button": "申报", "back": reverse("innovation:list")}
    return done or render(request, "innovation/form.html", context)


@require_GET
@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.submission_for_user_or_404(request.user, pk)
    members = list(s.members.select_related("person"))
    numbers = dict(
        Membership.objects.filter(person_id__in=[m.person_id for m in members], status__in=OPEN_STATUSES).values_list(
            "person_id", "member_no"
        )
    )
    context = {
        "s": s,
        "members": [(m, numbers.get(m.person_id, "")) for m in members],
        "similar": selectors.similar_rows(request.user, s),
        "threshold": similarity.THRESHOLD,
        "result": selectors.panel_result(s),
        "steps": kernel.available(s, request.user, workflow.TABLE),
        "history": list(s.events.all()),
        "step_labels": {t.name: t.label for t in workflow.TABLE.transitions},
        "evidence": list(s.evidence.all()),
        "patents": list(s.patents.all()),
        "reward": Reward.objects.select_related("payee").filter(submission=s).first(),
        "can_propose_reward": s.status == Status.BENEFIT_VERIFIED
        and access.reach(request.user, Cap.INNOVATION_REVIEW).covers(s.org.path),
    }
    return render(request, "innovation/submission_detail.html", context)


STEPS = {
    "forward": lambda user, s, d: services.submission_forward(actor=user, submission=s, reason=d.get("reason", "")),
    "decline": lambda user, s, d: services.submission_decline(actor=user, submission=s, reason=d.get("reason", "")),
    "review": lambda user, s, d: services.submission_review(actor=user, submission=s, panel=d.get("panel")),
    "adopt": lambda user, s, d: services.submission_adopt(actor=user, submission=s, reason=d.get("reason", "")),
    "reject": lambda user, s, d: services.submission_reject(actor=user, submission=s, reason=d.get("reason", "")),
    "implement": lambda user, s, d: services.submission_implement(actor=user, submission=s, reason=d.get("reason", "")),
    "verify_benefit": lambda user, s, d: services.submission_verify_benefit(
        actor=user, submission=s, benefit_fen=d.get("benefit"), upload=d.get("upload"), reason=d.get("reason", "")
    ),
}


@require_http_methods(["GET", "POST"])
@login_required
def submission_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    s = selectors.submission_for_user_or_404(request.user, pk)
    if name not in STEPS:
        raise NotFound()
    transition = workflow.TABLE.get(name)
    workflow.TABLE.require(request.user, s, transition)
    panels = {p.pk: p for p in selectors.panels_open_for(request.user, s)} if name == "review" else {}
    form = StepForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        transition=transition,
        panels=[(pk, f"{p.title}（{p.org.name}）") for pk, p in panels.items()],
    )

    def run(d: dict[str, Any]) -> Any:
        if name == "review":
            d = {**d, "panel": panels.get(d.get("panel") or 0)}
        return STEPS[name](request.user, s, d)

    url = submission_url(s)
    done = actions.submit(
        request,
        form,
        run,
        success=f"已办理「{transition.label}」。",
        to=url,
        conflict_to=url,
        rename={"benefit_fen": "benefit"},
    )
    context = {"s": s, "form": form, "transition": transition}
    return done or render(request, "innovation/step.html", context)


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    s = selectors.submission_for_user_or_404(request.user, pk)
    try:
        stored = BenefitEvidence.objects.select_related("submission__org").get(pk=file_pk, submission=s)
    except (BenefitEvidence.DoesNotExist, ValueError):
        raise NotFound() from None
    handle = services.submission_evidence_download(actor=request.user, file=stored)
    return uploads.download_response(stored, handle)


@require_GET
@login_required
def patent_list(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.INNOVATION_VIEW)
    patents = selectors.patents_for(request.user).select_related("org", "submission", "person")[:500]
    context = {"patents": patents, "can_create": access.has_cap_anywhere(request.user, Cap.INNOVATION_EDIT)}
    return render(request, "innovation/patent_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def patent_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.INNOVATION_EDIT, seen=Cap.INNOVATION_VIEW)
    form = bind_pickers(PatentForm(request.POST or None), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        further: dict[str, list[str]] = {}
        submission = None
        if data.get("submission"):
            submission = selectors.submissions_for(request.user).filter(no=data["submission"].strip().upper()).first()
            if submission is None:
                further["submission"] = ["没有找到这个创新成果编号。"]
        person = None
        if data.get("member_no"):
            people, _ = selectors.members_by_number(request.user, [data["member_no"].strip().upper()])
            person = people[0] if people else None
            if person is None:
                further["member_no"] = ["没有找到这个在会会员。"]
        values = {
            "org": data.get("org"),
            "kind": data.get("kind") or "",
            "number": data.get("number") or "",
            "title": data.get("title") or "",
            "filed_on": data.get("filed_on"),
            "granted_on": data.get("granted_on"),
            "holders": data.get("holders") or "",
            "submission": submission,
            "person": person,
        }
        problems = services.patent_problems(**values)
        if "submission" in further or "member_no" in further:
            problems.pop("submission", None)
        add_further_errors(form, {**problems, **further}, rename={"person": "member_no"})
    done = actions.submit(
        request,
        form,
        lambda d: services.patent_record(actor=request.user, **values),
        success=lambda p: f"已登记专利：{p.number}。",
        to=reverse("innovation:patents"),
    )
    context = {"form": form, "title": "登记专利", "button": "登记", "back": reverse("innovation:patents")}
    return done or render(request, "innovation/form.html", context)
