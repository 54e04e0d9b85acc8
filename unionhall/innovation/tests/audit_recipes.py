"""Audit recipes of the innovation services (see unionhall/tests/audit_support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from unionhall.innovation import reward_services, services, studio_services
from unionhall.innovation.models import (
    BenefitEvidence,
    Kind,
    PatentKind,
    Reward,
    Status,
    StudioLevel,
    StudioRating,
    StudioReviewEvidence,
    Submission,
)
from unionhall.innovation.tests.studio_support import review_pdf, studio, studio_submission
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
    "unionhall.innovation.services.submission_forward": (
        _at(U.SUBMITTED, lambda c, s: services.submission_forward(actor=c.users["chair_u1"], submission=s)),
        _at(U.SUBMITTED, lambda c, s: services.submission_forward(actor=c.users["reviewer_d1"], submission=s)),
    ),
    "unionhall.innovation.services.submission_decline": (
        _at(
            U.SUBMITTED,
            lambda c, s: services.submission_decline(actor=c.users["chair_u1"], submission=s, reason="与现行做法重复"),
        ),
        _at(U.SUBMITTED, lambda c, s: services.submission_decline(actor=c.users["chair_u1"], submission=s, reason="")),
    ),
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


# --- innovation studios (studio_services.py) ------------------------------------------------------------


def _studio_create(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        lead = member(c.u1, "王劳模")
        return lambda: studio_services.studio_create(
            actor=c.users[who],
            org=c.u1,
            name="王劳模创新工作室",
            level=StudioLevel.CITY,
            lead=lead,
            founded_on=date(2022, 4, 28),
        )

    return recipe


def _studio_update(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s = studio(c)
        return lambda: studio_services.studio_update(
            actor=c.users[who],
            studio=s,
            name=s.name,
            level=StudioLevel.PROVINCIAL,
            lead=s.lead,
            founded_on=s.founded_on,
            members=[s.lead],
        )

    return recipe


def _studio_link(ours: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s = studio(c)
        made = studio_submission(s) if ours else submission(c)  # the latter's team holds no studio member
        return lambda: studio_services.studio_results_link(actor=c.users["chair_u1"], studio=s, submissions=[made])

    return recipe


def _studio_unlink(linked: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s = studio(c)
        made = studio_submission(s)
        if linked:
            studio_services.studio_results_link(actor=c.users["chair_u1"], studio=s, submissions=[made])
        return lambda: studio_services.studio_result_unlink(actor=c.users["chair_u1"], studio=s, submission=made)

    return recipe


def _studio_review(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s = studio(c)
        return lambda: studio_services.studio_review_record(
            actor=c.users[who],
            studio=s,
            year=2024,
            rating=StudioRating.EXCELLENT,
            comment="成果突出。",
            upload=review_pdf(),
        )

    return recipe


def _studio_download(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s = studio(c)
        studio_services.studio_review_record(
            actor=c.users["cadre_t1"],
            studio=s,
            year=2024,
            rating=StudioRating.PASS,
            comment="合格。",
            upload=review_pdf(),
        )
        stored = StudioReviewEvidence.objects.get(review__studio=s)
        return lambda: studio_services.studio_review_evidence_download(actor=c.users[who], file=stored)

    return recipe


def _studio_step(step: str, who: str, *, revoked: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        s = studio(c)
        if revoked:
            s = studio_services.studio_revoke(actor=c.users["cadre_t1"], studio=s, reason="连续两年考评不合格")
        service = studio_services.studio_revoke if step == "revoke" else studio_services.studio_restore
        return lambda: service(actor=c.users[who], studio=s, reason="按考评结果办理")

    return recipe


RECIPES |= {
    "unionhall.innovation.studio_services.studio_create": (_studio_create("chair_u1"), _studio_create("outsider")),
    "unionhall.innovation.studio_services.studio_update": (_studio_update("chair_u1"), _studio_update("reviewer_d1")),
    "unionhall.innovation.studio_services.studio_results_link": (_studio_link(True), _studio_link(False)),
    "unionhall.innovation.studio_services.studio_result_unlink": (_studio_unlink(True), _studio_unlink(False)),
    "unionhall.innovation.studio_services.studio_review_record": (
        _studio_review("cadre_t1"),
        _studio_review("chair_u1"),
    ),
    "unionhall.innovation.studio_services.studio_review_evidence_download": (
        _studio_download("reviewer_d1"),
        _studio_download("outsider"),
    ),
    "unionhall.innovation.studio_services.studio_revoke": (
        _studio_step("revoke", "cadre_d1", revoked=False),
        _studio_step("revoke", "chair_u1", revoked=False),
    ),
    "unionhall.innovation.studio_services.studio_restore": (
        _studio_step("restore", "cadre_d1", revoked=True),
        _studio_step("restore", "cadre_d1", revoked=False),
    ),
}
