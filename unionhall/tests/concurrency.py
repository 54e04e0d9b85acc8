"""Races on PostgreSQL: start jobs at the same moment, each on its own thread and database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from unionhall.core.errors import DomainError


def run_together(jobs: list[Callable[[], Any]], *, timeout: float = 120) -> list[Any]:
    """Start every job at the same moment, each on its own thread and connection; return their results
    (a DomainError's code when refused, any other exception as it was raised, for the caller to assert)."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except DomainError as error:
            results[i] = error.code
        except Exception as error:  # surfaced by the caller's assertions
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return results
