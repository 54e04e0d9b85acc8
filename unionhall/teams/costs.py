"""The arithmetic of team costs, pure: savings, the saving rate, a team's or a unit's figures summed, and the
ranking by saving rate with its ties.

- savings = target − actual (fen; negative when the team overspent);
- saving rate = savings / target, rounded half up to 0.01 % (four decimals of a fraction);
- an item without a target, or with a target of 0, has no rate ("无目标"), and an item without an actual is
  not yet reported ("未填报"): neither is ever divided, and neither counts in a team's totals, which sum the
  *compared* items only (both a target and an actual), so a team that reported half its items is compared
  on that half and not flattered by the missing rest;
- ranks are given on the rounded rates, highest first: the same rate is the same rank and the next rank
  skips (1, 1, 3), and the page says 并列; a team with no rate is listed after the ranked ones, unranked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from unionhall.orgs.rollup import Summable

RATE_PLACES = Decimal("0.0001")


def savings(target_fen: int | None, actual_fen: int | None) -> int | None:
    """target − actual, or None when either is missing."""
    if target_fen is None or actual_fen is None:
        return None
    return target_fen - actual_fen


def saving_rate(target_fen: int | None, actual_fen: int | None) -> Decimal | None:
    """(target − actual) / target rounded half up to 0.0001, or None without a positive target or an actual."""
    saved = savings(target_fen, actual_fen)
    if saved is None or not target_fen:
        return None
    return (Decimal(saved) / Decimal(target_fen)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Line:
    """One item of one team and period."""

    target_fen: int | None
    actual_fen: int | None

    @property
    def compared(self) -> bool:
        return self.target_fen is not None and self.actual_fen is not None

    @property
    def savings_fen(self) -> int | None:
        return savings(self.target_fen, self.actual_fen)

    @property
    def rate(self) -> Decimal | None:
        return saving_rate(self.target_fen, self.actual_fen)


@dataclass(slots=True)
class Figures(Summable):
    """A team's, or a unit's summed over its teams: the compared items' targets and actuals, how many teams,
    how many reported any actual, and the members' adopted suggestions."""

    teams: int = 0
    reported: int = 0
    target_fen: int = 0
    actual_fen: int = 0
    adopted: int = 0

    @property
    def savings_fen(self) -> int:
        return self.target_fen - self.actual_fen

    @property
    def rate(self) -> Decimal | None:
        return saving_rate(self.target_fen, self.actual_fen) if self.target_fen else None

    @staticmethod
    def plus(a: Figures, b: Figures) -> Figures:
        total = Figures()
        total.add(a)
        total.add(b)
        return total


def team_figures(lines: Iterable[Line], *, adopted: int = 0) -> Figures:
    """One team's figures from its items' lines."""
    lines = list(lines)
    compared = [line for line in lines if line.compared]
    return Figures(
        teams=1,
        reported=1 if any(line.actual_fen is not None for line in lines) else 0,
        target_fen=sum(line.target_fen or 0 for line in compared),
        actual_fen=sum(line.actual_fen or 0 for line in compared),
        adopted=adopted,
    )


@dataclass(frozen=True, slots=True)
class Placed[T]:
    row: T
    rank: int | None  # None: no rate, not ranked
    tied: bool  # another row holds the same rank


def rank[T](rows: Sequence[T], rate: Callable[[T], Decimal | None]) -> list[Placed[T]]:
    """The rows by rate, highest first, ranked with ties (1, 1, 3); rows without a rate last, unranked, in
    the order given."""
    rated = sorted((r for r in rows if rate(r) is not None), key=lambda r: rate(r), reverse=True)  # type: ignore[arg-type, return-value]
    unrated = [r for r in rows if rate(r) is None]
    counts: dict[Decimal, int] = {}
    for r in rated:
        value = rate(r)
        assert value is not None
        counts[value] = counts.get(value, 0) + 1
    placed: list[Placed[T]] = []
    previous: Decimal | None = None
    current = 0
    for position, r in enumerate(rated, start=1):
        value = rate(r)
        assert value is not None
        if value != previous:
            current, previous = position, value
        placed.append(Placed(r, current, counts[value] > 1))
    return placed + [Placed(r, None, False) for r in unrated]


def percent(rate: Decimal | None) -> str:
    """A rate as the pages show it: "12.35%", or "—" without one."""
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.01'))}%"
