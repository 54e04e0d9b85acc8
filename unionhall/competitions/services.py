"""Writes of labour competitions. Each function is one business action: it checks permission through
access.py, validates (every error of a form at once, in Chinese), writes inside a transaction and records
exactly one audit event. The steps of a competition's and a result's life run on the workflow kernel
(workflow.py); verifying a result rewrites the ranking inside its own event (ranking.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Max

from unionhall.competitions import ranking, workflow
from unionhall.competitions.models import (
    Competition,
    CompetitionStatus,
    Direction,
    Indicator,
    Kind,
    Method,
    Participant,
    Result,
    ResultStatus,
    Stage,
)
from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited, changed_fields
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.normalize import checked_text
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgStatus, OrgUnit
from unionhall.workflow import kernel

S = CompetitionStatus


def _period(errors: dict[str, list[str]], starts_on: Any, ends_on: Any) -> None:
    if not isinstance(starts_on, date):
        errors["starts_on"] = ["请填写开始日期。"]
    if not isinstance(ends_on, date):
        errors["ends_on"] = ["请填写结束日期。"]
    elif isinstance(starts_on, date) and ends_on < starts_on:
        errors["ends_on"] = ["结束日期不能早于开始日期。"]


def competition_problems(
    *, org: OrgUnit | None, title: str = "", kind: str = Kind.KEY_PROJECT, starts_on: Any = None, ends_on: Any = None,
    description: str = "", co_organizers: Iterable[OrgUnit] = (),
) -> dict[str, list[str]]:  # fmt: skip
    """Every field error of a competition at once, without writing (the form shows them all)."""
    errors: dict[str, list[str]] = {}
    if org is None:
        errors["org"] = ["请选择主办单位。"]
    elif org.status != OrgStatus.ACTIVE:
        errors["org"] = ["已合并或撤销的组织不能主办竞赛。"]
    checked_text(errors, "title", title, "竞赛名称", 100, required="请填写竞赛名称，如 2027年重点工程劳动竞赛。")
    checked_text(errors, "description", description, "竞赛内容", 5000)
    if kind not in Kind.values:
        errors["kind"] = ["请选择竞赛类型。"]
    _period(errors, starts_on, ends_on)
    if org is not None and any(u.pk == org.pk for u in co_organizers):
        errors["co_organizers"] = ["主办单位不必再列为协办单位。"]
    return errors


def indicator_problems(
    *, competition: Competition | None, code: str = "", name: str = "", weight: Any = None, target: Any = None,
    unit: str = "", direction: str = Direction.HIGHER, method: str = Method.RATIO, cap_percent: Any = 120,
    taken: Iterable[str] = (), weight_left: Decimal | None = None, exclude: int | None = None,
) -> dict[str, list[str]]:  # fmt: skip
    """Every error of an indicator at once; `exclude`: the indicator being edited (its own code is free)."""
    errors: dict[str, list[str]] = {}
    code = checked_text(errors, "code", code, "指标代码", 20, required="请填写指标代码，如 Q1。")
    checked_text(errors, "name", name, "指标名称", 50, required="请填写指标名称，如 工程进度完成率。")
    checked_text(errors, "unit", unit, "计量单位", 20)
    known = set(taken)
    if competition is not None:
        others = competition.indicators.all() if exclude is None else competition.indicators.exclude(pk=exclude)
        known |= set(others.values_list("code", flat=True))
    if code and code in known:
        errors["code"] = [f"指标代码 {code} 已经用过。"]
    w = _decimal(weight)
    if w is None or w <= 0 or w > 100 or w != w.quantize(Decimal("0.01")):
        errors["weight"] = ["权重应为大于 0、不超过 100 的数，最多两位小数。"]
    elif weight_left is not None and w > weight_left:
        errors["weight"] = [f"各指标权重之和不能超过 100，本指标最多 {weight_left:g}。"]
    t = _decimal(target)
    if t is None or t <= 0 or t >= Decimal("1e12") or t != t.quantize(Decimal("0.0001")):
        errors["target"] = ["目标值应为大于 0 的数，最多四位小数。"]
    if direction not in Direction.values:
        errors["direction"] = ["请选择方向：越高越好或越低越好。"]
    if method not in Method.values:
        errors["method"] = ["请选择计分方法。"]
    if not isinstance(cap_percent, int) or isinstance(cap_percent, bool) or not 100 <= cap_percent <= 200:
        errors["cap_percent"] = ["完成率封顶应为 100 至 200 之间的整数（%）。"]
    return errors


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _indicator_values(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "code": (raw.get("code") or "").strip(),
        "name": (raw.get("name") or "").strip(),
        "weight": _decimal(raw.get("weight")),  # a float from the API read from its decimal text
        "target": _decimal(raw.get("target")),
        "unit": (raw.get("unit") or "").strip(),
        "direction": raw.get("direction") or Direction.HIGHER,
        "method": raw.get("method") or Method.RATIO,
        "cap_percent": raw.get("cap_percent", 120) if raw.get("cap_percent") is not None else 120,
    }


def competition_create(
    *,
    actor: Actor,
    org: OrgUnit,
    title: str,
    starts_on: date,
    ends_on: date,
    kind: str = Kind.KEY_PROJECT,
    description: str = "",
    co_organizers: Iterable[OrgUnit] = (),
    indicators: Sequence[Mapping[str, Any]] = (),
) -> Competition:
    """A competition in preparation, with its indicators if given (the API sends them at once) and one stage
    covering the whole period, which the organizer may replace by stages of its own before starting."""
    co = list(co_organizers)
    with audited(actor=actor, action="competition.create", org=org) as event:
        access.require(actor, Cap.COMPETITION_MANAGE, org)
        values: dict[str, Any] = {
            "title": title,
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "description": description,
        }
        errors = competition_problems(org=org, co_organizers=co, **values)
        rows = [_indicator_values(i) for i in indicators]
        seen: list[str] = []
        for n, row in enumerate(rows):
            for key, messages in indicator_problems(competition=None, taken=seen, **row).items():
                errors.setdefault(f"indicators[{n}].{key}", messages)
            seen.append(row["code"])
        total = sum((_decimal(r["weight"]) or Decimal(0) for r in rows), Decimal(0))
        if rows and total != 100:
            errors.setdefault("indicators", [f"各指标权重之和应为 100，现为 {total:g}。"])
        if errors:
            raise ValidationError(field_errors=errors)
        competition = Competition.objects.create(
            org=org,
            title=title.strip(),
            kind=kind,
            description=(description or "").strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=user_of(actor),
        )
        competition.co_organizers.set(co)
        Stage.objects.create(competition=competition, number=1, name="全程", starts_on=starts_on, ends_on=ends_on)
        for position, row in enumerate(rows, start=1):
            Indicator.objects.create(competition=competition, position=position, **row)
        event.target(competition)
        event.changes = {"title": competition.title, "indicators": len(rows), "co_organizers": len(co)}
    return competition


def _keep(actor: Actor, competition: Competition, *, statuses: Iterable[str], doing: str) -> Competition:
    workflow.KEEPER.require(actor, competition)
    row = Competition.objects.select_for_update().select_related("org").get(pk=competition.pk)
    if row.status not in set(statuses):
        raise Conflict(f"竞赛{row.get_status_display()}，不能{doing}。")
    return row


def competition_indicator_add(*, actor: Actor, competition: Competition, **raw: Any) -> Indicator:
    """An indicator of a competition in preparation."""
    with audited(actor=actor, action="competition.indicator_add", org=competition.org, obj=competition) as event:
        row = _keep(actor, competition, statuses=[S.DRAFT], doing="再调整指标")
        values = _indicator_values(raw)
        used = sum(row.indicators.values_list("weight", flat=True), Decimal(0))
        problems = indicator_problems(competition=row, weight_left=Decimal(100) - used, **values)
        if problems:
            raise ValidationError(field_errors=problems)
        position = (row.indicators.aggregate(n=Max("position"))["n"] or 0) + 1
        indicator = Indicator.objects.create(competition=row, position=position, **values)
        event.changes = {"indicator": indicator.code, "weight": str(indicator.weight)}
    return indicator


INDICATOR_FIELDS = ("code", "name", "weight", "target", "unit", "direction", "method", "cap_percent")


def _indicator_in(competition: Competition, pk: int) -> Indicator:
    found = Indicator.objects.select_for_update().filter(competition=competition, pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def competition_indicator_edit(*, actor: Actor, indicator: Indicator, **raw: Any) -> Indicator:
    """Change an indicator of a competition in preparation: the fields given (the API's PATCH sends some of
    them; the page all), checked like a new one, its own code and weight left out of the comparisons."""
    competition = indicator.competition
    with audited(actor=actor, action="competition.indicator_edit", org=competition.org, obj=competition) as event:
        row = _keep(actor, competition, statuses=[S.DRAFT], doing="再调整指标")
        current = _indicator_in(row, indicator.pk)
        given = {k: raw[k] for k in INDICATOR_FIELDS if k in raw}
        values = _indicator_values({**{k: getattr(current, k) for k in INDICATOR_FIELDS}, **given})
        others = sum(row.indicators.exclude(pk=current.pk).values_list("weight", flat=True), Decimal(0))
        problems = indicator_problems(competition=row, weight_left=Decimal(100) - others, exclude=current.pk, **values)
        if problems:
            raise ValidationError(field_errors=problems)
        event.changes = {"indicator": current.code, **changed_fields(current, values)}
        for name, value in values.items():
            setattr(current, name, value)
        current.save(update_fields=list(values))
    return current


def competition_indicator_remove(*, actor: Actor, indicator: Indicator) -> Competition:
    """Remove an indicator of a competition in preparation (no result can name it yet: results are entered only
    once the competition runs)."""
    competition = indicator.competition
    with audited(actor=actor, action="competition.indicator_remove", org=competition.org, obj=competition) as event:
        row = _keep(actor, competition, statuses=[S.DRAFT], doing="再调整指标")
        current = _indicator_in(row, indicator.pk)
        if current.results.exists():
            raise Conflict(f"指标 {current.code} 已有成绩，不能删除。")
        event.changes = {"indicator": current.code, "name": current.name, "weight": str(current.weight)}
        current.delete()
    return row


def stage_problems(
    *, competition: Competition, name: str = "", starts_on: Any = None, ends_on: Any = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    checked_text(errors, "name", name, "阶段名称", 50, required="请填写阶段名称，如 第一季度。")
    _period(errors, starts_on, ends_on)
    if not errors.get("starts_on") and isinstance(starts_on, date) and starts_on < competition.starts_on:
        errors["starts_on"] = [f"阶段不能早于竞赛开始日期 {competition.starts_on:%Y-%m-%d}。"]
    if not errors.get("ends_on") and isinstance(ends_on, date) and ends_on > competition.ends_on:
        errors["ends_on"] = [f"阶段不能晚于竞赛结束日期 {competition.ends_on:%Y-%m-%d}。"]
    return errors


def competition_stage_add(*, actor: Actor, competition: Competition, name: str, starts_on: Any, ends_on: Any) -> Stage:
    """A stage of a competition in preparation. The default stage (全程) gives way to the first stage added."""
    with audited(actor=actor, action="competition.stage_add", org=competition.org, obj=competition) as event:
        row = _keep(actor, competition, statuses=[S.DRAFT], doing="再调整阶段")
        problems = stage_problems(competition=row, name=name, starts_on=starts_on, ends_on=ends_on)
        if problems:
            raise ValidationError(field_errors=problems)
        stages = list(row.stages.all())
        if len(stages) == 1 and stages[0].name == "全程" and not stages[0].results.exists():
            stages[0].delete()
            stages = []
        number = max((s.number for s in stages), default=0) + 1
        stage = Stage.objects.create(
            competition=row, number=number, name=name.strip(), starts_on=starts_on, ends_on=ends_on
        )
        event.changes = {"stage": stage.name, "number": number}
    return stage


def competition_participant_add(
    *, actor: Actor, competition: Competition, org: OrgUnit | None, team: str = ""
) -> Participant:
    """A unit (or one of its teams) taking part; while the competition runs it joins the ranking at once."""
    with audited(actor=actor, action="competition.participant_add", org=competition.org, obj=competition) as event:
        row = _keep(actor, competition, statuses=[S.DRAFT, S.RUNNING], doing="再增加参赛单位")
        errors: dict[str, list[str]] = {}
        team = checked_text(errors, "team", team, "班组名称", 50)
        if org is None:
            errors["org"] = ["请选择参赛单位。"]
        elif org.status != OrgStatus.ACTIVE:
            errors["org"] = ["已合并或撤销的组织不能参赛。"]
        elif row.participants.filter(org=org, team=team).exists():
            errors["org"] = [f"{org.name}{(' ' + team) if team else ''}已在参赛名单中。"]
        if errors or org is None:
            raise ValidationError(field_errors=errors)
        participant = Participant.objects.create(competition=row, org=org, team=team, added_by=user_of(actor))
        if row.status == S.RUNNING:
            ranking.recompute(row)
        event.changes = {"participant": participant.label}
    return participant


def result_problems(
    *, competition: Competition, participant: Participant | None, indicator: Indicator | None,
    stage: Stage | None, value: Any,
) -> dict[str, list[str]]:  # fmt: skip
    """Every error of a reported result at once."""
    errors: dict[str, list[str]] = {}
    if participant is None or participant.competition_id != competition.pk:
        errors["participant"] = ["请选择参赛单位。"]
    if indicator is None or indicator.competition_id != competition.pk:
        errors["indicator"] = ["请选择指标。"]
    if stage is None or stage.competition_id != competition.pk:
        errors["stage"] = ["请选择阶段。"]
    try:
        workflow.read_value(value)
    except ValidationError as e:
        errors.update(e.field_errors)
    return errors


def competition_result_enter(
    *, actor: Actor, competition: Competition, participant: Participant | None, indicator: Indicator | None,
    stage: Stage | None, value: Any,
) -> Result:  # fmt: skip
    """A participant's value of one indicator for one stage. A value already entered (or returned) is entered
    again (the kernel's `reenter`, inside this event); a verified one cannot change."""
    with audited(actor=actor, action="competition_result.enter", org=competition.org, obj=competition) as event:
        seen = [competition.org, *competition.co_organizers.all(), *(p.org for p in [participant] if p)]
        access.require(actor, Cap.COMPETITION_VIEW, seen)
        if participant is not None:
            access.require(
                actor,
                Cap.COMPETITION_MANAGE,
                participant.org,
                seen_from=[competition.org],
                denied="成绩由参赛单位填报。",
            )
        problems = result_problems(
            competition=competition, participant=participant, indicator=indicator, stage=stage, value=value
        )
        if problems or participant is None or indicator is None or stage is None:
            raise ValidationError(field_errors=problems)
        row = Competition.objects.select_for_update().get(pk=competition.pk)
        if row.status != S.RUNNING:
            raise Conflict(f"竞赛{row.get_status_display()}，不能填报成绩。")
        found = Result.objects.filter(participant=participant, indicator=indicator, stage=stage).first()
        if found is not None:
            if found.status == ResultStatus.VERIFIED:
                raise Conflict(f"{participant.label} {stage.name} {indicator.name} 的成绩已核定，不能再改。")
            result: Result = kernel.run(
                workflow.RESULT_TABLE, "reenter", actor=actor, obj=found, event=event, value=value
            )
            event.target(result)
            return result
        result = Result.objects.create(
            competition=row,
            participant=participant,
            indicator=indicator,
            stage=stage,
            value=workflow.read_value(value),
            entered_by=user_of(actor),
        )
        event.target(result)
        event.changes = {
            "participant": participant.label,
            "indicator": indicator.code,
            "stage": stage.name,
            "value": str(result.value),
        }
    return result


def competition_result_import(*, actor: Actor, org: OrgUnit, rows: Sequence[Mapping[str, Any]]) -> list[Result]:
    """Results from an Excel file (imports registry, import_kind.py): each row entered as `result_enter` does,
    all in one event; a refusal of any row refuses the file."""
    with audited(actor=actor, action="competition_result.import", org=org) as event:
        access.require(actor, Cap.COMPETITION_MANAGE, org)
        done = [competition_result_enter(actor=actor, **row) for row in rows]
        event.changes = {"rows": len(done), "competitions": len({r.competition_id for r in done})}
    return done


# --- the steps of a life (workflow.py) ----------------------------------------------------------------


def competition_start(*, actor: Actor, competition: Competition) -> Competition:
    result: Competition = kernel.run(workflow.TABLE, "start", actor=actor, obj=competition)
    return result


def competition_finish(
    *, actor: Actor, competition: Competition, commendation: str, commended_top: int = 0
) -> Competition:
    """The competition ends: the final standings are frozen and the commended places marked."""
    result: Competition = kernel.run(
        workflow.TABLE, "finish", actor=actor, obj=competition, commendation=commendation, commended_top=commended_top
    )
    return result


def competition_cancel(*, actor: Actor, competition: Competition, reason: str) -> Competition:
    result: Competition = kernel.run(workflow.TABLE, "cancel", actor=actor, obj=competition, reason=reason)
    return result


def competition_result_verify(*, actor: Actor, result: Result) -> Result:
    """The organizer confirms a reported value: it counts from now on, and the ranking is recomputed."""
    done: Result = kernel.run(workflow.RESULT_TABLE, "verify", actor=actor, obj=result)
    return done


def competition_result_return(*, actor: Actor, result: Result, reason: str) -> Result:
    done: Result = kernel.run(workflow.RESULT_TABLE, "return", actor=actor, obj=result, reason=reason)
    return done


def competition_result_reenter(*, actor: Actor, result: Result, value: Any) -> Result:
    done: Result = kernel.run(workflow.RESULT_TABLE, "reenter", actor=actor, obj=result, value=value)
    return done
