"""Writes of team cost management: registering and editing a work team, setting a team's cost targets and
entering its actual costs for a month (one form, a row per cost item), and actual costs imported from Excel.
Each is one business action inside `audited`: permission through the scope rule (`innovation.edit` over the
team's union — team costs are part of the union's 经济技术创新 work, so they share its capabilities), every
field error at once, then the write; a refused save writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import ValidationError
from unionhall.core.money import MAX_FEN
from unionhall.members.models import OPEN_STATUSES, Membership, Person
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import OrgLevel, OrgUnit
from unionhall.teams import periods
from unionhall.teams.models import ITEMS, CostActual, CostItem, CostTarget, TeamMember, WorkTeam

MAX_MEMBERS = 60
# The platform's one ceiling on an amount (1000 万元), far beyond one item of one team's month.
MAX_AMOUNT_FEN = MAX_FEN

Amounts = Mapping[str, int | None]


# --- teams ----------------------------------------------------------------------------------------------


def team_problems(
    *,
    org: OrgUnit | None,
    name: str,
    leader: Person | None,
    members: Sequence[Person],
    team: WorkTeam | None = None,
) -> dict[str, list[str]]:
    """Every field error of a team at once, without writing. The leader and the members must be open members
    of the union (or of a branch of it), as innovation asks of a submission's members; the leader counts as
    a member whether listed or not."""
    errors: dict[str, list[str]] = {}
    if org is None:
        errors["org"] = ["请选择所属基层工会。"]
    elif org.level != OrgLevel.GRASSROOTS:
        errors["org"] = ["班组设在基层工会下，请选择基层工会。"]
    text = name.strip()
    if not text:
        errors["name"] = ["请填写班组名称。"]
    elif len(text) > 60:
        errors["name"] = ["班组名称不超过 60 字。"]
    elif org is not None and "org" not in errors:
        same = WorkTeam.objects.filter(org=org, name=text)
        if team is not None:
            same = same.exclude(pk=team.pk)
        if same.exists():
            errors["name"] = [f"本工会已有班组「{text}」。"]
    if leader is None:
        errors["leader"] = ["请填写班组长（本会在会会员）。"]
    people = _with_leader(leader, members)
    if len({p.pk for p in members}) != len(members):
        errors["members"] = ["成员不能重复。"]
    elif len(people) > MAX_MEMBERS:
        errors["members"] = [f"班组成员不超过 {MAX_MEMBERS} 人。"]
    if org is not None and "org" not in errors and people:
        inside = set(
            Membership.objects.filter(
                person__in=people, status__in=OPEN_STATUSES, org__path__startswith=org.path
            ).values_list("person_id", flat=True)
        )
        if leader is not None and leader.pk not in inside:
            errors["leader"] = [f"班组长不是本工会在会会员：{leader.name}。"]
        outside = [p.name for p in members if p.pk not in inside and (leader is None or p.pk != leader.pk)]
        if outside and "members" not in errors:
            errors["members"] = [f"不是本工会在会会员：{'、'.join(outside)}。"]
    return errors


def _with_leader(leader: Person | None, members: Sequence[Person]) -> list[Person]:
    people = list({p.pk: p for p in members}.values())
    if leader is not None and leader.pk not in {p.pk for p in people}:
        people.insert(0, leader)
    return people


def team_create(
    *, actor: Actor, org: OrgUnit | None, name: str, leader: Person | None, members: Sequence[Person] = ()
) -> WorkTeam:
    """A union registers a work team with its leader and members (the leader is a member too)."""
    with audited(actor=actor, action="team.create", org=org) as event:
        if org is not None:
            access.require(actor, Cap.INNOVATION_EDIT, org)
        errors = team_problems(org=org, name=name, leader=leader, members=members)
        if errors:
            raise ValidationError(field_errors=errors)
        assert org is not None and leader is not None
        team = WorkTeam.objects.create(org=org, name=name.strip(), leader=leader, created_by=user_of(actor))
        people = _with_leader(leader, members)
        TeamMember.objects.bulk_create(TeamMember(team=team, person=p) for p in people)
        event.target(team, org=org)
        event.changes = {"name": team.name, "leader": leader.pk, "members": len(people)}
        return team


def team_update(
    *,
    actor: Actor,
    team: WorkTeam,
    name: str,
    leader: Person | None,
    members: Sequence[Person],
    active: bool = True,
) -> WorkTeam:
    """The union edits a team: its name, leader, members and whether it is still in the register (a team
    struck off keeps its figures and leaves the rankings and the 待办)."""
    with audited(actor=actor, action="team.update", org=team.org) as event:
        event.target(team, org=team.org)
        access.require(actor, Cap.INNOVATION_EDIT, team.org, obj=team)
        team = WorkTeam.objects.select_for_update().get(pk=team.pk)
        errors = team_problems(org=team.org, name=name, leader=leader, members=members, team=team)
        if errors:
            raise ValidationError(field_errors=errors)
        assert leader is not None
        before = {"name": team.name, "leader": team.leader_id, "active": team.active}
        people = _with_leader(leader, members)
        had = set(team.members.values_list("person_id", flat=True))
        now = {p.pk for p in people}
        team.name, team.leader, team.active = name.strip(), leader, active
        team.save(update_fields=["name", "leader", "active"])
        team.members.exclude(person_id__in=now).delete()
        TeamMember.objects.bulk_create(TeamMember(team=team, person=p) for p in people if p.pk not in had)
        after = {"name": team.name, "leader": team.leader_id, "active": team.active}
        event.changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if had != now:
            event.changes["members"] = {"added": len(now - had), "removed": len(had - now)}
        return team


# --- targets and actuals ----------------------------------------------------------------------------


def amounts_problems(*, period: str | None, amounts: Amounts, actual: bool) -> dict[str, list[str]]:
    """Every error of one team's month at once: the period (`YYYY-MM`; actual costs not for a month still to
    come; None: a form already refused it) and each item's amount (0 or more, within the platform's ceiling).
    Errors of an item are keyed by the item's code."""
    errors: dict[str, list[str]] = {}
    try:
        parsed = periods.parse(period) if period is not None else None
    except ValidationError as error:
        errors.update(error.field_errors)
    else:
        if actual and parsed is not None and parsed > periods.current():
            errors["period"] = [f"{periods.label(parsed)}尚未到来，不能填报实际成本。"]
    unknown = set(amounts) - set(CostItem.values)
    if unknown:
        errors["items"] = [f"没有这些成本项目：{'、'.join(sorted(unknown))}。"]
    for item, fen in amounts.items():
        if fen is None or item in unknown:
            continue
        if fen < 0:
            errors[item] = ["金额不能为负数。"]
        elif fen > MAX_AMOUNT_FEN:
            errors[item] = ["金额超出上限（1000 万元）。"]
    if not errors and all(fen is None for fen in amounts.values()):
        errors["items"] = ["请至少填写一项金额。"] if actual else ["请至少填写一项成本目标。"]
    return errors


def _save(
    model: type[CostTarget | CostActual], actor: Actor, team: WorkTeam, period: str, amounts: Amounts
) -> dict[str, Any]:
    """Write one team's month: a given amount is set, a blank one (None) removes what was there. Returns the
    changes {item: [old, new]} in yuan-free fen."""
    old = dict(model.objects.filter(team=team, period=period).values_list("item", "amount_fen"))
    changes: dict[str, Any] = {}
    for item in ITEMS:
        if item.value not in amounts:
            continue
        fen = amounts[item.value]
        if fen == old.get(item.value):
            continue
        if fen is None:
            model.objects.filter(team=team, period=period, item=item.value).delete()
        else:
            model.objects.update_or_create(
                team=team,
                period=period,
                item=item.value,
                defaults={"amount_fen": fen, "entered_by": user_of(actor)},
            )
        changes[item.value] = [old.get(item.value), fen]
    return changes


def _month(
    action: str, model: type[CostTarget | CostActual], *, actor: Actor, team: WorkTeam, period: str, amounts: Amounts
) -> dict[str, Any]:
    with audited(actor=actor, action=action, org=team.org) as event:
        event.target(team, org=team.org)
        access.require(actor, Cap.INNOVATION_EDIT, team.org, obj=team)
        errors = amounts_problems(period=period, amounts=amounts, actual=model is CostActual)
        if errors:
            raise ValidationError(field_errors=errors)
        parsed = periods.parse(period)
        # One team's month at a time: two saves of it queue on the team's row.
        WorkTeam.objects.select_for_update().filter(pk=team.pk).first()
        changes = _save(model, actor, team, parsed, amounts)
        event.changes = {"period": parsed, **changes}
        return changes


def team_targets_save(*, actor: Actor, team: WorkTeam, period: str, amounts: Amounts) -> dict[str, Any]:
    """Set a team's cost targets for a month, every item at once (a blank item has no target)."""
    return _month("team_targets.save", CostTarget, actor=actor, team=team, period=period, amounts=amounts)


def team_actuals_save(*, actor: Actor, team: WorkTeam, period: str, amounts: Amounts) -> dict[str, Any]:
    """Enter a team's actual costs for a month, every item at once (a blank item is not reported)."""
    return _month("team_actuals.save", CostActual, actor=actor, team=team, period=period, amounts=amounts)


def team_cost_import(*, actor: Actor, org: OrgUnit, rows: Sequence[Mapping[str, Any]]) -> int:
    """Actual costs (and, where the file gives them, targets) from Excel (import_kind.py), rows already
    checked against the unit imported to: each row one team, month and item. All in one event; any refusal
    refuses the file."""
    with audited(actor=actor, action="team_cost.import", org=org) as event:
        access.require(actor, Cap.INNOVATION_EDIT, org)
        teams = {t.pk: t for t in WorkTeam.objects.filter(pk__in={r["team"].pk for r in rows})}
        for team in teams.values():
            if not team.org.path.startswith(org.path):
                raise ValidationError("导入的班组须在导入单位（含下级）之下。")
            access.require(actor, Cap.INNOVATION_EDIT, team.org, obj=team)
        grouped: dict[tuple[int, str], dict[str, dict[str, int | None]]] = {}
        for row in rows:
            month = grouped.setdefault((row["team"].pk, row["period"]), {"actual": {}, "target": {}})
            month["actual"][row["item"]] = row["actual"]
            if row.get("target") is not None:
                month["target"][row["item"]] = row["target"]
        for (_, period), month in grouped.items():
            for key, values in month.items():
                errors = amounts_problems(period=period, amounts=values, actual=key == "actual") if values else {}
                if errors:
                    raise ValidationError(field_errors=errors)
        for (team_pk, period), month in grouped.items():
            _save(CostActual, actor, teams[team_pk], period, month["actual"])
            if month["target"]:
                _save(CostTarget, actor, teams[team_pk], period, month["target"])
        event.changes = {"rows": len(rows), "teams": len(teams), "months": len(grouped)}
        return len(rows)
