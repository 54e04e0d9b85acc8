"""The ranking equals a naive recomputation of the weighted scores from the verified results, for random
indicators, weights, directions, methods and values; unverified results never count; the scoring methods
and the tie rule on examples worked by hand."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.competitions import ranking, scoring
from unionhall.competitions.models import Competition, CompetitionStatus, Indicator, Participant, Result, Stage
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db

STATUSES = ("entered", "verified", "returned")
VALUES = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def contests(draw: Any) -> dict[str, Any]:
    n_ind = draw(st.integers(min_value=1, max_value=4))
    # Weights summing to 100: cut points in 1..99.
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=99), min_size=n_ind - 1, max_size=n_ind - 1)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    indicators = [
        {
            "code": f"I{i}",
            "weight": Decimal(w),
            "target": draw(st.decimals(min_value=Decimal("0.5"), max_value=300, places=1)),
            "direction": draw(st.sampled_from(["higher", "lower"])),
            "method": draw(st.sampled_from(["ratio", "rank", "threshold"])),
            "cap_percent": draw(st.sampled_from([100, 120, 150])),
        }
        for i, w in enumerate(weights)
    ]
    n_part = draw(st.integers(min_value=1, max_value=5))
    n_stage = draw(st.integers(min_value=1, max_value=3))
    # A small pool of values makes ties common.
    pool = draw(st.lists(VALUES, min_size=1, max_size=4))
    results = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_part - 1),
                st.integers(0, n_ind - 1),
                st.integers(1, n_stage),
                st.one_of(st.sampled_from(pool), VALUES),
                st.sampled_from(STATUSES),
            ),
            unique_by=lambda r: (r[0], r[1], r[2]),
            max_size=30,
        )
    )
    return {"indicators": indicators, "participants": n_part, "stages": n_stage, "results": results}


def _build(c: City, spec: dict[str, Any]) -> Competition:
    comp = Competition.objects.create(
        org=c.d1, title="性质测试", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
        status=CompetitionStatus.RUNNING,
    )  # fmt: skip
    indicators = [Indicator.objects.create(competition=comp, name=i["code"], **i) for i in spec["indicators"]]
    stages = [
        Stage.objects.create(
            competition=comp, number=n, name=f"第{n}阶段", starts_on=comp.starts_on, ends_on=comp.ends_on
        )
        for n in range(1, spec["stages"] + 1)
    ]
    units = [c.u1, c.u2, c.u3, c.b1, c.t1]
    people = [Participant.objects.create(competition=comp, org=units[p]) for p in range(spec["participants"])]
    for p, i, s, value, status in spec["results"]:
        Result.objects.create(
            competition=comp, participant=people[p], indicator=indicators[i], stage=stages[s - 1], value=value,
            status=status,
        )  # fmt: skip
    return comp


# --- the naive recomputation, written apart from scoring.py and ranking.py ------------------------------


def _naive_points(ind: dict[str, Any], mine: Decimal | None, others: list[Decimal]) -> Fraction:
    if mine is None:
        return Fraction(0)
    w, t, v = Fraction(ind["weight"]), Fraction(ind["target"]), Fraction(mine)
    lower = ind["direction"] == "lower"
    if ind["method"] == "threshold":
        ok = v <= t if lower else v >= t
        return w if ok else Fraction(0)
    if ind["method"] == "rank":
        better = sum(1 for o in others if (Fraction(o) < v if lower else Fraction(o) > v))
        n = len(others)
        return w * Fraction(n - better, n)
    cap = Fraction(ind["cap_percent"], 100)
    if lower:
        r = cap if v == 0 else t / v
    else:
        r = v / t
    return w * (r if r < cap else cap)


def _half_up(x: Fraction) -> Decimal:
    cents = math.floor(x * 100 + Fraction(1, 2))
    return Decimal(cents) / 100


def _naive(spec: dict[str, Any], stage: int | None) -> list[tuple[int, Decimal, int]]:
    """(participant index, score, rank) for everyone: one stage's verified values, or each indicator's value of
    the latest stage that has a verified one."""
    chosen: dict[tuple[int, int], tuple[int, Decimal]] = {}
    for p, i, s, value, status in spec["results"]:
        if status != "verified" or (stage is not None and s != stage):
            continue
        if (p, i) not in chosen or chosen[(p, i)][0] < s:
            chosen[(p, i)] = (s, value)
    scores = {}
    for p in range(spec["participants"]):
        total = Fraction(0)
        for i, ind in enumerate(spec["indicators"]):
            others = [v for (q, j), (_, v) in chosen.items() if j == i]
            total += _naive_points(ind, chosen[(p, i)][1] if (p, i) in chosen else None, others)
        scores[p] = _half_up(total)
    return [(p, scores[p], 1 + sum(1 for q in scores if scores[q] > scores[p])) for p in scores]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=contests())
def test_the_ranking_equals_a_naive_recomputation_from_the_verified_results(city: City, spec: dict[str, Any]) -> None:
    comp = _build(city, spec)
    ranking.recompute(comp)
    people = list(comp.participants.order_by("id").values_list("pk", flat=True))
    for stage in [None, *comp.stages.order_by("number")]:
        kept = {(people.index(s.participant_id), s.score, s.rank) for s in ranking.table(comp, stage)}
        assert kept == set(_naive(spec, stage.number if stage else None))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=contests())
def test_unverified_results_never_count(city: City, spec: dict[str, Any]) -> None:
    comp = _build(city, spec)
    ranking.recompute(comp)
    before = {(s.participant_id, s.stage_id, s.score, s.rank) for s in comp.standings.all()}
    # Changing every value not verified changes nothing.
    comp.results.exclude(status="verified").update(value=Decimal("9999"))
    ranking.recompute(comp)
    assert {(s.participant_id, s.stage_id, s.score, s.rank) for s in comp.standings.all()} == before


# --- examples worked by hand -------------------------------------------------------------------------


def _rule(**kw: Any) -> scoring.Rule:
    return scoring.Rule(code="X", weight=Decimal(kw.pop("weight", 50)), target=Decimal(kw.pop("target", 100)), **kw)


def test_ratio_points_are_capped_and_turned_round_when_lower_is_better() -> None:
    assert scoring.ratio_points(_rule(), Decimal(80)) == 40
    assert scoring.ratio_points(_rule(), Decimal(200)) == 60  # capped at 120 %
    assert scoring.ratio_points(_rule(direction="lower", target=Decimal(2)), Decimal(4)) == 25
    assert scoring.ratio_points(_rule(direction="lower", target=Decimal(2)), Decimal(0)) == 60
    assert scoring.ratio_points(_rule(cap_percent=100), Decimal(150)) == 50


def test_rank_points_share_a_rank_on_equal_values_and_skip_the_next() -> None:
    got = scoring.rank_points(
        _rule(weight=Decimal(30), method="rank"), {"a": Decimal(9), "b": Decimal(9), "c": Decimal(5)}
    )
    assert got == {"a": 30, "b": 30, "c": 10}
    low = scoring.rank_points(
        _rule(weight=Decimal(30), method="rank", direction="lower"), {"a": Decimal(1), "b": Decimal(2)}
    )
    assert low == {"a": 30, "b": 15}


def test_threshold_points_are_all_or_nothing() -> None:
    assert scoring.threshold_points(_rule(method="threshold"), Decimal(100)) == 50
    assert scoring.threshold_points(_rule(method="threshold"), Decimal("99.99")) == 0
    assert scoring.threshold_points(_rule(method="threshold", direction="lower"), Decimal(100)) == 50


def test_equal_scores_share_a_rank_and_the_next_rank_skips() -> None:
    rules = [_rule(weight=Decimal(100))]
    placed = scoring.standings(
        rules, {"a": {"X": Decimal(50)}, "b": {"X": Decimal(50)}, "c": {"X": Decimal(10)}}, ["c", "a", "b"]
    )
    assert [(p.key, p.score, p.rank) for p in placed] == [
        ("a", Decimal("50.00"), 1),
        ("b", Decimal("50.00"), 1),
        ("c", Decimal("10.00"), 3),
    ]
