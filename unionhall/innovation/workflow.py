"""A submission's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py): each step
is one service in services.py that runs the kernel, records one audit event "submission.<step>" and one line
of the submission's history (`SubmissionEvent`). Filing is `submission_file`, which makes the row.

    submitted ──review (送评审: put before an open review panel of the city's panels)──▶ under_review
    under_review ──adopt (采纳)──▶ adopted
    under_review ──reject (不予采纳, with a reason)──▶ not_adopted
    adopted ──implement (登记实施)──▶ implemented
    implemented ──verify_benefit (核定创效: yuan a year, with the evidence uploaded)──▶ benefit_verified
    benefit_verified ──reward (奖励)──▶ rewarded        by_hand=False: taken by the rewards module (issue 17
                                                        §4, not built yet), never a button

Review, adoption and verification are the federations' (`innovation.review` over the submission's union:
the street, district and city federations above it); implementation is recorded by the union itself
(`innovation.edit`). A grassroots chair sees the submission, so the federations' steps answer it 403.
"""

from __future__ import annotations

from typing import Any

from unionhall.core.errors import Conflict, ValidationError
from unionhall.documents import uploads
from unionhall.innovation import panel_subject
from unionhall.innovation.models import BenefitEvidence, Status, Submission, SubmissionEvent
from unionhall.orgs.access import Cap
from unionhall.panels import services as panels
from unionhall.panels.models import Panel, PanelStatus
from unionhall.workflow import kernel
from unionhall.workflow.history import HistoryLine
from unionhall.workflow.kernel import Context, Transition

S = Status
MAX_BENEFIT_FEN = 10_000_000_000_00  # 100 亿元 a year: anything above is a typing mistake


def _on_review(s: Submission, ctx: Context) -> dict[str, Any]:
    panel: Panel | None = ctx.params.get("panel")
    if panel is None:
        raise ValidationError(field_errors={"panel": ["请选择评审组。"]})
    if panel.kind != panel_subject.KIND or panel.status != PanelStatus.OPEN:
        raise ValidationError(field_errors={"panel": ["请选择评审职工创新成果、正在评审中的评审组。"]})
    if not s.org.path.startswith(panel.org.path):
        raise ValidationError(field_errors={"panel": ["该评审组的组织单位不包含本成果所属工会。"]})
    panels.panel_subject_add(actor=ctx.actor, panel=panel, ref=s.pk)
    s.panel = panel
    return {"panel": panel.pk}


def _benefit_check(params: Any) -> None:
    errors: dict[str, list[str]] = {}
    fen = params.get("benefit_fen")
    if fen is None:
        errors["benefit"] = ["请填写核定的年创效金额（元）。"]
    elif not 0 <= fen <= MAX_BENEFIT_FEN:
        errors["benefit"] = ["年创效金额应为 0—100 亿元。"]
    upload = params.get("upload")
    if upload is None:
        errors["upload"] = ["请上传创效证明材料（财务核算表、使用单位证明等）。"]
    else:
        try:
            uploads.check(upload)
        except ValidationError as e:
            errors["upload"] = e.field_errors.get("upload") or [e.message]
    if errors:
        raise ValidationError(field_errors=errors)


def _on_verify(s: Submission, ctx: Context) -> dict[str, Any]:
    s.verified_benefit_fen = ctx.params["benefit_fen"]
    evidence = BenefitEvidence(submission=s)
    uploads.store(evidence, ctx.params["upload"], uploaded_by=ctx.actor)
    return {"verified_benefit_fen": s.verified_benefit_fen, "evidence": evidence.pk}


def _on_reward(s: Submission, ctx: Context) -> dict[str, Any]:
    if s.verified_benefit_fen is None:
        raise Conflict("创效尚未核定，不能奖励。")
    return {}


def _history(s: Submission, t: Transition, ctx: Context, from_status: str) -> None:
    SubmissionEvent.objects.create(
        submission=s,
        step=t.name,
        from_status=from_status,
        to_status=s.status,
        reason=ctx.reason,
        **HistoryLine.by(ctx.actor),
    )


TABLE = kernel.register(
    kernel.Table(
        name="submission",
        model=Submission,
        transitions=(
            kernel.step("review", "送评审", S.SUBMITTED, S.UNDER_REVIEW, Cap.INNOVATION_REVIEW, effect=_on_review),
            kernel.step("adopt", "采纳", S.UNDER_REVIEW, S.ADOPTED, Cap.INNOVATION_REVIEW),
            kernel.step("reject", "不予采纳", S.UNDER_REVIEW, S.NOT_ADOPTED, Cap.INNOVATION_REVIEW, needs_reason=True),
            kernel.step("implement", "登记实施", S.ADOPTED, S.IMPLEMENTED, Cap.INNOVATION_EDIT),
            kernel.step(
                "verify_benefit",
                "核定创效",
                S.IMPLEMENTED,
                S.BENEFIT_VERIFIED,
                Cap.INNOVATION_REVIEW,
                precheck=_benefit_check,
                effect=_on_verify,
            ),
            kernel.step(
                "reward",
                "奖励",
                S.BENEFIT_VERIFIED,
                S.REWARDED,
                Cap.INNOVATION_REVIEW,
                effect=_on_reward,
                by_hand=False,
            ),
        ),
        main_path=(
            (S.SUBMITTED, "申报"),
            (S.UNDER_REVIEW, "评审"),
            (S.ADOPTED, "采纳"),
            (S.IMPLEMENTED, "实施"),
            (S.BENEFIT_VERIFIED, "创效核定"),
            (S.REWARDED, "奖励"),
        ),
        history=_history,
        history_of=lambda s: s.events.all(),
        lock=lambda s: Submission.objects.select_for_update(of=("self",)).select_related("org").get(pk=s.pk),
        refusal=kernel.refusal_naming("该成果"),
        clean_reason=kernel.reason_up_to(300),
    )
)
