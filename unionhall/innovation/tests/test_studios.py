"""Innovation studios' services and scope: a studio is registered at a union with members of its subtree, its
results are linked only when its members made them and its verified benefit is the sum of theirs, the
federation above reviews it once a year (a second review of the year is refused in Chinese, also under the
constraint), two 不合格 years in a row flag it, revoke and restore are the federation above's, and a union
sees only its subtree's studios."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.innovation import studio_selectors, studio_services, studio_workflow
from unionhall.innovation.models import (
    StudioEvent,
    StudioLevel,
    StudioRating,
    StudioReview,
    StudioStatus,
)
from unionhall.innovation.tests.studio_support import review_pdf, studio, studio_patent, studio_submission
from unionhall.innovation.tests.support import member, submission
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def _review(c: City, s, year: int, rating: str, who: str = "cadre_t1"):  # type: ignore[no-untyped-def]
    return studio_services.studio_review_record(
        actor=c.users[who], studio=s, year=year, rating=rating, comment="按考评办法评定。", upload=review_pdf()
    )


def test_a_studio_is_registered_with_its_lead_always_among_its_members(city: City) -> None:
    lead, other = member(city.u1, "赵劳模"), member(city.b1, "钱工匠")  # a branch's member is of U1's subtree
    s = studio_services.studio_create(
        actor=city.users["chair_u1"],
        org=city.u1,
        name="赵劳模创新工作室",
        level=StudioLevel.PROVINCIAL,
        lead=lead,
        lead_title="江苏省劳动模范",
        founded_on=dt.date(2020, 4, 28),
        members=[other],
    )
    assert set(s.members.values_list("person_id", flat=True)) == {lead.pk, other.pk}
    assert (s.status, s.lead_title, s.flagged) == (StudioStatus.ACTIVE, "江苏省劳动模范", False)


def test_every_error_of_a_studio_is_said_at_once_in_chinese(city: City) -> None:
    stranger = member(city.u3, "孙外人")
    with pytest.raises(ValidationError) as caught:
        studio_services.studio_create(
            actor=city.users["chair_u1"],
            org=city.u1,
            name=" ",
            level="county",
            lead=stranger,
            founded_on=timezone.localdate() + dt.timedelta(days=1),
            members=[],
        )
    errors = caught.value.field_errors
    assert errors["name"] == ["请填写工作室名称。"]
    assert "市级、省级或全国" in errors["level"][0]
    assert errors["founded_on"] == ["命名日期不能晚于今天。"]
    assert "不是本工会（含下级）在会会员" in errors["lead"][0]


def test_a_second_studio_of_the_same_name_at_a_union_is_refused(city: City) -> None:
    studio(city, name="同名工作室")
    with pytest.raises(ValidationError) as caught:
        studio(city, name="同名工作室")
    assert caught.value.field_errors["name"] == ["本工会已有同名的创新工作室。"]
    studio(city, org=city.u3, name="同名工作室")  # another union may use the name


def test_editing_replaces_the_members_and_keeps_the_lead(city: City) -> None:
    s = studio(city)
    newcomer = member(city.u1, "周新人")
    studio_services.studio_update(
        actor=city.users["chair_u1"],
        studio=s,
        name="张建国技能大师工作室",
        level=StudioLevel.NATIONAL,
        lead=s.lead,
        founded_on=s.founded_on,
        members=[newcomer],
    )
    s.refresh_from_db()
    assert (s.name, s.level) == ("张建国技能大师工作室", StudioLevel.NATIONAL)
    assert set(s.members.values_list("person_id", flat=True)) == {s.lead_id, newcomer.pk}


def test_results_link_only_when_a_studio_member_made_them_and_benefit_sums_the_verified(city: City) -> None:
    s = studio(city)
    verified = studio_submission(s, benefit_fen=120_000_00, title="刀具寿命提升")
    pending = studio_submission(s, title="冷却液循环过滤改造")
    patent = studio_patent(s)
    studio_services.studio_results_link(
        actor=city.users["chair_u1"], studio=s, submissions=[verified, pending], patents=[patent]
    )
    row = studio_selectors.with_results(studio_selectors.studios_for(city.users["cadre_d1"])).get(pk=s.pk)
    assert (row.n_members, row.n_submissions, row.n_patents, row.benefit_fen) == (2, 2, 1, 120_000_00)
    strangers = submission(city)  # filed for another member of U1, none of the studio's
    foreign = submission(city, org=city.u3, title="西区成果")
    with pytest.raises(ValidationError) as caught:
        studio_services.studio_results_link(
            actor=city.users["chair_u1"], studio=s, submissions=[strangers, foreign, verified]
        )
    said = caught.value.field_errors["submissions"]
    assert said == [
        f"{strangers.no} 的成员中没有本工作室成员。",
        f"{foreign.no} 不属于本工作室所属工会（含下级）。",
        f"{verified.no} 已关联本工作室。",
    ]
    studio_services.studio_result_unlink(actor=city.users["chair_u1"], studio=s, submission=verified)
    row = studio_selectors.with_results(studio_selectors.studios_for(city.users["cadre_d1"])).get(pk=s.pk)
    assert (row.n_submissions, row.benefit_fen) == (1, 0)


def test_the_federation_above_reviews_once_a_year_and_a_second_review_is_refused(city: City) -> None:
    s = studio(city)
    review = _review(city, s, 2024, StudioRating.EXCELLENT)
    assert review.reviewer_org == city.t1 and review.evidence.count() == 1
    with pytest.raises(ValidationError) as caught:
        _review(city, s, 2024, StudioRating.PASS, who="cadre_d1")
    assert caught.value.field_errors["year"] == ["该工作室 2024 年度已考评（优秀），每年只考评一次。"]
    with pytest.raises(PermissionDenied):
        _review(city, s, 2025, StudioRating.PASS, who="chair_u1")  # its own union sees it, may not review
    with pytest.raises(NotFound):
        _review(city, s, 2025, StudioRating.PASS, who="outsider")
    assert StudioReview.objects.filter(studio=s).count() == 1


def test_the_database_holds_one_review_a_studio_and_year(city: City) -> None:
    s = studio(city)
    _review(city, s, 2024, StudioRating.PASS)
    with pytest.raises(IntegrityError), transaction.atomic():
        StudioReview.objects.create(studio=s, year=2024, rating=StudioRating.FAIL, comment="重复", reviewer_org=city.t1)


def test_a_review_needs_its_year_rating_comment_and_evidence(city: City) -> None:
    s = studio(city)
    with pytest.raises(ValidationError) as caught:
        studio_services.studio_review_record(
            actor=city.users["cadre_t1"], studio=s, year=2019, rating="", comment=" ", upload=None
        )
    errors = caught.value.field_errors
    assert errors["year"] == ["工作室 2021 年命名，不能考评此前的年度。"]
    assert set(errors) == {"year", "rating", "comment", "upload"}
    with pytest.raises(ValidationError) as caught:
        _review(city, s, timezone.localdate().year + 1, StudioRating.PASS)
    assert caught.value.field_errors["year"] == ["不能考评尚未到来的年度。"]


def test_two_failed_years_in_a_row_flag_the_studio_and_a_gap_does_not(city: City) -> None:
    s, other = studio(city), studio(city, name="另一工作室")
    _review(city, s, 2022, StudioRating.FAIL)
    _review(city, s, 2024, StudioRating.FAIL)
    s.refresh_from_db()
    assert not s.flagged  # 2022 and 2024 are not in a row
    _review(city, s, 2023, StudioRating.FAIL)  # recorded late, it joins them
    s.refresh_from_db()
    assert s.flagged
    _review(city, other, 2023, StudioRating.FAIL)
    _review(city, other, 2024, StudioRating.PASS)
    other.refresh_from_db()
    assert not other.flagged
    flagged = studio_selectors.studios_for(city.users["cadre_d1"]).filter(flagged=True)
    assert list(flagged) == [s]


def test_revoke_and_restore_are_the_federation_above_s_with_a_reason(city: City) -> None:
    s = studio(city)
    with pytest.raises(PermissionDenied):
        studio_services.studio_revoke(actor=city.users["chair_u1"], studio=s, reason="自行撤销")
    with pytest.raises(ValidationError):
        studio_services.studio_revoke(actor=city.users["cadre_t1"], studio=s, reason=" ")
    s = studio_services.studio_revoke(actor=city.users["cadre_t1"], studio=s, reason="连续两年考评不合格")
    assert s.status == StudioStatus.REVOKED
    with pytest.raises(Conflict):
        _review(city, s, 2024, StudioRating.PASS)  # a revoked studio is not reviewed
    with pytest.raises(Conflict):
        studio_services.studio_result_unlink(actor=city.users["chair_u1"], studio=s, submission=studio_submission(s))
    s = studio_services.studio_restore(actor=city.users["cadre_d1"], studio=s, reason="整改到位")
    assert s.status == StudioStatus.ACTIVE
    assert list(StudioEvent.objects.filter(studio=s).values_list("step", "reason")) == [
        ("revoke", "连续两年考评不合格"),
        ("restore", "整改到位"),
    ]


def test_the_federation_above_a_branch_s_studio_is_the_street_not_the_enterprise_union(city: City) -> None:
    s = studio(city, org=city.b1)
    assert studio_workflow.upper_federation(s.org) == city.t1
    assert studio_workflow.upper_federation(city.t1) == city.d1
    assert studio_workflow.upper_federation(city.city) == city.city


def test_a_union_sees_only_its_subtree_s_studios(city: City) -> None:
    ours, theirs = studio(city), studio(city, org=city.u3, name="西区工作室")
    assert list(studio_selectors.studios_for(city.users["chair_u1"])) == [ours]
    assert list(studio_selectors.studios_for(city.users["outsider"])) == [theirs]
    assert set(studio_selectors.studios_for(city.users["city_admin"])) == {ours, theirs}
    with pytest.raises(NotFound):
        studio_selectors.studio_for_user_or_404(city.users["chair_u3"], ours.pk)


def test_studios_await_the_year_s_review_from_the_review_month_on(city: City, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STUDIO_REVIEW_MONTH = 11
    s = studio(city)
    studio(city, name="今年命名", founded_on=dt.date(2026, 3, 1))
    studio(city, org=city.u3, name="西区工作室")
    studio(city, org=city.t1, name="街道工作室", members_at=city.u1)  # its federation above is 东区, not 东一街道
    november, june = dt.date(2026, 11, 2), dt.date(2026, 6, 1)
    t1 = city.users["cadre_t1"]
    assert studio_selectors.due_for_review(t1, june).count() == 0
    assert studio_selectors.due_for_review(t1, november).count() == 2
    assert studio_selectors.due_for_review(city.users["cadre_d1"], november).count() == 3
    assert studio_selectors.due_for_review(city.users["chair_u1"], november).count() == 0
    assert studio_selectors.due_for_review(city.users["city_admin"], november).count() == 4
    StudioReview.objects.create(studio=s, year=2026, rating=StudioRating.PASS, comment="合格", reviewer_org=city.t1)
    assert studio_selectors.due_for_review(t1, november).count() == 1
    studio_services.studio_revoke(actor=SYSTEM, studio=studio(city, name="将撤销"), reason="撤销")
    assert studio_selectors.due_for_review(t1, november).count() == 1
