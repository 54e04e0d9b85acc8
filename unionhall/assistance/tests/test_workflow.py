"""Every transition of the archive's life, allowed and refused, each with its one audit event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from unionhall.assistance import services, workflow
from unionhall.assistance.models import AssistanceSettings, FileEvent, FileStatus, HardshipFile, VisitKind
from unionhall.assistance.tests.support import events, objection, one_event, visit
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

S = FileStatus


def run(c: City, who: str, file: HardshipFile, name: str, reason: str = "") -> HardshipFile:
    return workflow.run(c.users[who], file, name, reason)


def _nothing(f: HardshipFile) -> None:
    pass


def _verification(f: HardshipFile) -> None:
    visit(f, VisitKind.VERIFICATION)


def _review(f: HardshipFile) -> None:
    visit(f, VisitKind.REVIEW)


def _notice_over(f: HardshipFile) -> None:
    HardshipFile.objects.filter(pk=f.pk).update(
        notice_starts_on=timezone.localdate() - timedelta(days=6), notice_ends_on=timezone.localdate() - timedelta(1)
    )
    objection(f, upheld=False, resolved=True)  # a resolved, not upheld objection does not block


def _exited(f: HardshipFile) -> None:
    HardshipFile.objects.filter(pk=f.pk).update(exited_on=timezone.localdate() - timedelta(days=10))


def _follow_up(f: HardshipFile) -> None:
    _exited(f)
    visit(f, VisitKind.FOLLOW_UP)


# name, from, actor, preparation, to
ALLOWED: list[tuple[str, str, str, Callable[[HardshipFile], None], str]] = [
    ("submit", S.DRAFT, "chair_u1", _nothing, S.SUBMITTED),
    ("send_back", S.SUBMITTED, "cadre_t1", _nothing, S.DRAFT),
    ("verify", S.SUBMITTED, "cadre_t1", _verification, S.VERIFIED),
    ("reject", S.SUBMITTED, "cadre_d1", _nothing, S.REJECTED),
    ("reject", S.VERIFIED, "cadre_d1", _nothing, S.REJECTED),
    ("start_notice", S.VERIFIED, "cadre_t1", _nothing, S.NOTICE),
    ("approve", S.NOTICE, "cadre_t1", _notice_over, S.APPROVED),
    ("review", S.APPROVED, "cadre_t1", _review, S.APPROVED),
    ("exit", S.APPROVED, "city_admin", _nothing, S.EXITED),
    ("follow_up", S.EXITED, "chair_u1", _follow_up, S.EXITED),
    ("return", S.EXITED, "chair_u1", _exited, S.RETURNED),
    ("resubmit", S.RETURNED, "chair_u1", _nothing, S.SUBMITTED),
]


@pytest.mark.parametrize(("name", "start", "who", "prepare", "end"), ALLOWED, ids=[f"{a[0]}-{a[1]}" for a in ALLOWED])
def test_each_transition_moves_the_archive_appends_history_and_writes_one_audit_event(
    city: City, name: str, start: str, who: str, prepare: Callable[[HardshipFile], None], end: str
) -> None:
    f = hardship_file(city.u1, status=start)
    prepare(f)
    reason = "情况需要补充。" if workflow.TRANSITIONS[name].needs_reason else ""
    f = run(city, who, f, name, reason)
    f.refresh_from_db()
    assert f.status == end
    event = FileEvent.objects.get(file=f)
    assert (event.transition, event.from_status, event.to_status) == (name, start, end)
    assert event.note == reason
    audit = one_event(f"hardship_file.{name}", success=True)
    assert audit.changes["status"] == [start, end]
    assert audit.org_id == city.u1.pk


def test_every_transition_of_the_table_is_tested() -> None:
    assert {a[0] for a in ALLOWED} == set(workflow.TRANSITIONS)


def test_a_transition_from_a_wrong_state_is_refused_and_audited(city: City) -> None:
    for name, t in workflow.TRANSITIONS.items():
        wrong = next(s for s in S.values if s not in t.sources)
        f = hardship_file(city.u1, status=wrong)
        with pytest.raises(Conflict, match="不能办理"):
            run(city, "city_admin", f, name, "理由")
        f.refresh_from_db()
        assert f.status == wrong
        assert one_event(f"hardship_file.{name}", success=False).reason.startswith("conflict")
        assert not FileEvent.objects.filter(file=f).exists()


@pytest.mark.parametrize("name", ["send_back", "verify", "reject", "start_notice", "approve", "review", "exit"])
def test_the_grassroots_union_may_not_do_the_verifiers_steps(city: City, name: str) -> None:
    start = next(iter(workflow.TRANSITIONS[name].sources))
    f = hardship_file(city.u1, status=start)
    with pytest.raises(PermissionDenied):
        run(city, "chair_u1", f, name, "理由")
    assert one_event(f"hardship_file.{name}", success=False).reason.startswith("permission_denied")
    f.refresh_from_db()
    assert f.status == start


@pytest.mark.parametrize("name", sorted(workflow.TRANSITIONS))
def test_a_reviewer_gets_permission_denied_and_an_outsider_not_found(city: City, name: str) -> None:
    start = next(iter(workflow.TRANSITIONS[name].sources))
    f = hardship_file(city.u1, status=start)
    with pytest.raises(PermissionDenied):
        run(city, "reviewer_d1", f, name, "理由")
    with pytest.raises(NotFound):
        run(city, "outsider", f, name, "理由")
    failures = events(f"hardship_file.{name}", success=False)
    assert [e.reason.split(":")[0] for e in failures] == ["permission_denied", "not_found"]


def test_verify_needs_a_verification_visit_recorded_after_submission(city: City) -> None:
    f = hardship_file(city.u1, status=S.DRAFT)
    visit(f, VisitKind.VERIFICATION)  # before submission: does not count
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        f = run(city, "chair_u1", f, "submit")
        with pytest.raises(Conflict, match="入户核查记录"):
            run(city, "cadre_t1", f, "verify")
    assert one_event("hardship_file.verify", success=False)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        visit(f, VisitKind.VERIFICATION, on=timezone.localdate())
        f = run(city, "cadre_t1", f, "verify")
    assert f.status == S.VERIFIED
    assert f.verified_on == timezone.localdate()


def test_an_unconfirmed_verification_visit_means_reject_instead(city: City) -> None:
    f = hardship_file(city.u1, status=S.SUBMITTED)
    visit(f, VisitKind.VERIFICATION, confirmed=False)
    with pytest.raises(Conflict, match="不予通过"):
        run(city, "cadre_t1", f, "verify")
    f = run(city, "cadre_t1", f, "reject", "入户核查发现有稳定经营收入。")
    assert f.status == S.REJECTED


def test_starting_the_notice_sets_its_days_from_the_settings(city: City) -> None:
    AssistanceSettings.objects.update_or_create(pk=AssistanceSettings.current().pk, defaults={"notice_days": 7})
    f = hardship_file(city.u1, status=S.VERIFIED)
    f = run(city, "cadre_t1", f, "start_notice")
    today = timezone.localdate()
    assert (f.notice_starts_on, f.notice_ends_on) == (today, today + timedelta(days=7))


def test_approval_waits_until_the_day_after_the_notice_ends(city: City) -> None:
    f = hardship_file(city.u1, status=S.VERIFIED)
    with time_machine.travel(date(2026, 3, 2), tick=False):
        f = run(city, "cadre_t1", f, "start_notice")  # 5 days: ends 2026-03-07
        assert f.notice_ends_on == date(2026, 3, 7)
    with time_machine.travel(date(2026, 3, 7), tick=False), pytest.raises(Conflict, match="公示期满后"):
        run(city, "cadre_t1", f, "approve")
    assert one_event("hardship_file.approve", success=False).reason.startswith("conflict")
    with time_machine.travel(date(2026, 3, 8), tick=False):
        f = run(city, "cadre_t1", f, "approve")
    assert (f.status, f.approved_on) == (S.APPROVED, date(2026, 3, 8))


def test_an_open_objection_blocks_approval_and_an_upheld_one_means_reject(city: City) -> None:
    f = hardship_file(city.u1, status=S.NOTICE)
    _notice_over(f)
    open_one = objection(f)
    with pytest.raises(Conflict, match="尚未处理的异议"):
        run(city, "cadre_t1", f, "approve")
    services.objection_resolve(actor=city.users["cadre_t1"], objection=open_one, upheld=True, resolution="属实")
    with pytest.raises(Conflict, match="不予通过"):
        run(city, "cadre_t1", f, "approve")
    assert len(events("hardship_file.approve", success=False)) == 2
    f = run(city, "cadre_t1", f, "reject", "公示异议成立。")
    assert f.status == S.REJECTED


def test_a_reason_is_required_where_the_table_says_so(city: City) -> None:
    for name, t in workflow.TRANSITIONS.items():
        if not t.needs_reason:
            continue
        f = hardship_file(city.u1, status=next(iter(t.sources)))
        with pytest.raises(ValidationError) as caught:
            run(city, "city_admin", f, name, "  ")
        assert "reason" in caught.value.field_errors
        assert one_event(f"hardship_file.{name}", success=False)


def test_annual_review_needs_a_new_review_visit_and_moves_verified_on(city: City) -> None:
    f = hardship_file(city.u1, status=S.APPROVED)
    HardshipFile.objects.filter(pk=f.pk).update(verified_on=date(2025, 1, 10))
    with pytest.raises(Conflict, match="年审"):
        run(city, "cadre_t1", f, "review")
    visit(f, VisitKind.REVIEW, on=timezone.localdate() - timedelta(days=2))
    f = run(city, "cadre_t1", f, "review")
    assert f.verified_on == timezone.localdate() - timedelta(days=2)
    with pytest.raises(Conflict, match="年审"):  # the same visit does not serve twice
        run(city, "cadre_t1", f, "review")


def test_an_unconfirmed_review_visit_refuses_the_review(city: City) -> None:
    f = hardship_file(city.u1, status=S.APPROVED)
    visit(f, VisitKind.REVIEW, confirmed=False)
    with pytest.raises(Conflict, match="解困"):
        run(city, "cadre_t1", f, "review")


def test_exit_records_the_day_and_reason_and_follow_up_needs_a_visit_after_it(city: City) -> None:
    f = hardship_file(city.u1, status=S.APPROVED)
    f = run(city, "cadre_t1", f, "exit", "子女就业，家庭收入稳定。")
    assert (f.exited_on, f.exit_reason) == (timezone.localdate(), "子女就业，家庭收入稳定。")
    visit(f, VisitKind.FOLLOW_UP, on=timezone.localdate() - timedelta(days=3))  # before the exit: no
    with pytest.raises(Conflict, match="回访记录"):
        run(city, "chair_u1", f, "follow_up")
    visit(f, VisitKind.FOLLOW_UP)
    f = run(city, "chair_u1", f, "follow_up")
    assert f.followed_up_on == timezone.localdate()


def test_the_buttons_offered_follow_status_and_role(city: City) -> None:
    f = hardship_file(city.u1, status=S.SUBMITTED)
    names = lambda who: [t.name for t in workflow.available(city.users[who], f)]  # noqa: E731
    assert names("chair_u1") == []
    assert names("cadre_t1") == ["send_back", "verify", "reject"]
    assert names("reviewer_d1") == []
    assert names("outsider") == []


def test_a_full_life_reads_as_its_history(city: City) -> None:
    c, f = city, hardship_file(city.u1, status=S.DRAFT)
    steps: list[tuple[str, str, Any]] = [
        ("chair_u1", "submit", None),
        ("cadre_t1", "verify", _verification),
        ("cadre_t1", "start_notice", None),
    ]
    for who, name, prepare in steps:
        if prepare:
            prepare(f)
        f = run(c, who, f, name)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        f = run(c, "cadre_t1", f, "approve")
    assert list(f.events.values_list("transition", flat=True)) == ["submit", "verify", "start_notice", "approve"]
