"""Pages of the hardship archives: the list (filters, reminders, Excel), filing and editing an archive, its
detail with the workflow's buttons, the household, evidence, visits, objections, the overdue list and the
city's standards. Thin: parse, call access/selectors/services, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.assistance import selectors, services, workflow
from unionhall.assistance.forms import (
    ArchiveCreateForm,
    ArchiveFilterForm,
    ArchiveForm,
    CategoryForm,
    EvidenceForm,
    MemberForm,
    ReasonForm,
    SettingsForm,
    VisitForm,
    yuan_to_fen,
)
from unionhall.assistance.models import (
    AssistanceSettings,
    EvidenceFile,
    FileStatus,
    HardshipCause,
    HardshipFile,
    HouseholdMember,
    NoticeObjection,
    VisitKind,
)
from unionhall.core import actions
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.forms import add_further_errors, apply_domain_error
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.money import yuan, yuan_display
from unionhall.core.paging import sortable
from unionhall.documents import uploads
from unionhall.notices.forms import ObjectionForm, ResolveForm
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.models import Employer
from unionhall.orgs.pickers import bind_pickers
from unionhall.orgs.selectors import city_root_or_404


def _require_anywhere(request: HttpRequest, cap: Cap) -> None:
    """A page that is not about one archive: 404 for who sees no archive, 403 for who sees but may not."""
    access.require_cap_anywhere(request.user, cap, seen=Cap.ASSISTANCE_VIEW)


def _file(request: HttpRequest, pk: int, cap: Cap | None = None) -> HardshipFile:
    """The archive if the user may see it (else 404); with `cap`, also may do it there (else 403)."""
    file = selectors.archive_for_user_or_404(request.user, pk)
    if cap is not None:
        access.require(request.user, cap, file.org, obj=file)
    return file


def _detail_url(pk: int) -> str:
    return reverse("assistance:archive_detail", kwargs={"pk": pk})


def _can(request: HttpRequest, cap: Cap, file: HardshipFile) -> bool:
    return access.reach(request.user, cap).covers(file.org.path)


def _action_page(
    request: HttpRequest,
    file: HardshipFile | None,
    title: str,
    form: forms.Form,
    *,
    multipart: bool = False,
    **extra: Any,
) -> HttpResponse:
    context = {"file": file, "title": title, "form": form, "multipart": multipart, **extra}
    return render(request, "assistance/action.html", context)


# --- the list --------------------------------------------------------------------------------------


def _rows(request: HttpRequest) -> tuple[ArchiveFilterForm, QuerySet[HardshipFile]]:
    form, filters = bind_filters(
        request,
        ArchiveFilterForm,
        selectors.ArchiveFilters,
        lambda d: {k: d[k] or "" for k in ("status", "category", "cause", "q")},
        Cap.ASSISTANCE_VIEW,
        noun="工会",
    )
    return form, selectors.archive_list(request.user, filters)


_CAUSES = dict(HardshipCause.choices)


ARCHIVES = ListPage(
    guard=access.needs(Cap.ASSISTANCE_VIEW),
    rows=_rows,
    # names by pinyin
    sorts=sortable("no", "category", "status", name="person__name_sort", org="org__path", verified="verified_on"),
    template="assistance/list.html",
    rows_template="assistance/_list_rows.html",
    kept_by=lambda request: access.reach(request.user, Cap.ASSISTANCE_VIEW).paths,
    more=lambda request, page: {
        "reminders": selectors.reminder_counts(request.user),
        "can_create": access.has_cap_anywhere(request.user, Cap.ASSISTANCE_EDIT),
        "can_settings": access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG),
    },
    export=Export(
        name="困难职工档案",
        action="hardship_file.export",
        columns=[
            ("档案编号", lambda f: f.no),
            ("姓名", lambda f: f.person.name),
            ("身份证号（脱敏）", lambda f: f.person.id_number_masked),
            ("建档工会", lambda f: f.org.name),
            ("状态", lambda f: f.get_status_display()),
            ("困难类别", lambda f: f.get_category_display()),
            ("致困原因", lambda f: "、".join(_CAUSES.get(c, c) for c in f.causes)),
            ("家庭人口", lambda f: f.household_size),
            ("家庭月收入（元）", lambda f: yuan(f.monthly_income_fen)),
            ("人均月收入（元）", lambda f: yuan(f.per_capita_fen)),
            ("建档日期", lambda f: f.approved_on),
            ("最近核查日期", lambda f: f.verified_on),
            ("解困日期", lambda f: f.exited_on),
        ],
    ),
)
archive_list = list_view(ARCHIVES)
archive_export = export_view(ARCHIVES)


# --- filing and editing ----------------------------------------------------------------------------


def _archive_values(request: HttpRequest, form: ArchiveForm) -> dict[str, Any]:
    """The service's keyword arguments from what the form could parse (a field the form refused is left
    out, so the service's check looks at the rest); a wrong amount or an employer out of reach goes on the
    form here. The bank account is the caller's: an edit keeps the old one when it is left blank."""
    data = form.cleaned_data
    values: dict[str, Any] = {
        name: data[name]
        for name in ("phone", "address", "household_size", "description", "bank_name", "category_override_reason")
        if name in data
    }
    if "causes" in data:
        values["causes"] = list(data["causes"])
    if "category" in data:
        values["category"] = data["category"] or ""
    if "monthly_income" in data:
        income = yuan_to_fen(form, "monthly_income")
        if income is not None:
            values["monthly_income_fen"] = income
    if "employer_uscc" in data:
        employer = None
        uscc = (data["employer_uscc"] or "").strip().upper()
        if uscc:
            employer = (
                access.scope_queryset(request.user, Cap.EMPLOYER_VIEW, Employer.objects.all(), access.EMPLOYER_SCOPE)
                .filter(uscc=uscc)
                .first()
            )
            if employer is None:
                form.add_error("employer_uscc", "在您的权限范围内没有这个统一社会信用代码的单位。")
        if employer is not None or not uscc:
            values["employer"] = employer
    return values


# The service names these by what it stores; the form by what is typed.
_RENAMED = {"monthly_income_fen": "monthly_income", "employer": "employer_uscc"}


def _account_error(form: forms.Form, e: ValidationError) -> None:
    """The service names the income field in fen; the form shows it in yuan."""
    renamed = {_RENAMED.get(k, k): v for k, v in e.field_errors.items()}
    apply_domain_error(form, ValidationError(e.message, field_errors=renamed) if renamed else e)


@require_http_methods(["GET", "POST"])
@login_required
def archive_create(request: HttpRequest) -> HttpResponse:
    _require_anywhere(request, Cap.ASSISTANCE_EDIT)
    form = bind_pickers(ArchiveCreateForm(request.POST or None), request.user)
    if form.is_bound:  # a POST with no fields leaves the form unbound: shown again as it was
        # Every error of the submit at once: the form's, the view's look-ups, and the service's check.
        form.is_valid()
        data = form.cleaned_data
        values = _archive_values(request, form)
        org = None
        if data.get("org"):
            org = org_selectors.org_by_code(request.user, data["org"], Cap.ASSISTANCE_EDIT)
            if org is None:
                form.add_error("org", "在您的权限范围内没有这个编码的工会。")
        if "bank_account" in data:
            values["bank_account"] = data["bank_account"]
        # The form and the look-ups passed: the service itself refuses what its check finds, so the refusal
        # is audited as before; otherwise its check's errors join the form's.
        if form.errors or org is None:
            problems = services.archive_problems(
                org=org, name=data.get("name"), id_number=data.get("id_number"), **values
            )
            add_further_errors(form, problems, _RENAMED)
        else:
            try:
                file = services.hardship_file_create(
                    actor=request.user, org=org, name=data["name"], id_number=data["id_number"], **values
                )
            except (Conflict, ValidationError) as e:
                _account_error(form, e) if isinstance(e, ValidationError) else form.add_error(None, e.message)
            else:
                messages.success(request, f"已建立档案 {file.no}（草稿），可继续添加家庭成员和证明材料后提交核查。")
                return redirect("assistance:archive_detail", pk=file.pk)
    return _action_page(request, None, "新建困难职工档案", form, wide=True)


@require_http_methods(["GET", "POST"])
@login_required
def archive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    file = _file(request, pk, Cap.ASSISTANCE_EDIT)
    initial = {
        "phone": file.phone,
        "address": file.address,
        "employer_uscc": file.employer.uscc if file.employer else "",
        "household_size": file.household_size,
        "monthly_income": yuan(file.monthly_income_fen),
        "causes": file.causes,
        "description": file.description,
        "bank_name": file.bank_name,
        "category": file.category if file.category_override_reason else "",
        "category_override_reason": file.category_override_reason,
    }
    form = bind_pickers(ArchiveForm(request.POST or None, initial=initial), request.user)
    form.fields["bank_account"].help_text = f"现为 {file.bank_account_masked or '未登记'}；留空不修改"
    if form.is_bound:
        form.is_valid()
        values = _archive_values(request, form)
        if form.cleaned_data.get("bank_account"):
            values["bank_account"] = form.cleaned_data["bank_account"]
        if form.errors:  # else the service refuses what its check finds, audited as before
            add_further_errors(form, services.archive_problems(current=file, **values), _RENAMED)
        else:
            try:
                services.hardship_file_update(actor=request.user, file=file, **values)
            except (Conflict, ValidationError) as e:
                _account_error(form, e) if isinstance(e, ValidationError) else form.add_error(None, e.message)
            else:
                messages.success(request, "档案已保存。")
                return redirect("assistance:archive_detail", pk=file.pk)
    return _action_page(request, file, "修改档案", form, wide=True)


# --- the detail page -------------------------------------------------------------------------------


_EVENT_LABELS = {"create": "建档", **{t.name: t.label for t in workflow.TRANSITIONS.values()}}
_STATUS = dict(FileStatus.choices)


@require_GET
@login_required
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    file = _file(request, pk)
    cfg = AssistanceSettings.current()
    context = {
        "file": file,
        "cfg": cfg,
        "household": [(m, yuan_display(m.monthly_income_fen)) for m in file.household.all()],
        "evidence": file.evidence.all(),
        "visits": file.visits.all(),
        "objections": file.objections.all(),
        "in_notice": file.status == FileStatus.NOTICE,
        "history": [
            (
                e,
                _EVENT_LABELS.get(e.transition, e.transition),
                _STATUS.get(e.from_status, ""),
                _STATUS.get(e.to_status, ""),
            )
            for e in selectors.history(file)
        ],
        "money": {
            "income": yuan_display(file.monthly_income_fen),
            "per_capita": yuan_display(file.per_capita_fen),
            "dibao": yuan_display(cfg.dibao_fen),
        },
        "transitions": workflow.available(request.user, file),
        "can_edit": _can(request, Cap.ASSISTANCE_EDIT, file) and file.status in workflow.EDITABLE,
        "can_write": _can(request, Cap.ASSISTANCE_EDIT, file),
        "can_verify": _can(request, Cap.ASSISTANCE_VERIFY, file),
        "can_sensitive": _can(request, Cap.ASSISTANCE_SENSITIVE, file),
        # Help for an approved household starts here: a disbursement request and a card (四卡一票).
        "can_request": file.status == FileStatus.APPROVED and _can(request, Cap.ASSISTANCE_EDIT, file),
        "can_issue_card": file.status == FileStatus.APPROVED and _can(request, Cap.CARD_MANAGE, file),
        "causes": [dict(HardshipCause.choices).get(c, c) for c in file.causes],
        "today": timezone.localdate(),
    }
    return render(request, "assistance/detail.html", context)


@require_POST
@login_required
def archive_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Bank account and health notes in clear, for who holds assistance.sensitive; each reveal audited."""
    file = _file(request, pk, Cap.ASSISTANCE_SENSITIVE)
    account = services.hardship_file_bank_account_reveal(actor=request.user, file=file)
    health = [
        (m, services.household_member_health_reveal(actor=request.user, member=m))
        for m in file.household.filter(has_health_note=True)
    ]
    return render(request, "assistance/reveal.html", {"file": file, "account": account, "health": health})


# --- workflow --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def archive_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    file = _file(request, pk)
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        raise NotFound()
    workflow.TABLE.require(request.user, file, transition)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].required = transition.needs_reason
    done = actions.submit(
        request,
        form,
        lambda d: workflow.run(request.user, file, name, d["reason"]),
        success=f"已办理「{transition.label}」。",
        to=_detail_url(file.pk),
        conflict_to=_detail_url(file.pk),
    )
    return done or _action_page(request, file, transition.label, form, transition=transition)


@require_http_methods(["GET", "POST"])
@login_required
def archive_category(request: HttpRequest, pk: int) -> HttpResponse:
    file = _file(request, pk, Cap.ASSISTANCE_VERIFY)
    form = CategoryForm(request.POST or None, initial={"category": file.category})
    done = actions.submit(
        request,
        form,
        lambda d: services.hardship_file_set_category(
            actor=request.user, file=file, category=d["category"], reason=d["reason"]
        ),
        success="困难类别已调整。",
        to=_detail_url(file.pk),
        rename={"category_override_reason": "reason"},
    )
    note = f"按城市标准测算为「{file.get_computed_category_display()}」（人均月收入 {yuan(file.per_capita_fen)} 元）。"
    return done or _action_page(request, file, "人工认定困难类别", form, note=note)


# --- household, evidence, visits, objections -------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    file = _file(request, pk, Cap.ASSISTANCE_EDIT)
    form = MemberForm(request.POST or None)
    income = yuan_to_fen(form, "monthly_income") if request.method == "POST" and form.is_valid() else None
    done = None
    if income is not None:
        done = actions.submit(
            request,
            form,
            lambda d: services.household_member_add(
                actor=request.user,
                file=file,
                name=d["name"],
                relation=d["relation"],
                birth_year=d["birth_year"],
                occupation=d["occupation"],
                monthly_income_fen=income,
                health=d["health"],
            ),
            success="已添加家庭成员。",
            to=_detail_url(file.pk),
            rename={"monthly_income_fen": "monthly_income"},
        )
    return done or _action_page(request, file, "添加家庭成员", form)


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    qs = HouseholdMember.objects.select_related("file__org")
    member = access.get_for_user_or_404(request.user, Cap.ASSISTANCE_VIEW, qs, pk, "file__org")
    access.require(request.user, Cap.ASSISTANCE_EDIT, member.file.org, obj=member)
    return actions.press(
        request,
        lambda: services.household_member_remove(actor=request.user, member=member),
        success=f"已删除家庭成员 {member.name}。",
        to=_detail_url(member.file_id),
    )


def _file_work(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Callable[..., Any],
    done: str,
    title: str,
    options: Callable[[HardshipFile], dict[str, Any]] = lambda file: {},
) -> HttpResponse:
    """A form that adds to the archive, whose fields are the service's own: saved, said, back to the archive.
    `options`: what the form is built with besides the post (its choices for this archive, its initial)."""
    file = _file(request, pk, Cap.ASSISTANCE_EDIT)
    form = form_class(request.POST or None, request.FILES or None, **options(file))

    def run(data: dict[str, Any]) -> Any:
        return service(actor=request.user, file=file, **data)

    answered = actions.submit(request, form, run, success=done, to=_detail_url(file.pk))
    return answered or _action_page(request, file, title, form, multipart=form.is_multipart())


@require_http_methods(["GET", "POST"])
@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _file_work(request, pk, EvidenceForm, services.evidence_upload, "材料已上传。", "上传证明材料")


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    qs = EvidenceFile.objects.select_related("file__org")
    evidence = access.get_for_user_or_404(request.user, Cap.ASSISTANCE_VIEW, qs, pk, "file__org")
    handle = services.evidence_download(actor=request.user, evidence=evidence)
    return uploads.download_response(evidence, handle)


def _visit_kinds(request: HttpRequest, file: HardshipFile) -> list[tuple[str, str]]:
    return [
        (kind.value, kind.label)
        for kind in VisitKind
        if access.reach(request.user, services.VISIT_CAPS[kind]).covers(file.org.path)
    ]


@require_http_methods(["GET", "POST"])
@login_required
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    def options(file: HardshipFile) -> dict[str, Any]:
        return {"kinds": _visit_kinds(request, file), "initial": {"visited_on": timezone.localdate()}}

    return _file_work(request, pk, VisitForm, services.home_visit_record, "走访记录已保存。", "登记入户走访", options)


@require_http_methods(["GET", "POST"])
@login_required
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    said = "异议已登记；处理前不能审批建档。"
    return _file_work(request, pk, ObjectionForm, services.objection_record, said, "登记公示异议")


@require_http_methods(["GET", "POST"])
@login_required
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    qs = NoticeObjection.objects.select_related("file__org", "file__person")
    objection = access.get_for_user_or_404(request.user, Cap.ASSISTANCE_VIEW, qs, pk, "file__org")
    file = objection.file
    access.require(request.user, Cap.ASSISTANCE_VERIFY, file.org, obj=objection)
    form = ResolveForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.objection_resolve(actor=request.user, objection=objection, **d),
        success="异议已处理。",
        to=_detail_url(file.pk),
    )
    return done or _action_page(request, file, "处理公示异议", form, note=objection.content)


# --- reminders -------------------------------------------------------------------------------------


@require_GET
@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    _require_anywhere(request, Cap.ASSISTANCE_VIEW)
    user = request.user
    cfg = AssistanceSettings.current()
    context = {
        "cfg": cfg,
        "overdue_reviews": selectors.overdue_reviews(user)[:500],
        "overdue_follow_ups": selectors.overdue_follow_ups(user)[:500],
        "due_reviews": selectors.due_soon_reviews(user)[:500],
        "due_follow_ups": selectors.due_soon_follow_ups(user)[:500],
        "counts": selectors.reminder_counts(user),
    }
    return render(request, "assistance/overdue.html", context)


# --- the city's standards --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Cap.PROGRAMME_CONFIG, city_root_or_404())
    cfg = AssistanceSettings.current()
    days = ("relative_multiple", "notice_days", "review_interval_days", "follow_up_days", "reminder_days")
    initial = {name: getattr(cfg, name) for name in days}
    initial |= {"dibao": yuan(cfg.dibao_fen), "dual_approval": yuan(cfg.dual_approval_fen)}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        dibao = yuan_to_fen(form, "dibao", allow_zero=False)
        dual = yuan_to_fen(form, "dual_approval")
        if dibao is not None and dual is not None:
            values = {k: v for k, v in form.cleaned_data.items() if k not in ("dibao", "dual_approval")}
            try:
                services.assistance_settings_update(
                    actor=request.user, dibao_fen=dibao, dual_approval_fen=dual, **values
                )
            except (Conflict, ValidationError) as e:
                renamed = {k.removesuffix("_fen"): v for k, v in e.field_errors.items()}
                apply_domain_error(form, ValidationError(e.message, field_errors=renamed) if renamed else e)
            else:
                messages.success(request, "帮扶标准已保存。")
                return redirect("assistance:settings")
    return _action_page(request, None, "帮扶标准（城市低保与困难认定）", form, cfg=cfg)
