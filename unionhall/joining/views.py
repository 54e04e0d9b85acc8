"""Online joining pages. Public, for the worker on a phone: the join form, the employer search, the
confirmation and the status page. For the union: the scoped list of applications, one application, and
its approval or rejection. Thin: parse, call selectors and services."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.core import actions, request_context
from unionhall.core.errors import DomainError, NotFound
from unionhall.core.forms import add_further_errors, apply_domain_error
from unionhall.core.paging import paginate, pinyin, query_without_page, sort
from unionhall.joining import selectors, services, workflow
from unionhall.joining.forms import ApplicationFilterForm, ApproveForm, JoinForm, RejectForm, StatusForm
from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.members.cards import card_token
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.workflow import kernel

SESSION_CODES = "portal_join_codes"
# Wrong code / last-four guesses allowed per client address and hour on the status page.
LOOKUP_FAILURES_PER_HOUR = 20


def _actor(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else services.PORTAL


# --- worker pages ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None, areas=selectors.areas())
    if form.is_bound:  # a POST with no fields leaves the form unbound: shown again as it was
        # Every error of the submit at once: the form's and the service's check of what it could parse.
        form.is_valid()
        d = form.cleaned_data
        employer = selectors.employer_pick(d.get("employer") or None, d.get("employer_text") or "")
        data = services.ApplicationData(
            name=d.get("name") or "",
            id_number=d.get("id_number") or "",
            phone=d.get("phone") or "",
            employer_text=d.get("employer_text") or "",
            employer=employer,
            area=d.get("area"),
        )
        if form.errors:  # else the service refuses what its check finds, audited as before
            add_further_errors(form, services.application_problems(data)[0])
    if form.is_bound and not form.errors:
        try:
            app = services.join_application_submit(actor=_actor(request), data=data)
        except DomainError as e:
            apply_domain_error(form, e)
        else:
            request.session[SESSION_CODES] = [app.code, *request.session.get(SESSION_CODES, [])][:5]
            return redirect("joining:done")
    picked = None
    if form.is_bound:
        picked = selectors.employer_pick(form.data.get("employer") or None, form.data.get("employer_text", ""))
    hits = selectors.employer_hits(picked) if picked else selectors.employer_search(form.data.get("employer_text", ""))
    # The blank form is the same for every visitor: its fields are kept (join.html), the CSRF token is not.
    context = {"form": form, "hits": hits, "picked": picked, "blank": not form.is_bound}
    return render(request, "joining/join.html", context)


@require_GET
def employers(request: HttpRequest) -> HttpResponse:
    """The search under the employer field (htmx): `q`, or the field's own value when htmx sends it."""
    q = request.GET.get("q") or request.GET.get("employer_text") or ""
    return render(
        request,
        "joining/_employers.html",
        {"hits": selectors.employer_search(q), "q": q.strip(), "min_length": selectors.SEARCH_MIN_LENGTH},
    )


@require_GET
def done(request: HttpRequest) -> HttpResponse:
    """After submitting: the reference code to keep. Only the browser that submitted sees it."""
    codes = request.session.get(SESSION_CODES, [])
    related = ("proposed_union", "org", "from_membership__org", "from_membership__person")
    app = JoinApplication.objects.select_related(*related).filter(code__in=codes[:1]).first()
    # A member elsewhere is told so, never which union: whoever typed a name and an ID number is not
    # thereby the worker (PRODUCT.md §4).
    elsewhere = "" if app is not None and app.from_membership is not None else None
    return render(request, "joining/done.html", {"app": app, "elsewhere": elsewhere})


def _lookup_key(request: HttpRequest) -> str:
    return f"portal:lookup-failures:{request_context.client_ip(request.META)}"


def _card(request: HttpRequest, app: JoinApplication) -> dict[str, Any] | None:
    """The electronic member card of an approved application: its QR opens the members module's public
    check page, which shows nothing private. None before approval."""
    membership = app.membership
    if membership is None:
        return None
    url = request.build_absolute_uri(reverse("members:verify", kwargs={"token": card_token(membership)}))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    buffer = io.BytesIO()
    image.save(buffer)
    return {"qr": buffer.getvalue().decode(), "url": url}


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Where an application stands, for whoever holds its code and the ID number's last four characters."""
    form = StatusForm(request.POST or None)
    app = None
    if request.method == "POST" and form.is_valid():
        key = _lookup_key(request)
        if cache.get(key, 0) >= LOOKUP_FAILURES_PER_HOUR:
            form.add_error(None, "查询次数过多，请一小时后再试。")
        else:
            code, last4 = form.cleaned_data["code"], form.cleaned_data["id_last4"]
            if request.POST.get("action") == "withdraw":
                try:
                    app = services.join_application_withdraw(actor=_actor(request), code=code, id_last4=last4)
                except DomainError as e:
                    if isinstance(e, NotFound):
                        cache.set(key, cache.get(key, 0) + 1, timeout=3600)
                    form.add_error(None, e.message)
                else:
                    messages.success(request, "申请已撤回。")
            if app is None and not form.errors:
                app = selectors.application_for_worker(code, last4)
                if app is None:
                    cache.set(key, cache.get(key, 0) + 1, timeout=3600)
                    form.add_error(None, "参考编号或身份证号后四位不正确，请核对。")
    card = _card(request, app) if app is not None and app.status == ApplicationStatus.APPROVED else None
    masked = app.name[0] + "*" * (len(app.name) - 1) if app is not None else ""
    return render(request, "joining/status.html", {"form": form, "app": app, "card": card, "masked_name": masked})


# --- union pages -------------------------------------------------------------------------------------


# The application list's sortable columns.
APPLICATION_SORTS = {
    "name": (pinyin("name"),),
    "code": ("code",),
    "kind": ("kind",),
    "created": ("created_at",),
    "status": ("status",),
}


@require_GET
@login_required
def applications(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.MEMBER_VIEW)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ApplicationStatus.SUBMITTED  # the inbox: what waits for a decision
    form = ApplicationFilterForm(data)
    status_filter = kind = ""
    if form.is_valid():
        status_filter, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    qs = selectors.application_list(request.user, status=status_filter, kind=kind)
    page = paginate(request, sort(request, qs, APPLICATION_SORTS))
    counts = selectors.application_counts(request.user, kind=kind)
    tiles = [(value, label, counts[value]) for value, label in ApplicationStatus.choices]
    return render(
        request,
        "joining/applications.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "tiles": tiles,
            "status": status_filter,
            "kind": kind,
        },
    )


def _detail(
    request: HttpRequest,
    app: JoinApplication,
    *,
    approve_form: ApproveForm | None = None,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    offered = {t.name: t for t in kernel.available(app, user, workflow.TABLE)}
    can_decide = bool(offered)
    unions = selectors.union_choices(user, app) if can_decide else []
    if can_decide and approve_form is None:
        approve_form = ApproveForm(unions=unions, initial_union=app.proposed_union)
    return render(
        request,
        "joining/application.html",
        {
            "app": app,
            "can_decide": can_decide,
            "can_approve": "approve" in offered,
            "reject_step": offered.get("reject"),
            "approve_form": approve_form,
            "reject_form": reject_form or RejectForm(),
            "breadcrumb": access.ancestors_in_reach(user, app.org, Cap.MEMBER_VIEW),
            "member_url": _member_url(user, app),
            "from_visible": app.from_membership is not None
            and access.reach(user, Cap.MEMBER_VIEW).covers(app.from_membership.org.path),
        },
        status=status,
    )


def _member_url(user: Any, app: JoinApplication) -> str | None:
    if app.membership is None or not access.reach(user, Cap.MEMBER_VIEW).covers(app.membership.org.path):
        return None
    return reverse("members:detail", kwargs={"pk": app.membership.pk})


@require_GET
@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.application_for_user_or_404(request.user, pk))


def _for_decision(request: HttpRequest, pk: int) -> JoinApplication:
    app = selectors.application_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.MEMBER_EDIT, app.org, obj=app)  # a reviewer sees it but may not decide
    return app


def _application_url(app: JoinApplication) -> str:
    return reverse("joining:application", kwargs={"pk": app.pk})


def _approved(app: JoinApplication) -> str:
    if app.membership is None:  # the worker's union lies outside this reach: it was asked
        return f"已同意接收：{app.name}。已向原工会发出会员关系接转申请，待原工会同意或职工本人确认后生效。"
    return f"已批准：{app.name}，会员编号 {app.membership.member_no}"


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    app = _for_decision(request, pk)
    unions = selectors.union_choices(request.user, app)
    form = ApproveForm(request.POST, unions=unions, initial_union=app.proposed_union)
    if form.is_valid():
        chosen = form.cleaned_data["union"]
        union: OrgUnit | None = next((u for u in unions if str(u.pk) == chosen), None) if chosen else None
        done = actions.submit(
            request,
            form,
            lambda _: services.join_application_approve(actor=request.user, application=app, union=union),
            success=_approved,
            to=_application_url,
            refusals=actions.EVERY,
        )
        if done is not None:
            return done
    return _detail(request, app, approve_form=form)


@require_POST
@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    app = _for_decision(request, pk)
    form = RejectForm(request.POST)
    done = actions.submit(
        request,
        form,
        lambda d: services.join_application_reject(actor=request.user, application=app, reason=d["reason"]),
        success=f"已不予批准：{app.name}",
        to=_application_url(app),
        refusals=actions.EVERY,
    )
    return done or _detail(request, app, reject_form=form)
