"""Pages of 四卡一票. Staff: cards (list, detail and its actions, issue from an archive), card types (the
city), partner merchants and settlements. A merchant's counter: redeem, its own redemptions by month and
its own settlements — the only pages a merchant reaches. Thin: parse, call access/selectors/services, render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhall.accounts.models import User
from unionhall.assistance.models import HardshipFile
from unionhall.cards import codes, selectors, services
from unionhall.cards import workflow as card_workflow
from unionhall.cards.forms import (
    CardFilterForm,
    CardTypeForm,
    FreezeForm,
    IssueForm,
    LinkUserForm,
    MerchantForm,
    MonthForm,
    RedeemForm,
    ReissueForm,
    SettlementForm,
    TopUpForm,
)
from unionhall.cards.models import AssistanceCard, CardStatus, CardType
from unionhall.core import actions, attempts
from unionhall.core.errors import DomainError, NotFound
from unionhall.core.excel import excel_download
from unionhall.core.forms import apply_domain_error
from unionhall.core.listpage import Export, ListPage, export_view, list_view
from unionhall.core.money import yuan_display
from unionhall.core.paging import paginate, query_without_page, sort, sortable
from unionhall.funds import selectors as funds_selectors
from unionhall.funds.models import Budget
from unionhall.orgs import access
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_filters
from unionhall.orgs.people import grants_prefetch
from unionhall.orgs.pickers import bind_pickers
from unionhall.workflow import kernel


def _tabs(request: HttpRequest, tab: str, **extra: Any) -> dict[str, Any]:
    """What every staff page of the module shares: the tab bar, each tab offered by capability."""
    user = request.user
    return {
        "tab": tab,
        "can_cards": access.has_cap_anywhere(user, Cap.ASSISTANCE_VIEW),
        "can_merchants": access.has_cap_anywhere(user, Cap.FUNDS_VIEW),
        **extra,
    }


def _export(request: HttpRequest, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> FileResponse:
    changes = {"list": name, "filters": request.GET.dict()}
    return excel_download(request, name=name, headers=headers, rows=rows, action="cards.export", changes=changes)


# --- cards -------------------------------------------------------------------------------------------------


def _card_rows(request: HttpRequest) -> tuple[CardFilterForm, QuerySet[AssistanceCard]]:
    form, filters = bind_filters(
        request,
        CardFilterForm,
        selectors.CardFilters,
        lambda d: {k: d[k] for k in ("card_type", "status", "expiring")} | {"number": d["number"] or ""},
        Cap.ASSISTANCE_VIEW,
        unparsed_shows_nothing=True,
    )
    return form, selectors.card_list(request.user, filters)


# The sortable columns of the merchant and settlement lists.
MERCHANT_SORTS = {"code": ("code",), "org": ("org__path",), "owed": ("account__balance_fen",)}
SETTLEMENT_SORTS = {"month": ("month",), "count": ("count",), "amount": ("amount_fen",), "created": ("created_at",)}


CARDS = ListPage(
    guard=access.needs(Cap.ASSISTANCE_VIEW),
    rows=_card_rows,
    # holders' names by pinyin
    sorts=sortable(
        "number",
        "status",
        "valid_until",
        type="card_type__name",
        holder="file__person__name_sort",
        org="org__path",
        balance="account__balance_fen",
    ),
    template="cards/list.html",
    more=lambda request, page: _tabs(request, "cards"),
    export=Export(
        name="帮扶卡",
        action="cards.export",
        columns=[
            ("卡号", lambda c: c.number),
            ("类型", lambda c: c.card_type.name),
            ("持卡人", lambda c: c.file.person.name),
            ("档案编号", lambda c: c.file.no),
            ("建档工会", lambda c: c.org.name),
            ("组织编码", lambda c: c.org.code),
            ("状态", lambda c: c.get_status_display()),
            ("余额（元）", lambda c: yuan_display(c.account.balance_fen)),
            ("发卡日期", lambda c: c.issued_on),
            ("有效期至", lambda c: c.valid_until),
        ],
        named=True,
    ),
)
card_list = list_view(CARDS)
card_export = export_view(CARDS)


def _budget_choices(request: HttpRequest, card: AssistanceCard) -> list[tuple[int, str]]:
    """Budgets at the card's union or above that the user manages, with money left."""
    reach = access.reach(request.user, Cap.FUNDS_MANAGE)
    budgets = (
        funds_selectors.budgets_above(card.org)
        .filter(fund__active=True, account__balance_fen__gt=0)
        .select_related("account")
        .order_by("-year", "fund__code", "-org__depth")
    )
    return [
        (b.pk, f"{b}（余额 {yuan_display(b.account.balance_fen)} 元）") for b in budgets if reach.covers(b.org.path)
    ]


def _card_page(request: HttpRequest, card: AssistanceCard, **forms: Any) -> HttpResponse:
    can_manage = access.reach(request.user, Cap.CARD_MANAGE).covers(card.org.path)
    top_up = forms.get("top_up") or TopUpForm()
    top_up.set_budgets(_budget_choices(request, card) if can_manage else [])
    context = _tabs(
        request,
        "cards",
        card=card,
        history=selectors.card_history(card),
        redemptions=selectors.card_redemptions(card)[:100],
        can_manage=can_manage,
        steps={t.name: t for t in kernel.available(card, request.user, card_workflow.TABLE)},
        top_up_form=top_up,
        freeze_form=forms.get("freeze") or FreezeForm(),
        reissue_form=forms.get("reissue") or ReissueForm(),
        replaced_by=AssistanceCard.objects.filter(replaces=card).first(),
        code_locked_until=attempts.locked_until(services.CARD_CODES, card.number),
    )
    return render(request, "cards/detail.html", context)


@require_GET
@login_required
def card_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.card_for_user_or_404(request.user, pk)
    return _card_page(request, card)


def _asked_month(request: HttpRequest) -> Any:
    """The month a statement is asked for (`?month=2026-03`), else this month."""
    return selectors.month_of(request.GET.get("month", "")) or timezone.localdate().replace(day=1)


def _managed_card(request: HttpRequest, pk: int) -> AssistanceCard:
    """The card if the user sees it (else 404) and manages cards at its union (else 403)."""
    card = selectors.card_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.CARD_MANAGE, card.org, obj=card)
    return card


def _card_url(card: AssistanceCard) -> str:
    return reverse("cards:detail", kwargs={"pk": card.pk})


def _card_action(
    request: HttpRequest, pk: int, form_class: type[Any], key: str, act: Callable[[AssistanceCard, Any], Any], done: str
) -> HttpResponse:
    card = _managed_card(request, pk)
    form = form_class(request.POST)
    if key == "top_up":
        form.set_budgets(_budget_choices(request, card))
    answered = actions.submit(
        request,
        form,
        lambda data: act(card, data),
        success=done,
        to=lambda result: _card_url(result if isinstance(result, AssistanceCard) else card),
        refusals=(DomainError,),
    )
    return answered or _card_page(request, card, **{key: form})


def _for_reason(request: HttpRequest, service: Callable[..., Any]) -> Callable[[AssistanceCard, Any], Any]:
    """A card step whose one field is its reason (freeze, reissue)."""
    return lambda card, data: service(actor=request.user, card=card, reason=data["reason"])


@require_POST
@login_required
def card_top_up(request: HttpRequest, pk: int) -> HttpResponse:
    def act(card: AssistanceCard, data: dict[str, Any]) -> Any:
        budget = Budget.objects.filter(pk=data["budget"]).first()
        if budget is None:
            raise NotFound()
        return services.card_top_up(
            actor=request.user, card=card, budget=budget, amount_fen=data["amount"], memo=data["memo"]
        )

    return _card_action(request, pk, TopUpForm, "top_up", act, "已充值。")


@require_POST
@login_required
def card_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    return _card_action(request, pk, FreezeForm, "freeze", _for_reason(request, services.card_freeze), "已冻结。")


@require_POST
@login_required
def card_unfreeze(request: HttpRequest, pk: int) -> HttpResponse:
    card = _managed_card(request, pk)
    return actions.press(
        request,
        lambda: services.card_unfreeze(actor=request.user, card=card),
        success="已解冻。",
        to=_card_url(card),
        refusals=(DomainError,),
    )


@require_POST
@login_required
def card_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    return _card_action(
        request,
        pk,
        ReissueForm,
        "reissue",
        _for_reason(request, services.card_reissue),
        "已补卡：新卡已生成，原卡余额已转入新卡，原卡作废。请告知持卡人：登录职工端，在“我的帮扶 · 帮扶卡”中点开新卡，即可看到新卡号、付款二维码和验证码。",
    )


@require_http_methods(["GET", "POST"])
@login_required
def card_issue(request: HttpRequest, file_pk: int) -> HttpResponse:
    """发卡 from an archive: choose the type; the new card's page follows."""
    qs = HardshipFile.objects.select_related("org", "person")
    file = access.get_for_user_or_404(request.user, Cap.ASSISTANCE_VIEW, qs, file_pk, "org")
    access.require(request.user, Cap.CARD_MANAGE, file.org, obj=file)
    form = IssueForm(request.POST or None)
    done = actions.submit(
        request,
        form,
        lambda d: services.card_issue(actor=request.user, file=file, card_type=d["card_type"]),
        success=lambda card: f"已发卡：{card.card_type.name} {card.number}。",
        to=_card_url,
        refusals=(DomainError,),
    )
    context = _tabs(request, "cards", form=form, file=file, cards=selectors.cards_of_file(request.user, file))
    return done or render(request, "cards/issue.html", context)


# --- card types (the city) ------------------------------------------------------------------------


@require_GET
@login_required
def card_types(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.ASSISTANCE_VIEW)
    context = _tabs(
        request,
        "types",
        types=selectors.card_types(),
        can_configure=access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG),
    )
    return render(request, "cards/types.html", context)


def _type_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "one_off": data["one_off"],
        "accepted_at": list(data["accepted_at"]),
        "validity_months": data["validity_months"],
        "active": data["active"],
    }


@require_http_methods(["GET", "POST"])
@login_required
def card_type_create(request: HttpRequest) -> HttpResponse:
    if not access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG):
        raise NotFound()
    form = CardTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.card_type_save(
                actor=request.user, code=form.cleaned_data["code"], **_type_values(form.cleaned_data)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "已新增卡券类型。")
            return redirect("cards:types")
    return render(request, "cards/form.html", _tabs(request, "types", form=form, title="新增卡券类型"))


@require_http_methods(["GET", "POST"])
@login_required
def card_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG):
        raise NotFound()
    card_type = CardType.objects.filter(pk=pk).first()
    if card_type is None:
        raise NotFound()
    initial = {f: getattr(card_type, f) for f in ("code", *services.CARD_TYPE_FIELDS)}
    form = CardTypeForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.card_type_save(actor=request.user, card_type=card_type, **_type_values(form.cleaned_data))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("cards:types")
    return render(request, "cards/form.html", _tabs(request, "types", form=form, title=f"编辑：{card_type.name}"))


# --- merchants -----------------------------------------------------------------------------------------------


def _merchant_rows(request: HttpRequest) -> tuple[None, QuerySet[Any]]:
    """The merchants in reach whose name or code holds `?q=` (a search box, no filter form)."""
    return None, selectors.merchant_list(request.user, q=request.GET.get("q", ""))


MERCHANTS = ListPage(
    guard=access.needs(Cap.FUNDS_VIEW),
    rows=_merchant_rows,
    sorts=MERCHANT_SORTS,
    template="cards/merchants.html",
    more=lambda request, page: _tabs(
        request,
        "merchants",
        q=request.GET.get("q", ""),
        can_create=access.has_cap_anywhere(request.user, Cap.FUNDS_MANAGE),
    ),
)
merchant_list = list_view(MERCHANTS)


@require_GET
@login_required
def merchant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = selectors.merchant_for_user_or_404(request.user, pk)
    month = _asked_month(request)
    context = _tabs(
        request,
        "merchants",
        merchant=merchant,
        can_manage=access.reach(request.user, Cap.FUNDS_MANAGE).covers(merchant.org.path),
        users=merchant.users.prefetch_related(grants_prefetch()).order_by("username"),
        month=month,
        statement=selectors.merchant_statement(merchant, month),
        redemptions=selectors.merchant_redemptions(merchant, month)[:200],
        settlements=selectors.merchant_settlements(merchant)[:24],
        unsettled=selectors.unsettled_months(merchant),
    )
    return render(request, "cards/merchant_detail.html", context)


MERCHANT_FIELDS = ("name", "kind", "address", "contact", "phone")


@require_http_methods(["GET", "POST"])
@login_required
def merchant_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.FUNDS_MANAGE)
    form = bind_pickers(MerchantForm(request.POST or None), request.user)
    del form.fields["active"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = org_selectors.org_by_code(request.user, data["org"] or "", Cap.FUNDS_MANAGE)
        if org is None:
            form.add_error("org", "在您可管理资金的范围内没有这个编码的工会。")
        else:
            try:
                merchant = services.merchant_create(
                    actor=request.user, org=org, code=data["code"], **{f: data[f] for f in MERCHANT_FIELDS}
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, "已签约商户。")
                return redirect("cards:merchant", pk=merchant.pk)
    return render(request, "cards/form.html", _tabs(request, "merchants", form=form, title="签约爱心商户"))


@require_http_methods(["GET", "POST"])
@login_required
def merchant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = selectors.merchant_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.FUNDS_MANAGE, merchant.org, obj=merchant)
    initial = {f: getattr(merchant, f) for f in (*MERCHANT_FIELDS, "code", "active")} | {"org": merchant.org.code}
    form = bind_pickers(MerchantForm(request.POST or None, initial=initial), request.user)
    form.fields["code"].disabled = form.fields["org"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.merchant_update(
                actor=request.user, merchant=merchant, active=data["active"], **{f: data[f] for f in MERCHANT_FIELDS}
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("cards:merchant", pk=merchant.pk)
    return render(request, "cards/form.html", _tabs(request, "merchants", form=form, title=f"编辑：{merchant.name}"))


@require_http_methods(["GET", "POST"])
@login_required
def merchant_link(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = selectors.merchant_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.FUNDS_MANAGE, merchant.org, obj=merchant)
    form = LinkUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"].strip()).first()
        if user is None:
            form.add_error("username", "没有这个账号；请先由系统管理员创建账号。")
        else:
            done = actions.submit(
                request,
                form,
                lambda _: services.merchant_user_link(actor=request.user, merchant=merchant, user=user),
                success=f"已将 {user} 设为该商户的收银员。",
                to=reverse("cards:merchant", kwargs={"pk": merchant.pk}),
                refusals=(DomainError,),
                rename=lambda _: "username",
            )
            if done is not None:
                return done
    context = _tabs(request, "merchants", form=form, title=f"添加收银员：{merchant.name}")
    return render(request, "cards/form.html", context)


# --- settlements ----------------------------------------------------------------------------------------------


def _settlement_form(request: HttpRequest, data: Any = None) -> SettlementForm:
    form = SettlementForm(data)
    reach = access.reach(request.user, Cap.FUNDS_MANAGE)
    manageable = [m for m in selectors.merchant_list(request.user) if reach.covers(m.org.path)]
    form.set_merchants([(m.pk, f"{m.code} {m.name}") for m in manageable])
    return form


def _settlements_page(request: HttpRequest, form: SettlementForm) -> HttpResponse:
    context = _tabs(
        request,
        "settlements",
        page=paginate(
            request,
            sort(request, selectors.settlement_list(request.user), SETTLEMENT_SORTS).prefetch_related(
                grants_prefetch("created_by__grants")
            ),
        ),
        query=query_without_page(request),
        form=form,
        can_create=access.has_cap_anywhere(request.user, Cap.FUNDS_MANAGE),
    )
    return render(request, "cards/settlements.html", context)


@require_GET
@login_required
def settlement_list(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.FUNDS_VIEW)
    return _settlements_page(request, _settlement_form(request))


@require_POST
@login_required
def settlement_create(request: HttpRequest) -> HttpResponse:
    access.require_cap_anywhere(request.user, Cap.FUNDS_MANAGE)
    form = _settlement_form(request, request.POST)
    done = None
    if form.is_valid():
        merchant = selectors.merchant_for_user_or_404(request.user, form.cleaned_data["merchant"])
        month = selectors.month_of(form.cleaned_data["month"])
        if month is None:
            form.add_error("month", "请选择月份。")
        else:
            done = actions.submit(
                request,
                form,
                lambda d: services.settlement_create(actor=request.user, merchant=merchant, month=month),
                success=lambda s: (
                    f"已结算 {s.merchant.name} {s.month:%Y年%m月}：{s.count} 笔，{yuan_display(s.amount_fen)} 元。"
                ),
                to="cards:settlements",
                refusals=actions.EVERY,
            )
    return done or _settlements_page(request, form)


# --- the merchant's counter ----------------------------------------------------------------------------------


def _counter(request: HttpRequest, tab: str, **extra: Any) -> dict[str, Any]:
    mine = selectors.own_merchants_or_404(request.user)
    merchant = selectors.own_merchant_or_404(request.user, request.GET.get("merchant") or request.POST.get("merchant"))
    return {"tab": tab, "merchant": merchant, "mine": mine, **extra}


def _scanned_only(request: HttpRequest) -> str:
    """The card number, when a POST carries it and nothing else the cashier fills in (a scan's Enter)."""
    if request.method != "POST" or any(request.POST.get(f, "").strip() for f in ("code", "amount", "merchant_ref")):
        return ""
    return codes.normalize_number(request.POST.get("number", ""))[:40]


@require_http_methods(["GET", "POST"])
@login_required
def redeem(request: HttpRequest) -> HttpResponse:
    context = _counter(request, "redeem")
    merchant = context["merchant"]
    form = RedeemForm(request.POST or None)
    result = None
    scanned = _scanned_only(request)
    if scanned:
        # A scanner types the number and presses Enter: keep it and ask for the rest, without errors.
        form = RedeemForm(initial={"number": scanned})
        form.fields["number"].widget.attrs.pop("autofocus", None)
        form.fields["code"].widget.attrs["autofocus"] = True
        messages.info(request, f"已读取卡号 {codes.mask_number(scanned)}，请输入验证码、金额和小票号。")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            redemption = services.card_redeem(
                actor=request.user,
                number=data["number"],
                code=data["code"],
                amount_fen=data["amount"],
                merchant_ref=data["merchant_ref"],
                merchant=merchant,
            )
        except DomainError as error:
            if error.code == "not_found":
                error.field_errors = {"number": ["未找到该卡：请核对卡号。"]}
            apply_domain_error(form, error)
        else:
            card = redemption.card
            card.account.refresh_from_db()
            result = {
                "redemption": redemption,
                "card_type": card.card_type.name,
                "holder": selectors.holder_shown_to_merchant(card),
                "number": codes.mask_number(card.number),
                "balance_fen": card.account.balance_fen,
                "used_up": card.status == CardStatus.USED,
            }
            form = RedeemForm()
    context |= {"form": form, "result": result}
    return render(request, "cards/counter_redeem.html", context)


@require_GET
@login_required
def my_redemptions(request: HttpRequest) -> HttpResponse:
    context = _counter(request, "statement")
    month = _asked_month(request)
    merchant = context["merchant"]
    qs = selectors.merchant_redemptions(merchant, month)
    context |= {
        "month": month,
        "form": MonthForm(initial={"month": f"{month:%Y-%m}"}),
        "statement": selectors.merchant_statement(merchant, month),
        "page": paginate(request, qs),
        "query": query_without_page(request),
    }
    return render(request, "cards/counter_statement.html", context)


STATEMENT_HEADERS = ["时间", "小票号", "卡号", "类型", "金额（元）", "结算状态"]


@require_GET
@login_required
def my_redemptions_export(request: HttpRequest) -> FileResponse:
    context = _counter(request, "statement")
    month = _asked_month(request)
    merchant = context["merchant"]
    rows = (
        (
            timezone.localtime(r.at),
            r.merchant_ref,
            codes.mask_number(r.card.number),
            r.card.card_type.name,
            yuan_display(r.amount_fen),
            "已结算" if r.settlement_id else "待结算",
        )
        for r in selectors.merchant_redemptions(merchant, month)
    )
    return _export(request, f"核销对账_{merchant.code}_{month:%Y%m}", STATEMENT_HEADERS, rows)


@require_GET
@login_required
def my_settlements(request: HttpRequest) -> HttpResponse:
    context = _counter(request, "settlements")
    context["settlements"] = selectors.merchant_settlements(context["merchant"])
    return render(request, "cards/counter_settlements.html", context)
