"""A skills contest's scores and ranking, as pure functions (tested alone: tests/test_ranking.py).

Each item counts `score × weight ÷ max_score` points, rounded half up to 0.01; an entrant's theory score is
the sum of the theory items' points, the practice score the sum of the practice items' points, the total
their sum (out of 100, the weights summing to 100). A practice item's score is the judges' values for that
criterion of the panel, their mean after the panel's own rule drops one highest and one lowest from
`drop_extremes_from` scores on (`panels.results.result`, applied to the item's values).

The tie rule (并列规则), so that no two entrants share a place:

    1. the higher total;
    2. then the higher practice score;
    3. then the higher theory score;
    4. then the smaller entrant number (参赛编号, given in the order of registration).

Places run 1, 2, 3, … without gaps. A score not yet given counts 0 while the contest runs (a provisional
ranking); the contest cannot finish before every entrant has every score (workflow.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from unionhall.panels import results

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ItemShape:
    pk: int
    kind: str  # "theory" | "practice"
    weight: int
    max_score: int


@dataclass(frozen=True)
class Line:
    """One entrant's figures before ranking."""

    entrant: int
    number: int
    theory: Decimal
    practice: Decimal
    complete: bool = True

    @property
    def total(self) -> Decimal:
        return self.theory + self.practice


@dataclass(frozen=True)
class Placed:
    line: Line
    rank: int


def points(score: Decimal | int, weight: int, max_score: int) -> Decimal:
    """One item's points: its score's share of the maximum, times the weight, to the cent."""
    return (Decimal(score) * weight / max_score).quantize(CENT, rounding=ROUND_HALF_UP)


def judged(values: Sequence[Decimal | int], drop_from: int) -> Decimal | None:
    """A practice item's score from its judges' values: the panel's rule (panels/results.py)."""
    return results.result([Decimal(v) for v in values], drop_from)


def line(entrant: int, number: int, items: Iterable[ItemShape], scores: Mapping[int, Decimal | None]) -> Line:
    """An entrant's line from each item's score (None: not given yet, counted 0 and marked incomplete)."""
    theory = practice = ZERO
    complete = True
    for item in items:
        score = scores.get(item.pk)
        if score is None:
            complete = False
            continue
        p = points(score, item.weight, item.max_score)
        if item.kind == "theory":
            theory += p
        else:
            practice += p
    return Line(entrant, number, theory, practice, complete)


def order_key(x: Line) -> tuple[Decimal, Decimal, Decimal, int]:
    """The tie rule as a sort key: total, practice, theory (all higher first), then the entrant number."""
    return (-x.total, -x.practice, -x.theory, x.number)


def rank(lines: Iterable[Line]) -> list[Placed]:
    """The lines in ranking order with their places 1…n (ties broken by the rule above)."""
    return [Placed(x, n) for n, x in enumerate(sorted(lines, key=order_key), start=1)]


def normalized_weights(weights: Sequence[int]) -> list[int]:
    """The practice items' weights scaled to sum to 100 for the panel's criteria (largest remainder; each at
    least 1). Only the panel's own page reads them: the contest counts each item by its own weight."""
    total = sum(weights)
    raw = [Decimal(w) * 100 / total for w in weights]
    floors = [max(1, int(r)) for r in raw]
    left = 100 - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[: max(left, 0)]:
        floors[i] += 1
    return floors
