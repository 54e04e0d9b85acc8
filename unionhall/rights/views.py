"""Pages of rights cases (维权案件) for union cadres: the list (filters, deadlines, Excel), intake at the
hotline, the desk or a grassroots union, the case page with the steps this user may take, transfer and
two-way sharing (双向维权), mediation, legal aid, notes, files, the phone rating, and the overdue board.
Thin: parse, call access/selectors/services, render. Risk reports live in risk_views.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions, versions
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.forms import add_further_errors, apply_domain_error
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.money import yuan
from unionhall.core.normalize import compact
from unionhall.core.paging import sortable
from unionhall.core.pii import mask_phone
from unionhall.documents import uploads
from unionhall.members import selectors as member_selectors
from unionhall.members.models import Person
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import FEDERATION_LEVELS, Employer, OrgStatus, OrgUnit
from unionhall.orgs.people import grants_prefetch, labels_by_username, person_label
from unionhall.rights import routing, rules, selectors, services, workflow
from unionhall.rights.forms import (
    AssignForm,
    AttachmentForm,
    CaseCreateForm,
    CaseFilterForm,
    CloseForm,
    LegalAidForm,
    MediationForm,
    NoteForm,
    RateForm,
    ReasonForm,
    ShareForm,
    TransferForm,
    UnitPickForm,
)
from unionhall.rights.models import Case, CaseAttachment, CaseShare, CaseStatus
from unionhall.workcalendar.workdays import localdate

# A unit filter lists every unit in reach up to this many; beyond, only the federations (a city has
# 20,000 grassroots unions: those are reached from the overdue board's links or by a federation).
UNIT_CHOICES = 200
EMPLOYER_CHOICES = 30
_ID_LIKE = re.compile(r"^\d{17}[\dX]$")


def _require_anywhere(request: HttpRequest, cap: Cap) -> None:
    """A page that is not about one case: 404 for who sees no case, 403 for who sees but may not."""
    access.require_cap_anywhere(request.user, cap, seen=Cap.RIGHTS_VIEW)


def _case(request: HttpRequest, pk: int) -> Case:
    return selectors.case_for_user_or_404(request.user, pk)


def _owner_case(request: HttpRequest, pk: int) -> Case:
    """The case, for steps only the handling union (主办) takes."""
    case = _case(request, pk)
    workflow.require_owner(request.user, case)
    return case


def _worker_case(request: HttpRequest, pk: int) -> Case:
    """The case, for work the handling union and a unit it is shared with (协办) both do."""
    case = _case(request, pk)
    workflow.require_owner_or_sharer(request.user, case)
    return case


def _action_page(
    request: HttpRequest, case: Case | None, title: str, form: forms.Form, *, multipart: bool = False, **extra: Any
) -> HttpResponse:
    context = {"case": case, "title": title, "form": form, "multipart": multipart, **extra}
    return render(request, "rights/action.html", context)


def _done(request: HttpRequest, case: Case, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(_case_url(case))


def _case_url(case: Case) -> str:
    return reverse("rights:case_detail", kwargs={"pk": case.pk})


def _unit_label(unit: OrgUnit) -> str:
    return f"{unit.name}（{unit.code}）"


def _unique_units(units: Iterable[OrgUnit | None]) -> list[OrgUnit]:
    seen: dict[int, OrgUnit] = {}
    for unit in units:
        if unit is not None and unit.pk not in seen:
            seen[unit.pk] = unit
    return list(seen.values())


def _posted_int(request: HttpRequest, name: str) -> int | None:
    value = (request.POST.get(name) or request.GET.get(name) or "").strip()
    return int(value) if value.isdigit() else None


# --- the list --------------------------------------------------------------------------------------


def _units_in_reach(user: Any, cap: Cap, selected: int | None = None) -> list[tuple[int, str]]:
    """The units a user may pick in a form: all of them in reach when few, else the units of their grants
    and the federations below; the one already chosen (a link from the overdue board) is kept."""
    # Asked on every page of the case list: kept until the tree or the user's grants change (core/versions.py).
    return versions.kept("units_in_reach", (user.pk, cap, selected), lambda: _pickable_units(user, cap, selected))


def _pickable_units(user: Any, cap: Cap, selected: int | None) -> list[tuple[int, str]]:
    reach = access.reach(user, cap)
    units = access.orgs_with(user, cap).filter(status=OrgStatus.ACTIVE).order_by("path")
    rows = list(units[: UNIT_CHOICES + 1])
    if len(rows) > UNIT_CHOICES:
        rows = list(units.filter(Q(path__in=reach.paths) | Q(level__in=FEDERATION_LEVELS))[:UNIT_CHOICES])
    if selected is not None and all(u.pk != selected for u in rows):
        rows += list(units.filter(pk=selected))
    top = min((u.depth for u in rows), default=1)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in rows]


def _handler_choices(cases: QuerySet[Case]) -> list[tuple[int, str]]:
    rows = (
        cases.exclude(handler=None)
        .order_by()
        .values_list("handler_id", "handler__display_name", "handler__username")
        .distinct()[:300]
    )
    people = labels_by_username(username for _, _, username in rows)
    return sorted(((pk, people.get(username) or name or username) for pk, name, username in rows), key=lambda r: r[1])


def _filters(request: HttpRequest) -> tuple[CaseFilterForm, QuerySet[Case]]:
    """The filter form and the cases it selects, in sight. A choice that is not offered (a unit out of
    reach, a foreign handler) leaves the list empty: a wrong filter never shows more."""
    user = request.user
    cases = selectors.cases_for(user)
    selected = request.GET.get("org", "")
    form = CaseFilterForm(
        request.GET or None,
        units=_units_in_reach(user, Cap.RIGHTS_VIEW, int(selected) if selected.isdigit() else None),
        # Who has handled cases in sight: kept until a case, a share, a user or a grant changes.
        handlers=versions.kept("case_handlers", user.pk, lambda: _handler_choices(cases)),
    )
    if form.is_bound and not form.is_valid():
        return form, cases.none()
    data = form.cleaned_data if form.is_bound else {}
    filters = selectors.CaseFilters(
        status=data.get("status") or "",
        category=data.get("category") or "",
        org=data.get("org"),
        handler=data.get("handler"),
        overdue=bool(data.get("overdue")),
        shared=bool(data.get("shared")),
        q=data.get("q") or "",
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
    )
    live = CaseShare.objects.filter(case=OuterRef("pk"), revoked_at__isnull=True)
    qs = selectors.filter_cases(user, cases, filters).annotate(is_shared=Exists(live))
    return form, qs


def _deadline_state(case: Case, now: datetime) -> str:
    """ "overdue" (red), "soon" (amber: the reminder is due) or "" for an open case; "" once closed."""
    if not workflow.is_open(case):
        return ""
    if case.due_at < now:
        return "overdue"
    if case.remind_at is not None and case.remind_at <= now:
        return "soon"
    return ""


def _case_rows(request: HttpRequest, page: Any) -> list[dict[str, Any]]:
    now = timezone.now()
    seen_at_home = access.reach(request.user, Cap.RIGHTS_VIEW)
    # via_share: seen only because the case is shared with a unit of ours (协办).
    return [
        {"case": c, "deadline": _deadline_state(c, now), "via_share": not seen_at_home.covers(c.org.path)}
        for c in page.object_list
    ]


def _rows_key(request: HttpRequest) -> tuple[Any, ...]:
    """What the rows show besides their tables: the reach (协办 marks), and the clock — a case turns amber
    when its reminder falls due and red when its due time passes, so the key holds how many open cases
    city-wide have passed each (one indexed count each), and moves when one more does."""
    now = timezone.now()
    every_case = Case.objects.all()
    return (
        access.reach(request.user, Cap.RIGHTS_VIEW).paths,
        selectors.overdue_cases(every_case, now).count(),
        selectors.open_cases(every_case).filter(remind_at__lte=now).count(),
    )


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def _case_columns(now: datetime) -> list[Column]:
    return [
        ("编号", lambda c: c.no),
        ("来源", lambda c: c.get_source_display()),
        ("类别", lambda c: c.get_category_display()),
        ("复杂程度", lambda c: c.get_complexity_display()),
        ("诉求摘要", lambda c: c.summary),
        ("用人单位", lambda c: c.employer.name if c.employer else c.employer_text),
        ("承办工会", lambda c: c.org.name),
        ("受理登记单位", lambda c: c.intake_org.name if c.intake_org else ""),
        ("承办人", lambda c: person_label(c.handler)),
        ("联系人", lambda c: c.contact_name),
        ("联系电话（脱敏）", lambda c: mask_phone(c.contact_phone)),
        ("涉及人数", lambda c: c.worker_count),
        ("状态", lambda c: c.get_status_display()),
        ("受理时间", lambda c: _local(c.received_at)),
        ("办理期限", lambda c: timezone.localtime(c.due_at).date()),
        ("是否超期", lambda c: _deadline_state(c, now) == "overdue"),
        ("办结时间", lambda c: _local(c.closed_at)),
        ("追回工资（元）", lambda c: yuan(c.wages_recovered_fen)),
        ("满意度", lambda c: c.satisfaction),
        ("双向协办", lambda c: getattr(c, "is_shared", False)),
    ]


CASES = ListPage(
    guard=access.needs(Cap.RIGHTS_VIEW),
    rows=_filters,
    sorts=sortable("no", "category", "status", org="org__path", received="received_at", due="due_at"),
    template="rights/case_list.html",
    fetch=lambda qs: qs.prefetch_related(grants_prefetch("handler__grants")),
    rows_template="rights/_case_rows.html",
    rows_context=lambda request, page: {"rows": _case_rows(request, page)},
    kept_by=lambda request: _rows_key(request),
    more=lambda request, page: {"can_create": access.has_cap_anywhere(request.user, Cap.RIGHTS_HANDLE)},
    export=Export(
        name="维权案件",
        action="case.export",
        columns=_case_columns,
        fetch=lambda qs: qs.select_related("intake_org").prefetch_related(grants_prefetch("handler__grants")),
    ),
)
case_list = list_view(CASES)
case_export = export_view(CASES)


# --- intake ----------------------------------------------------------------------------------------


def _employer_label(e: Employer) -> str:
    where = f"建会：{e.union.name}" if e.union else f"未建会，属地：{e.org.name}"
    return f"{e.name} · {e.uscc} · {where}"


def _employer_choices(user: Any, name: str, selected: int | None) -> list[tuple[int, str]]:
    """Employers in sight matching what was typed; with nothing typed, all of them when few (a grassroots
    union's own employers); the one chosen stays on offer."""
    in_sight = org_selectors.employer_list(user, org_selectors.EmployerFilters())
    rows: list[Employer] = []
    if name.strip():
        rows = list(org_selectors.employer_list(user, org_selectors.EmployerFilters(q=name))[:EMPLOYER_CHOICES])
    else:
        rows = list(in_sight[: EMPLOYER_CHOICES + 1])
        if len(rows) > EMPLOYER_CHOICES:
            rows = []
    if selected is not None and all(e.pk != selected for e in rows):
        rows += list(in_sight.filter(pk=selected))
    return [(e.pk, _employer_label(e)) for e in rows]


def _person(request: HttpRequest, form: forms.Form) -> Person | None:
    """The member named by ID number, among the members in the user's sight (exact, by the keyed hash)."""
    text = compact(form.cleaned_data.get("person_id_number") or "").upper()
    if not text:
        return None
    if not _ID_LIKE.match(text):
        form.add_error("person_id_number", "请填写 18 位身份证号，或留空。")
        return None
    found = member_selectors.member_list(request.user, member_selectors.MemberFilters(q=text)).first()
    if found is None:
        form.add_error("person_id_number", "在您的权限范围内没有这个身份证号的会员；可留空，只登记联系人。")
        return None
    return found.person


def _intake_errors(form: forms.Form, error: ValidationError | Conflict) -> None:
    """The service names the employer `employer`; the form's typed name is where the cadre looks."""
    renamed = {("employer_name" if k == "employer" else k): v for k, v in error.field_errors.items()}
    apply_domain_error(form, type(error)(error.message, field_errors=renamed))


@require_http_methods(["GET", "POST"])
@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    _require_anywhere(request, Cap.RIGHTS_HANDLE)
    user = request.user
    posted = request.method == "POST"
    units = _units_in_reach(user, Cap.RIGHTS_HANDLE, _posted_int(request, "intake_org"))
    employer_name = request.POST.get("employer_name", "") if posted else ""
    employers = _employer_choices(user, employer_name, _posted_int(request, "employer"))
    if posted and "find" in request.POST:
        # 查找单位: show the matches without judging the half-typed form; the cadre then picks one.
        initial = request.POST.dict()
        if len(employers) == 1:
            initial["employer"] = str(employers[0][0])
        form = CaseCreateForm(initial=initial, units=units, employers=employers)
        found = f"找到 {len(employers)} 个登记的单位，请在「登记的用人单位」中选择。" if employers else ""
        note = found or "在您的权限范围内没有找到这个单位；照填名称即可，系统按名称或信用代码自动匹配属地。"
        return _action_page(request, None, "登记维权案件", form, multipart=True, submit_label="登记", find_note=note)
    form = CaseCreateForm(request.POST or None, request.FILES or None, units=units, employers=employers)
    if posted and form.is_bound:
        # Every error of the submit at once: the form's, the member look-up, and the service's check.
        form.is_valid()
        data = form.cleaned_data
        intake = None
        if data.get("intake_org") is not None:
            intake = access.orgs_with(user, Cap.RIGHTS_HANDLE).filter(pk=data["intake_org"]).first()
        employer = None
        if data.get("employer"):
            employer = (
                org_selectors.employer_list(user, org_selectors.EmployerFilters()).filter(pk=data["employer"]).first()
            )
        person = _person(request, form)
        upload = data.get("upload")
        # A field the form refused is checked as blank: its own message stays (add_further_errors).
        intake_data = services.CaseIntake(
            category=data.get("category") or "",
            complexity=data.get("complexity") or "",
            source=data.get("source") or "",
            summary=data.get("summary") or "",
            contact_name=data.get("contact_name") or "",
            contact_phone=data.get("contact_phone") or "",
            worker_count=data.get("worker_count") or "1",
            employer=employer,
            employer_text="" if employer else data.get("employer_name") or "",
            facts=data.get("facts") or "",
            person=person,
        )
        if form.errors:  # else the service refuses what its check finds, audited as before
            add_further_errors(
                form, services.intake_problems(intake_data, upload=upload), {"employer": "employer_name"}
            )
        elif intake is not None:
            try:
                case = services.case_create(actor=user, intake_org=intake, data=intake_data, upload=upload)
            except (ValidationError, Conflict) as e:
                _intake_errors(form, e)
            else:
                return _created(request, case, intake)
    return _action_page(request, None, "登记维权案件", form, multipart=True, submit_label="登记")


def _created(request: HttpRequest, case: Case, intake: OrgUnit) -> HttpResponse:
    user = request.user
    if selectors.cases_for(user).filter(pk=case.pk).exists():
        where = f"已按属地转至{case.org.name}办理" if case.org_id != intake.pk else f"由{case.org.name}办理"
        messages.success(request, f"已登记案件 {case.no}，{where}。")
        return redirect("rights:case_detail", pk=case.pk)
    # Routed outside the user's sight: the union that handles it is not named (PRODUCT.md §4).
    messages.success(request, f"已登记案件 {case.no}，已按属地转至用人单位所在地的工会办理。")
    messages.info(request, "该案件不在您的查看范围内；职工可凭案件编号查询进度，需要协同时请联系上级总工会。")
    return redirect("rights:case_list")


# --- the case page ---------------------------------------------------------------------------------


EVENT_LABELS = {
    "create": "登记",
    **{t.name: t.label for t in workflow.TRANSITIONS.values()},
    "accept": "受理",
    "close": "办结",
    "assign": "指定承办人",
    "transfer": "转办",
    "share": "双向协办",
    "unshare": "结束协办",
    "mediation": "调解记录",
    "legal_aid": "转介法律援助",
    "note": "办理进展",
    "attachment": "上传材料",
    "info": "职工补充材料",
    "rate": "满意度评价",
    "remind": "到期提醒",
    "escalate": "超期督办",
}
_STATUS = dict(CaseStatus.choices)


def _deadline(case: Case, now: datetime) -> dict[str, Any]:
    """The due date in words: days overdue, or working days left (counted over the city's holidays)."""
    state = _deadline_state(case, now)
    due_day = localdate(case.due_at)
    today = localdate(now)
    if not workflow.is_open(case):
        return {"state": "", "text": ""}
    if state == "overdue":
        return {"state": state, "text": f"已超期 {max((today - due_day).days, 1)} 天"}
    if due_day == today:
        return {"state": "soon", "text": "今天到期"}
    calendar = rules.work_calendar(today, due_day)
    left = sum(1 for n in range((due_day - today).days + 1) if calendar.is_working_day(today + timedelta(days=n)))
    return {"state": state, "text": f"剩余 {left} 个工作日，共 {(due_day - today).days} 天"}


def _unit_choices(units: Iterable[OrgUnit]) -> list[tuple[int, str]]:
    return [(u.pk, _unit_label(u)) for u in units]


def _share_suggestions(case: Case) -> list[OrgUnit]:
    """The worker's home-place federations (户籍地, 双向维权), nearest first."""
    return [u for u in routing.home_place_units(case.person) if u.pk != case.org_id]


def _transfer_suggestions(case: Case) -> list[OrgUnit]:
    """Where a case usually goes: the union covering the employer (when it is not here) and the federation
    above."""
    covering = routing.handling_org(case.employer, case.org) if case.employer else None
    upper = routing.upper_federation(case.org)
    return [u for u in _unique_units([covering, upper]) if u.pk != case.org_id]


@require_GET
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = request.user
    owner = workflow.owns(user, case)
    sharer = not owner and workflow.shares_in(user, case)
    is_open = workflow.is_open(case)
    now = timezone.now()
    transitions = workflow.available(user, case)
    forms_: dict[str, forms.Form] = {}
    if owner and is_open:
        forms_["assign"] = AssignForm(
            handlers=[(u.pk, person_label(u)) for u in access.holders(case.org, Cap.RIGHTS_HANDLE, or_above=True)],
            initial={"handler": case.handler_id},
            auto_id="assign_%s",
        )
        forms_["transfer"] = TransferForm(units=_unit_choices(_transfer_suggestions(case)), auto_id="transfer_%s")
        forms_["share"] = ShareForm(units=_unit_choices(_share_suggestions(case)), auto_id="share_%s")
    if (owner or sharer) and is_open:
        forms_["mediation"] = MediationForm(initial={"held_on": timezone.localdate()}, auto_id="mediation_%s")
        if not case.legal_aid:
            forms_["legal_aid"] = LegalAidForm(auto_id="legal_aid_%s")
    if owner or sharer:
        forms_["note"] = NoteForm(auto_id="note_%s")
        forms_["attachment"] = AttachmentForm(auto_id="attachment_%s")
    if owner and case.status == CaseStatus.CLOSED and case.satisfaction is None:
        forms_["rate"] = RateForm(auto_id="rate_%s")
    # Many forms on one page: each gets its own element ids (the field names stay what the views read).
    step_forms = [
        (t, _step_form(t, auto_id=f"{t.name}_%s") if t.name == "close" or t.needs_reason else None) for t in transitions
    ]
    context = {
        "case": case,
        "owner": owner,
        "sharer": sharer,
        "is_open": is_open,
        "deadline": _deadline(case, now),
        "shares": selectors.shared_with(case),
        "history": [
            (e, EVENT_LABELS.get(e.kind, e.kind), _STATUS.get(e.from_status, ""), _STATUS.get(e.to_status, ""))
            for e in case.events.select_related("org", "actor").prefetch_related(grants_prefetch("actor__grants"))
        ],
        "mediations": case.mediations.all(),
        "attachments": case.attachments.all(),
        "step_forms": step_forms,
        "forms": forms_,
    }
    return render(request, "rights/case_detail.html", context)


# --- workflow steps --------------------------------------------------------------------------------


def _step_form(transition: workflow.Transition, data: Any = None, auto_id: str = "id_%s") -> forms.Form:
    """What a step asks for: the outcome and wages to close, a reason where one is needed, else nothing."""
    if transition.name == "close":
        return CloseForm(data, auto_id=auto_id)
    if transition.needs_reason:
        return ReasonForm(data, auto_id=auto_id)
    return forms.Form(data, auto_id=auto_id)


@require_http_methods(["GET", "POST"])
@login_required
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = _case(request, pk)
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        raise NotFound()
    user = request.user
    workflow.require_step(user, case, transition)
    posted = request.POST if request.method == "POST" else None
    form = _step_form(transition, posted)
    done = actions.submit(
        request,
        form,
        lambda d: services.TRANSITION_SERVICES[name](actor=user, case=case, **d),
        success=f"已办理「{transition.label}」。",
        to=_case_url(case),
        conflict_to=_case_url(case),
    )
    return done or _action_page(request, case, transition.label, form, transition=transition)


@require_http_methods(["GET", "POST"])
@login_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owner_case(request, pk)
    candidates = {u.pk: u for u in access.holders(case.org, Cap.RIGHTS_HANDLE, or_above=True)}
    form = AssignForm(
        request.POST or None,
        handlers=[(pk_, person_label(u)) for pk_, u in candidates.items()],
        initial={"handler": case.handler_id},
    )
    done = actions.submit(
        request,
        form,
        lambda d: services.case_assign(actor=request.user, case=case, handler=candidates.get(d["handler"] or 0)),
        success=lambda _: f"已指定承办人：{candidates.get(form.cleaned_data['handler'] or 0)}。",
        to=_case_url(case),
    )
    return done or _action_page(request, case, "指定承办人", form)


def _picked_unit(request: HttpRequest, form: forms.Form) -> OrgUnit | None:
    pk = form.cleaned_data.get("org")
    return OrgUnit.objects.filter(pk=pk, status=OrgStatus.ACTIVE).first() if pk else None


def _unit_pick(request: HttpRequest, suggestions: list[OrgUnit]) -> tuple[list[tuple[int, str]], list[OrgUnit]]:
    """The units a share or transfer form offers: the suggestions, what the search found, what was picked."""
    q = (request.POST.get("q") or "").strip() if request.method == "POST" else ""
    found = selectors.unit_search(q) if q else []
    picked = _posted_int(request, "org")
    chosen = list(OrgUnit.objects.filter(pk=picked, status=OrgStatus.ACTIVE)) if picked else []
    return _unit_choices(_unique_units([*suggestions, *found, *chosen])), found


def _unit_search_page(
    request: HttpRequest,
    case: Case,
    title: str,
    form_class: type[UnitPickForm],
    choices: list[tuple[int, str]],
    found: list[OrgUnit],
) -> HttpResponse:
    """查找: show what the search found without judging the half-typed form."""
    initial = request.POST.dict()
    if len(found) == 1:
        initial["org"] = str(found[0].pk)
    form = form_class(initial=initial, units=choices)
    note = f"找到 {len(found)} 个工会，请在「工会」中选择。" if found else "没有找到名称或编码相符的在用工会。"
    return _action_page(request, case, title, form, find_note=note, unit_search=True)


@require_http_methods(["GET", "POST"])
@login_required
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owner_case(request, pk)
    choices, found = _unit_pick(request, _transfer_suggestions(case))
    if request.method == "POST" and "find" in request.POST:
        return _unit_search_page(request, case, "转办", TransferForm, choices, found)
    form = TransferForm(request.POST or None, units=choices)
    if request.method == "POST" and form.is_valid():
        to_org = _picked_unit(request, form)
        try:
            if to_org is None:
                raise ValidationError(field_errors={"org": ["请选择转至的工会组织。"]})
            services.case_transfer(actor=request.user, case=case, to_org=to_org, reason=form.cleaned_data["reason"])
        except (ValidationError, Conflict) as e:
            apply_domain_error(form, e)
        else:
            messages.success(request, f"已转至{to_org.name}办理。")
            if selectors.cases_for(request.user).filter(pk=case.pk).exists():
                return redirect("rights:case_detail", pk=case.pk)
            return redirect("rights:case_list")
    return _action_page(request, case, "转办", form, unit_search=True)


@require_http_methods(["GET", "POST"])
@login_required
def case_share(request: HttpRequest, pk: int) -> HttpResponse:
    case = _owner_case(request, pk)
    choices, found = _unit_pick(request, _share_suggestions(case))
    if request.method == "POST" and "find" in request.POST:
        return _unit_search_page(request, case, "双向维权协办", ShareForm, choices, found)
    form = ShareForm(request.POST or None, units=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            share = services.case_share(
                actor=request.user,
                case=case,
                org=_picked_unit(request, form),
                partner_name=data["partner_name"],
                partner_contact=data["partner_contact"],
            )
        except (ValidationError, Conflict) as e:
            apply_domain_error(form, e)
        else:
            with_whom = share.org.name if share.org else f"市外协作工会「{share.partner_name}」"
            return _done(request, case, f"已与{with_whom}共享本案，双向协办。")
    note = "建议：职工户籍地工会。" if _share_suggestions(case) else ""
    return _action_page(request, case, "双向维权协办", form, unit_search=True, note=note)


@require_POST
@login_required
def case_unshare(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    case = _owner_case(request, pk)
    share = CaseShare.objects.filter(pk=share_pk, case=case).select_related("org").first()
    if share is None:
        raise NotFound()
    name = share.org.name if share.org else share.partner_name
    return actions.press(
        request,
        lambda: services.case_unshare(actor=request.user, case=case, share=share),
        success=f"已结束与{name}的协办，对方不再能查看本案。",
        to=_case_url(case),
        refused=actions.first_message,
    )


# --- work on the case ------------------------------------------------------------------------------


def _case_work(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Callable[..., Any],
    done: str,
    title: str,
    *,
    case_of: Callable[[HttpRequest, int], Case] = _worker_case,
    **initial: Any,
) -> HttpResponse:
    """A form of work on the case whose fields are the service's own: saved, said, back to the case."""
    case = case_of(request, pk)
    form = form_class(request.POST or None, request.FILES or None, initial=initial or None)

    def run(data: dict[str, Any]) -> Any:
        return service(actor=request.user, case=case, **data)

    answered = actions.submit(request, form, run, success=done, to=_case_url(case))
    return answered or _action_page(request, case, title, form, multipart=form.is_multipart())


@require_http_methods(["GET", "POST"])
@login_required
def legal_aid(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_work(request, pk, LegalAidForm, services.case_legal_aid_refer, "已记录转介法律援助。", "转介法律援助")


@require_http_methods(["GET", "POST"])
@login_required
def mediation_add(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    return _case_work(
        request, pk, MediationForm, services.mediation_record, "调解记录已保存。", "录入调解记录", held_on=today
    )


@require_http_methods(["GET", "POST"])
@login_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_work(request, pk, NoteForm, services.case_note_add, "办理进展已记录。", "记录办理进展")


@require_http_methods(["GET", "POST"])
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_work(request, pk, AttachmentForm, services.case_attachment_upload, "材料已上传。", "上传材料")


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = CaseAttachment.objects.select_related("case__org").filter(pk=pk).first()
    if attachment is None:
        raise NotFound()
    selectors.case_for_user_or_404(request.user, attachment.case_id)
    handle = services.case_attachment_download(actor=request.user, attachment=attachment)
    return uploads.download_response(attachment, handle)


@require_http_methods(["GET", "POST"])
@login_required
def case_rate(request: HttpRequest, pk: int) -> HttpResponse:
    said, title = "已记录职工的电话评价。", "记录职工满意度（电话回访）"
    return _case_work(request, pk, RateForm, services.case_rate, said, title, case_of=_owner_case)


# --- the overdue board -----------------------------------------------------------------------------


def _grouped(qs: QuerySet[Case], *fields: str) -> dict[tuple[Any, ...], int]:
    return {tuple(row[f] for f in fields): row["n"] for row in qs.order_by().values(*fields).annotate(n=Count("pk"))}


@require_GET
@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """超期督办: overdue and falling-due open cases in sight, counted per handling union and per handler,
    each count a link to the list filtered the same way."""
    _require_anywhere(request, Cap.RIGHTS_VIEW)
    user = request.user
    now = timezone.now()
    cases = selectors.cases_for(user)
    late = selectors.overdue_cases(cases, now)
    soon = selectors.due_soon_cases(cases, now)
    seen_at_home = access.reach(user, Cap.RIGHTS_VIEW)

    unit_fields = ("org_id", "org__name", "org__path")
    late_units, soon_units = _grouped(late, *unit_fields), _grouped(soon, *unit_fields)
    by_unit = [
        {
            "pk": key[0],
            "name": key[1],
            "late": late_units.get(key, 0),
            "soon": soon_units.get(key, 0),
            "via_share": not seen_at_home.covers(key[2]),
        }
        for key in sorted(set(late_units) | set(soon_units), key=lambda k: k[2])
    ]
    handler_fields = ("handler_id", "handler__display_name", "handler__username")
    late_people, soon_people = _grouped(late, *handler_fields), _grouped(soon, *handler_fields)
    people = labels_by_username(key[2] for key in set(late_people) | set(soon_people) if key[2])
    by_handler = [
        {
            "pk": key[0],
            "name": people.get(key[2]) or key[1] or key[2] or "（未指定承办人）",
            "late": late_people.get(key, 0),
            "soon": soon_people.get(key, 0),
        }
        for key in sorted(set(late_people) | set(soon_people), key=lambda k: (k[0] is None, k[1] or k[2] or ""))
    ]
    handler_grants = grants_prefetch("handler__grants")
    context = {
        "late": late.select_related("escalated_to").prefetch_related(handler_grants).order_by("due_at")[:200],
        "soon": soon.select_related("escalated_to").prefetch_related(handler_grants).order_by("due_at")[:200],
        "late_count": late.count(),
        "soon_count": soon.count(),
        "by_unit": by_unit,
        "by_handler": by_handler,
    }
    return render(request, "rights/overdue.html", context)
