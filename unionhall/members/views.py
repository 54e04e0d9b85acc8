"""Member pages: the roster with search and filters, export, join, one member, e-card, and the changes
of a membership. Thin: parse, call selectors and services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions, barcodes, pii
from unionhall.core.audit import PendingEvent, record
from unionhall.core.errors import DomainError
from unionhall.core.forms import add_further_errors, apply_domain_error
from unionhall.core.listpage import drawn_rows
from unionhall.core.paging import paginate, query_without_page, sort
from unionhall.core.unmasked import PurposeForm, carried_filters, confirm_page, refuse_link
from unionhall.members import exports, selectors, services, transfer_services, transfers
from unionhall.members import workflow as member_workflow
from unionhall.members.cards import CARD_SALT, card_token
from unionhall.members.forms import JoinForm, MemberFilterForm, PersonForm, StatusForm, TransferForm
from unionhall.members.models import Membership, MembershipStatus, TransferRequest
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer
from unionhall.orgs.people import label_rows
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel

# The roster's sortable columns; a name sorts by its pinyin (Person.name_sort), not by character code.
SORTS = {
    "name": ("person__name_sort",),
    "member_no": ("member_no",),
    "org": ("org__path",),
    "joined": ("joined_on",),
    "status": ("status",),
}


def _filters(request: HttpRequest, source: QueryDict | None = None) -> tuple[MemberFilterForm, selectors.MemberFilters]:
    data = (request.GET if source is None else source).copy()
    if "status" not in data:
        data["status"] = "open"
    form = bind_pickers(MemberFilterForm(data), request.user)
    filters = selectors.MemberFilters(status="open")
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.MemberFilters(
            q=d["q"] or "",
            status=d["status"] or "",
            employment_form=d["employment_form"] or "",
            migrant=None if d["migrant"] == "" else d["migrant"] == "1",
            joined_from=d["joined_from"],
            joined_to=d["joined_to"],
        )
        filters.org = org_selectors.org_filter(request.user, d["org"] or "", Cap.MEMBER_VIEW, form, noun="工会")
    return form, filters


def _rows(request: HttpRequest, page: Any, *, searching: bool) -> str:
    """The page's rows, kept for the reach and query (core/listpage.py); a search is seldom asked twice, so it
    is drawn each time."""
    kept_by = None if searching else (lambda r: access.reach(r.user, Cap.MEMBER_VIEW).paths)
    return drawn_rows(request, "members/_rows.html", lambda: {"page": page}, kept_by)


@require_GET
@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.MEMBER_VIEW)
    form, filters = _filters(request)
    listing = selectors.member_listing(request.user, filters)
    page = paginate(request, sort(request, listing.rows, SORTS), count=listing.count)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(request, page, searching=bool(filters.q)),
            "more": listing.more,
            "searching": bool(filters.q),
            "query": query_without_page(request),
            "can_join": access.has_cap_anywhere(request.user, Cap.MEMBER_EDIT),
            "can_unmask": access.has_cap_anywhere(request.user, Cap.MEMBER_UNMASK),
            "unmask_form": PurposeForm(),
            "unmask_filters": carried_filters(request.GET),
        },
    )


@require_GET
@login_required
def member_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as Excel, ID numbers and phones masked. Full ones only by member_export_unmasked."""
    access.require_cap_anywhere(request.user, Cap.MEMBER_VIEW)
    if "unmasked" in request.GET:
        return refuse_link(request)
    _, filters = _filters(request)
    qs = sort(request, selectors.member_list(request.user, filters), SORTS)
    return _download(request, qs, unmasked=False, changes={"filters": request.GET.dict(), "unmasked": False})


@require_http_methods(["GET", "POST"])
@login_required
def member_export_unmasked(request: HttpRequest) -> HttpResponseBase:
    """Full ID numbers and phones, of the rows the user may unmask: a POST with a stated purpose, audited."""
    access.require_cap_anywhere(request.user, Cap.MEMBER_UNMASK)
    if request.method != "POST":
        return refuse_link(request)
    form = PurposeForm(request.POST)
    if not form.is_valid():
        return confirm_page(
            request, title="导出会员名册（含完整身份证号）", action=request.path, form=form, filters=request.POST
        )
    _, filters = _filters(request, request.POST)
    qs = access.scope_queryset(request.user, Cap.MEMBER_UNMASK, selectors.member_list(request.user, filters), "org")
    changes = {
        "filters": dict(carried_filters(request.POST)),
        "unmasked": True,
        "purpose": form.cleaned_data["purpose"],
    }
    return _download(request, qs, unmasked=True, changes=changes)


def _download(request: HttpRequest, qs: Any, *, unmasked: bool, changes: dict[str, Any]) -> FileResponse:
    out = exports.export_members(qs, unmasked=unmasked)
    event = PendingEvent(actor=request.user, action="member.export_unmasked" if unmasked else "member.export")
    event.changes = changes
    record(event, success=True)
    name = f"会员名册_{timezone.localdate():%Y%m%d}{'_明文' if unmasked else ''}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)


def _member(request: HttpRequest, pk: int, cap: Cap = Cap.MEMBER_VIEW) -> Membership:
    membership = selectors.member_for_user_or_404(request.user, pk)
    if cap != Cap.MEMBER_VIEW:
        access.require(request.user, cap, membership.org, obj=membership)
    return membership


@require_GET
@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    user = request.user
    history = label_rows(membership.person.membership_events.select_related("from_org", "to_org").order_by("at", "id"))
    return render(
        request,
        "members/detail.html",
        {
            "m": membership,
            "person": membership.person,
            "history": history,
            "breadcrumb": access.ancestors_in_reach(user, membership.org, Cap.MEMBER_VIEW),
            "can_edit": access.reach(user, Cap.MEMBER_EDIT).covers(membership.org.path),
            "can_unmask": access.reach(user, Cap.MEMBER_UNMASK).covers(membership.org.path),
            "is_open": membership.status in (MembershipStatus.ACTIVE, MembershipStatus.RETAINED),
            "steps": kernel.available(membership, user, member_workflow.TABLE),
        },
    )


@require_POST
@login_required
def member_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID number, by htmx into the detail page; each reveal is audited by the service."""
    membership = _member(request, pk)
    number = services.member_id_reveal(actor=request.user, membership=membership)
    return HttpResponse(f'<code data-testid="id-number">{number}</code> <small class="muted">（已记录查看）</small>')


@require_GET
@login_required
def member_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The electronic member card; its QR code opens a public check page that reveals nothing private."""
    membership = _member(request, pk)
    verify_url = request.build_absolute_uri(reverse("members:verify", kwargs={"token": card_token(membership)}))
    return render(request, "members/card.html", {"m": membership, "qr": barcodes.shown_qr_svg(verify_url)})


@require_GET
def member_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: is this card genuine and the membership current? Shows a masked name, the union, the status."""
    try:
        data = signing.loads(token, salt=CARD_SALT)
        membership = Membership.objects.select_related("person", "org").get(pk=data["m"], member_no=data["n"])
    except (signing.BadSignature, Membership.DoesNotExist, KeyError, TypeError):
        return render(request, "members/verify.html", {"valid": False}, status=404)
    return render(
        request,
        "members/verify.html",
        {"valid": True, "m": membership, "masked_name": pii.mask_name(membership.person.name)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_join(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.MEMBER_EDIT)
    initial = {"org": request.GET.get("org", ""), "employment_form": "standard"}
    form = bind_pickers(JoinForm(request.POST or None, initial=initial), request.user)
    elsewhere: Membership | None = None
    if form.is_bound:  # a POST with no fields leaves the form unbound: shown again as it was
        # Every error of the submit at once: the form's, the look-ups of union and employer, the service's.
        form.is_valid()
        data = dict(form.cleaned_data)
        org = None
        if data.get("org"):
            org = org_selectors.org_by_code(request.user, data["org"], Cap.MEMBER_EDIT)
            if org is None:
                form.add_error("org", "在您的权限范围内没有这个编码的工会。")
        employer = None
        uscc = (data.get("employer_uscc") or "").strip().upper()
        if uscc:
            employer = access.scope_queryset(
                request.user, Cap.EMPLOYER_VIEW, Employer.objects.filter(uscc=uscc), access.EMPLOYER_SCOPE
            ).first()
            if employer is None:
                form.add_error("employer_uscc", "在您的权限范围内没有这个信用代码的单位。")
        # A field the form refused is checked as blank: its own message stays (add_further_errors).
        person = services.PersonData(
            name=data.get("name") or "",
            id_number=data.get("id_number") or "",
            **{k: data[k] for k in services.PERSON_FIELDS[1:] if k in data},
        )
        if form.errors or org is None:  # else the service refuses what its check finds, audited as before
            add_further_errors(form, services.join_problems(org=org, person=person))
        else:
            joined_on = data.get("joined_on")
            if request.POST.get("request_transfer") == "1":
                return _request_transfer(request, form, org=org, person=person, employer=employer)
            try:
                membership = services.member_join(
                    actor=request.user, org=org, person=person, joined_on=joined_on, employer=employer
                )
            except services.AlreadyMember as e:
                elsewhere = e.membership
                form.add_error(None, e.message)
            except DomainError as e:
                apply_domain_error(form, e)
            else:
                for warning in person.warnings:
                    messages.warning(request, warning)
                messages.success(request, f"已入会：{membership.person.name}，会员编号 {membership.member_no}")
                return redirect("members:detail", pk=membership.pk)
    # A member elsewhere: a one-step transfer when both unions lie in the user's reach, else a request.
    transfer_url = None
    if elsewhere is not None and transfers.in_reach(request.user, elsewhere):
        transfer_url = reverse("members:transfer", kwargs={"pk": elsewhere.pk})
    return render(
        request,
        "members/join.html",
        {"form": form, "transfer_url": transfer_url, "offer_request": elsewhere is not None and not transfer_url},
    )


def _request_transfer(
    request: HttpRequest, form: JoinForm, *, org: Any, person: services.PersonData, employer: Employer | None
) -> HttpResponse:
    try:
        found = transfer_services.transfer_request_create(
            actor=request.user, to_org=org, person=person, employer=employer, source=TransferRequest.Source.FORM
        )
    except DomainError as e:
        apply_domain_error(form, e)
        return render(request, "members/join.html", {"form": form})
    messages.success(request, "已提交会员关系接转申请，待原工会同意或职工本人在职工端确认后生效。")
    return redirect("members:transfer_request", pk=found.pk)


@require_http_methods(["GET", "POST"])
@login_required
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    if not access.has_cap_anywhere(request.user, Cap.MEMBER_EDIT):
        access.require(request.user, Cap.MEMBER_EDIT, membership.org, obj=membership)
    form = bind_pickers(TransferForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        target = org_selectors.org_by_code(request.user, form.cleaned_data["target"], Cap.MEMBER_EDIT)
        if target is None:
            form.add_error("target", "在您有权办理的范围内没有这个编码的工会。")
        else:
            done = actions.submit(
                request,
                form,
                lambda d: services.member_transfer(
                    actor=request.user, membership=membership, to_org=target, on=d["on"], note=d["note"]
                ),
                success=f"已接转到：{target.name}",
                to=_member_url,
                refusals=actions.EVERY,
            )
            if done is not None:
                return done
    return _form_page(request, membership, form, f"会员关系接转：{membership.person.name}")


@require_http_methods(["GET", "POST"])
@login_required
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk, Cap.MEMBER_EDIT)
    # One step per page (the member page links each step of the table): a dangerous one asks to confirm.
    offered = {t.name: t for t in kernel.available(membership, request.user, member_workflow.TABLE)}
    step = offered.get(request.POST.get("action") or request.GET.get("action", ""))
    form = StatusForm(request.POST or None, initial={"action": step.name} if step else None)
    if step is not None:
        form.fields["action"].widget = forms.HiddenInput()

    def run(d: dict[str, Any]) -> Any:
        if d["action"] == "restore":
            return services.member_restore(actor=request.user, membership=membership, on=d["on"])
        service = {"retain": services.member_retain, "leave": services.member_leave, "remove": services.member_remove}
        return service[d["action"]](actor=request.user, membership=membership, reason=d["reason"], on=d["on"])

    done = actions.submit(request, form, run, success="已办理。", to=_member_url(membership), refusals=actions.EVERY)
    title = f"{step.label if step else '会籍变更'}：{membership.person.name}"
    return done or _form_page(request, membership, form, title, step=step, steps=list(offered.values()))


@require_http_methods(["GET", "POST"])
@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk, Cap.MEMBER_EDIT)
    person = membership.person
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    # With the form valid, the service refuses what its check finds (audited as before).
    if form.is_bound and not form.is_valid():
        add_further_errors(form, services.person_problems(person, **form.cleaned_data))
    done = actions.submit(
        request,
        form,
        lambda d: services.person_update(actor=request.user, membership=membership, **d),
        success="已保存。",
        to=_member_url(membership),
        refusals=actions.EVERY,
    )
    return done or _form_page(request, membership, form, f"修改会员信息：{person.name}")


def _member_url(membership: Membership) -> str:
    return reverse("members:detail", kwargs={"pk": membership.pk})


def _form_page(request: HttpRequest, membership: Membership, form: Any, title: str, **more: Any) -> HttpResponse:
    return render(
        request,
        "members/form.html",
        {
            "m": membership,
            "form": form,
            "title": title,
            **more,
            "breadcrumb": access.ancestors_in_reach(request.user, membership.org, Cap.MEMBER_VIEW),
        },
    )
