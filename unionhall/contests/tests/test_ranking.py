"""The ranking of a skills contest is a pure function (ranking.py): its order equals a naive sort by the
stated tie rule, whatever order the entrants come in; nobody shares a place; and an item's points are its
score's share of the maximum times the weight."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhall.contests import ranking
from unionhall.contests.ranking import ItemShape, Line

# A loaded machine (the CI's two cores, shared) may draw slowly: the property's strength is its examples, not speed.
PATIENT = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
cents = st.integers(min_value=0, max_value=5000).map(lambda n: Decimal(n) / 100)


@st.composite
def fields(draw: st.DrawFn) -> list[Line]:
    """Entrants with distinct numbers and scores drawn from a few values, so that ties are frequent."""
    numbers = draw(st.lists(st.integers(min_value=1, max_value=999), min_size=0, max_size=30, unique=True))
    pool = draw(st.lists(cents, min_size=1, max_size=4))
    return [Line(n, n, draw(st.sampled_from(pool)), draw(st.sampled_from(pool))) for n in numbers]


def naive(lines: list[Line]) -> list[int]:
    """The rule read aloud: pick, again and again, the best left by total, practice, theory, then number."""
    left, out = list(lines), []
    while left:
        best = left[0]
        for x in left[1:]:
            if (x.theory + x.practice, x.practice, x.theory, -x.number) > (
                best.theory + best.practice,
                best.practice,
                best.theory,
                -best.number,
            ):
                best = x
        out.append(best.number)
        left.remove(best)
    return out


@PATIENT
@given(fields(), st.randoms())
def test_the_ranking_equals_a_naive_sort_by_the_tie_rule_in_any_input_order(
    lines: list[Line], rnd: random.Random
) -> None:
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    placed = ranking.rank(shuffled)
    assert [p.line.number for p in placed] == naive(lines)
    assert [p.rank for p in placed] == list(range(1, len(lines) + 1))
    assert placed == ranking.rank(lines)


@PATIENT
@given(fields())
def test_of_two_entrants_with_the_same_total_the_higher_practice_score_ranks_first(lines: list[Line]) -> None:
    placed = ranking.rank(lines)
    for a, b in itertools.pairwise(placed):
        assert a.line.total >= b.line.total
        if a.line.total == b.line.total:
            assert (a.line.practice, a.line.theory, -a.line.number) > (b.line.practice, b.line.theory, -b.line.number)


def test_equal_totals_fall_to_practice_then_theory_then_the_entrant_number() -> None:
    lines = [
        Line(1, 1, Decimal("30"), Decimal("50")),
        Line(2, 2, Decimal("20"), Decimal("60")),
        Line(3, 3, Decimal("30"), Decimal("50")),
        Line(4, 4, Decimal("40"), Decimal("40")),
    ]
    assert [p.line.number for p in ranking.rank(lines)] == [2, 1, 3, 4]


def test_an_items_points_are_its_share_of_the_maximum_times_the_weight_rounded_half_up() -> None:
    assert ranking.points(8, 20, 10) == Decimal("16.00")
    assert ranking.points(Decimal("66.67"), 30, 100) == Decimal("20.00")
    assert ranking.points(1, 1, 3) == Decimal("0.33")
    assert ranking.points(Decimal("0.5"), 1, 100) == Decimal("0.01")


def test_a_missing_score_counts_nothing_and_marks_the_line_incomplete() -> None:
    items = [ItemShape(1, "theory", 30, 100), ItemShape(2, "practice", 70, 10)]
    assert ranking.line(9, 9, items, {1: Decimal(50)}) == Line(9, 9, Decimal("15.00"), Decimal("0.00"), False)
    assert ranking.line(9, 9, items, {1: Decimal(50), 2: Decimal(5)}).total == Decimal("50.00")


def test_a_practice_items_judged_score_drops_the_extremes_by_the_panels_rule() -> None:
    assert ranking.judged([10, 7, 8, 9, 1], 5) == Decimal("8.00")
    assert ranking.judged([10, 7, 8, 1], 5) == Decimal("6.50")
    assert ranking.judged([], 5) is None


@PATIENT
@given(st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=10))
def test_normalized_weights_sum_to_100_and_keep_every_item(weights: list[int]) -> None:
    scaled = ranking.normalized_weights(weights)
    assert sum(scaled) == 100 and all(s >= 1 for s in scaled) and len(scaled) == len(weights)
