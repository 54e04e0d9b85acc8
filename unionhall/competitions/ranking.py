"""A competition's ranking, overall and per stage, computed from its verified results and kept as `Standing`
rows.

How the periods combine: a participant reports, for every stage, its value of each indicator **cumulative to
the stage's end** (the usual 劳动竞赛 return: 累计完成). So

- a stage's ranking scores each participant on its verified values of that stage;
- the overall ranking scores each participant on its **latest verified value** of each indicator — the value
  of the highest-numbered stage for which that indicator's result is verified.

Values are never summed across stages. Unverified (entered, returned) results never count. Every participant
is ranked, a participant without a verified value scoring 0 on that indicator (scoring.py says the rest).

Kept, not computed on read: `recompute` rewrites the competition's rows inside the steps that change what
counts (verifying a result, adding a participant, starting), under the competition's row lock, so the ranking
page and its live fragment read a handful of indexed rows however many results there are, and a finished
competition's standings stay exactly as they were when it ended.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from unionhall.competitions import scoring
from unionhall.competitions.models import Competition, Indicator, Participant, Result, ResultStatus, Stage, Standing


def _verified(competition: Competition) -> list[tuple[int, int, int, Decimal]]:
    """(participant, indicator, stage number, value) of every verified result."""
    rows = Result.objects.filter(competition=competition, status=ResultStatus.VERIFIED)
    return list(rows.values_list("participant_id", "indicator_id", "stage__number", "value"))


def compute(competition: Competition) -> dict[int | None, list[scoring.Placed]]:
    """The standings by stage id (None: the whole competition), from the verified results."""
    indicators = list(Indicator.objects.filter(competition=competition))
    rules = [scoring.Rule.of(i) for i in indicators]
    code = {i.pk: i.code for i in indicators}
    everyone = list(Participant.objects.filter(competition=competition).order_by("id").values_list("pk", flat=True))
    stages = list(Stage.objects.filter(competition=competition).order_by("number"))
    verified = _verified(competition)

    by_stage: dict[int, dict[int, dict[str, Decimal]]] = {s.number: {} for s in stages}
    latest: dict[int, dict[str, tuple[int, Decimal]]] = {}
    for participant, indicator, number, value in verified:
        by_stage.setdefault(number, {}).setdefault(participant, {})[code[indicator]] = value
        seen = latest.setdefault(participant, {})
        if code[indicator] not in seen or seen[code[indicator]][0] < number:
            seen[code[indicator]] = (number, value)
    overall = {p: {c: v for c, (_, v) in values.items()} for p, values in latest.items()}

    out: dict[int | None, list[scoring.Placed]] = {None: scoring.standings(rules, overall, everyone)}
    for stage in stages:
        out[stage.pk] = scoring.standings(rules, by_stage.get(stage.number, {}), everyone)
    return out


def recompute(competition: Competition) -> int:
    """Rewrite the competition's standings (the caller holds the competition's row lock); returns the rows."""
    computed = compute(competition)
    Standing.objects.filter(competition=competition).delete()
    rows = [
        Standing(
            competition=competition,
            stage_id=stage_id,
            participant_id=p.key,
            score=p.score,
            rank=p.rank,
            points={code: str(v) for code, v in p.points.items()},
        )
        for stage_id, placed in computed.items()
        for p in placed
    ]
    Standing.objects.bulk_create(rows)
    return len(rows)


def table(competition: Competition, stage: Stage | None = None) -> list[Standing]:
    """The kept ranking, best first (what the pages and the API read)."""
    rows = Standing.objects.filter(competition=competition, stage=stage).select_related("participant__org")
    return list(rows.order_by("rank", "participant_id"))


def as_rows(competition: Competition, stage: Stage | None = None) -> list[dict[str, Any]]:
    return [
        {"participant": s.participant_id, "label": s.participant.label, "score": s.score, "rank": s.rank}
        for s in table(competition, stage)
    ]
