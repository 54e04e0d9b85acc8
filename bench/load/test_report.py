"""The load test's arithmetic: `.venv/bin/pytest bench/load` (not in the suite, whose testpaths is unionhall)."""

from __future__ import annotations

from bench.load.run import Figures, group_of, report


def entry(name: str, times: dict[str, int], *, method: str = "GET", failures: int = 0) -> dict[str, object]:
    return {
        "name": name,
        "method": method,
        "num_requests": sum(times.values()),
        "num_failures": failures,
        "response_times": times,
        "start_time": 100.0,
        "last_request_timestamp": 110.0,
    }


def test_percentiles_are_the_smallest_time_covering_that_share() -> None:
    figures = Figures()
    figures.add(entry("members: list", {"10": 50, "20": 45, "300": 5}))
    assert (figures.percentile(0.5), figures.percentile(0.95), figures.percentile(0.99)) == (10, 20, 300)


def test_requests_are_grouped_by_the_word_before_the_colon() -> None:
    assert group_of("coverage: 三同步") == "coverage"
    assert group_of("login page") == "login page"
    assert group_of("something new") == "other"


def test_the_report_merges_histograms_and_counts_per_second_over_the_measured_window() -> None:
    stats = [entry("members: list", {"10": 60}), entry("portal: join page", {"30": 40}, failures=2)]
    figures = report(stats)
    assert figures["overall"] == {
        "requests": 100,
        "failures": 2,
        "rps": 10.0,
        "p50_ms": 10,
        "p95_ms": 30,
        "p99_ms": 30,
    }
    assert figures["groups"]["portal"]["requests"] == 40
    assert figures["endpoints"]["GET members: list"]["p95_ms"] == 10
