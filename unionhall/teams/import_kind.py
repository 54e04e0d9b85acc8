"""Team costs from Excel, as a kind of the imports registry (imports/kinds.py), key `team_cost`.

A union imports its teams' actual costs (and, where the file has the column, their targets): one row per team,
month and cost item — 班组 (its name, or its number on the team list), 期间 (2026-11), 成本项目 (材料, 能耗, 维修,
工器具, 其他), 实际成本（元）, 目标成本（元）. Each row is checked as the month's form checks it: the team in the
register under the unit imported to, the month written right and not still to come, amounts of 0 or more;
the rows then go in through `team_cost_import`, inside the import job's one audit event (all or nothing). A
month's item already entered is replaced by the file's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from unionhall.core.errors import ValidationError
from unionhall.core.money import parse_yuan
from unionhall.imports import kinds
from unionhall.imports.kinds import CellError, Committed, Context, Field, Kind, Progress
from unionhall.imports.mapping import choice_reader
from unionhall.imports.validation import Validation, each_row
from unionhall.orgs.access import Cap
from unionhall.teams import periods, services
from unionhall.teams.models import CostItem, WorkTeam

KEY = "team_cost"


def _period(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        return periods.parse(text)
    except ValidationError as error:
        raise CellError(error.field_errors["period"][0]) from None


def _amount(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.startswith("-"):
        raise CellError("金额不能为负数。")
    try:
        return parse_yuan(text, allow_zero=True)
    except ValidationError as error:
        raise CellError(f"「{text}」：{error.field_errors['amount'][0]}") from None


def _checker(context: Context) -> Any:
    teams: dict[str, WorkTeam | None] = {}

    def team_of(text: str) -> WorkTeam | None:
        if text not in teams:
            under = WorkTeam.objects.filter(org__path__startswith=context.org.path, active=True)
            found = under.filter(name=text).select_related("org")
            teams[text] = found.first() if found.count() == 1 else None
            if teams[text] is None and text.isdigit():
                teams[text] = under.filter(pk=int(text)).select_related("org").first()
        return teams[text]

    def check(values: dict[str, Any], number: int) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        name = str(values.get("team") or "").strip()
        team = team_of(name)
        if team is None:
            errors["team"] = [f"「{name}」不是本单位（含下级）在册的班组（同名时请填班组编号）。"]
        period = values.get("period")
        if period and period > periods.current():
            errors["period"] = [f"{periods.label(period)}尚未到来，不能填报实际成本。"]
        if values.get("actual") is None:
            errors["actual"] = ["请填写实际成本。"]
        if errors:
            raise ValidationError(field_errors=errors)
        return {
            "team": team,
            "period": period,
            "item": values["item"],
            "actual": values["actual"],
            "target": values.get("target"),
        }

    return check


def validate(
    result: Validation, body: Sequence[Sequence[Any]], first_row: int, progress: Progress | None, context: Context
) -> None:
    each_row(_checker(context))(result, body, first_row, progress, context)


def commit(actor: Any, job: Any, result: Validation, source: str) -> Committed:
    done = services.team_cost_import(actor=actor, org=job.org, rows=result.valid)
    return Committed(outcome={"added": done})


COSTS = Kind(
    key=KEY,
    label="班组成本",
    fields=(
        Field("team", "班组", ("班组", "班组名称", "班组编号"), required=True),
        Field("period", "期间", ("期间", "月份", "年月"), required=True, normalize=_period),
        Field(
            "item",
            "成本项目",
            ("成本项目", "项目", "成本类别"),
            required=True,
            normalize=choice_reader("成本项目", CostItem),
        ),
        Field(
            "actual",
            "实际成本（元）",
            ("实际成本", "实际成本（元）", "实际", "实际金额"),
            required=True,
            normalize=_amount,
        ),
        Field("target", "目标成本（元）", ("目标成本", "目标成本（元）", "目标", "成本目标"), normalize=_amount),
    ),
    capability=Cap.INNOVATION_EDIT,
    view_capability=Cap.INNOVATION_VIEW,
    validate=validate,
    commit=commit,
    added_label="填报成本",
    help="导入到班组所在的基层工会（或其上级）：每行一个班组一个月一个成本项目的实际成本，可附目标成本；同一月份同一项目已有的数值将被替换。",
    order=70,
)


def register() -> None:
    kinds.register(COSTS)
