"""The worker's pages, mounted at /me/, for a phone: log in with a one-time code, 我的帮扶 (archives and what
comes next, payments, cards), 申请帮扶, one archive, one card with its redemptions, and the card's code shown
on tap; 我的维权 (rights requests), 申请维权, one request with its history, 补充材料 and 评价. Only a user holding Role.WORKER sees them; every other user gets 404, as for a missing page.
Thin: parse, call selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.assistance.models import AssistanceSettings, FileStatus
from unionhall.cards.models import AssistanceCard
from unionhall.core import actions, barcodes, pii
from unionhall.core.errors import DomainError, NotFound
from unionhall.core.forms import add_further_errors, apply_domain_error, dataclass_from
from unionhall.members.cards import card_token
from unionhall.members.lifecycle import open_membership
from unionhall.rights import services as rights_services
from unionhall.rights import workflow
from unionhall.rights.models import Case, CaseStatus
from unionhall.worker_portal import selectors, services
from unionhall.worker_portal.forms import ApplyForm, CaseInfoForm, CaseRateForm, CaseRequestForm, PhoneForm
from unionhall.worker_portal.models import WorkerProfile

SESSION_PHONE = "workers_login_phone"
BACKEND = "unionhall.accounts.login_limits.GuardedModelBackend"

View = Callable[..., HttpResponse]


def worker_page(*, linked: bool = True) -> Callable[[View], View]:
    """Logged in (else the login page), a worker (else 404), linked to a person unless `linked=False`."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not selectors.is_worker(request.user):
                raise NotFound()
            profile = selectors.profile_for(request.user)
            if profile is None and linked:
                raise NotFound()
            return view(request, profile, *args, **kwargs)

        return wrapped

    return decorate


# --- login -------------------------------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    """Where to go after logging in: a page of /me/ the visitor was sent from, else 我的帮扶."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    home = reverse("worker_portal:home")
    if target.startswith(home) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return home


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request) if selectors.is_worker(request.user) else reverse("console:home"))
    form = PhoneForm(request.POST or None, initial={"phone": request.session.get(SESSION_PHONE, "")})
    sent = bool(request.session.get(SESSION_PHONE))
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if request.POST.get("action") == "send":
            try:
                services.login_code_request(actor=services.WORKER_LOGIN, phone=phone)
            except DomainError as e:
                apply_domain_error(form, e)
            else:
                request.session[SESSION_PHONE] = services.clean_phone(phone)
                messages.info(request, "如该手机号已在工会登记，验证码已发送，5 分钟内有效。")
                return redirect(f"{reverse('worker_portal:login')}?{urlencode({'next': _next_url(request)})}")
        else:
            code = form.cleaned_data["code"]
            if not code:
                form.add_error("code", "请填写收到的 6 位验证码。")
            else:
                try:
                    user = services.login_code_verify(actor=services.WORKER_LOGIN, phone=phone, code=code)
                except DomainError as e:
                    apply_domain_error(form, e)
                else:
                    request.session.pop(SESSION_PHONE, None)
                    login(request, user, backend=BACKEND)
                    return redirect(_next_url(request))
    return render(request, "worker_portal/login.html", {"form": form, "sent": sent, "next": _next_url(request)})


# --- 我的帮扶 --------------------------------------------------------------------------------------------


class _Records:
    """The worker's records on 我的帮扶, read only when the page draws them: home.html keeps them drawn per
    worker until a table they come from changes, and a kept page reads none of them."""

    def __init__(self, profile: WorkerProfile):
        self.profile = profile

    @cached_property
    def files(self) -> list[tuple[Any, Any]]:
        cfg = AssistanceSettings.current()
        return [(f, selectors.progress(f, cfg)) for f in selectors.my_files(self.profile)[:20]]

    @cached_property
    def payments(self) -> list[tuple[Any, str]]:
        return [(d, selectors.payment_words(d)) for d in selectors.my_disbursements(self.profile)[:50]]

    @cached_property
    def cards(self) -> list[tuple[Any, str]]:
        return [(c, pii.mask_account(c.number)) for c in selectors.my_cards(self.profile)[:20]]

    @cached_property
    def cases(self) -> list[tuple[Any, Any]]:
        return [(c, selectors.case_progress(c)) for c in selectors.my_cases(self.profile)[:5]]

    @cached_property
    def memberships(self) -> list[Any]:
        return list(selectors.my_memberships(self.profile)[:20])

    @cached_property
    def can_apply(self) -> bool:
        return all(f.status == FileStatus.REJECTED for f, _ in self.files)


@require_GET
@worker_page(linked=False)
def home(request: HttpRequest, profile: WorkerProfile | None) -> HttpResponse:
    if profile is None:
        return render(request, "worker_portal/unlinked.html")
    return render(
        request,
        "worker_portal/home.html",
        {
            "person": profile.person,
            "membership": open_membership(profile.person),
            "records": _Records(profile),
            # Drawn each time: the answers are forms with the request's CSRF token.
            "transfers": list(selectors.my_transfer_requests(profile)),
        },
    )


@require_POST
@worker_page(linked=False)
def link_by_phone(request: HttpRequest, profile: WorkerProfile | None) -> HttpResponse:
    """From the unlinked page: log out and open the phone login, whose code links the account to the
    register's person (services.phone_owner)."""
    if profile is not None:
        return redirect("worker_portal:home")
    logout(request)
    messages.info(request, "请输入您在工会登记的手机号，获取验证码后登录，账号即与您的会员身份关联。")
    return redirect("worker_portal:login")


@require_GET
@worker_page()
def member_card(request: HttpRequest, profile: WorkerProfile) -> HttpResponse:
    """The worker's own electronic member card (电子会员证), as the union's member page shows it: its QR code
    opens the public check page (members:verify), which reveals nothing private."""
    membership = open_membership(profile.person)
    context: dict[str, Any] = {"m": membership, "memberships": list(selectors.my_memberships(profile)[:20])}
    if membership is not None:
        verify = request.build_absolute_uri(reverse("members:verify", kwargs={"token": card_token(membership)}))
        context |= {"verify": verify, "qr": barcodes.shown_qr_svg(verify)}
    return render(request, "worker_portal/member_card.html", context)


@require_http_methods(["GET", "POST"])
@worker_page()
def apply(request: HttpRequest, profile: WorkerProfile) -> HttpResponse:
    initial = {"phone": profile.person.phone, "household_size": "1"}
    form = ApplyForm(request.POST or None, request.FILES or None, initial=initial)
    done = actions.submit(
        request,
        form,
        lambda d: services.hardship_application_submit(
            actor=request.user, data=dataclass_from(services.Application, d)
        ),
        success=lambda file: f"申请已提交（编号 {file.no}），所在工会将尽快与您联系。",
        to=lambda file: reverse("worker_portal:file", args=[file.pk]),
        refusals=actions.EVERY,
    )
    if done is not None:
        return done
    return render(request, "worker_portal/apply.html", {"form": form})


@require_GET
@worker_page()
def file_detail(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    file = selectors.my_file_or_404(request.user, profile, pk)
    payments = [(d, selectors.payment_words(d)) for d in selectors.my_disbursements(profile).filter(file=file)]
    return render(
        request,
        "worker_portal/file.html",
        {
            "file": file,
            "progress": selectors.progress(file),
            "events": [(e.at, selectors.event_words(e.to_status)) for e in file.events.order_by("id")],
            "payments": payments,
            "evidence": file.evidence.order_by("id"),
        },
    )


def _card_page(request: HttpRequest, card: AssistanceCard, **extra: Any) -> HttpResponse:
    """One card for its holder: the full number (theirs to show, as on a plastic card), and while the card
    can be used, a QR code and a Code 128 barcode carrying that number for the counter's scanner. The number
    alone spends nothing: the counter also asks for the verification code, shown on tap and audited."""
    usable = selectors.card_usable(card, timezone.localdate())
    context: dict[str, Any] = {
        "card": card,
        "number": card.number,
        "grouped": " ".join(card.number[i : i + 4] for i in range(0, len(card.number), 4)),
        "usable": usable,
        "redemptions": selectors.card_redemptions(card)[:100],
    }
    if usable:
        context |= {"qr": barcodes.shown_qr_svg(card.number), "barcode": barcodes.code128_svg(card.number)}
    return render(request, "worker_portal/card.html", context | extra)


@require_GET
@worker_page()
def card_detail(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    return _card_page(request, selectors.my_card_or_404(request.user, profile, pk))


@require_POST
@worker_page()
def card_code(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    """The verification code, shown on tap (htmx swaps it in); every reveal is an audit event."""
    card = selectors.my_card_or_404(request.user, profile, pk)
    code = services.card_code_reveal(actor=request.user, card=card)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "worker_portal/_card_code.html", {"card": card, "code": code})
    return _card_page(request, card, code=code)


# --- 会员关系接转: a union asks to take the worker in ------------------------------------------------------


@require_POST
@worker_page()
def transfer_answer(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    """确认 or 不同意 a union's request to take the worker in; the answer is the worker's own."""
    found = selectors.my_transfer_request_or_404(profile, pk)
    agree = request.POST.get("answer") == "confirm"
    try:
        if agree:
            done = services.transfer_request_confirm(actor=request.user, request=found)
        else:
            done = services.transfer_request_decline(actor=request.user, request=found)
    except DomainError as e:
        if e.status == 404:
            raise
        messages.error(request, e.message)
    else:
        if done.membership_id is not None:
            messages.success(request, f"已确认：您的会员关系已转入{done.to_org.name}，会员编号不变。")
        elif agree:
            messages.warning(request, "您的会籍已有变化，该接转申请已失效。")
        else:
            messages.success(request, "已答复不同意，您的会员关系不变。")
    return redirect("worker_portal:home")


@require_POST
@login_required
def phone_rebind(request: HttpRequest, pk: int) -> HttpResponse:
    """From the member page: the worker's union moves the worker's login to the register's phone."""
    from unionhall.members import selectors as member_selectors

    membership = member_selectors.member_for_user_or_404(request.user, pk)
    return actions.press(
        request,
        lambda: services.worker_phone_rebind(actor=request.user, membership=membership),
        success="已确认：职工端今后以登记的手机号登录。",
        to=reverse("members:detail", kwargs={"pk": pk}),
        refusals=actions.EVERY,
        unless=actions.ANSWERS,
    )


def _case_url(case: Any) -> str:
    return reverse("worker_portal:case", kwargs={"pk": case.pk})


# --- 我的维权 --------------------------------------------------------------------------------------------


@require_GET
@worker_page()
def cases(request: HttpRequest, profile: WorkerProfile) -> HttpResponse:
    # Read only when drawn: cases.html keeps the rows per worker until a case or a unit changes.
    def rows() -> list[tuple[Case, Any]]:
        return [(c, selectors.case_progress(c)) for c in selectors.my_cases(profile)[:100]]

    return render(request, "worker_portal/cases.html", {"cases": rows})


@require_http_methods(["GET", "POST"])
@worker_page()
def case_new(request: HttpRequest, profile: WorkerProfile) -> HttpResponse:
    person = profile.person
    known = selectors.known_employer(open_membership(person))
    initial = {"phone": person.phone, "worker_count": "1", "employer": known.name if known is not None else ""}
    form = CaseRequestForm(request.POST or None, request.FILES or None, initial=initial)

    def submitted(case: Case) -> HttpResponse:
        messages.success(request, f"维权申请已提交（编号 {case.no}），由{case.org.name}办理，工会将尽快与您联系。")
        home = selectors.home_place_words(person)
        if home:
            messages.info(request, home)
        return redirect("worker_portal:case", pk=case.pk)

    done = actions.submit(
        request,
        form,
        lambda d: services.case_request_submit(actor=request.user, data=dataclass_from(services.CaseRequest, d)),
        done=submitted,
        refusals=actions.EVERY,
    )
    if done is not None:
        return done
    return render(
        request, "worker_portal/case_new.html", {"form": form, "home_place": selectors.home_place_words(person)}
    )


def _case_page(request: HttpRequest, profile: WorkerProfile, case: Case, **extra: Any) -> HttpResponse:
    is_open = workflow.is_open(case)
    context = {
        "case": case,
        "progress": selectors.case_progress(case),
        "history": selectors.case_history(case, profile),
        "attachments": selectors.my_attachments(case, profile),
        "is_open": is_open,
        "can_rate": case.status == CaseStatus.CLOSED and case.satisfaction is None,
        "home_place": selectors.home_place_words(profile.person) if is_open else "",
    }
    return render(request, "worker_portal/case.html", context | extra)


@require_GET
@worker_page()
def case_detail(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    return _case_page(request, profile, selectors.my_case_or_404(request.user, profile, pk))


@require_http_methods(["GET", "POST"])
@worker_page()
def case_info(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    """补充材料: a note and, optionally, a file for the union handling the request."""
    case = selectors.my_case_or_404(request.user, profile, pk)
    form = CaseInfoForm(request.POST or None, request.FILES or None)
    done = actions.submit(
        request,
        form,
        lambda d: rights_services.case_info_add(actor=request.user, case=case, note=d["note"], upload=d["upload"]),
        success="补充材料已提交，承办工会会收到提醒。",
        to=_case_url(case),
        refusals=(DomainError,),
    )
    return done or render(
        request, "worker_portal/case_info.html", {"case": case, "form": form, "is_open": workflow.is_open(case)}
    )


@require_http_methods(["GET", "POST"])
@worker_page()
def case_rate(request: HttpRequest, profile: WorkerProfile, pk: int) -> HttpResponse:
    """评价: 1–5 stars and a comment, once, after the request is closed."""
    case = selectors.my_case_or_404(request.user, profile, pk)
    form = CaseRateForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: rights_services.case_rate(
            actor=request.user, case=case, satisfaction=d["satisfaction"], note=d["note"]
        ),
        success="感谢您的评价！",
        to=_case_url(case),
        refusals=(DomainError,),
    )
    can_rate = case.status == CaseStatus.CLOSED and case.satisfaction is None
    return done or render(request, "worker_portal/case_rate.html", {"case": case, "form": form, "can_rate": can_rate})


# --- 我的创新 (五个一、五小: the worker's own proposals, filed at their union) ---------------------------


@require_GET
@worker_page()
def ideas(request: HttpRequest, profile: WorkerProfile) -> HttpResponse:
    from unionhall.innovation.selectors import my_rewards, my_submissions

    context = {"ideas": my_submissions(profile.person)[:100], "rewards": my_rewards(profile.person)[:100]}
    return render(request, "worker_portal/ideas.html", context)


@require_http_methods(["GET", "POST"])
@worker_page()
def idea_new(request: HttpRequest, profile: WorkerProfile) -> HttpResponse:
    from unionhall.innovation import services as innovation
    from unionhall.innovation.forms import MySubmissionForm

    form = MySubmissionForm(request.POST or None)
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        problems = innovation.proposal_problems(
            kind=data.get("kind") or "",
            title=data.get("title") or "",
            content=data.get("content") or "",
            expected_benefit_fen=data.get("expected_benefit"),
        )
        add_further_errors(form, problems)
    done = actions.submit(
        request,
        form,
        lambda d: innovation.submission_file_mine(
            actor=request.user,
            kind=d["kind"],
            title=d["title"],
            content=d["content"],
            expected_benefit_fen=d.get("expected_benefit"),
        ),
        success=lambda s: f"已提交（编号 {s.no}），由{s.org.name}受理，送上级工会评审。",
        to="worker_portal:ideas",
        refusals=actions.EVERY,
        rename={"expected_benefit_fen": "expected_benefit"},
    )
    return done or render(request, "worker_portal/idea_new.html", {"form": form})
