"""A subject's result from its reviewers' weighted totals: pure, so it is tested alone (tests/test_results.py).

    mean of the totals, after dropping one highest and one lowest when there are at least `drop_from` of them

`drop_from` is the panel's setting (`Panel.drop_extremes_from`, the city's default `PANEL_DROP_EXTREMES_FROM`,
5): with four scores nothing is dropped, with five the mean is of the middle three. Ties drop only one copy.
Totals and the result are Decimals rounded half up to two places (the result shown on pages and kept on the
subject's row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def weighted_total(values: Mapping[int, int | Decimal], criteria: Sequence[tuple[int, int, int]]) -> Decimal:
    """One reviewer's total out of 100: each criterion's value over its maximum, times its weight.
    `criteria` are (id, weight, max_score) with weights summing to 100."""
    total = sum((Decimal(values[pk]) * weight / max_score for pk, weight, max_score in criteria), Decimal(0))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def kept(totals: Sequence[Decimal], drop_from: int) -> list[Decimal]:
    """The totals that count: all of them, or without one highest and one lowest from `drop_from` on."""
    ordered = sorted(totals)
    if drop_from and len(ordered) >= max(drop_from, 3):
        return ordered[1:-1]
    return ordered


def result(totals: Sequence[Decimal], drop_from: int) -> Decimal | None:
    """The subject's result, None before any score."""
    counted = kept(totals, drop_from)
    if not counted:
        return None
    return (sum(counted, Decimal(0)) / len(counted)).quantize(CENT, rounding=ROUND_HALF_UP)
