"""Results of labour competitions from Excel, as a kind of the imports registry (imports/kinds.py).

A union imports its own results (or a federation its participants'): one row per participant, stage and
indicator — 竞赛编号, 参赛单位 (the unit's code or name), 班组 (when a team competes), 阶段 (its name or number),
指标代码, 数值. Each row is checked as the entry form checks it: the competition seen and running, the
participant under the unit imported to, a value ≥ 0 with at most 4 decimals, not already verified; the rows
then go in through `competition_result_import`, inside the import job's one audit event. A value already entered and not
yet verified is entered again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from unionhall.competitions import selectors, services, workflow
from unionhall.competitions.models import Competition, CompetitionStatus, Result, ResultStatus
from unionhall.core.errors import NotFound, ValidationError
from unionhall.imports import kinds
from unionhall.imports.kinds import CellError, Committed, Context, Field, Kind, Progress
from unionhall.imports.validation import Validation, each_row
from unionhall.orgs.access import Cap

KEY = "comp_res"


def _number(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise CellError(f"竞赛编号应为数字，现为「{text}」。")
    return int(text)


def _checker(context: Context) -> Any:
    """The row check, knowing the unit imported to and who imports (competitions read once each)."""
    seen: dict[int, Competition | None] = {}

    def competition_of(pk: int) -> Competition | None:
        if pk not in seen:
            try:
                seen[pk] = selectors.competition_for_user_or_404(context.actor, pk) if context.actor else None
            except NotFound:
                seen[pk] = None
        return seen[pk]

    def check(values: dict[str, Any], number: int) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        competition = competition_of(values["competition"]) if values.get("competition") else None
        if competition is None:
            raise ValidationError(field_errors={"competition": ["没有这个竞赛，或不在您的权限范围内。"]})
        if competition.status != CompetitionStatus.RUNNING:
            raise ValidationError(
                field_errors={"competition": [f"竞赛{competition.get_status_display()}，不能填报成绩。"]}
            )
        unit = (values.get("participant") or "").strip()
        team = (values.get("team") or "").strip()
        participant = (
            competition.participants.select_related("org")
            .filter(team=team, org__path__startswith=context.org.path)
            .filter(org__code=unit)
            .first()
            or competition.participants.select_related("org")
            .filter(team=team, org__path__startswith=context.org.path, org__name=unit)
            .first()
        )
        if participant is None:
            errors["participant"] = [
                f"「{unit}{(' ' + team) if team else ''}」不是本单位（含下级）在该竞赛的参赛单位。"
            ]
        stage_text = str(values.get("stage") or "").strip()
        stage = competition.stages.filter(name=stage_text).first()
        if stage is None and stage_text.isdigit():
            stage = competition.stages.filter(number=int(stage_text)).first()
        if stage is None:
            names = "、".join(competition.stages.values_list("name", flat=True))
            errors["stage"] = [f"没有阶段「{stage_text}」，可填：{names}。"]
        code = (values.get("indicator") or "").strip()
        indicator = competition.indicators.filter(code=code).first()
        if indicator is None:
            codes = "、".join(competition.indicators.values_list("code", flat=True))
            errors["indicator"] = [f"没有指标代码「{code}」，可填：{codes}。"]
        try:
            value = workflow.read_value(values.get("value"))
        except ValidationError as error:
            errors.update(error.field_errors)
        if (
            not errors
            and Result.objects.filter(
                participant=participant, indicator=indicator, stage=stage, status=ResultStatus.VERIFIED
            ).exists()
        ):
            errors["value"] = ["该成绩已核定，不能再改。"]
        if errors:
            raise ValidationError(field_errors=errors)
        return {
            "competition": competition,
            "participant": participant,
            "indicator": indicator,
            "stage": stage,
            "value": value,
        }

    return check


def validate(
    result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None, context: Context
) -> None:
    each_row(_checker(context))(result, body, first_row, progress, context)


def commit(actor: Any, job: Any, result: Validation, source: str) -> Committed:
    done = services.competition_result_import(actor=actor, org=job.org, rows=result.valid)
    return Committed(outcome={"added": len(done)})


RESULTS = Kind(
    key=KEY,
    label="劳动竞赛成绩",
    fields=(
        Field("competition", "竞赛编号", ("竞赛编号", "竞赛ID", "竞赛"), required=True, normalize=_number),
        Field("participant", "参赛单位", ("参赛单位", "单位", "单位代码", "组织代码"), required=True),
        Field("team", "班组", ("班组", "班组名称")),
        Field("stage", "阶段", ("阶段", "期间", "周期"), required=True),
        Field("indicator", "指标代码", ("指标代码", "指标", "代码"), required=True),
        Field("value", "数值", ("数值", "完成值", "成绩"), required=True),
    ),
    capability=Cap.COMPETITION_MANAGE,
    view_capability=Cap.COMPETITION_VIEW,
    validate=validate,
    commit=commit,
    added_label="填报成绩",
    help="导入到参赛的工会（或其上级）：每行一个参赛单位在一个阶段一项指标的累计数值，导入后待主办单位核定。",
    order=60,
)


def register() -> None:
    kinds.register(RESULTS)
