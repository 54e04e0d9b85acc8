"""Audit recipes of the innovation services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from unionhall.innovation import reward_services, services
from unionhall.innovation.models import BenefitEvidence, Kind, PatentKind, Reward, Status, Submission
from unionhall.innovation.tests.support import TEXT, innovation_budget, member, panel, pdf, submission, verified
from unionhall.tests import factories
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City


def _file(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        person = member(c.u1)
        return lambda: services.submission_file(
            actor=c.users[who], org=c.u1, kind=Kind.BREAKTHROUGH, title="攻关", content=TEXT, members=[person]
        )

    return recipe


def _mine(linked: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        if linked:
            factories.link(c.users["worker_u1"], c.u1, "李工人", phone="13900009991")
        return lambda: services.submission_file_mine(
            actor=c.users["worker_u1"], kind=Kind.SMALL_SUGGESTION, title="小建议", content=TEXT
        )

    return recipe


def _at(status: str, fn: Callable[[City, Submission], Any]) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = submission(c)
        Submission.objects.filter(pk=made.pk).update(status=status, verified_benefit_fen=1_000_00)
        made.refresh_from_db()
        return lambda: fn(c, made)

    return recipe


def _review(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = submission(c)
        p = panel(c)
        return lambda: services.submission_review(actor=c.users[who], submission=made, panel=p)

    return recipe


def _download(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = submission(c)
        Submission.objects.filter(pk=made.pk).update(status=Status.IMPLEMENTED)
        made.refresh_from_db()
        services.submission_verify_benefit(actor=c.users["cadre_d1"], submission=made, benefit_fen=100, upload=pdf())
        stored = BenefitEvidence.objects.get(submission=made)
        return lambda: services.submission_evidence_download(actor=c.users[who], file=stored)

    return recipe


def _patent(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        made = submission(c)
        return lambda: services.patent_record(
            actor=c.users[who],
            org=c.u1,
            kind=PatentKind.UTILITY,
            number="ZL202320123456.7",
            title="一种刀具夹持装置",
            filed_on=date(2023, 3, 1),
            holders="东方机械有限公司",
            submission=made,
        )

    return recipe


def _propose(who: str, budget: bool = True) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s, b = verified(c), innovation_budget(c)
        return lambda: reward_services.reward_propose(actor=c.users[who], submission=s, budget=b if budget else None)

    return recipe


def _reward(step: Callable[[City, Reward], Any], *, approved: bool = False) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        r = reward_services.reward_propose(
            actor=c.users["cadre_t1"], submission=verified(c), budget=innovation_budget(c)
        )
        if approved:
            r = reward_services.reward_approve(actor=c.users["city_admin"], reward=r)
        return lambda: step(c, r)

    return recipe


def _rule(who: str) -> Recipe:
    return lambda c: (
        lambda: reward_services.reward_rule_save(
            actor=c.users[who], kind=Kind.SMALL_DESIGN, from_fen=0, to_fen=None, amount_fen=500_00
        )
    )


def _settings(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        innovation_budget(c)  # the fund the settings name exists
        mins = {"grade_first_min": 95, "grade_second_min": 85, "grade_third_min": 75, "grade_merit_min": 65}
        return lambda: reward_services.innovation_settings_save(
            actor=c.users[who],
            dual_approval_fen=20_000_00,
            fund_code="innovation",
            grade_mins={k: Decimal(v) for k, v in mins.items()},
        )

    return recipe


U = Status
RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.innovation.services.submission_file": (_file("chair_u1"), _file("outsider")),
    "unionhall.innovation.services.submission_file_mine": (_mine(True), _mine(False)),
    "unionhall.innovation.services.submission_review": (_review("cadre_d1"), _review("chair_u1")),
    "unionhall.innovation.services.submission_adopt": (
        _at(U.UNDER_REVIEW, lambda c, s: services.submission_adopt(actor=c.users["cadre_d1"], submission=s)),
        _at(U.SUBMITTED, lambda c, s: services.submission_adopt(actor=c.users["cadre_d1"], submission=s)),
    ),
    "unionhall.innovation.services.submission_reject": (
        _at(
            U.UNDER_REVIEW,
            lambda c, s: services.submission_reject(actor=c.users["cadre_d1"], submission=s, reason="效益不明显"),
        ),
        _at(
            U.UNDER_REVIEW, lambda c, s: services.submission_reject(actor=c.users["cadre_d1"], submission=s, reason=" ")
        ),
    ),
    "unionhall.innovation.services.submission_implement": (
        _at(U.ADOPTED, lambda c, s: services.submission_implement(actor=c.users["chair_u1"], submission=s)),
        _at(U.ADOPTED, lambda c, s: services.submission_implement(actor=c.users["reviewer_d1"], submission=s)),
    ),
    "unionhall.innovation.services.submission_verify_benefit": (
        _at(
            U.IMPLEMENTED,
            lambda c, s: services.submission_verify_benefit(
                actor=c.users["cadre_d1"], submission=s, benefit_fen=120_000_00, upload=pdf()
            ),
        ),
        _at(
            U.IMPLEMENTED,
            lambda c, s: services.submission_verify_benefit(
                actor=c.users["cadre_d1"], submission=s, benefit_fen=None, upload=None
            ),
        ),
    ),
    "unionhall.innovation.services.submission_reward": (
        _at(U.BENEFIT_VERIFIED, lambda c, s: services.submission_reward(actor=c.users["cadre_d1"], submission=s)),
        _at(U.IMPLEMENTED, lambda c, s: services.submission_reward(actor=c.users["cadre_d1"], submission=s)),
    ),
    "unionhall.innovation.services.submission_evidence_download": (_download("reviewer_d1"), _download("outsider")),
    "unionhall.innovation.services.patent_record": (_patent("chair_u1"), _patent("reviewer_d1")),
    "unionhall.innovation.reward_services.reward_rule_save": (_rule("city_admin"), _rule("cadre_d1")),
    "unionhall.innovation.reward_services.innovation_settings_save": (_settings("city_admin"), _settings("cadre_d1")),
    "unionhall.innovation.reward_services.reward_propose": (_propose("cadre_t1"), _propose("cadre_t1", budget=False)),
    "unionhall.innovation.reward_services.reward_approve": (
        _reward(lambda c, r: reward_services.reward_approve(actor=c.users["cadre_d1"], reward=r)),
        _reward(lambda c, r: reward_services.reward_approve(actor=c.users["cadre_t1"], reward=r)),
    ),
    "unionhall.innovation.reward_services.reward_pay": (
        _reward(
            lambda c, r: reward_services.reward_pay(
                actor=c.users["cadre_d1"], reward=r, paid_on=timezone.localdate(), bank_ref="B1"
            ),
            approved=True,
        ),
        _reward(
            lambda c, r: reward_services.reward_pay(actor=c.users["cadre_d1"], reward=r, paid_on=None, bank_ref="")
        ),
    ),
    "unionhall.innovation.reward_services.reward_cancel": (
        _reward(lambda c, r: reward_services.reward_cancel(actor=c.users["cadre_d1"], reward=r, reason="复核不实")),
        _reward(lambda c, r: reward_services.reward_cancel(actor=c.users["outsider"], reward=r, reason="复核不实")),
    ),
}
