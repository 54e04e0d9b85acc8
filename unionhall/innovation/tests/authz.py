"""Authorization specs of the innovation routes, collected by core/tests/test_authorization.py.

By hand from the rule (innovation/selectors.py): a submission is seen by who holds `innovation.view` over its
union (U1: the city admin, D1's reviewer and cadre, T1's cadre, U1's chair), filed by who holds
`innovation.edit` (unions and federations), sent to review and verified by `innovation.review` (federations:
U1's chair sees the submission, so those steps answer 403). 西区 filed the same proposal first: our
submission's page names it only by its id and score, never its title.
"""

from __future__ import annotations

from typing import Any

from unionhall.innovation import reward_services, services, studio_services
from unionhall.innovation.models import (
    BenefitEvidence,
    Status,
    Studio,
    StudioRating,
    StudioReviewEvidence,
    Submission,
)
from unionhall.innovation.tests.studio_support import review_pdf, studio, studio_submission
from unionhall.innovation.tests.support import TEXT, innovation_budget, panel, pdf, submission, verified
from unionhall.members.models import Membership
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.authz_support import Route, export_shows_none_of, page_shows_none_of, statuses
from unionhall.tests.city import City

FOREIGN = "西区刀具寿命改进"
ANYWHERE = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "outsider", "chair_u3"}
EDIT_ANYWHERE = ANYWHERE - {"reviewer_d1"}
SEE_U1 = {"city_admin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1"}
REVIEW_U1 = {"city_admin", "cadre_d1", "cadre_t1"}


def both_sides(c: City) -> dict[str, Any]:
    submission(c, org=c.u3, title=FOREIGN)
    ours = submission(c)
    panel(c)
    return {"pk": ours.pk}


def listed(c: City) -> dict[str, Any]:
    both_sides(c)
    return {}


def review_step(c: City) -> dict[str, Any]:
    return both_sides(c) | {"name": "review"}


def with_evidence(c: City) -> dict[str, Any]:
    kwargs = both_sides(c)
    ours = Submission.objects.get(pk=kwargs["pk"])
    Submission.objects.filter(pk=ours.pk).update(status=Status.IMPLEMENTED)
    ours.refresh_from_db()
    services.submission_verify_benefit(actor=SYSTEM, submission=ours, benefit_fen=100_000_00, upload=pdf())
    return kwargs | {"file_pk": BenefitEvidence.objects.get(submission=ours).pk}


def rewards_both(c: City) -> dict[str, Any]:
    """A proposed reward of U1's verified submission, and one of 西区's (FOREIGN)."""
    foreign = verified(c, org=c.u3, title=FOREIGN)
    reward_services.reward_propose(actor=SYSTEM, submission=foreign, budget=innovation_budget(c, at=c.d2))
    ours = reward_services.reward_propose(actor=SYSTEM, submission=verified(c), budget=innovation_budget(c))
    return {"pk": ours.pk}


def rewards_listed(c: City) -> dict[str, Any]:
    rewards_both(c)
    return {}


def reward_cancel(c: City) -> dict[str, Any]:
    return rewards_both(c) | {"name": "cancel"}


def verified_both(c: City) -> dict[str, Any]:
    verified(c, org=c.u3, title=FOREIGN)
    innovation_budget(c)
    return {"pk": verified(c).pk}


def a_rule(c: City) -> dict[str, Any]:
    from unionhall.innovation.models import RewardRule

    rule = RewardRule.objects.order_by("from_fen").first()
    assert rule is not None
    return {"rule_pk": rule.pk}


def api_submission(c: City) -> dict[str, Any]:
    return {"submission_id": both_sides(c)["pk"]}


def filing_body(c: City) -> dict[str, Any]:
    # a member of U1 filed for already (made with the route's rows, before the data is compared)
    person = Membership.objects.filter(org=c.u1).earliest("id").person_id
    return {"org": c.u1.pk, "kind": "rationalization", "title": "接口申报", "content": TEXT, "members": [person]}


ROUTES: dict[str, Route] = {
    "innovation:list": Route(listed, statuses(ANYWHERE), no_foreign=page_shows_none_of((FOREIGN,))),
    "innovation:export": Route(listed, statuses(ANYWHERE), no_foreign=export_shows_none_of((FOREIGN,))),
    "innovation:create": Route(expect=statuses(EDIT_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")),
    "innovation:submission": Route(both_sides, statuses(SEE_U1), no_foreign=page_shows_none_of((FOREIGN,))),
    "innovation:step": Route(
        review_step, statuses(REVIEW_U1, in_sight={"reviewer_d1", "chair_u1"}), methods=("get", "post")
    ),
    "innovation:evidence": Route(with_evidence, statuses(SEE_U1)),
    "innovation:patents": Route(listed, statuses(ANYWHERE)),
    "innovation:patent_create": Route(
        expect=statuses(EDIT_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")
    ),
    "innovation:rewards": Route(rewards_listed, statuses(ANYWHERE), no_foreign=page_shows_none_of((FOREIGN,))),
    "innovation:reward_export": Route(rewards_listed, statuses(ANYWHERE), no_foreign=export_shows_none_of((FOREIGN,))),
    "innovation:reward": Route(rewards_both, statuses(SEE_U1), no_foreign=page_shows_none_of((FOREIGN,))),
    "innovation:reward_step": Route(
        reward_cancel, statuses(REVIEW_U1, in_sight={"reviewer_d1", "chair_u1"}), methods=("get", "post")
    ),
    "innovation:reward_propose": Route(
        verified_both, statuses(REVIEW_U1, in_sight={"reviewer_d1", "chair_u1"}), methods=("get", "post")
    ),
    "innovation:reward_rules": Route(expect=statuses(ANYWHERE)),
    "innovation:reward_rule": Route(
        a_rule, statuses({"city_admin"}, in_sight=ANYWHERE - {"city_admin"}), methods=("get", "post")
    ),
    # The city's reward settings: the city admin's alone; who else reads innovation is refused with 403.
    "innovation:reward_settings": Route(
        expect=statuses({"city_admin"}, in_sight=ANYWHERE - {"city_admin"}), methods=("get", "post")
    ),
    "api:submission_list": Route(listed, statuses(ANYWHERE, anon=401), no_foreign=page_shows_none_of((FOREIGN,))),
    "api:submission_create": Route(
        listed,
        statuses({"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}, ok=201, in_sight={"reviewer_d1"}, anon=401),
        methods=("post",),
        body=filing_body,
    ),
    "api:submission_detail": Route(api_submission, statuses(SEE_U1, anon=401)),
}


# --- innovation studios: U1's studio (the federation above it is 东一街道, T1) and 西区's (FOREIGN_STUDIO) ----

FOREIGN_STUDIO = "西区纺织工匠创新工作室"
EDIT_STUDIO_U1 = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}


def studios_both(c: City) -> dict[str, Any]:
    studio(c, org=c.u3, name=FOREIGN_STUDIO)
    return {"pk": studio(c).pk}


def studios_listed(c: City) -> dict[str, Any]:
    studios_both(c)
    return {}


def studio_linked(c: City) -> dict[str, Any]:
    kwargs = studios_both(c)
    ours = Studio.objects.get(pk=kwargs["pk"])
    made = studio_submission(ours)
    studio_services.studio_results_link(actor=SYSTEM, studio=ours, submissions=[made])
    return kwargs | {"kind": "submission", "ref": made.pk}


def studio_reviewed(c: City) -> dict[str, Any]:
    kwargs = studios_both(c)
    ours = Studio.objects.get(pk=kwargs["pk"])
    studio_services.studio_review_record(
        actor=SYSTEM, studio=ours, year=2024, rating=StudioRating.PASS, comment="运行良好。", upload=review_pdf()
    )
    return kwargs | {"file_pk": StudioReviewEvidence.objects.get(review__studio=ours).pk}


def studio_revoke(c: City) -> dict[str, Any]:
    return studios_both(c) | {"name": "revoke"}


STUDIO_ROUTES: dict[str, Route] = {
    "innovation:studios": Route(studios_listed, statuses(ANYWHERE), no_foreign=page_shows_none_of((FOREIGN_STUDIO,))),
    "innovation:studio_export": Route(
        studios_listed, statuses(ANYWHERE), no_foreign=export_shows_none_of((FOREIGN_STUDIO,))
    ),
    "innovation:studio_create": Route(
        expect=statuses(EDIT_ANYWHERE, in_sight={"reviewer_d1"}), methods=("get", "post")
    ),
    "innovation:studio": Route(studios_both, statuses(SEE_U1), no_foreign=page_shows_none_of((FOREIGN_STUDIO,))),
    "innovation:studio_edit": Route(
        studios_both, statuses(EDIT_STUDIO_U1, in_sight={"reviewer_d1"}), methods=("get", "post")
    ),
    "innovation:studio_link": Route(
        studios_both, statuses(EDIT_STUDIO_U1, in_sight={"reviewer_d1"}), methods=("get", "post")
    ),
    "innovation:studio_unlink": Route(
        studio_linked, statuses(EDIT_STUDIO_U1, ok=302, in_sight={"reviewer_d1"}), methods=("post",)
    ),
    "innovation:studio_review": Route(
        studios_both, statuses(REVIEW_U1, in_sight={"reviewer_d1", "chair_u1"}), methods=("get", "post")
    ),
    "innovation:studio_review_file": Route(studio_reviewed, statuses(SEE_U1)),
    "innovation:studio_step": Route(
        studio_revoke, statuses(REVIEW_U1, in_sight={"reviewer_d1", "chair_u1"}), methods=("get", "post")
    ),
}
ROUTES |= STUDIO_ROUTES
