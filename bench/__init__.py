"""Benchmarks (`make bench`): figures for docs/performance.md, never timed assertions in tests."""
