"""Filing a submission and its life: every error at once; members of the union with one lead; a worker
files from /me/; review before a panel, the panel's result on the page, adopt, implement, verify the benefit
with its evidence; scoped pages and API (another district's submission is 404)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from unionhall.accounts.models import User
from unionhall.core.errors import PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.innovation import services
from unionhall.innovation.models import Channel, Kind, Status, Submission, SubmissionEvent
from unionhall.innovation.tests.support import TEXT, member, panel, pdf, submission
from unionhall.members.models import Membership
from unionhall.panels import services as panels
from unionhall.panels.models import PanelSubject
from unionhall.tests import factories
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City

pytestmark = pytest.mark.django_db


def test_every_error_of_a_submission_is_given_at_once(city: City) -> None:
    outsider = member(city.u3)
    problems = services.submission_problems(
        org=city.t1, kind="x", title="", content="太短", members=[outsider], expected_benefit_fen=-1
    )
    assert set(problems) == {"org", "kind", "title", "content", "expected_benefit"}
    problems = services.submission_problems(
        org=city.u1, kind=Kind.BREAKTHROUGH, title="攻关", content=TEXT, members=[outsider]
    )
    assert problems == {"members": [f"不是本工会在会会员：{outsider.name}。"]}


def test_the_form_shows_every_error_at_its_field_and_saves_nothing(city: City) -> None:
    answer = city.client("chair_u1").post(
        reverse("innovation:create"),
        {
            "org": city.u1.code,
            "kind": "",
            "title": "",
            "content": "短",
            "members": "GH9999999999",
            "expected_benefit": "abc",
        },
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert set(errors) >= {"kind", "title", "content", "members", "expected_benefit"}
    assert "没有找到这些在会会员：GH9999999999。" in errors["members"]
    assert not Submission.objects.exists()


def test_a_union_files_a_team_submission_with_its_lead(city: City) -> None:
    a, b = member(city.u1, "甲"), member(city.u1, "乙")
    numbers = dict(Membership.objects.filter(person__in=[a, b]).values_list("person_id", "member_no"))
    answer = city.client("chair_u1").post(
        reverse("innovation:create"),
        {
            "org": city.u1.code,
            "kind": Kind.SMALL_INVENTION,
            "title": "快换夹具",
            "content": TEXT,
            "members": f"{numbers[b.pk]}\n{numbers[a.pk]}",
            "expected_benefit": "12,000.50",
        },
    )
    assert answer.status_code == 302
    s = Submission.objects.get()
    assert s.no.startswith("CX") and s.expected_benefit_fen == 1_200_050 and s.is_team
    assert s.members.get(is_lead=True).person_id == b.pk
    assert AuditEvent.objects.filter(action="submission.file", success=True).count() == 1


def test_a_worker_files_a_proposal_from_me_at_their_union(city: City) -> None:
    profile = factories.link(city.users["worker_u1"], city.u1, "李工人", phone="13900009992")
    client = city.client("worker_u1")
    answer = client.post(
        reverse("worker_portal:idea_new"), {"kind": Kind.SMALL_SUGGESTION, "title": "更衣柜编号", "content": TEXT}
    )
    assert answer.status_code == 302
    s = Submission.objects.get()
    assert s.org == city.u1 and s.channel == Channel.PORTAL
    assert s.members.get().person_id == profile.person_id
    page = client.get(reverse("worker_portal:ideas")).content.decode()
    assert "更衣柜编号" in page and "已申报" in page
    # and the chair sees it to forward
    assert "更衣柜编号" in city.client("cadre_t1").get(reverse("innovation:list")).content.decode()


def test_a_worker_refused_sees_every_error(city: City) -> None:
    factories.link(city.users["worker_u1"], city.u1, "李工人", phone="13900009993")
    answer = city.client("worker_u1").post(
        reverse("worker_portal:idea_new"), {"kind": "", "title": "", "content": "短"}
    )
    assert answer.status_code == 200
    assert set(answer.context["form"].errors) >= {"kind", "title", "content"}


def test_a_submission_goes_through_its_whole_life(city: City) -> None:
    s = submission(city)
    p = panel(city)
    cadre = city.users["cadre_d1"]
    client = city.client("cadre_d1")
    answer = client.post(reverse("innovation:step", args=[s.pk, "review"]), {"panel": p.pk})
    assert answer.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.UNDER_REVIEW and s.panel == p
    subject = PanelSubject.objects.get(panel=p, ref=s.pk)
    judge = User.objects.create_user(username="judge", password="x-Pass-123")
    panels.panel_member_add(actor=SYSTEM, panel=p, user=judge)
    first, second = p.criteria.all()
    panels.panel_score(actor=judge, subject=subject, values={first.pk: 8, second.pk: 9})
    page = client.get(reverse("innovation:submission", args=[s.pk])).content.decode()
    assert "评审得分 <strong>85.00</strong>" in page
    services.submission_adopt(actor=cadre, submission=s)
    services.submission_implement(actor=city.users["chair_u1"], submission=s)
    answer = client.post(
        reverse("innovation:step", args=[s.pk, "verify_benefit"]), {"benefit": "150000", "upload": pdf()}
    )
    assert answer.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.BENEFIT_VERIFIED and s.verified_benefit_fen == 15_000_000
    assert s.evidence.count() == 1
    assert [e.step for e in SubmissionEvent.objects.filter(submission=s)] == [
        "review",
        "adopt",
        "implement",
        "verify_benefit",
    ]
    # the reward is the rewards module's: no button for it
    page = client.get(reverse("innovation:submission", args=[s.pk])).content.decode()
    assert 'data-step="reward"' not in page
    services.submission_reward(actor=SYSTEM, submission=s)
    s.refresh_from_db()
    assert s.status == Status.REWARDED


def test_verifying_a_benefit_needs_the_amount_and_the_evidence_at_once(city: City) -> None:
    s = submission(city)
    Submission.objects.filter(pk=s.pk).update(status=Status.IMPLEMENTED)
    with pytest.raises(ValidationError) as refused:
        services.submission_verify_benefit(actor=city.users["cadre_d1"], submission=s, benefit_fen=None, upload=None)
    assert set(refused.value.field_errors) == {"benefit", "upload"}


def test_a_grassroots_chair_may_not_adopt_but_sees_the_submission(city: City) -> None:
    s = submission(city)
    Submission.objects.filter(pk=s.pk).update(status=Status.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        services.submission_adopt(actor=city.users["chair_u1"], submission=s)


def test_another_districts_submission_is_404_on_every_page_and_the_api(city: City) -> None:
    s = submission(city)
    client = city.client("outsider")
    for url in (
        reverse("innovation:submission", args=[s.pk]),
        reverse("innovation:step", args=[s.pk, "review"]),
        f"/api/v1/innovation/submissions/{s.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert s.title not in client.get("/api/v1/innovation/submissions/").content.decode()


def test_the_api_files_a_submission_and_answers_with_the_similar_ones(city: City) -> None:
    original = submission(city, content=TEXT)
    person = member(city.u1)
    client = city.client("chair_u1")
    body = {
        "org": city.u1.pk,
        "kind": "innovation",
        "title": "刀具寿命",
        "content": "提升数控车床刀具使用寿命。采用涂层刀片并优化切削参数，减少刀具磨损，延长寿命，预计每年节省刀具费用十万元左右。",
        "members": [person.pk],
    }
    answer = client.post("/api/v1/innovation/submissions/", body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["similar"][0]["id"] == original.pk and Decimal(data["similar"][0]["score"]) >= Decimal("0.2")
    got = client.get(f"/api/v1/innovation/submissions/{data['id']}").json()
    assert got["members"] == [person.pk] and got["flagged"] is True
    listed = client.get("/api/v1/innovation/submissions/").json()
    assert {r["id"] for r in (listed["items"] if isinstance(listed, dict) else listed)} == {original.pk, data["id"]}


def test_the_api_refuses_a_member_of_another_union_in_chinese(city: City) -> None:
    stranger = member(city.u3)
    body = {"org": city.u1.pk, "kind": "innovation", "title": "x", "content": TEXT, "members": [stranger.pk]}
    answer = city.client("chair_u1").post("/api/v1/innovation/submissions/", body, content_type="application/json")
    assert answer.status_code == 400
    assert "不是本工会在会会员" in answer.content.decode()


def test_the_list_filters_flagged_and_exports(city: City) -> None:
    submission(city, title="原始方案", content=TEXT)
    submission(
        city, title="改写方案", content="提升数控车床刀具使用寿命。采用涂层刀片并优化切削参数，减少刀具磨损，延长寿命。"
    )
    client = city.client("cadre_d1")
    page = client.get(reverse("innovation:list") + "?flagged=1").content.decode()
    assert "改写方案" in page and "原始方案" not in page
    assert client.get(reverse("innovation:export")).status_code == 200


def test_a_patent_is_recorded_against_a_submission(city: City) -> None:
    s = submission(city)
    answer = city.client("chair_u1").post(
        reverse("innovation:patent_create"),
        {
            "org": city.u1.code,
            "kind": "utility",
            "number": "ZL202320123456.7",
            "title": "一种刀具夹持装置",
            "filed_on": "2023-03-01",
            "granted_on": "2022-01-01",
            "holders": "东方机械有限公司",
            "submission": s.no,
        },
    )
    assert answer.status_code == 200
    assert "授权日不能早于申请日。" in answer.context["form"].errors["granted_on"]
    services.patent_record(
        actor=city.users["chair_u1"],
        org=city.u1,
        kind="utility",
        number="ZL202320123456.7",
        title="一种刀具夹持装置",
        filed_on=date(2023, 3, 1),
        holders="东方机械有限公司",
        submission=s,
    )
    assert (
        "ZL202320123456.7"
        in city.client("cadre_d1").get(reverse("innovation:submission", args=[s.pk])).content.decode()
    )


def test_a_reviewer_from_elsewhere_reads_the_proposal_and_its_near_duplicates_on_the_scoring_form(city: City) -> None:
    original = submission(city, title="原始方案", content=TEXT)
    copy = submission(
        city, title="改写方案", content="提升数控车床刀具使用寿命。采用涂层刀片并优化切削参数，减少刀具磨损，延长寿命。"
    )
    p = panel(city)
    services.submission_review(actor=city.users["cadre_d1"], submission=copy, panel=p)
    judge = User.objects.create_user(username="judge", password="x-Pass-123")
    panels.panel_member_add(actor=SYSTEM, panel=p, user=judge)
    client = city.client("outsider")
    client.force_login(judge)
    assert client.get(reverse("innovation:submission", args=[copy.pk])).status_code == 404
    subject = PanelSubject.objects.get(panel=p, ref=copy.pk)
    page = client.get(reverse("panels:score", args=[subject.pk])).content.decode()
    assert "采用涂层刀片并优化切削参数" in page
    assert f"{original.no}（相似度" in page and "疑似重复" in page
    assert "原始方案" not in page  # another submission's title stays with who may see it


def test_a_worker_s_own_proposal_waits_for_the_union_s_recommendation_before_review(city: City) -> None:
    from unionhall.core.errors import Conflict, NotFound
    from unionhall.innovation import todo

    own = submission(city, channel=Channel.PORTAL)
    by_union = submission(city, title="包装线换型时间缩短")
    assert (own.status, by_union.status) == (Status.SUBMITTED, Status.FORWARDED)  # filing is the union's word
    with pytest.raises(Conflict):
        services.submission_review(actor=city.users["cadre_d1"], submission=own, panel=panel(city))
    labels = {item["label"]: item["count"] for item in todo.todo(city.users["chair_u1"])}
    assert labels["待推荐上报的职工创新成果"] == 1
    with pytest.raises(NotFound):  # another district's union
        services.submission_forward(actor=city.users["chair_u3"], submission=own)
    forwarded = services.submission_forward(actor=city.users["chair_u1"], submission=own)
    assert forwarded.status == Status.FORWARDED
    assert SubmissionEvent.objects.filter(submission=own, step="forward", to_status=Status.FORWARDED).exists()
    labels = {item["label"]: item["count"] for item in todo.todo(city.users["cadre_t1"])}
    assert labels["待送评审的创新成果"] == 2 and "待推荐上报的职工创新成果" not in labels
    reviewed = services.submission_review(actor=city.users["cadre_d1"], submission=own, panel=panel(city))
    assert reviewed.status == Status.UNDER_REVIEW


def test_a_union_declines_a_proposal_only_with_a_reason_and_an_outsider_finds_nothing(city: City) -> None:
    from unionhall.core.errors import NotFound

    own = submission(city, channel=Channel.PORTAL)
    with pytest.raises(ValidationError):
        services.submission_decline(actor=city.users["chair_u1"], submission=own, reason=" ")
    with pytest.raises(NotFound):
        services.submission_decline(actor=city.users["outsider"], submission=own, reason="重复")
    declined = services.submission_decline(actor=city.users["chair_u1"], submission=own, reason="与现行做法重复")
    assert declined.status == Status.NOT_ADOPTED
    page = city.client("chair_u1").get(reverse("innovation:submission", args=[own.pk])).content.decode()
    assert "与现行做法重复" in page
