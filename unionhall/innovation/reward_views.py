"""Pages of innovation rewards: the list in reach per union and person (filters, sort, Excel), a reward's page
with its step bar and steps, proposing a submission's reward, the steps' forms, and the city's reward rules.
Thin: parse, call selectors/reward_services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from unionhall.core import actions
from unionhall.core.audit import record_refusal
from unionhall.core.errors import NotFound, PermissionDenied
from unionhall.core.listpage import Column, Export, ListPage, export_view, list_view
from unionhall.core.money import yuan, yuan_display
from unionhall.core.paging import sortable
from unionhall.funds import spending
from unionhall.innovation import reward_services, selectors, workflow
from unionhall.innovation.forms import (
    InnovationSettingsForm,
    RewardFilterForm,
    RewardProposeForm,
    RewardRuleForm,
    RewardStepForm,
)
from unionhall.innovation.models import InnovationSettings, Reward, RewardBasis, RewardRule
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.filtering import bind_chosen, under_chosen
from unionhall.orgs.selectors import city_root_or_404, city_root_or_none
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Transition


def reward_url(r: Reward) -> str:
    return reverse("innovation:reward", args=[r.pk])


def _filtered(request: HttpRequest) -> tuple[RewardFilterForm, QuerySet[Reward]]:
    form, chosen = bind_chosen(request, RewardFilterForm, Cap.INNOVATION_VIEW, noun="工会")
    qs = selectors.rewards_for(request.user)
    qs = under_chosen(qs, chosen)
    v = chosen.values
    if v.get("status"):
        qs = qs.filter(status=v["status"])
    if v.get("q"):
        text = v["q"].strip()
        qs = qs.filter(Q(payee__name__contains=text) | Q(submission__title__contains=text))
    if v.get("person"):
        qs = qs.filter(payee_id=v["person"])
    return form, qs


def _fetch(qs: QuerySet[Reward]) -> QuerySet[Reward]:
    return qs.select_related("org", "submission", "payee")


COLUMNS: list[Column] = [
    ("编号", lambda r: r.no),
    ("创新成果", lambda r: f"{r.submission.no} {r.submission.title}"),
    ("所属工会", lambda r: r.org.name),
    ("领奖人", lambda r: r.payee.name),
    ("核定年创效（元）", lambda r: yuan(r.benefit_fen)),
    ("奖励等级", lambda r: r.get_grade_display()),
    ("奖励金额（元）", lambda r: yuan(r.amount_fen)),
    ("状态", lambda r: r.get_status_display()),
    ("支付日期", lambda r: f"{r.paid_on:%Y-%m-%d}" if r.paid_on else ""),
]


def _more(request: HttpRequest, page: Any) -> dict[str, Any]:
    """The person whose rewards are listed (?person=), named only when one of their rewards is in reach."""
    raw = request.GET.get("person", "")
    person = None
    if raw.isdigit():
        found = selectors.rewards_for(request.user).filter(payee_id=int(raw)).select_related("payee").first()
        person = found.payee if found is not None else None
    return {
        "can_edit_rules": access.has_cap_anywhere(request.user, Cap.INNOVATION_REVIEW),
        "can_edit_settings": access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG),
        "person": person,
    }


REWARDS = ListPage(
    guard=access.needs(Cap.INNOVATION_VIEW),
    rows=_filtered,
    sorts=sortable("status", no="id", org="org__path", payee="payee__name", amount="amount_fen"),
    default="-no",
    template="innovation/reward_list.html",
    fetch=_fetch,
    more=_more,
    export=Export(name="创新成果奖励", action="reward.export", columns=lambda now: COLUMNS, fetch=_fetch),
)
reward_list = list_view(REWARDS)
reward_export = export_view(REWARDS)


@login_required
@require_http_methods(["GET"])
def reward_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r = selectors.reward_for_user_or_404(request.user, pk)
    approvals = list(r.approvals.select_related("approver"))

    def may_press(r: Reward, t: Transition, user: Any) -> bool:
        approver_ids = [a.approver_id for a in approvals]
        return t.name != "approve" or spending.may_approve(
            user, requested_by_id=r.proposed_by_id, approver_ids=approver_ids
        )

    context = {
        "r": r,
        "steps": [t for t in kernel.available(r, request.user, workflow.REWARD_TABLE) if may_press(r, t, request.user)],
        "approvals": approvals,
    }
    return render(request, "innovation/reward_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reward_propose(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.submission_for_user_or_404(request.user, pk)
    access.require(request.user, Cap.INNOVATION_REVIEW, s.org, obj=s)
    budgets = {b.pk: b for b in selectors.reward_budgets(s)}
    form = RewardProposeForm(
        request.POST or None,
        budgets=[
            (b.pk, f"{b.year} {b.fund.name} · {b.org.name}（余额 {yuan_display(b.remaining_fen)} 元）")
            for b in budgets.values()
        ],
    )
    rule = reward_services.rule_for(s)
    done = actions.submit(
        request,
        form,
        lambda d: reward_services.reward_propose(
            actor=request.user, submission=s, budget=budgets.get(d.get("budget") or 0)
        ),
        success=lambda r: f"已提出奖励 {r.no}：{yuan_display(r.amount_fen)} 元，待审批。",
        to=reward_url,
        conflict_to=reverse("innovation:submission", args=[s.pk]),
    )
    context = {"s": s, "form": form, "rule": rule}
    return done or render(request, "innovation/reward_propose.html", context)


STEPS = {
    "approve": lambda user, r, d: reward_services.reward_approve(actor=user, reward=r),
    "pay": lambda user, r, d: reward_services.reward_pay(
        actor=user, reward=r, paid_on=d.get("paid_on"), bank_ref=d.get("bank_ref") or ""
    ),
    "cancel": lambda user, r, d: reward_services.reward_cancel(actor=user, reward=r, reason=d.get("reason") or ""),
}


@login_required
@require_http_methods(["GET", "POST"])
def reward_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    r = selectors.reward_for_user_or_404(request.user, pk)
    if name not in STEPS:
        raise NotFound()
    transition = workflow.REWARD_TABLE.get(name)
    workflow.REWARD_TABLE.require(request.user, r, transition)
    form = RewardStepForm(request.POST if request.method == "POST" else None, transition=transition)
    url = reward_url(r)
    done = actions.submit(
        request,
        form,
        lambda d: STEPS[name](request.user, r, d),
        success=f"已办理「{transition.label}」。",
        to=url,
        conflict_to=url,
    )
    context = {"r": r, "form": form, "transition": transition}
    return done or render(request, "innovation/reward_step.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reward_rules(request: HttpRequest, rule_pk: int | None = None) -> HttpResponse:
    """The city's 奖励办法: every line (benefit tiers and grade amounts), and a form to add one or change the one
    chosen (city federation only)."""
    access.require_cap_anywhere(request.user, Cap.INNOVATION_VIEW)
    root = city_root_or_404()
    can_edit = access.reach(request.user, Cap.INNOVATION_REVIEW).covers(root.path)
    rule = None
    if rule_pk is not None and not can_edit:
        raise PermissionDenied("只有市总工会可以修改奖励标准。")
    if rule_pk is not None:
        rule = RewardRule.objects.filter(pk=rule_pk).first()
        if rule is None:
            raise NotFound()
    form = None
    if can_edit:
        initial = (
            {
                "basis": rule.basis,
                "kind": rule.kind,
                "grade": rule.grade,
                "from_amount": rule.from_fen,
                "to_amount": rule.to_fen,
                "amount": rule.amount_fen,
                "active": rule.active,
            }
            if rule
            else {"active": True, "basis": RewardBasis.BENEFIT}
        )
        form = RewardRuleForm(request.POST or None, initial=initial)
    elif request.method == "POST":
        raise PermissionDenied("只有市总工会可以修改奖励标准。")
    done = form is not None and actions.submit(
        request,
        form,
        lambda d: reward_services.reward_rule_save(
            actor=request.user,
            rule=rule,
            basis=d.get("basis") or RewardBasis.BENEFIT,
            kind=d.get("kind") or "",
            grade=d.get("grade") or "",
            from_fen=d.get("from_amount"),
            to_fen=d.get("to_amount"),
            amount_fen=d.get("amount"),
            active=bool(d.get("active")),
        ),
        success="已保存奖励标准。",
        to=reverse("innovation:reward_rules"),
    )
    rules = list(RewardRule.objects.all())
    context = {
        "tiers": [x for x in rules if x.basis == RewardBasis.BENEFIT],
        "grade_lines": [x for x in rules if x.basis == RewardBasis.GRADE],
        "form": form,
        "rule": rule,
        "settings": InnovationSettings.current(),
        "can_edit_settings": access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG),
    }
    return done or render(request, "innovation/reward_rules.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reward_settings(request: HttpRequest) -> HttpResponse:
    """The city's innovation reward settings (dual-approval figure, fund, grade thresholds): the city admin's
    alone (`programme.config` at the root); who else reads innovation is refused with 403, audited."""
    access.require_cap_anywhere(request.user, Cap.INNOVATION_VIEW)
    if not access.holds_at_root(request.user, Cap.PROGRAMME_CONFIG):
        record_refusal(
            actor=request.user,
            action=f"access.{Cap.PROGRAMME_CONFIG}",
            org=city_root_or_none(),
            obj=None,
            reason="permission_denied: 只有市总工会管理员可以修改职工创新奖励设置",
        )
        raise PermissionDenied("只有市总工会管理员可以修改职工创新奖励设置。")
    current = InnovationSettings.current()
    initial = {"dual_approval": current.dual_approval_fen, "fund_code": current.fund_code}
    initial |= {field: getattr(current, field) for field, _ in reward_services.GRADE_FIELDS}
    form = InnovationSettingsForm(request.POST or None, initial=initial)
    done = actions.submit(
        request,
        form,
        lambda d: reward_services.innovation_settings_save(
            actor=request.user,
            dual_approval_fen=d.get("dual_approval"),
            fund_code=d.get("fund_code") or "",
            grade_mins={field: d.get(field) for field, _ in reward_services.GRADE_FIELDS},
        ),
        success="已保存职工创新奖励设置。",
        to=reverse("innovation:reward_settings"),
    )
    context = {"form": form, "settings": current}
    return done or render(request, "innovation/reward_settings.html", context)
