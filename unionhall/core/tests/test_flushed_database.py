"""The rows data migrations write survive the TRUNCATE that ends a transactional test (root conftest.py):
under xdist a worker runs other files' tests after one, and they expect a database as migrated."""

from __future__ import annotations

import pytest

from unionhall.cards.models import CardType
from unionhall.rights.models import RiskLevelRule, TimeLimitRule

# The order matters and pytest keeps it within a file: the second test runs after the first one's flush.
pytestmark = pytest.mark.django_db(transaction=True)


def migrated_rows() -> tuple[int, int, int]:
    return TimeLimitRule.objects.count(), RiskLevelRule.objects.count(), CardType.objects.count()


def test_a_transactional_test_starts_from_the_migrated_rows() -> None:
    assert all(migrated_rows())


def test_the_next_one_finds_them_again_after_the_flush() -> None:
    assert all(migrated_rows())
