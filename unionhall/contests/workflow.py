"""A skills contest's life, declared as one table of the workflow kernel (unionhall/workflow/kernel.py). Each
step is one service in services.py that runs the kernel, records one audit event "contest.<step>" and one
line of the contest's history (`ContestEvent`).

    draft ──start (开赛: items weigh 100 with a practice item, an entrant; the judging panel is convened)──▶ running
    running ──finish (结束并公布排名: every entrant has every score; the ranking is frozen)──▶ finished
    draft | running ──cancel (取消, with a reason: the panel is closed)──▶ cancelled

Every step belongs to who organizes the contest (`competition.manage` over the organizer: skills contests
share the labour competitions' capabilities); a union that only sees the contest through one of its members
entering is refused with 403.

The judging panel is the contest's own: the contest convenes it, names its judges and puts its entrants
before it, acting as the system inside the contest's own audited step (a grassroots union organizing a
contest holds no `panel.manage`); the panel's rules — the own-union refusal, dropping the extremes — stay
the panel's.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from unionhall.contests import panel_subject, scores
from unionhall.contests.models import ContestEvent, ContestItem, ContestStatus, Entrant, ItemKind, SkillsContest
from unionhall.core.actors import SystemActor
from unionhall.core.errors import Conflict, ValidationError
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.panels import services as panels
from unionhall.panels.models import PanelStatus
from unionhall.workflow import kernel
from unionhall.workflow.history import HistoryLine
from unionhall.workflow.kernel import Context, Transition

S = ContestStatus
# Who acts on the contest's own panel for the organizer (inside the organizer's audited step).
PANEL_HAND = SystemActor("技能竞赛")


def _require_keeper(actor: Any, contest: SkillsContest) -> None:
    seen = [e.org for e in contest.entrants.select_related("org")]
    access.require(
        actor, Cap.COMPETITION_MANAGE, contest.org, obj=contest, seen_from=seen, denied="技能竞赛由主办单位组织。"
    )


def _keeper_permits(user: Any, contest: SkillsContest) -> bool:
    return access.reach(user, Cap.COMPETITION_MANAGE).covers(contest.org.path)


KEEPER = kernel.Rule(require=_require_keeper, permits=_keeper_permits)


def weight_problem(weights: list[int]) -> str:
    total = sum(weights)
    return "" if total == 100 else f"各项目权重之和应为 100，现为 {total}。"


def setup_problems(contest: SkillsContest) -> list[str]:
    """What keeps a contest from starting, in Chinese (empty: it may start)."""
    problems = []
    items = list(ContestItem.objects.filter(contest=contest))
    if not items:
        problems.append("尚未设置竞赛项目。")
    else:
        if problem := weight_problem([i.weight for i in items]):
            problems.append(problem)
        if not any(i.kind == ItemKind.PRACTICE for i in items):
            problems.append("至少设置一个实操项目（由评委打分）。")
    if not Entrant.objects.filter(contest=contest).exists():
        problems.append("尚未登记参赛选手。")
    return problems


def _ready(contest: SkillsContest, ctx: Context) -> None:
    problems = setup_problems(contest)
    if problems:
        raise Conflict("不能开赛：" + "".join(problems))


def _on_start(contest: SkillsContest, ctx: Context) -> dict[str, Any]:
    """Convene the judging panel: the practice items are its criteria, every entrant one of its subjects."""
    from unionhall.contests import ranking

    practice = list(contest.items.filter(kind=ItemKind.PRACTICE))
    weights = ranking.normalized_weights([i.weight for i in practice])
    panel = panels.panel_create(
        actor=PANEL_HAND,
        org=contest.org,
        title=f"{contest.title}实操评分"[:100],
        kind=panel_subject.KIND,
        criteria=[panels.CriterionIn(i.name, w, i.max_score) for i, w in zip(practice, weights, strict=True)],
    )
    contest.panel = panel
    contest.save(update_fields=["panel"])
    entrants = list(contest.entrants.all())
    for e in entrants:
        panels.panel_subject_add(actor=PANEL_HAND, panel=panel, ref=e.pk)
    return {"panel": panel.pk, "entrants": len(entrants)}


def _awarded(params: Any) -> None:
    top = params.get("awarded_top")
    if not isinstance(top, int) or isinstance(top, bool) or not 0 <= top <= 1000:
        raise ValidationError(field_errors={"awarded_top": ["获奖名次应为 0 至 1000 的整数（0 表示不评奖）。"]})


def _complete(contest: SkillsContest, ctx: Context) -> None:
    missing = [p.line for p in scores.standings(contest) if not p.line.complete]
    if missing:
        numbers = "、".join(f"{x.number:03d}" for x in missing[:10])
        raise Conflict(
            f"尚有 {len(missing)} 名选手成绩不全（{numbers}{'等' if len(missing) > 10 else ''}），不能结束。"
        )


def _close_panel(contest: SkillsContest) -> None:
    if contest.panel_id is not None and contest.panel is not None and contest.panel.status == PanelStatus.OPEN:
        panels.panel_close(actor=PANEL_HAND, panel=contest.panel)


def _on_finish(contest: SkillsContest, ctx: Context) -> dict[str, Any]:
    """Freeze the ranking on the entrants' rows and mark the awarded places; close the panel."""
    top = int(ctx.params["awarded_top"])
    placed = scores.standings(contest)
    by_pk = {e.pk: e for e in contest.entrants.all()}
    for p in placed:
        e = by_pk[p.line.entrant]
        e.theory, e.practice, e.total, e.rank = p.line.theory, p.line.practice, p.line.total, p.rank
        e.awarded = p.rank <= top
    Entrant.objects.bulk_update(by_pk.values(), ["theory", "practice", "total", "rank", "awarded"])
    _close_panel(contest)
    contest.awarded_top = top
    contest.finished_at = timezone.now()
    first = placed[0].line if placed else None
    return {"awarded_top": top, "ranked": len(placed), **({"first": first.number} if first else {})}


def _on_cancel(contest: SkillsContest, ctx: Context) -> dict[str, Any]:
    _close_panel(contest)
    contest.cancel_reason = ctx.reason
    return {}


def _history(contest: SkillsContest, t: Transition, ctx: Context, from_status: str) -> None:
    ContestEvent.objects.create(
        contest=contest,
        step=t.name,
        from_status=from_status,
        to_status=contest.status,
        reason=ctx.reason,
        **HistoryLine.by(ctx.actor),
    )


TABLE = kernel.register(
    kernel.Table(
        name="contest",
        model=SkillsContest,
        transitions=(
            kernel.step("start", "开赛", S.DRAFT, S.RUNNING, KEEPER, guard=_ready, effect=_on_start),
            kernel.step(
                "finish",
                "结束并公布排名",
                S.RUNNING,
                S.FINISHED,
                KEEPER,
                precheck=_awarded,
                guard=_complete,
                effect=_on_finish,
                confirm="结束后成绩和排名冻结并公布，评委不能再评分，可打印证书。",
            ),
            kernel.step(
                "cancel",
                "取消竞赛",
                (S.DRAFT, S.RUNNING),
                S.CANCELLED,
                KEEPER,
                needs_reason=True,
                effect=_on_cancel,
                confirm="取消后不再录入成绩、评分，评审组随之结束。",
            ),
        ),
        main_path=((S.DRAFT, "筹备"), (S.RUNNING, "进行"), (S.FINISHED, "结束")),
        history=_history,
        history_of=lambda c: c.events.all(),
        action_prefix="contest",
        lock=lambda c: (
            SkillsContest.objects.select_for_update(of=("self",)).select_related("org", "panel").get(pk=c.pk)
        ),
        refusal=kernel.refusal_naming("竞赛"),
        clean_reason=kernel.reason_up_to(500),
    )
)
