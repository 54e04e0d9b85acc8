"""How an indicator's value becomes points: pure functions over numbers, no database.

Every indicator has a weight w (the weights of a competition sum to 100), a target t > 0, a direction and a
method:

- `ratio` (完成率计分): the completion ratio — value / target when higher is better, target / value when
  lower is better (a value of 0 then meets any target: the ratio is the cap) — capped at `cap_percent`
  (120 % by default): points = w × min(ratio, cap).
- `rank` (名次计分): among the participants that have a value, the best gets w and the others
  w × (n − r + 1) / n, n the number of participants with a value and r the rank (equal values share the
  better rank, the next rank skips). A participant without a value gets 0.
- `threshold` (达标计分): w when the target is met (value ≥ target, or ≤ when lower is better), else 0.

Points are exact fractions; only a participant's total is rounded, to 0.01 (half up), and ranks are given on
the rounded totals: the same shown score is the same rank, the next rank skips (1, 1, 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

HIGHER = "higher"
LOWER = "lower"
RATIO = "ratio"
RANK = "rank"
THRESHOLD = "threshold"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    """What scoring needs of an indicator (the model's fields, or a test's)."""

    code: str
    weight: Decimal
    target: Decimal
    direction: str = HIGHER
    method: str = RATIO
    cap_percent: int = 120

    @classmethod
    def of(cls, indicator: Any) -> Rule:
        return cls(
            code=indicator.code,
            weight=Decimal(indicator.weight),
            target=Decimal(indicator.target),
            direction=indicator.direction,
            method=indicator.method,
            cap_percent=indicator.cap_percent,
        )


def _f(value: Decimal | int | str) -> Fraction:
    return Fraction(Decimal(value))


def ratio_points(rule: Rule, value: Decimal) -> Fraction:
    cap = Fraction(rule.cap_percent, 100)
    target, v = _f(rule.target), _f(value)
    if rule.direction == LOWER:
        ratio = cap if v == 0 else target / v
    else:
        ratio = v / target
    return _f(rule.weight) * min(ratio, cap)


def meets(rule: Rule, value: Decimal) -> bool:
    return value <= rule.target if rule.direction == LOWER else value >= rule.target


def threshold_points(rule: Rule, value: Decimal) -> Fraction:
    return _f(rule.weight) if meets(rule, value) else Fraction(0)


def ranks[K](values: Mapping[K, Any], *, higher_is_better: bool = True) -> dict[K, int]:
    """Competition ranks (1 best; equal values share a rank, the next skips)."""
    ordered = sorted(values.values(), reverse=higher_is_better)
    first: dict[Any, int] = {}
    for place, v in enumerate(ordered, start=1):
        first.setdefault(v, place)
    return {key: first[v] for key, v in values.items()}


def rank_points[K](rule: Rule, values: Mapping[K, Decimal]) -> dict[K, Fraction]:
    n = len(values)
    placed = ranks(values, higher_is_better=rule.direction != LOWER)
    return {key: _f(rule.weight) * Fraction(n - r + 1, n) for key, r in placed.items()}


def indicator_points[K](rule: Rule, values: Mapping[K, Decimal]) -> dict[K, Fraction]:
    """The points of every participant (key) that has a value of this indicator."""
    if rule.method == RANK:
        return rank_points(rule, values) if values else {}
    if rule.method == THRESHOLD:
        return {key: threshold_points(rule, v) for key, v in values.items()}
    return {key: ratio_points(rule, v) for key, v in values.items()}


def rounded(points: Fraction) -> Decimal:
    """A total shown and ranked: 0.01, half up."""
    return (Decimal(points.numerator) / Decimal(points.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Placed:
    key: Any
    score: Decimal
    rank: int
    points: dict[str, Decimal]


def standings[K](rules: list[Rule], values: Mapping[K, Mapping[str, Decimal]], everyone: list[K]) -> list[Placed]:
    """The ranking of `everyone` from `values` (participant → indicator code → value; a missing value scores
    nothing), best first; equal scores keep the order of `everyone`."""
    per_indicator = {
        rule.code: indicator_points(rule, {k: v[rule.code] for k, v in values.items() if rule.code in v})
        for rule in rules
    }
    totals: dict[K, Fraction] = {}
    points: dict[K, dict[str, Decimal]] = {}
    for key in everyone:
        mine = {code: got[key] for code, got in per_indicator.items() if key in got}
        totals[key] = sum(mine.values(), Fraction(0))
        points[key] = {code: rounded(p) for code, p in mine.items()}
    scores = {key: rounded(total) for key, total in totals.items()}
    placed = ranks(scores)
    order = sorted(everyone, key=lambda k: placed[k])
    return [Placed(key, scores[key], placed[key], points[key]) for key in order]
