"""The city's coverage settings: defaults on first use, changed only by who manages the root, in Chinese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from unionhall.core.errors import NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.coverage import services
from unionhall.coverage.models import CoverageSettings
from unionhall.orgs.models import Grant, Role
from unionhall.tests.city import City


def test_the_defaults_are_the_usual_rules(db: object) -> None:
    cfg = CoverageSettings.current()
    assert (cfg.size_threshold, cfg.sync_since, cfg.sync_found_days, cfg.sync_join_rate) == (
        25,
        date(2024, 1, 1),
        180,
        Decimal("0.80"),
    )


def test_the_form_shows_the_join_rate_as_a_percentage(city: City) -> None:
    response = city.client("city_admin").get(reverse("coverage:settings"))
    assert 'name="sync_join_rate" value="80"' in response.content.decode()


def test_the_city_admin_changes_the_settings_through_the_page(city: City) -> None:
    response = city.client("city_admin").post(
        reverse("coverage:settings"),
        {"size_threshold": "50", "sync_since": "2024-06-01", "sync_found_days": "90", "sync_join_rate": "75"},
    )
    assert response.status_code == 302
    cfg = CoverageSettings.current()
    assert (cfg.size_threshold, cfg.sync_since, cfg.sync_found_days, cfg.sync_join_rate) == (
        50,
        date(2024, 6, 1),
        90,
        Decimal("0.75"),
    )
    assert cfg.updated_by == city.users["city_admin"]
    event = AuditEvent.objects.filter(action="coverage_settings.update").latest("id")
    assert event.changes["size_threshold"] == [25, 50]
    assert event.org_id == city.city.pk


def test_a_wrong_value_is_refused_at_its_field_and_the_rest_is_kept(city: City) -> None:
    response = city.client("city_admin").post(
        reverse("coverage:settings"),
        {"size_threshold": "0", "sync_since": "2024-06-01", "sync_found_days": "90", "sync_join_rate": "150"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["size_threshold"] == ["建会统计规模须为 1 至 100000 之间的整数。"]
    assert form.errors["sync_join_rate"] == ["同步入会比例须在 1% 至 100% 之间。"]
    assert 'value="90"' in response.content.decode()
    assert CoverageSettings.current().size_threshold == 25


def test_a_district_cadre_does_not_see_the_settings_and_a_city_reviewer_may_not_change_them(city: City) -> None:
    with pytest.raises(NotFound):
        services.coverage_settings_update(actor=city.users["cadre_d1"], size_threshold=10)
    Grant.objects.create(user=city.users["nobody"], role=Role.REVIEWER, org=city.city)
    with pytest.raises(PermissionDenied):
        services.coverage_settings_update(actor=city.users["nobody"], size_threshold=10)
    assert city.client("nobody").get(reverse("coverage:settings")).status_code == 403
    assert CoverageSettings.current().size_threshold == 25


def test_an_unknown_field_or_a_future_start_day_is_refused(city: City) -> None:
    with pytest.raises(ValidationError):
        services.coverage_settings_update(actor=city.users["city_admin"], updated_by=None)
    with pytest.raises(ValidationError) as refused:
        services.coverage_settings_update(actor=city.users["city_admin"], sync_since=date(2999, 1, 1))
    assert refused.value.field_errors == {"sync_since": ["起算日期不能晚于今天。"]}


def test_only_the_city_admin_is_offered_the_settings_tab(city: City) -> None:
    assert city.client("city_admin").get(reverse("coverage:dashboard")).context["can_settings"] is True
    assert city.client("cadre_d1").get(reverse("coverage:dashboard")).context["can_settings"] is False


def test_no_target_is_set_until_the_city_enters_one(db: object) -> None:
    cfg = CoverageSettings.current()
    assert (cfg.unionization_target, cfg.membership_target) == (None, None)  # PRODUCT.md names no figure


def test_the_city_admin_sets_the_targets_as_percentages_and_can_clear_them(city: City) -> None:
    page = {"size_threshold": "25", "sync_since": "2024-01-01", "sync_found_days": "180", "sync_join_rate": "80"}
    client = city.client("city_admin")
    response = client.post(
        reverse("coverage:settings"), {**page, "unionization_target": "85", "membership_target": "90"}
    )
    assert response.status_code == 302
    cfg = CoverageSettings.current()
    assert (cfg.unionization_target, cfg.membership_target) == (Decimal("0.85"), Decimal("0.90"))
    assert 'name="unionization_target" value="85"' in client.get(reverse("coverage:settings")).content.decode()
    client.post(reverse("coverage:settings"), {**page, "unionization_target": "", "membership_target": ""})
    cfg = CoverageSettings.current()
    assert (cfg.unionization_target, cfg.membership_target) == (None, None)


def test_a_target_above_100_percent_is_refused_in_chinese_and_nothing_is_saved(city: City) -> None:
    with pytest.raises(ValidationError) as refused:
        services.coverage_settings_update(actor=city.users["city_admin"], unionization_target=Decimal("1.2"))
    assert "建会率目标须在 1% 至 100% 之间" in str(refused.value.field_errors["unionization_target"])
    assert CoverageSettings.current().unionization_target is None
