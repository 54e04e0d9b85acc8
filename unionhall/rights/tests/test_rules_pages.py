"""The rules page: everyone who reads rights sees the city's time limits, holidays and acknowledgement windows;
only the city admin gets the forms, saves, adds and deletes through them, and sees errors next to the field
with what was typed kept; the outsider reads the same city rules, and who reads no rights gets 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.rights.models import RiskLevelRule, TimeLimitRule
from unionhall.tests.city import City
from unionhall.workcalendar.models import Holiday

URL = reverse("rights:rules")


def test_a_reviewer_reads_the_rules_without_forms(city: City) -> None:
    Holiday.objects.create(day=date(2026, 10, 1), name="国庆节")
    response = city.client("reviewer_d1").get(URL, {"year": "2026"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "欠薪" in text and "全部类别" in text and "国庆节" in text and "特别重大（红色）" in text
    assert "只适用于此后受理的案件" in text
    assert 'name="form"' not in text and "<button" not in text.split("<main")[1]


def test_the_page_says_whether_the_state_councils_days_are_known_for_the_year(city: City) -> None:
    client = city.client("reviewer_d1")
    known = client.get(URL, {"year": "2026"}).content.decode()
    unknown = client.get(URL, {"year": "2099"}).content.decode()
    assert "2026 年的法定节假日和调休按国务院办公厅的节假日安排计算" in known
    assert "2099 年的国务院节假日安排尚未收录，周一至周五为工作日" in unknown
    assert city.client("nobody").get(URL).status_code == 404


def test_the_city_admin_gets_a_form_for_every_rule(city: City) -> None:
    text = city.client("city_admin").get(URL).content.decode()
    overrides = TimeLimitRule.objects.exclude(category="").count()
    assert text.count('value="limit-delete"') == overrides
    for complexity in ("general", "difficult", "special"):
        assert f'name="limit-any-{complexity}-days"' in text
    for level in ("blue", "yellow", "orange", "red"):
        assert f'name="level-{level}-ack_hours"' in text
    # Each table is one form: every row's inputs belong to it, and one button saves them all.
    assert 'id="f-limits"' in text and 'value="limits"' in text and 'id="f-levels"' in text
    assert text.count('form="f-limits"') >= 5 * (3 + overrides) and text.count('form="f-levels"') == 2 * 4
    assert 'value="holiday-new"' in text and 'value="limit-new"' in text


def test_the_city_admin_changes_the_limit_for_any_category(city: City) -> None:
    rule = TimeLimitRule.objects.get(category="", complexity="difficult")
    key = "limit-any-difficult"
    response = city.client("city_admin").post(
        URL,
        {
            "form": key,
            f"{key}-category": "",
            f"{key}-complexity": "difficult",
            f"{key}-days": "25",
            f"{key}-working_days": "0",
            f"{key}-remind_before_days": "3",
        },
    )
    assert response.status_code == 302 and response["Location"] == URL + "#limits"
    rule.refresh_from_db()
    assert (rule.days, rule.working_days, rule.remind_before_days) == (25, False, 3)


def test_a_wrong_value_is_shown_at_its_row_with_what_was_typed(city: City) -> None:
    rule = TimeLimitRule.objects.get(category="wage_arrears", complexity="general")
    key = f"limit-{rule.pk}"
    response = city.client("city_admin").post(
        URL,
        {
            "form": key,
            f"{key}-category": "wage_arrears",
            f"{key}-complexity": "general",
            f"{key}-days": "4",
            f"{key}-working_days": "1",
            f"{key}-remind_before_days": "9",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "提前提醒天数应少于办理时限" in text
    assert f'name="{key}-remind_before_days" value="9"' in text and f'name="{key}-days" value="4"' in text
    rule.refresh_from_db()
    assert rule.days == 10


def test_the_city_admin_adds_and_deletes_a_category_limit(city: City) -> None:
    client = city.client("city_admin")
    response = client.post(
        URL,
        {
            "form": "limit-new",
            "limit-new-category": "injury",
            "limit-new-complexity": "special",
            "limit-new-days": "90",
            "limit-new-working_days": "1",
            "limit-new-remind_before_days": "5",
        },
    )
    assert response.status_code == 302
    rule = TimeLimitRule.objects.get(category="injury", complexity="special")
    assert rule.days == 90
    assert "工伤" in client.get(URL).content.decode()
    response = client.post(URL, {"form": "limit-delete", "pk": str(rule.pk)})
    assert response.status_code == 302
    assert not TimeLimitRule.objects.filter(pk=rule.pk).exists()


def test_the_limit_for_any_category_has_no_delete_and_refuses_one(city: City) -> None:
    base = TimeLimitRule.objects.get(category="", complexity="general")
    client = city.client("city_admin")
    response = client.post(URL, {"form": "limit-delete", "pk": str(base.pk)}, follow=True)
    assert "兜底规则" in response.content.decode()
    assert TimeLimitRule.objects.filter(pk=base.pk).exists()


def test_the_city_admin_registers_a_worked_weekend_day_and_deletes_it(city: City) -> None:
    client = city.client("city_admin")
    data = {
        "form": "holiday-new",
        "holiday-new-day": "2026-10-10",
        "holiday-new-is_workday": "1",
        "holiday-new-name": "国庆调休",
    }
    response = client.post(URL, data)
    assert response.status_code == 302 and response["Location"] == URL + "?year=2026#holidays"
    holiday = Holiday.objects.get()
    assert holiday.is_workday
    assert "调休上班" in client.get(URL, {"year": "2026"}).content.decode()
    assert "国庆调休" not in client.get(URL, {"year": "2027"}).content.decode()
    client.post(URL, {"form": "holiday-delete", "pk": str(holiday.pk)})
    assert not Holiday.objects.exists()


def test_a_saturday_registered_as_a_day_off_is_refused_at_the_date(city: City) -> None:
    data = {"form": "holiday-new", "holiday-new-day": "2026-10-17", "holiday-new-is_workday": "0"}
    text = city.client("city_admin").post(URL, data).content.decode()
    assert "周六、周日本来就休息" in text and 'value="2026-10-17"' in text
    assert not Holiday.objects.exists()


def test_the_city_admin_changes_an_acknowledgement_window(city: City) -> None:
    response = city.client("city_admin").post(
        URL, {"form": "level-orange", "level-orange-level": "orange", "level-orange-ack_hours": "8"}
    )
    assert response.status_code == 302
    assert RiskLevelRule.objects.get(level="orange").ack_hours == 8
    assert AuditEvent.objects.filter(action="risk_level_rule.save", success=True).count() == 1


@pytest.mark.parametrize("who", ["cadre_d1", "reviewer_d1", "chair_u1", "outsider"])
def test_readers_who_post_are_refused_with_403_and_nothing_changes(city: City, who: str) -> None:
    response = city.client(who).post(URL, {"form": "level-red", "level-red-level": "red", "level-red-ack_hours": "1"})
    assert response.status_code == 403
    assert RiskLevelRule.objects.get(level="red").ack_hours == 2
    assert AuditEvent.objects.filter(success=False, actor=city.users[who]).count() == 1


@pytest.mark.parametrize("who", ["info_u1", "sysadmin", "nobody", "worker_u1", "merchant_d1"])
def test_who_reads_no_rights_gets_404(city: City, who: str) -> None:
    assert city.client(who).get(URL).status_code == 404


def test_the_outsider_reads_the_same_city_rules(city: City) -> None:
    text = city.client("outsider").get(URL).content.decode()
    assert "全部类别" in text and 'name="form"' not in text


def test_an_unknown_form_re_shows_the_page_with_a_message(city: City) -> None:
    response = city.client("city_admin").post(URL, {"form": "nonsense"})
    assert response.status_code == 200 and "没有这项设置" in response.content.decode()


def _limits_post(**edits: dict[str, str]) -> dict[str, str]:
    """The time-limit table as the page posts it: every row as shown, with the edited rows changed."""
    data = {"form": "limits"}
    for rule in TimeLimitRule.objects.all():
        key = f"limit-any-{rule.complexity}" if not rule.category else f"limit-{rule.pk}"
        row = {
            "category": rule.category,
            "complexity": rule.complexity,
            "days": str(rule.days),
            "working_days": "1" if rule.working_days else "0",
            "remind_before_days": str(rule.remind_before_days),
        } | edits.get(key, {})
        data |= {f"{key}-{name}": value for name, value in row.items()}
    return data


def test_two_edited_rows_of_the_time_limits_are_saved_in_one_submit(city: City) -> None:
    any_general = TimeLimitRule.objects.get(category="", complexity="general")
    wages = TimeLimitRule.objects.get(category="wage_arrears", complexity="general")
    untouched = {
        r.pk: (r.days, r.remind_before_days) for r in TimeLimitRule.objects.exclude(pk__in=[any_general.pk, wages.pk])
    }
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    data = _limits_post(
        **{"limit-any-general": {"days": "28"}, f"limit-{wages.pk}": {"days": "9", "remind_before_days": "1"}}
    )
    response = city.client("city_admin").post(URL, data)
    assert response.status_code == 302 and response["Location"] == URL + "#limits"
    any_general.refresh_from_db()
    wages.refresh_from_db()
    assert any_general.days == 28 and (wages.days, wages.remind_before_days) == (9, 1)
    assert {
        r.pk: (r.days, r.remind_before_days) for r in TimeLimitRule.objects.exclude(pk__in=[any_general.pk, wages.pk])
    } == untouched
    events = list(AuditEvent.objects.filter(id__gt=last).exclude(action="login"))
    assert [(e.action, e.success) for e in events] == [("time_limit_rules.save", True)]


def test_errors_in_two_rows_are_shown_at_their_rows_and_nothing_is_saved(city: City) -> None:
    any_general = TimeLimitRule.objects.get(category="", complexity="general")
    wages = TimeLimitRule.objects.get(category="wage_arrears", complexity="general")
    before = sorted(TimeLimitRule.objects.values_list("pk", "days", "remind_before_days"))
    data = _limits_post(
        **{
            "limit-any-general": {"days": "30"},  # valid, but must not be saved alone
            "limit-any-difficult": {"days": "0"},  # below the range (the service's check)
            f"limit-{wages.pk}": {"days": "5", "remind_before_days": "7"},  # reminding after the limit
        }
    )
    response = city.client("city_admin").post(URL, data)
    text = response.content.decode()
    assert response.status_code == 200
    assert sorted(TimeLimitRule.objects.values_list("pk", "days", "remind_before_days")) == before
    assert "所有修改均未保存" in text
    assert "办理时限应在 1 到" in text and "提前提醒天数应少于办理时限" in text
    # What was typed stays in each row.
    assert 'name="limit-any-general-days" value="30"' in text and 'name="limit-any-difficult-days" value="0"' in text
    assert f'name="limit-{wages.pk}-remind_before_days" value="7"' in text
    assert any_general.days != 30


def test_a_form_level_error_in_one_row_keeps_the_others_unsaved_too(city: City) -> None:
    before = sorted(TimeLimitRule.objects.values_list("pk", "days"))
    data = _limits_post(**{"limit-any-general": {"days": "31"}, "limit-any-special": {"days": "abc"}})
    response = city.client("city_admin").post(URL, data)
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert sorted(TimeLimitRule.objects.values_list("pk", "days")) == before


def test_all_acknowledgement_windows_are_saved_in_one_submit_or_none(city: City) -> None:
    hours = {r.level: r.ack_hours for r in RiskLevelRule.objects.all()}
    data = {"form": "levels"} | {
        f"level-{level}-{name}": value
        for level in ("blue", "yellow", "orange", "red")
        for name, value in (("level", level), ("ack_hours", str(hours.get(level, ""))))
    }
    bad = data | {"level-red-ack_hours": "2", "level-blue-ack_hours": "100000"}
    response = city.client("city_admin").post(URL, bad)
    assert response.status_code == 200 and "签收时限应在 1 到" in response.content.decode()
    assert {r.level: r.ack_hours for r in RiskLevelRule.objects.all()} == hours
    good = data | {"level-red-ack_hours": "2", "level-orange-ack_hours": "10"}
    assert city.client("city_admin").post(URL, good).status_code == 302
    now = {r.level: r.ack_hours for r in RiskLevelRule.objects.all()}
    assert (now["red"], now["orange"]) == (2, 10)


def test_deleting_a_holiday_or_a_category_limit_asks_first(city: City) -> None:
    Holiday.objects.create(day=date(2026, 10, 1), name="国庆节")
    text = city.client("city_admin").get(URL, {"year": "2026"}).content.decode()
    assert 'data-confirm="确认删除 2026-10-01' in text
    overrides = TimeLimitRule.objects.exclude(category="").count()
    assert text.count('data-confirm="确认删除「') == overrides > 0


def test_the_outsider_cannot_post_the_whole_table(city: City) -> None:
    before = sorted(TimeLimitRule.objects.values_list("pk", "days"))
    data = _limits_post(**{"limit-any-general": {"days": "29"}})
    assert city.client("outsider").post(URL, data).status_code == 403
    assert city.client("nobody").post(URL, data).status_code == 404
    assert sorted(TimeLimitRule.objects.values_list("pk", "days")) == before
