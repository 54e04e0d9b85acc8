"""Reading a contest's scores from the database into the pure ranking (ranking.py): the theory scores the
organizer entered, and each practice item's score from the judges' values on the contest's panel (each
criterion of the panel is the practice item of the same name). A few queries for the whole contest."""

from __future__ import annotations

from decimal import Decimal

from unionhall.contests import ranking
from unionhall.contests.models import ContestItem, Entrant, ItemKind, ItemScore, SkillsContest
from unionhall.panels.models import Score


def shapes(contest: SkillsContest) -> list[ranking.ItemShape]:
    return [
        ranking.ItemShape(i.pk, i.kind, i.weight, i.max_score)
        for i in ContestItem.objects.filter(contest=contest).order_by("position", "id")
    ]


def item_scores(contest: SkillsContest) -> dict[int, dict[int, Decimal | None]]:
    """{entrant id: {item id: score or None}} for every entrant of the contest."""
    items = list(ContestItem.objects.filter(contest=contest))
    entrants = list(Entrant.objects.filter(contest=contest).values_list("pk", flat=True))
    out: dict[int, dict[int, Decimal | None]] = {e: {} for e in entrants}
    for entrant_id, item_id, score in ItemScore.objects.filter(entrant__contest=contest).values_list(
        "entrant_id", "item_id", "score"
    ):
        out[entrant_id][item_id] = score
    panel = contest.panel
    if panel is None:
        return out
    practice = {i.name: i.pk for i in items if i.kind == ItemKind.PRACTICE}
    criterion_item = {str(pk): practice.get(name) for pk, name in panel.criteria.values_list("pk", "name")}
    values: dict[tuple[int, int], list[Decimal]] = {}
    for ref, given in Score.objects.filter(panel=panel).values_list("subject__ref", "values"):
        for criterion, value in given.items():
            item = criterion_item.get(criterion)
            if item is not None and value is not None:
                values.setdefault((int(ref), item), []).append(Decimal(value))
    for (entrant_id, item_id), judged in values.items():
        if entrant_id in out:
            out[entrant_id][item_id] = ranking.judged(judged, panel.drop_extremes_from)
    return out


def standings(contest: SkillsContest) -> list[ranking.Placed]:
    """The ranking as it stands now (provisional while the contest runs)."""
    items = shapes(contest)
    scores = item_scores(contest)
    numbers = dict(Entrant.objects.filter(contest=contest).values_list("pk", "number"))
    return ranking.rank(ranking.line(pk, numbers[pk], items, scores.get(pk, {})) for pk in numbers)


def judge_counts(contest: SkillsContest) -> dict[int, int]:
    """{entrant id: how many judges have scored them}."""
    if contest.panel is None:
        return {}
    return dict(contest.panel.subjects.values_list("ref", "score_count"))
