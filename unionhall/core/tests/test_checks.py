"""The production system check: a production start with debug pages or a relaxed second factor fails."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, run_checks

from unionhall.core.checks import production_is_not_relaxed


def error_ids(messages: list[Any]) -> set[str]:
    return {m.id for m in messages if isinstance(m, Error)}


def test_production_refuses_a_relaxed_second_factor(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False

    assert error_ids(production_is_not_relaxed()) == {"unionhall.E002"}


def test_production_refuses_debug_pages(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = True
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = True

    assert error_ids(production_is_not_relaxed()) == {"unionhall.E001"}


def test_production_reports_both_relaxations_at_once(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = True
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False

    assert error_ids(production_is_not_relaxed()) == {"unionhall.E001", "unionhall.E002"}


def test_production_with_second_factor_on_and_debug_off_passes(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = True

    assert production_is_not_relaxed() == []


def test_the_local_demo_may_relax_the_second_factor(settings: Any) -> None:
    settings.PRODUCTION = False
    settings.DEBUG = True
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False

    assert production_is_not_relaxed() == []


def test_the_check_runs_with_the_security_checks(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.OTP_REQUIRED_FOR_CITY_ADMIN = False

    assert "unionhall.E002" in error_ids(run_checks(tags=[Tags.security]))
