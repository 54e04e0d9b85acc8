"""Pages of innovation studios: the list in reach (filters by level, union, status and the two-failed-years
flag, sort, Excel), a studio's page (members, linked submissions and patents with their counts and verified
benefit, yearly reviews with their evidence, steps, history), registering and editing a studio, linking and
unlinking results, recording the yearly review, the revoke/restore steps, the evidence download. Thin: parse,
call studio_selectors/studio_services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions
from unionhall.core.errors import NotFound
from unionhall.core.forms import add_further_errors
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.money import yuan
from unionhall.core.paging import sortable
from unionhall.documents import uploads
from unionhall.innovation import selectors, studio_selectors, studio_services, studio_workflow
from unionhall.innovation.models import Patent, Studio, StudioRating, StudioReviewEvidence, Submission
from unionhall.innovation.studio_forms import (
    StudioFilterForm,
    StudioForm,
    StudioLinkForm,
    StudioReviewForm,
    StudioStepForm,
    tokens,
)
from unionhall.members.models import OPEN_STATUSES, Membership
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel


def studio_url(s: Studio) -> str:
    return reverse("innovation:studio", args=[s.pk])


def _filtered(request: HttpRequest) -> tuple[StudioFilterForm, QuerySet[Studio]]:
    form, chosen = bind_chosen(request, StudioFilterForm, Cap.INNOVATION_VIEW, noun="工会")
    qs = under_chosen(studio_selectors.studios_for(request.user), chosen)
    v = chosen.values
    if v.get("level"):
        qs = qs.filter(level=v["level"])
    if v.get("status"):
        qs = qs.filter(status=v["status"])
    if v.get("flagged") in ("0", "1"):
        qs = qs.filter(flagged=v["flagged"] == "1")
    if v.get("due") == "1":
        due = studio_selectors.due_for_review(request.user, timezone.localdate())
        qs = qs.filter(pk__in=due.values("pk"))
    if v.get("q"):
        text = v["q"].strip()
        qs = qs.filter(Q(name__contains=text) | Q(lead__name__contains=text))
    return form, studio_selectors.with_results(qs)


def _fetch(qs: QuerySet[Studio]) -> QuerySet[Studio]:
    return qs.select_related("org", "lead")


RATINGS = dict(StudioRating.choices)

COLUMNS: list[Column] = [
    ("工作室名称", lambda s: s.name),
    ("级别", lambda s: s.get_level_display()),
    ("所属工会", lambda s: s.org.name),
    ("领办人", lambda s: s.lead.name),
    ("领办人荣誉", lambda s: s.lead_title),
    ("命名日期", lambda s: f"{s.founded_on:%Y-%m-%d}"),
    ("成员数", lambda s: s.n_members),
    ("创新成果数", lambda s: s.n_submissions),
    ("专利数", lambda s: s.n_patents),
    ("核定年创效合计（元）", lambda s: yuan(s.benefit_fen)),
    ("最近考评", lambda s: f"{s.last_year} {RATINGS.get(s.last_rating, '')}" if s.last_year else ""),
    ("连续两年不合格", lambda s: "是" if s.flagged else ""),
    ("状态", lambda s: s.get_status_display()),
]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"can_create": access.has_cap_anywhere(request.user, Cap.INNOVATION_EDIT), "ratings": RATINGS}


STUDIOS = ListPage(
    guard=access.needs(Cap.INNOVATION_VIEW),
    rows=_filtered,
    sorts=sortable(
        "name",
        "level",
        "status",
        org="org__path",
        founded="founded_on",
        submissions="n_submissions",
        benefit="benefit_fen",
        no="id",
    ),
    default="-no",
    template="innovation/studios/list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="创新工作室", action="studio.export", columns=lambda now: COLUMNS, fetch=_fetch),
)
studio_list = list_view(STUDIOS)
studio_export = export_view(STUDIOS)


def _people(request: HttpRequest, form: StudioForm) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The lead and members the typed numbers name (in the user's reach), and the numbers not found."""
    data = form.cleaned_data
    numbers = form.numbers() if "members" in data else []
    lead_no = (data.get("lead_no") or "").strip().upper()
    people, unknown = selectors.members_by_number(request.user, numbers)
    further: dict[str, list[str]] = {}
    lead = None
    if lead_no:
        found, _ = selectors.members_by_number(request.user, [lead_no])
        lead = found[0] if found else None
        if lead is None:
            further["lead_no"] = ["没有找到这个在会会员。"]
    if unknown:
        further["members"] = [f"没有找到这些在会会员：{'、'.join(unknown)}。"]
    values = {
        "name": data.get("name") or "",
        "level": data.get("level") or "",
        "lead": lead,
        "lead_title": data.get("lead_title") or "",
        "founded_on": data.get("founded_on"),
        "members": people,
    }
    return values, further


def _merge(form: StudioForm, problems: dict[str, list[str]], further: dict[str, list[str]]) -> None:
    if "lead_no" in further:
        problems.pop("lead", None)
    add_further_errors(form, {**problems, **further}, rename={"lead": "lead_no"})


@require_http_methods(["GET", "POST"])
@login_required
def studio_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.INNOVATION_EDIT, seen=Cap.INNOVATION_VIEW)
    form = bind_pickers(StudioForm(request.POST or None), request.user)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        values, further = _people(request, form)
        values["org"] = form.cleaned_data.get("org")
        _merge(form, studio_services.studio_problems(**values), further)
    done = actions.submit(
        request,
        form,
        lambda d: studio_services.studio_create(actor=request.user, **values),
        success=lambda s: f"已登记创新工作室：{s.name}。",
        to=studio_url,
        rename={"lead": "lead_no"},
    )
    context = {"form": form, "title": "登记创新工作室", "button": "登记", "back": reverse("innovation:studios")}
    return done or render(request, "innovation/form.html", context)


def _member_numbers(studio: Studio) -> dict[int, str]:
    people = studio.members.values_list("person_id", flat=True)
    return dict(
        Membership.objects.filter(person_id__in=people, status__in=OPEN_STATUSES).values_list("person_id", "member_no")
    )


@require_http_methods(["GET", "POST"])
@login_required
def studio_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.INNOVATION_EDIT, s.org, obj=s)
    numbers = _member_numbers(s)
    initial = {
        "name": s.name,
        "level": s.level,
        "lead_no": numbers.get(s.lead_id, ""),
        "lead_title": s.lead_title,
        "founded_on": s.founded_on,
        "members": "\n".join(numbers[p] for p in s.members.values_list("person_id", flat=True) if p in numbers),
    }
    form = StudioForm(request.POST or None, initial=initial, with_org=False)
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        values, further = _people(request, form)
        _merge(form, studio_services.studio_problems(org=s.org, studio=s, **values), further)
    done = actions.submit(
        request,
        form,
        lambda d: studio_services.studio_update(actor=request.user, studio=s, **values),
        success=lambda s: f"已保存：{s.name}。",
        to=studio_url,
        rename={"lead": "lead_no"},
        conflict_to=studio_url(s),
    )
    context = {"form": form, "title": f"修改创新工作室：{s.name}", "button": "保存", "back": studio_url(s)}
    return done or render(request, "innovation/form.html", context)


@require_GET
@login_required
def studio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    numbers = _member_numbers(s)
    submissions = studio_selectors.linked_submissions(s)
    patents = studio_selectors.linked_patents(s)
    user = request.user
    context = {
        "s": s,
        "members": [(m.person, numbers.get(m.person_id, "")) for m in s.members.select_related("person")],
        "submissions": submissions,
        "patents": patents,
        "verified": sum(x.verified_benefit_fen or 0 for x in submissions),
        "verified_count": sum(1 for x in submissions if x.verified_benefit_fen is not None),
        "reviews": studio_selectors.reviews_of(s),
        "steps": kernel.available(s, user, studio_workflow.TABLE),
        "history": list(s.events.all()),
        "step_labels": {t.name: t.label for t in studio_workflow.TABLE.transitions},
        "can_edit": s.status == "active" and access.reach(user, Cap.INNOVATION_EDIT).covers(s.org.path),
        "can_review": s.status == "active" and studio_workflow.may_act_above(user, s),
        "above": studio_workflow.upper_federation(s.org),
    }
    return render(request, "innovation/studios/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def studio_link(request: HttpRequest, pk: int) -> HttpResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.INNOVATION_EDIT, s.org, obj=s)
    form = StudioLinkForm(request.POST or None)
    found: dict[str, Any] = {"submissions": [], "patents": []}
    if form.is_bound and form.is_valid():
        wanted_s, wanted_p = tokens(form.cleaned_data["submissions"]), tokens(form.cleaned_data["patents"])
        by_no = {x.no: x for x in selectors.submissions_for(request.user).filter(no__in=wanted_s)}
        by_number = {p.number: p for p in selectors.patents_for(request.user).filter(number__in=wanted_p)}
        further: dict[str, list[str]] = {}
        missing_s = [n for n in wanted_s if n not in by_no]
        missing_p = [n for n in wanted_p if n not in by_number]
        if missing_s:
            further["submissions"] = [f"没有找到这些创新成果：{'、'.join(missing_s)}。"]
        if missing_p:
            further["patents"] = [f"没有找到这些专利：{'、'.join(missing_p)}。"]
        add_further_errors(form, further)
        found = {
            "submissions": [by_no[n] for n in wanted_s if n in by_no],
            "patents": [by_number[n] for n in wanted_p if n in by_number],
        }
    done = actions.submit(
        request,
        form,
        lambda d: studio_services.studio_results_link(actor=request.user, studio=s, **found),
        success="已关联创新成果。",
        to=studio_url,
        conflict_to=studio_url(s),
    )
    context = {"form": form, "title": f"关联创新成果：{s.name}", "button": "关联", "back": studio_url(s)}
    return done or render(request, "innovation/form.html", context)


@require_POST
@login_required
def studio_unlink(request: HttpRequest, pk: int, kind: str, ref: int) -> HttpResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.INNOVATION_EDIT, s.org, obj=s)
    submission = patent = None
    if kind == "submission":
        submission = Submission.objects.filter(pk=ref).first()
    elif kind == "patent":
        patent = Patent.objects.filter(pk=ref).first()
    if submission is None and patent is None:
        raise NotFound()
    return actions.press(
        request,
        lambda: studio_services.studio_result_unlink(
            actor=request.user, studio=s, submission=submission, patent=patent
        ),
        success="已取消关联。",
        to=studio_url(s),
    )


@require_http_methods(["GET", "POST"])
@login_required
def studio_review(request: HttpRequest, pk: int) -> HttpResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    studio_workflow.require_above(request.user, s)
    form = StudioReviewForm(request.POST or None, request.FILES or None)
    done = actions.submit(
        request,
        form,
        lambda d: studio_services.studio_review_record(actor=request.user, studio=s, **d),
        success=lambda r: f"已记录 {r.year} 年度考评：{r.get_rating_display()}。",
        to=studio_url(s),
        conflict_to=studio_url(s),
    )
    context = {
        "form": form,
        "title": f"年度考评：{s.name}",
        "button": "记录考评",
        "back": studio_url(s),
    }
    return done or render(request, "innovation/form.html", context)


@require_GET
@login_required
def studio_review_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    try:
        stored = StudioReviewEvidence.objects.select_related("review__studio__org").get(pk=file_pk, review__studio=s)
    except (StudioReviewEvidence.DoesNotExist, ValueError):
        raise NotFound() from None
    handle = studio_services.studio_review_evidence_download(actor=request.user, file=stored)
    return uploads.download_response(stored, handle)


STEPS = {
    "revoke": studio_services.studio_revoke,
    "restore": studio_services.studio_restore,
}


@require_http_methods(["GET", "POST"])
@login_required
def studio_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    s = studio_selectors.studio_for_user_or_404(request.user, pk)
    if name not in STEPS:
        raise NotFound()
    transition = studio_workflow.TABLE.get(name)
    studio_workflow.TABLE.require(request.user, s, transition)
    form = StudioStepForm(request.POST or None)
    url = studio_url(s)
    done = actions.submit(
        request,
        form,
        lambda d: STEPS[name](actor=request.user, studio=s, reason=d["reason"]),
        success=f"已办理「{transition.label}」。",
        to=url,
        conflict_to=url,
    )
    context = {"s": s, "form": form, "transition": transition, "today": timezone.localdate()}
    return done or render(request, "innovation/studios/step.html", context)
