"""The lives of a competition and of a reported result, declared as two tables of the workflow kernel
(unionhall/workflow/kernel.py). Each step is one service in services.py that runs the kernel and records one
audit event "competition.<step>" or "competition_result.<step>".

    competition:  draft ──start (开赛: indicators weigh 100, a stage, a participant)──▶ running
                  running ──finish (结束竞赛, with the commendation: the standings are frozen)──▶ finished
                  draft | running ──cancel (取消, with a reason)──▶ cancelled

    result:       entered ──verify (核定: the ranking is recomputed)──▶ verified
                  entered ──return (退回, with a reason)──▶ returned
                  entered | returned ──reenter (重新填报, with the value)──▶ entered

The competition's steps and verifying or returning a result belong to who organizes it (`competition.manage`
over the organizer); a participant's union sees the competition and is refused those with 403. Entering a
result again belongs to the participant's union (`competition.manage` over the participant's unit). Results
move only while the competition runs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from unionhall.competitions import ranking
from unionhall.competitions.models import (
    Competition,
    CompetitionStatus,
    Indicator,
    Participant,
    Result,
    ResultStatus,
    Stage,
    Standing,
)
from unionhall.core.actors import user_of
from unionhall.core.errors import Conflict, ValidationError
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.workflow import kernel
from unionhall.workflow.kernel import Context

S = CompetitionStatus
R = ResultStatus


# --- the competition ------------------------------------------------------------------------------


def _require_keeper(actor: Any, competition: Competition) -> None:
    """The organizer (and the units above it) take the competition's steps; a participant or co-organizer sees
    the competition and is refused with 403."""
    seen = [p.org for p in competition.participants.select_related("org")]
    access.require(
        actor,
        Cap.COMPETITION_MANAGE,
        competition.org,
        obj=competition,
        seen_from=[*seen, *competition.co_organizers.all()],
        denied="竞赛由主办单位组织。",
    )


def _keeper_permits(user: Any, competition: Competition) -> bool:
    return access.reach(user, Cap.COMPETITION_MANAGE).covers(competition.org.path)


KEEPER = kernel.Rule(require=_require_keeper, permits=_keeper_permits)


def setup_problems(competition: Competition) -> list[str]:
    """What keeps a competition from starting, in Chinese (empty: it may start)."""
    problems = []
    weights = [i.weight for i in Indicator.objects.filter(competition=competition)]
    if not weights:
        problems.append("尚未设置竞赛指标。")
    elif sum(weights, Decimal(0)) != 100:
        problems.append(f"各指标权重之和应为 100，现为 {sum(weights, Decimal(0)):g}。")
    if not Stage.objects.filter(competition=competition).exists():
        problems.append("尚未设置竞赛阶段。")
    if not Participant.objects.filter(competition=competition).exists():
        problems.append("尚未登记参赛单位。")
    return problems


def _ready(competition: Competition, ctx: Context) -> None:
    problems = setup_problems(competition)
    if problems:
        raise Conflict("不能开赛：" + "".join(problems))


def _on_start(competition: Competition, ctx: Context) -> dict[str, Any]:
    return {"standings": ranking.recompute(competition)}


def _commendation(params: Any) -> None:
    errors: dict[str, list[str]] = {}
    text = (params.get("commendation") or "").strip()
    if not text:
        errors["commendation"] = ["请填写表彰决定，如：授予前三名“劳动竞赛优胜单位”称号。"]
    elif len(text) > 2000:
        errors["commendation"] = ["表彰决定不超过 2000 字。"]
    top = params.get("commended_top")
    if not isinstance(top, int) or isinstance(top, bool) or top < 0 or top > 1000:
        errors["commended_top"] = ["表彰名次应为 0 至 1000 的整数（0 表示不按名次表彰）。"]
    if errors:
        raise ValidationError(field_errors=errors)


def _on_finish(competition: Competition, ctx: Context) -> dict[str, Any]:
    ranking.recompute(competition)
    top = int(ctx.params["commended_top"])
    competition.commendation = str(ctx.params["commendation"]).strip()
    competition.commended_top = top
    competition.finished_at = timezone.now()
    commended = Standing.objects.filter(competition=competition, stage=None, rank__lte=top).update(commended=True)
    return {"commended": commended}


def _on_cancel(competition: Competition, ctx: Context) -> dict[str, Any]:
    competition.cancel_reason = ctx.reason
    return {}


TABLE = kernel.register(
    kernel.Table(
        name="competition",
        model=Competition,
        transitions=(
            kernel.step("start", "开赛", S.DRAFT, S.RUNNING, KEEPER, guard=_ready, effect=_on_start),
            kernel.step(
                "finish",
                "结束竞赛并表彰",
                S.RUNNING,
                S.FINISHED,
                KEEPER,
                precheck=_commendation,
                effect=_on_finish,
                confirm="结束后最终排名冻结，不再核定成绩。",
            ),
            kernel.step(
                "cancel",
                "取消竞赛",
                (S.DRAFT, S.RUNNING),
                S.CANCELLED,
                KEEPER,
                needs_reason=True,
                effect=_on_cancel,
                confirm="取消后不再填报、核定成绩。",
            ),
        ),
        main_path=((S.DRAFT, "筹备"), (S.RUNNING, "进行"), (S.FINISHED, "结束")),
        history=None,
        lock=lambda c: Competition.objects.select_for_update(of=("self",)).select_related("org").get(pk=c.pk),
        refusal=kernel.refusal_naming("竞赛"),
        clean_reason=kernel.reason_up_to(500),
    )
)


# --- a result ------------------------------------------------------------------------------------


def _participants_of(result: Result) -> list[Any]:
    return [result.participant.org]


def _require_organizer(actor: Any, result: Result) -> None:
    access.require(
        actor,
        Cap.COMPETITION_MANAGE,
        result.competition.org,
        obj=result,
        seen_from=_participants_of(result),
        denied="成绩由主办单位核定。",
    )


def _organizer_permits(user: Any, result: Result) -> bool:
    return access.reach(user, Cap.COMPETITION_MANAGE).covers(result.competition.org.path)


def _require_participant(actor: Any, result: Result) -> None:
    access.require(
        actor,
        Cap.COMPETITION_MANAGE,
        result.participant.org,
        obj=result,
        seen_from=[result.competition.org],
        denied="成绩由参赛单位填报。",
    )


def _participant_permits(user: Any, result: Result) -> bool:
    return access.reach(user, Cap.COMPETITION_MANAGE).covers(result.participant.org.path)


ORGANIZER = kernel.Rule(require=_require_organizer, permits=_organizer_permits)
PARTICIPANT = kernel.Rule(require=_require_participant, permits=_participant_permits)


def read_value(raw: Any) -> Decimal:
    """A reported value: a number ≥ 0 with at most 4 decimals (raises a Chinese field error)."""
    try:
        value = Decimal(str(raw).strip().replace(",", "")) if raw is not None else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(field_errors={"value": ["请填写数值。"]})
    if value < 0:
        raise ValidationError(field_errors={"value": ["数值不能为负数。"]})
    if value >= Decimal("1e12"):
        raise ValidationError(field_errors={"value": ["数值过大。"]})
    if value != value.quantize(Decimal("0.0001")):
        raise ValidationError(field_errors={"value": ["数值最多保留 4 位小数。"]})
    return value


def _value_given(params: Any) -> None:
    read_value(params.get("value"))


def _running(result: Result, ctx: Context) -> None:
    status = Competition.objects.filter(pk=result.competition_id).values_list("status", flat=True).first()
    if status != S.RUNNING:
        raise Conflict("竞赛不在进行中，成绩不能再变动。")


def _on_verify(result: Result, ctx: Context) -> dict[str, Any]:
    result.verified_by = user_of(ctx.actor)
    result.verified_at = timezone.now()
    result.return_reason = ""
    result.status = R.VERIFIED
    result.save(update_fields=["verified_by", "verified_at", "return_reason", "status"])
    # The competition's lock serializes the rewrites of its standings.
    competition = Competition.objects.select_for_update().get(pk=result.competition_id)
    return {"value": str(result.value), "standings": ranking.recompute(competition)}


def _on_return(result: Result, ctx: Context) -> dict[str, Any]:
    result.return_reason = ctx.reason
    return {"value": str(result.value)}


def _on_reenter(result: Result, ctx: Context) -> dict[str, Any]:
    before = result.value
    result.value = read_value(ctx.params.get("value"))
    result.entered_by = user_of(ctx.actor)
    result.return_reason = ""
    return {"value": [str(before), str(result.value)]}


RESULT_TABLE = kernel.register(
    kernel.Table(
        name="competition_result",
        model=Result,
        transitions=(
            kernel.step("verify", "核定", R.ENTERED, R.VERIFIED, ORGANIZER, guard=_running, effect=_on_verify),
            kernel.step(
                "return", "退回", R.ENTERED, R.RETURNED, ORGANIZER, needs_reason=True, guard=_running, effect=_on_return
            ),
            kernel.step(
                "reenter",
                "重新填报",
                (R.ENTERED, R.RETURNED),
                R.ENTERED,
                PARTICIPANT,
                precheck=_value_given,
                guard=_running,
                effect=_on_reenter,
            ),
        ),
        main_path=((R.ENTERED, "填报"), (R.VERIFIED, "核定")),
        history=None,
        org=lambda r: r.competition.org,
        # Only the result's own row: the competition is locked by the verify step when it rewrites the ranking.
        lock=lambda r: (
            Result.objects.select_for_update(of=("self",))
            .select_related("competition__org", "participant__org")
            .get(pk=r.pk)
        ),
        refusal=kernel.refusal_naming("成绩"),
        clean_reason=kernel.reason_up_to(300),
    )
)
