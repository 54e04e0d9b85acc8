"""Writes of review panels: convene one (its criteria with it), add reviewers, put subjects before it, score,
close. Each is one business action inside `audited`: permission through the scope rule (or the panel's own
membership, for scoring), every field error at once, then the write. Every score is one audit event; a
refused score (own union, twice, a closed panel) is one failure event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgUnit
from unionhall.panels import results, selectors, subjects
from unionhall.panels.models import Criterion, Panel, PanelMember, PanelStatus, PanelSubject, Score

MAX_DROP_FROM = 50


@dataclass(frozen=True)
class CriterionIn:
    name: str
    weight: int
    max_score: int = 10


def parse_criteria(text: str) -> tuple[list[CriterionIn], list[str]]:
    """Criteria typed one a line as 「名称 权重 满分」 (满分 optional, 10): the rows and every line's mistake."""
    rows: list[CriterionIn] = []
    errors: list[str] = []
    for n, line in enumerate((x for x in text.replace("，", " ").replace(",", " ").splitlines() if x.strip()), 1):
        parts = line.split()
        try:
            weight = int(parts[1].rstrip("%％"))
            top = int(parts[2]) if len(parts) > 2 else 10
        except (IndexError, ValueError):
            errors.append(f"第 {n} 行应为「名称 权重 满分」，如「创新性 40 10」。")
            continue
        rows.append(CriterionIn(parts[0], weight, top))
    return rows, errors


def criteria_problems(criteria: Sequence[CriterionIn]) -> list[str]:
    errors: list[str] = []
    if not criteria:
        return ["请至少填写一项评分标准。"]
    names = [c.name for c in criteria]
    if len(set(names)) != len(names):
        errors.append("评分标准名称不能重复。")
    if any(not 1 <= len(c.name) <= 50 for c in criteria):
        errors.append("评分标准名称为 1—50 字。")
    if any(not 1 <= c.weight <= 100 for c in criteria):
        errors.append("每项权重为 1—100。")
    if any(not 1 <= c.max_score <= 1000 for c in criteria):
        errors.append("每项满分为 1—1000。")
    total = sum(c.weight for c in criteria)
    if total != 100:
        errors.append(f"各项权重合计应为 100，现为 {total}。")
    return errors


def panel_problems(
    *, org: OrgUnit | None, title: str, kind: str, drop_extremes_from: int | None, criteria: Sequence[CriterionIn]
) -> dict[str, list[str]]:
    """Every field error of a new panel at once, without writing (the form shows them together)."""
    errors: dict[str, list[str]] = {}
    if org is None:
        errors["org"] = ["请选择组织评审的单位。"]
    if not title.strip():
        errors["title"] = ["请填写评审名称。"]
    elif len(title.strip()) > 100:
        errors["title"] = ["评审名称不超过 100 字。"]
    if kind not in {k.code for k in subjects.kinds()}:
        errors["kind"] = ["请选择评审对象。"]
    if drop_extremes_from is not None and not (drop_extremes_from == 0 or 3 <= drop_extremes_from <= MAX_DROP_FROM):
        errors["drop_extremes_from"] = [f"应为 0（不去掉）或 3—{MAX_DROP_FROM}。"]
    if problems := criteria_problems(criteria):
        errors["criteria"] = problems
    return errors


def panel_create(
    *,
    actor: Actor,
    org: OrgUnit | None,
    title: str,
    kind: str,
    criteria: Sequence[CriterionIn],
    drop_extremes_from: int | None = None,
) -> Panel:
    """Convene a panel at a unit the actor manages panels for, with its weighted criteria (weights sum to 100);
    `drop_extremes_from` defaults to the city's setting."""
    with audited(actor=actor, action="panel.create", org=org) as event:
        if org is not None:
            access.require(actor, Cap.PANEL_MANAGE, org)
        errors = panel_problems(
            org=org, title=title, kind=kind, drop_extremes_from=drop_extremes_from, criteria=criteria
        )
        if errors:
            raise ValidationError(field_errors=errors)
        panel = Panel(org=org, title=title.strip(), kind=kind, created_by=user_of(actor))
        if drop_extremes_from is not None:
            panel.drop_extremes_from = drop_extremes_from
        panel.save()
        Criterion.objects.bulk_create(
            Criterion(panel=panel, name=c.name, weight=c.weight, max_score=c.max_score, position=n)
            for n, c in enumerate(criteria, start=1)
        )
        event.target(panel)
        event.changes = {
            "title": panel.title,
            "kind": kind,
            "drop_extremes_from": panel.drop_extremes_from,
            "criteria": {c.name: c.weight for c in criteria},
        }
    return panel


def _kept(actor: Actor, panel: Panel) -> None:
    access.require(actor, Cap.PANEL_MANAGE, panel.org, obj=panel)


def panel_member_add(*, actor: Actor, panel: Panel, user: Any) -> PanelMember:
    """Name a reviewer (评委): any account, staff or worker; the own-union rule is checked subject by subject."""
    with audited(actor=actor, action="panel.member_add", org=panel.org, obj=panel) as event:
        _kept(actor, panel)
        if user is None or not getattr(user, "is_active", False):
            raise ValidationError(field_errors={"username": ["没有这个用户，或该用户已停用。"]})
        if panel.status != PanelStatus.OPEN:
            raise Conflict("评审已结束，不能再添加评委。")
        refusal = f"{user.get_username()} 已是本评审组评委。"
        if PanelMember.objects.filter(panel=panel, user=user).exists():
            raise ValidationError(field_errors={"username": [refusal]})
        try:
            with transaction.atomic():
                member = PanelMember.objects.create(panel=panel, user=user, added_by=user_of(actor))
        except IntegrityError:
            raise ValidationError(field_errors={"username": [refusal]}) from None
        event.changes = {"member": user.get_username()}
    return member


def panel_subject_add(*, actor: Actor, panel: Panel, ref: int) -> PanelSubject:
    """Put a record (of the panel's subject kind) before the panel. The record must belong to a unit inside the
    convener's subtree. Called by the module's own step (an innovation submission sent to review), whose
    audited block then holds the one event."""
    with audited(actor=actor, action="panel.subject_add", org=panel.org, obj=panel) as event:
        _kept(actor, panel)
        kind = subjects.checked(panel.kind)
        org = kind.org(ref)
        if org is None or not org.path.startswith(panel.org.path):
            raise NotFound("评审对象不存在或不在本评审组织单位范围内。")
        if panel.status != PanelStatus.OPEN:
            raise Conflict("评审已结束，不能再提交评审对象。")
        refusal = "该对象已提交本评审组评审。"
        if PanelSubject.objects.filter(panel=panel, ref=ref).exists():
            raise Conflict(refusal)
        try:
            with transaction.atomic():
                subject = PanelSubject.objects.create(
                    panel=panel, ref=ref, org=org, title=kind.title(ref)[:200], added_by=user_of(actor)
                )
        except IntegrityError:
            raise Conflict(refusal) from None
        event.changes = {"subject": subject.title, "ref": ref, "kind": panel.kind}
    return subject


def score_problems(
    criteria: Sequence[Criterion], values: Mapping[int, int | None], comment: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for c in criteria:
        value = values.get(c.pk)
        if value is None:
            errors[f"c_{c.pk}"] = [f"请为「{c.name}」打分。"]
        elif not 0 <= value <= c.max_score:
            errors[f"c_{c.pk}"] = [f"「{c.name}」的分数应为 0—{c.max_score}。"]
    if len(comment.strip()) > 300:
        errors["comment"] = ["评语不超过 300 字。"]
    return errors


def panel_score(*, actor: Actor, subject: PanelSubject, values: Mapping[int, int | None], comment: str = "") -> Score:
    """A reviewer scores a subject once, on every criterion. Refused: out of the panel (404), the reviewer's
    own union (403: `selectors.own_union`), a closed panel or a second score (409). The subject's result is
    computed again in the same transaction, its row locked so that scores sent together count each other."""
    panel = subject.panel
    with audited(actor=actor, action="panel.score", org=subject.org, obj=subject) as event:
        if not selectors.is_member(actor, panel):
            raise NotFound()
        if selectors.own_union(actor, subject.org):
            raise PermissionDenied(f"评委不能评审本单位（{subject.org.name}）的评审对象，请回避。")
        if panel.status != PanelStatus.OPEN:
            raise Conflict("评审已结束，不能再评分。")
        criteria = list(panel.criteria.all())
        errors = score_problems(criteria, values, comment)
        if errors:
            raise ValidationError(field_errors=errors)
        locked = PanelSubject.objects.select_for_update().get(pk=subject.pk)
        refusal = "您已为该评审对象评过分，每位评委只评一次。"
        if Score.objects.filter(subject=locked, reviewer=user_of(actor)).exists():
            raise Conflict(refusal)
        shape = [(c.pk, c.weight, c.max_score) for c in criteria]
        clean = {c.pk: int(values[c.pk] or 0) for c in criteria}
        total = results.weighted_total(clean, shape)
        try:
            with transaction.atomic():
                score = Score.objects.create(
                    panel=panel,
                    subject=locked,
                    reviewer=user_of(actor),
                    values={str(k): v for k, v in clean.items()},
                    total=total,
                    comment=comment.strip(),
                )
        except IntegrityError:  # sent twice at the same moment
            raise Conflict(refusal) from None
        totals = list(Score.objects.filter(subject=locked).values_list("total", flat=True))
        locked.score_count = len(totals)
        locked.result = results.result(totals, panel.drop_extremes_from)
        locked.save(update_fields=["score_count", "result"])
        event.target(score, org=subject.org)
        event.changes = {
            "panel": panel.pk,
            "subject": locked.pk,
            "values": {c.name: clean[c.pk] for c in criteria},
            "total": str(total),
            "result": str(locked.result),
            "count": locked.score_count,
        }
    return score


def panel_close(*, actor: Actor, panel: Panel) -> Panel:
    """End the review: no more scores; the results stand as they are."""
    with audited(actor=actor, action="panel.close", org=panel.org, obj=panel) as event:
        _kept(actor, panel)
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        if locked.status != PanelStatus.OPEN:
            raise Conflict("评审已结束。")
        locked.status = PanelStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        event.changes = {"status": [PanelStatus.OPEN, PanelStatus.CLOSED]}
    return locked
