"""The scoped archive list and its filters, the reminders (overdue and due soon) and the notice list."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import QuerySet

from unionhall.assistance import selectors
from unionhall.assistance.models import AssistanceSettings, FileStatus, HardshipFile
from unionhall.core.errors import NotFound
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

TODAY = date(2026, 6, 15)


def pks(qs: QuerySet[HardshipFile]) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_the_list_is_scoped_and_filtered(city: City) -> None:
    a = hardship_file(city.u1, status=FileStatus.APPROVED, name="张一")
    b = hardship_file(city.u2, status=FileStatus.DRAFT, name="李二", category="relative")
    c = hardship_file(city.u3, status=FileStatus.APPROVED, name="张三")
    HardshipFile.objects.filter(pk=b.pk).update(causes=["disaster", "illness"])
    cadre = city.users["cadre_d1"]
    assert pks(selectors.archive_list(cadre)) == {a.pk, b.pk}
    assert pks(selectors.archive_list(city.users["chair_u1"])) == {a.pk}
    assert pks(selectors.archive_list(city.users["outsider"])) == {c.pk}
    assert pks(selectors.archive_list(city.users["info_u1"])) == set()
    f = selectors.ArchiveFilters
    assert pks(selectors.archive_list(cadre, f(status="draft"))) == {b.pk}
    assert pks(selectors.archive_list(cadre, f(category="relative"))) == {b.pk}
    assert pks(selectors.archive_list(cadre, f(cause="disaster"))) == {b.pk}
    assert pks(selectors.archive_list(cadre, f(org=city.u2))) == {b.pk}
    assert pks(selectors.archive_list(cadre, f(q="张"))) == {a.pk}
    assert pks(selectors.archive_list(cadre, f(q=a.no))) == {a.pk}
    number = b.person.reveal_id_number()
    assert pks(selectors.archive_list(cadre, f(q=number))) == {b.pk}
    assert pks(selectors.archive_list(cadre, f(q=number[:-1]))) == set()  # an ID is found exactly or not at all
    assert pks(selectors.archive_list(city.users["outsider"], f(q=number))) == set()


def test_one_archive_out_of_scope_is_not_found(city: City) -> None:
    a = hardship_file(city.u1)
    assert selectors.archive_for_user_or_404(city.users["reviewer_d1"], a.pk) == a
    with pytest.raises(NotFound):
        selectors.archive_for_user_or_404(city.users["outsider"], a.pk)


@pytest.fixture
def due(city: City) -> dict[str, HardshipFile]:
    """Review every 365 days, follow-up within 180, reminders 30 days ahead."""
    cfg = AssistanceSettings.current()
    cfg.review_interval_days, cfg.follow_up_days, cfg.reminder_days = 365, 180, 30
    cfg.save()
    files = {
        "review_overdue": hardship_file(city.u1),
        "review_on_the_day": hardship_file(city.u1),
        "review_soon": hardship_file(city.u1),
        "review_later": hardship_file(city.u1),
        "follow_overdue": hardship_file(city.u1, status=FileStatus.EXITED),
        "follow_done": hardship_file(city.u1, status=FileStatus.EXITED),
        "follow_soon": hardship_file(city.u1, status=FileStatus.EXITED),
        "foreign_overdue": hardship_file(city.u3),
    }
    days = {
        "review_overdue": 366,
        "review_on_the_day": 365,  # verified_on + 365 == today: due today, not yet overdue
        "review_soon": 340,
        "review_later": 300,
        "foreign_overdue": 400,
    }
    for key, n in days.items():
        HardshipFile.objects.filter(pk=files[key].pk).update(verified_on=TODAY - timedelta(days=n))
    for key, n in {"follow_overdue": 181, "follow_done": 200, "follow_soon": 160}.items():
        HardshipFile.objects.filter(pk=files[key].pk).update(exited_on=TODAY - timedelta(days=n))
    HardshipFile.objects.filter(pk=files["follow_done"].pk).update(followed_up_on=TODAY - timedelta(days=5))
    return files


def test_overdue_and_due_soon_lists_follow_the_settings(city: City, due: dict[str, HardshipFile]) -> None:
    user = city.users["cadre_d1"]
    names = {f.pk: k for k, f in due.items()}

    def keys(qs: QuerySet[HardshipFile]) -> set[str]:
        return {names[pk] for pk in pks(qs)}

    assert keys(selectors.overdue_reviews(user, today=TODAY)) == {"review_overdue"}
    assert keys(selectors.due_soon_reviews(user, today=TODAY)) == {"review_on_the_day", "review_soon"}
    assert keys(selectors.overdue_follow_ups(user, today=TODAY)) == {"follow_overdue"}
    assert keys(selectors.due_soon_follow_ups(user, today=TODAY)) == {"follow_soon"}
    counts = selectors.reminder_counts(user, today=TODAY)
    assert counts.as_dict() == {"overdue_reviews": 1, "overdue_follow_ups": 1, "due_reviews": 2, "due_follow_ups": 1}
    assert selectors.reminder_counts(city.users["outsider"], today=TODAY).overdue_reviews == 1


def test_the_reminders_command_prints_one_json_line_per_unit(city: City, due: dict[str, HardshipFile]) -> None:
    out = io.StringIO()
    call_command("assistance_reminders", "--date", TODAY.isoformat(), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert summary["totals"] == {"overdue_reviews": 2, "overdue_follow_ups": 1, "due_reviews": 2, "due_follow_ups": 1}
    assert summary["by_org"][city.u1.code]["overdue_reviews"] == 1
    assert summary["by_org"][city.u3.code] == {
        "overdue_reviews": 1,
        "overdue_follow_ups": 0,
        "due_reviews": 0,
        "due_follow_ups": 0,
    }


def test_the_notice_list_holds_the_archives_in_notice_under_a_unit(city: City) -> None:
    a = hardship_file(city.u1, status=FileStatus.NOTICE)
    b = hardship_file(city.u2, status=FileStatus.NOTICE)
    hardship_file(city.u1, status=FileStatus.APPROVED)
    c = hardship_file(city.u3, status=FileStatus.NOTICE)
    assert list(selectors.notice_list(city.users["cadre_d1"], city.d1)) == [a, b]
    assert list(selectors.notice_list(city.users["cadre_d1"], city.u2)) == [b]
    assert list(selectors.notice_list(city.users["cadre_d1"], city.city)) == [a, b]  # D2's stays out of reach
    assert list(selectors.notice_list(city.users["city_admin"], city.city)) == [a, b, c]
