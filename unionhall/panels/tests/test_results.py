"""The result of a subject, pure: the mean of the reviewers' weighted totals, one highest and one lowest
dropped from the panel's count on."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from unionhall.panels import results

D = Decimal


def test_four_scores_are_all_counted() -> None:
    assert results.result([D(60), D(70), D(80), D(100)], 5) == D("77.50")


def test_from_five_scores_the_highest_and_the_lowest_are_dropped() -> None:
    assert results.result([D(10), D(70), D(80), D(90), D(100)], 5) == D("80.00")


def test_a_tie_at_the_top_drops_only_one_copy() -> None:
    assert results.kept([D(90), D(90), D(90), D(50), D(70)], 5) == [D(70), D(90), D(90)]


def test_no_score_gives_no_result() -> None:
    assert results.result([], 5) is None


def test_drop_from_zero_never_drops() -> None:
    assert results.result([D(0), D(50), D(100), D(50), D(50)], 0) == D("50.00")


def test_the_weighted_total_is_out_of_a_hundred() -> None:
    assert results.weighted_total({1: 8, 2: 5}, [(1, 60, 10), (2, 40, 10)]) == D("68.00")
    assert results.weighted_total({1: 10, 2: 100}, [(1, 60, 10), (2, 40, 100)]) == D("100.00")


totals = st.lists(st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n) / 100), min_size=1, max_size=30)


@given(totals, st.integers(min_value=3, max_value=10))
def test_the_result_is_the_naive_trimmed_mean(values: list[Decimal], drop_from: int) -> None:
    ordered = sorted(values)
    counted = ordered[1:-1] if len(ordered) >= drop_from else ordered
    naive = sum(counted) / len(counted)
    got = results.result(values, drop_from)
    assert got is not None
    assert abs(got - naive) <= D("0.005")
    # the result lies between what is counted, and never moves when the order of scores does
    assert min(counted) - D("0.005") <= got <= max(counted) + D("0.005")
    assert results.result(list(reversed(values)), drop_from) == got


@given(totals)
def test_dropping_extremes_never_lets_one_outlier_move_the_result_past_the_others(values: list[Decimal]) -> None:
    if len(values) < 5:
        return
    base = results.result(values, 5)
    wild = results.result([*values[:-1], D(100)], 5)
    others = sorted(values[:-1])
    assert base is not None and wild is not None
    assert others[0] - D("0.005") <= wild <= others[-1] + D("0.005")
