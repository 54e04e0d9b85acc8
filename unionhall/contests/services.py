"""Writes of skills contests. Each function is one business action: it checks permission through access.py,
validates (every error of a form at once, in Chinese), writes inside a transaction and records exactly one
audit event. The steps of a contest's life run on the workflow kernel (workflow.py); the judges' practice
scores are written by the panel's own service (panels.services.panel_score), never here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Max

from unionhall.contests import workflow
from unionhall.contests.models import (
    ContestItem,
    ContestStatus,
    Entrant,
    ItemKind,
    ItemScore,
    SkillsContest,
)
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, ValidationError
from unionhall.core.normalize import checked_text
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgLevel, OrgStatus, OrgUnit
from unionhall.panels import services as panels
from unionhall.workflow import kernel

S = ContestStatus
MAX_ITEMS = 20


def contest_problems(
    *, org: OrgUnit | None, title: str = "", trade: str = "", starts_on: Any = None, ends_on: Any = None,
    place: str = "",
) -> dict[str, list[str]]:  # fmt: skip
    """Every field error of a contest at once, without writing (the form shows them all)."""
    errors: dict[str, list[str]] = {}
    if org is None:
        errors["org"] = ["请选择主办单位。"]
    elif org.status != OrgStatus.ACTIVE:
        errors["org"] = ["已合并或撤销的组织不能主办竞赛。"]
    checked_text(errors, "title", title, "竞赛名称", 100, required="请填写竞赛名称，如 2027年数控车工技术比武。")
    checked_text(errors, "trade", trade, "工种", 50, required="请填写工种，如 数控车工。")
    checked_text(errors, "place", place, "比赛地点", 200)
    if not isinstance(starts_on, date):
        errors["starts_on"] = ["请填写开始日期。"]
    if not isinstance(ends_on, date):
        errors["ends_on"] = ["请填写结束日期。"]
    elif isinstance(starts_on, date) and ends_on < starts_on:
        errors["ends_on"] = ["结束日期不能早于开始日期。"]
    return errors


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def item_problems(
    *, kind: Any = "", name: Any = "", weight: Any = None, max_score: Any = 100, taken: Sequence[str] = (),
    weight_left: int | None = None,
) -> dict[str, list[str]]:  # fmt: skip
    """Every error of one item: its kind, a name not used yet, a weight 1—100 (within what is left of 100),
    a maximum score 1—1000."""
    errors: dict[str, list[str]] = {}
    if kind not in ItemKind.values:
        errors["kind"] = ["请选择类别：理论或实操。"]
    text = checked_text(errors, "name", name, "项目名称", 50, required="请填写项目名称，如 安全操作规程、零件加工。")
    if text and text in taken:
        errors["name"] = [f"项目「{text}」已经设置过。"]
    w = _int(weight)
    if w is None or not 1 <= w <= 100:
        errors["weight"] = ["权重应为 1 至 100 的整数（%）。"]
    elif weight_left is not None and w > weight_left:
        errors["weight"] = [f"各项目权重之和不能超过 100，本项目最多 {weight_left}。"]
    top = _int(max_score)
    if top is None or not 1 <= top <= 1000:
        errors["max_score"] = ["满分应为 1 至 1000 的整数。"]
    return errors


def contest_create(
    *,
    actor: Actor,
    org: OrgUnit | None,
    title: str,
    trade: str,
    starts_on: Any,
    ends_on: Any,
    place: str = "",
    items: Sequence[Mapping[str, Any]] = (),
) -> SkillsContest:
    """A contest in preparation, with its items if given at once (their weights must then make 100)."""
    with audited(actor=actor, action="contest.create", org=org) as event:
        if org is not None:
            access.require(actor, Cap.COMPETITION_MANAGE, org)
        errors = contest_problems(org=org, title=title, trade=trade, starts_on=starts_on, ends_on=ends_on, place=place)
        taken: list[str] = []
        for n, row in enumerate(items):
            for key, messages in item_problems(taken=taken, **row).items():
                errors.setdefault(f"items[{n}].{key}", messages)
            taken.append(str(row.get("name") or "").strip())
        if items and (problem := workflow.weight_problem([_int(r.get("weight")) or 0 for r in items])):
            errors.setdefault("items", [problem])
        if len(items) > MAX_ITEMS:
            errors.setdefault("items", [f"竞赛项目不超过 {MAX_ITEMS} 项。"])
        if errors or org is None:
            raise ValidationError(field_errors=errors)
        contest = SkillsContest.objects.create(
            org=org,
            title=title.strip(),
            trade=trade.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            place=(place or "").strip(),
            created_by=user_of(actor),
        )
        ContestItem.objects.bulk_create(
            ContestItem(
                contest=contest,
                kind=row["kind"],
                name=str(row["name"]).strip(),
                weight=_int(row["weight"]) or 0,
                max_score=_int(row.get("max_score", 100)) or 100,
                position=n,
            )
            for n, row in enumerate(items, start=1)
        )
        event.target(contest)
        event.changes = {"title": contest.title, "trade": contest.trade, "items": len(items)}
    return contest


def _keep(actor: Actor, contest: SkillsContest, *, statuses: Sequence[str], doing: str) -> SkillsContest:
    workflow.KEEPER.require(actor, contest)
    row = SkillsContest.objects.select_for_update(of=("self",)).select_related("org", "panel").get(pk=contest.pk)
    if row.status not in set(statuses):
        raise Conflict(f"竞赛{row.get_status_display()}，不能{doing}。")
    return row


def contest_item_add(
    *, actor: Actor, contest: SkillsContest, kind: str, name: str, weight: Any, max_score: Any = 100
) -> ContestItem:
    """A theory or practice item of a contest in preparation; the weights may not pass 100."""
    with audited(actor=actor, action="contest.item_add", org=contest.org, obj=contest) as event:
        row = _keep(actor, contest, statuses=[S.DRAFT], doing="再调整竞赛项目")
        existing = list(row.items.all())
        if len(existing) >= MAX_ITEMS:
            raise ValidationError(field_errors={"name": [f"竞赛项目不超过 {MAX_ITEMS} 项。"]})
        problems = item_problems(
            kind=kind,
            name=name,
            weight=weight,
            max_score=max_score,
            taken=[i.name for i in existing],
            weight_left=100 - sum(i.weight for i in existing),
        )
        if problems:
            raise ValidationError(field_errors=problems)
        position = (row.items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = ContestItem.objects.create(
            contest=row,
            kind=kind,
            name=name.strip(),
            weight=_int(weight) or 0,
            max_score=_int(max_score) or 100,
            position=position,
        )
        event.changes = {"item": item.name, "kind": kind, "weight": item.weight, "max_score": item.max_score}
    return item


def _union_of(org: OrgUnit) -> OrgUnit:
    """The grassroots union a branch's member competes for (the own-union rule reads the union)."""
    while org.level == OrgLevel.BRANCH and (parent := OrgUnit.objects.get_parent(org)) is not None:
        org = parent
    return org


def entrant_problems(contest: SkillsContest, person: Person | None) -> tuple[dict[str, list[str]], OrgUnit | None]:
    """The person must be an open member of a union inside the organizer's subtree, not entered yet."""
    if person is None:
        return {"member_no": ["请填写选手的会员编号。"]}, None
    membership = (
        Membership.objects.filter(person=person, status__in=OPEN_STATUSES, org__path__startswith=contest.org.path)
        .select_related("org")
        .first()
    )
    if membership is None:
        return {"member_no": [f"{person.name}不是{contest.org.name}范围内工会的在会会员。"]}, None
    if Entrant.objects.filter(contest=contest, person=person).exists():
        return {"member_no": [f"{person.name}已报名本竞赛。"]}, None
    return {}, _union_of(membership.org)


def contest_entrant_add(*, actor: Actor, contest: SkillsContest, person: Person | None) -> Entrant:
    """An entrant, numbered in the order of registration; while the contest runs, put before its panel at once."""
    with audited(actor=actor, action="contest.entrant_add", org=contest.org, obj=contest) as event:
        row = _keep(actor, contest, statuses=[S.DRAFT, S.RUNNING], doing="再登记选手")
        problems, union = entrant_problems(row, person)
        if problems or union is None or person is None:
            raise ValidationError(field_errors=problems)
        number = (row.entrants.aggregate(n=Max("number"))["n"] or 0) + 1
        entrant = Entrant.objects.create(contest=row, person=person, org=union, number=number, added_by=user_of(actor))
        if row.status == S.RUNNING and row.panel is not None:
            panels.panel_subject_add(actor=workflow.PANEL_HAND, panel=row.panel, ref=entrant.pk)
        event.target(entrant, org=row.org)
        event.changes = {"number": number, "union": union.name}
    return entrant


def contest_judge_add(*, actor: Actor, contest: SkillsContest, user: Any) -> Any:
    """A judge (评委) on the contest's panel: any active account; whom they may not score (their own union's
    entrants) the panel decides at each score."""
    with audited(actor=actor, action="contest.judge_add", org=contest.org, obj=contest) as event:
        row = _keep(actor, contest, statuses=[S.RUNNING], doing="再添加评委")
        if row.panel is None:  # pragma: no cover - a running contest always has its panel
            raise Conflict("竞赛尚未组建评审组。")
        member = panels.panel_member_add(actor=workflow.PANEL_HAND, panel=row.panel, user=user)
        event.changes = {"judge": member.user.get_username(), "panel": row.panel.pk}
    return member


def read_score(raw: Any, max_score: int) -> Decimal | None:
    """A typed score: a number 0—max with at most two decimals (None when it is not one)."""
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= max_score or value != value.quantize(Decimal("0.01")):
        return None
    return value


def theory_problems(items: Sequence[ContestItem], values: Mapping[int, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in items:
        raw = values.get(item.pk)
        if raw is None or raw == "":
            errors[f"t_{item.pk}"] = [f"请填写「{item.name}」的成绩。"]
        elif read_score(raw, item.max_score) is None:
            errors[f"t_{item.pk}"] = [f"「{item.name}」的成绩应为 0—{item.max_score}，最多两位小数。"]
    return errors


def contest_theory_enter(*, actor: Actor, entrant: Entrant, values: Mapping[int, Any]) -> list[ItemScore]:
    """The organizer enters an entrant's theory scores (the exam's marks), every theory item at once; entered
    again while the contest runs, they replace the earlier ones."""
    contest = entrant.contest
    with audited(actor=actor, action="contest.theory_enter", org=contest.org, obj=entrant) as event:
        row = _keep(actor, contest, statuses=[S.RUNNING], doing="录入理论成绩")
        items = list(row.items.filter(kind=ItemKind.THEORY))
        if not items:
            raise Conflict("本竞赛没有理论项目。")
        problems = theory_problems(items, values)
        if problems:
            raise ValidationError(field_errors=problems)
        done: list[ItemScore] = []
        for item in items:
            score = read_score(values[item.pk], item.max_score)
            assert score is not None  # theory_problems refused every other value
            found, _ = ItemScore.objects.update_or_create(
                entrant=entrant, item=item, defaults={"score": score, "entered_by": user_of(actor)}
            )
            done.append(found)
        event.changes = {
            "number": entrant.number,
            "scores": {i.name: str(s.score) for i, s in zip(items, done, strict=True)},
        }
    return done


# --- the steps of a life (workflow.py) ----------------------------------------------------------------


def contest_start(*, actor: Actor, contest: SkillsContest) -> SkillsContest:
    """The contest starts: its judging panel is convened with the practice items as criteria."""
    done: SkillsContest = kernel.run(workflow.TABLE, "start", actor=actor, obj=contest)
    return done


def contest_finish(*, actor: Actor, contest: SkillsContest, awarded_top: int = 0) -> SkillsContest:
    """The contest ends: the ranking is frozen and published, the first `awarded_top` places awarded."""
    done: SkillsContest = kernel.run(workflow.TABLE, "finish", actor=actor, obj=contest, awarded_top=awarded_top)
    return done


def contest_cancel(*, actor: Actor, contest: SkillsContest, reason: str) -> SkillsContest:
    done: SkillsContest = kernel.run(workflow.TABLE, "cancel", actor=actor, obj=contest, reason=reason)
    return done
