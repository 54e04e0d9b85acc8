"""Savings and the saving rate, pure: target − actual, divided by the target and rounded half up to 0.01 %; an
item without a target (or a target of 0) or without an actual has neither and is never divided; a team's
totals count only the items compared; ranks are shared on equal rates and the next one skips."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from unionhall.teams.costs import Figures, Line, percent, rank, saving_rate, savings, team_figures


def test_savings_are_the_target_less_the_actual_and_negative_when_overspent() -> None:
    assert savings(100_00, 80_00) == 20_00
    assert savings(100_00, 130_00) == -30_00
    assert savings(None, 80_00) is None and savings(100_00, None) is None


def test_the_rate_is_the_savings_over_the_target_rounded_half_up() -> None:
    assert saving_rate(300_00, 200_00) == Decimal("0.3333")
    assert saving_rate(3, 1) == Decimal("0.6667")
    assert saving_rate(20_000, 19_999) == Decimal("0.0001")  # 0.00005 rounds up
    assert saving_rate(100_00, 150_00) == Decimal("-0.5000")


def test_an_item_without_a_target_or_with_a_zero_target_has_no_rate_and_nothing_is_divided() -> None:
    assert saving_rate(None, 50_00) is None
    assert saving_rate(0, 50_00) is None
    assert saving_rate(0, 0) is None
    assert saving_rate(100_00, None) is None
    assert percent(None) == "—" and percent(Decimal("0.1235")) == "12.35%"


def test_a_team_is_compared_on_the_items_with_both_a_target_and_an_actual() -> None:
    lines = [Line(100_00, 90_00), Line(50_00, None), Line(None, 30_00), Line(20_00, 25_00)]
    f = team_figures(lines, adopted=2)
    assert (f.target_fen, f.actual_fen, f.savings_fen, f.reported, f.adopted) == (120_00, 115_00, 5_00, 1, 2)
    assert f.rate == Decimal("0.0417")
    nothing = team_figures([Line(None, 10_00)])
    assert nothing.rate is None and nothing.reported == 1 and nothing.target_fen == 0


def test_equal_rates_share_a_rank_the_next_skips_and_teams_without_a_rate_come_last_unranked() -> None:
    rows = [
        ("甲", Decimal("0.1")),
        ("乙", None),
        ("丙", Decimal("0.2")),
        ("丁", Decimal("0.1")),
        ("戊", Decimal("-0.3")),
    ]
    placed = rank(rows, lambda r: r[1])
    assert [(p.row[0], p.rank, p.tied) for p in placed] == [
        ("丙", 1, False),
        ("甲", 2, True),
        ("丁", 2, True),
        ("戊", 4, False),
        ("乙", None, False),
    ]


rates = st.one_of(st.none(), st.decimals(min_value=-2, max_value=1, places=4, allow_nan=False))


@given(st.lists(rates, max_size=30))
def test_a_ranking_orders_by_rate_and_each_rank_is_one_more_than_the_rows_above_with_a_better_rate(
    values: list[Decimal | None],
) -> None:
    placed = rank(list(enumerate(values)), lambda r: r[1])
    assert sorted(p.row[0] for p in placed) == list(range(len(values)))
    for p in placed:
        rate = p.row[1]
        if rate is None:
            assert p.rank is None
            continue
        better = sum(1 for v in values if v is not None and v > rate)
        equal = sum(1 for v in values if v is not None and v == rate)
        assert p.rank == better + 1
        assert p.tied == (equal > 1)


@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)), max_size=10))
def test_figures_add_field_by_field(pairs: list[tuple[int, int]]) -> None:
    total = Figures()
    for target, actual in pairs:
        total = Figures.plus(total, team_figures([Line(target, actual)]))
    assert total.target_fen == sum(t for t, _ in pairs) and total.actual_fen == sum(a for _, a in pairs)
    assert total.teams == len(pairs)
