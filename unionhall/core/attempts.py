"""Attempt limits that hold under concurrency (PRODUCT.md §4): passwords, login codes, card codes.

A guess is evaluated only after it has claimed one attempt on every counter that limits it. A claim is
one conditional `UPDATE … SET attempts = attempts + 1 WHERE attempts < limit AND not locked`, run in
autocommit before the business transaction opens, so it survives that transaction's rollback on refusal
and N parallel guesses can claim at most `limit` attempts: the database, not a read in Python, decides.
Afterwards the caller settles the claim: `failed()` keeps the attempts and locks a counter that reached its
limit, `succeeded()` resets (or gives back) them, `released()` gives them back when nothing was evaluated.

A claim that finds a counter at its limit but not locked (attempts still being evaluated) waits up to two
seconds for them to settle, so parallel right answers are not refused. A counter counts within `window`
from its first attempt; once locked, it refuses until `locked_until`,
and tries during the lock neither count nor extend it. A counter whose window passed (or whose lock
ended) starts again from one. Claims that never settle (a crashed worker) expire with the window.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from unionhall.core import pii
from unionhall.core.models import AttemptCounter

# About one claim in PURGE_EVERY deletes the counters idle for a day (every window and lock is shorter),
# so guesses at made-up accounts, phones or card numbers do not pile up rows.
PURGE_EVERY = 200
STALE_AFTER = timedelta(days=1)
# How long a claim waits for attempts in flight on a counter at its limit: 40 × 50 ms.
WAIT_ROUNDS = 40
WAIT_STEP = 0.05


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: timedelta
    lock: timedelta
    # A success resets the counter (consecutive failures) or only gives its own attempt back (failures
    # per address per hour, or an account's failures from everywhere, which the owner's login must not wipe).
    reset_on_success: bool = True


# A secret guessed wrong (a password, a login code): FAILURE_LIMIT in a row at one address lock the subject
# there for LOCK_TIME, so nobody elsewhere can lock its owner out; the subject alone locks for an hour only
# after many more failures within an hour from every address (PRODUCT.md §4).
FAILURE_LIMIT = 5
LOCK_TIME = timedelta(minutes=15)


def secret_rules(name: str, *, anywhere: int) -> tuple[Rule, Rule]:
    """The two rules of a guessed secret: at one address (subject "who|address", named `name`_address) and
    from anywhere (subject "who", `anywhere` failures an hour, which the owner's success does not wipe)."""
    return (
        Rule(f"{name}_address", FAILURE_LIMIT, LOCK_TIME, LOCK_TIME),
        Rule(name, anywhere, timedelta(hours=1), timedelta(hours=1), reset_on_success=False),
    )


def key_of(rule: Rule, subject: str) -> str:
    """The rule's name and a keyed hash of each `|`-separated part of the subject ("account|address"),
    so that every counter of one account can be found by the prefix of its first part."""
    parts = [pii.blind_index(f"attempt:{rule.name}:{i}:{part}")[:32] for i, part in enumerate(subject.split("|"))]
    return ":".join([rule.name, *parts])


def reset_all(rule: Rule, first_part: str) -> None:
    """Forget every counter of `rule` whose subject starts with this part (an account at any address)."""
    AttemptCounter.objects.filter(key__startswith=key_of(rule, first_part) + ":").delete()


def _expired(rule: Rule, now: datetime) -> Q:
    return Q(locked_until__isnull=False, locked_until__lte=now) | Q(
        locked_until__isnull=True, window_start__lte=now - rule.window
    )


def _claim_one(rule: Rule, key: str, now: datetime) -> bool:
    AttemptCounter.objects.bulk_create([AttemptCounter(key=key, window_start=now)], ignore_conflicts=True)
    expired = _expired(rule, now)
    # PostgreSQL re-checks the WHERE on the latest row version after waiting for a concurrent claim.
    changed = (
        AttemptCounter.objects.filter(key=key)
        .filter(expired | Q(locked_until__isnull=True, attempts__lt=rule.limit))
        .update(
            attempts=Case(When(expired, then=Value(1)), default=F("attempts") + 1),
            window_start=Case(When(expired, then=Value(now)), default=F("window_start")),
            locked_until=Case(
                When(expired, then=Value(None, output_field=DateTimeField())),
                default=F("locked_until"),
                output_field=DateTimeField(),
            ),
        )
    )
    return changed == 1


def _give_back(key: str) -> None:
    AttemptCounter.objects.filter(key=key, attempts__gt=0).update(attempts=F("attempts") - 1)


def locked_until(rule: Rule, subject: str) -> datetime | None:
    """When the counter's lock ends, if it is locked now (for pages that show it)."""
    row = AttemptCounter.objects.filter(key=key_of(rule, subject)).values("locked_until").first()
    until = row["locked_until"] if row else None
    return until if until is not None and until > timezone.now() else None


def reset(rule: Rule, subject: str) -> None:
    """Lift a lock and forget the failures (an administrator's unlock, a card unfrozen)."""
    AttemptCounter.objects.filter(key=key_of(rule, subject)).delete()


def purge_stale() -> int:
    now = timezone.now()
    stale = AttemptCounter.objects.filter(window_start__lt=now - STALE_AFTER).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    )
    return stale.delete()[0]


@dataclass
class Claim:
    held: list[tuple[Rule, str]] = field(default_factory=list)
    refused: Rule | None = None
    refused_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None

    def count(self, rule: Rule) -> int:
        """Attempts now counted on the held counter of `rule` (this one included), for "n tries left"."""
        for held_rule, key in self.held:
            if held_rule is rule:
                row = AttemptCounter.objects.filter(key=key).values("attempts").first()
                return row["attempts"] if row else 0
        return 0

    def failed(self) -> None:
        """The guess was wrong: its attempts stay counted; a counter at its limit locks now."""
        now = timezone.now()
        for rule, key in self.held:
            AttemptCounter.objects.filter(key=key, locked_until__isnull=True, attempts__gte=rule.limit).update(
                locked_until=now + rule.lock
            )
        self.held = []

    def succeeded(self) -> None:
        now = timezone.now()
        for rule, key in self.held:
            if rule.reset_on_success:
                AttemptCounter.objects.filter(key=key).update(attempts=0, window_start=now, locked_until=None)
            else:
                _give_back(key)
        self.held = []

    def released(self) -> None:
        """Nothing was evaluated (the request was refused for another reason): give the attempts back."""
        for _rule, key in self.held:
            _give_back(key)
        self.held = []


def _claim_or_wait(rule: Rule, key: str) -> datetime | None:
    """None once claimed; else when the lock ends. A counter at its limit but not locked has attempts
    still being evaluated (parallel right codes for one card, say): wait for them to settle and try
    again, rather than refuse a guess that no failure has earned."""
    for _ in range(WAIT_ROUNDS):
        now = timezone.now()
        if _claim_one(rule, key, now):
            return None
        row = AttemptCounter.objects.filter(key=key).values("locked_until").first()
        until = row["locked_until"] if row else None
        if until is not None and until > now:
            return until
        time.sleep(WAIT_STEP)
    return timezone.now()  # still busy: refused, as if locked for a moment


def claim(*limits: tuple[Rule, str]) -> Claim:
    """Claim one attempt on each (rule, subject), in order; on the first refusal give back the ones taken.

    Call it outside any transaction that may roll back: the claim must stay counted.
    """
    if secrets.randbelow(PURGE_EVERY) == 0:
        purge_stale()
    result = Claim()
    for rule, subject in limits:
        key = key_of(rule, subject)
        until = _claim_or_wait(rule, key)
        if until is not None:
            result.released()
            result.refused, result.refused_until = rule, until
            return result
        result.held.append((rule, key))
    return result
