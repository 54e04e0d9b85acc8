"""我的维权 after filing: the worker follows the request as the union handles it through the rights services,
reads only the history lines meant for them, adds information and rates the result once; nobody else's
login reaches these pages, and nobody else's case reaches the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from unionhall.core.models import AuditEvent
from unionhall.notifications.models import Notification
from unionhall.rights import services as rights
from unionhall.rights.models import Case, CaseAttachment, CaseEvent, CaseStatus
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import Mine, case_of, other_world

pytestmark = pytest.mark.usefixtures("media")

STAFF = ["chair_u1", "cadre_t1", "cadre_d1", "reviewer_d1", "city_admin", "sysadmin", "outsider", "chair_u3"]
OTHERS = [*STAFF, "info_u1", "merchant_d1", "nobody"]


def _file(client: Client) -> Case:
    data = {
        "category": "wage_arrears",
        "summary": "公司拖欠 3 个月工资",
        "employer": "东方机械有限公司",
        "worker_count": "1",
        "phone": "13800001111",
    }
    assert client.post(reverse("worker_portal:case_new"), data).status_code == 302
    return Case.objects.latest("id")


def _page(client: Client, case: Case | None, name: str = "worker_portal:case") -> str:
    response = client.get(reverse(name, kwargs={"pk": case.pk} if case is not None else {}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_worker_follows_the_request_from_filing_to_the_result(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    chair = city.users["chair_u1"]
    text = _page(client, case)
    due = timezone.localtime(case.due_at)
    assert "已提交，待受理" in text and f"{due:%Y-%m-%d} 前" in text and "提交维权申请" in text

    rights.case_accept(actor=chair, case=case)
    text = _page(client, case)
    assert "办理中" in text and "工会已受理，开始办理" in text

    rights.case_start_mediation(actor=chair, case=case)
    assert "调解中" in _page(client, case)
    rights.mediation_record(
        actor=chair, case=case, held_on=timezone.localdate(), mediator="张调解", result="agreed", amount="12000"
    )
    rights.case_end_mediation(actor=chair, case=case, reason="达成调解协议")
    text = _page(client, case)
    held = timezone.localdate()
    assert f"{held.year}年{held.month}月{held.day}日调解：达成调解协议，协议金额 12,000.00 元" in text
    assert "调解结束，继续办理" in text

    rights.case_close(actor=chair, case=case, outcome="企业已分两期补发全部工资。", wages_recovered="12000")
    text = _page(client, case)
    assert "已办结" in text and "企业已分两期补发全部工资。" in text and "12,000.00" in text
    assert "评价办理结果" in text and "补充材料" not in text
    told = Notification.objects.get(kind="rights.case_closed")
    assert (told.user, told.url) == (city.users["worker_u1"], reverse("worker_portal:case", kwargs={"pk": case.pk}))
    # The list and the home page read the same words.
    assert "已办结" in _page(client, None, "worker_portal:cases").replace(case.no, "")
    assert case.summary in client.get(reverse("worker_portal:home")).content.decode()


def test_internal_notes_handlers_and_share_details_stay_with_the_union(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    chair = city.users["chair_u1"]
    rights.case_note_add(actor=chair, case=case, note="内部：老板与区里某领导相熟，注意方式")
    rights.case_assign(actor=chair, case=case, handler=city.users["cadre_t1"])
    rights.case_share(actor=chair, case=case, org=city.d2)
    rights.case_share(actor=chair, case=case, partner_name="南部县总工会", partner_contact="王主席 13911112222")
    rights.case_legal_aid_refer(actor=chair, case=case, note="转介东区法律援助中心，律师：刘某")
    text = _page(client, case)
    assert "户籍地工会协同办理（双向维权）" in text
    assert "已为您转介法律援助" in text
    for secret in ("老板与区里某领导相熟", "cadre_t1", "西区总工会", "南部县总工会", "13911112222", "刘某"):
        assert secret not in text, secret


def test_a_transfer_reads_as_moved_to_the_new_union_without_the_reason(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    rights.case_transfer(actor=city.users["chair_u1"], case=case, to_org=city.t1, reason="涉及多家企业，由街道统筹")
    text = _page(client, case)
    assert "已转至 东一街道总工会 办理" in text and "东一街道总工会办理" in text
    assert "由街道统筹" not in text


def test_an_overdue_escalation_is_shown_in_plain_words(city: City, mine: Mine) -> None:
    from unionhall.rights.sweep import deadline_sweep
    from unionhall.rights.tasks import SWEEPER

    client = city.client("worker_u1")
    case = _file(client)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(days=1))
    deadline_sweep(actor=SWEEPER)
    assert "已超过办理期限，上级工会督办中" in _page(client, case)


def test_adding_information_records_an_info_line_with_the_file_and_tells_the_union(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    Notification.objects.all().delete()
    assert "补充说明" in _page(client, case, "worker_portal:case_info")
    pdf = SimpleUploadedFile("考勤记录.pdf", b"%PDF-1.4 clock", content_type="application/pdf")
    url = reverse("worker_portal:case_info", kwargs={"pk": case.pk})
    response = client.post(url, {"note": "找到了 8 月至 10 月的考勤记录", "upload": pdf})
    assert response.status_code == 302 and response["Location"] == reverse("worker_portal:case", kwargs={"pk": case.pk})
    event = CaseEvent.objects.get(case=case, kind="info")
    assert event.actor == city.users["worker_u1"]
    assert event.note == "找到了 8 月至 10 月的考勤记录（附：考勤记录.pdf）"
    attachment = CaseAttachment.objects.get(case=case)
    assert (attachment.name, attachment.uploaded_by) == ("考勤记录.pdf", city.users["worker_u1"])
    assert {n.user.username for n in Notification.objects.filter(kind="rights.case_info")} == {"chair_u1"}
    text = _page(client, case)
    assert "您补充了材料：找到了 8 月至 10 月的考勤记录" in text and "考勤记录.pdf" in text
    audit = AuditEvent.objects.filter(action="case.info_add").get()
    assert (audit.success, audit.actor_name) == (True, "worker_u1")


def test_empty_or_disguised_information_is_refused_next_to_the_field(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    url = reverse("worker_portal:case_info", kwargs={"pk": case.pk})
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and response.context["form"].errors["note"]
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    response = client.post(url, {"note": "劳动合同", "upload": fake})
    assert response.status_code == 200 and response.context["form"].errors["upload"]
    assert "劳动合同" in response.content.decode()
    assert not CaseEvent.objects.filter(kind="info").exists() and not CaseAttachment.objects.exists()


def test_information_on_a_closed_request_is_refused(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    rights.case_close(actor=city.users["chair_u1"], case=case, outcome="已补发")
    assert "不能再补充材料" in _page(client, case, "worker_portal:case_info")
    response = client.post(reverse("worker_portal:case_info", kwargs={"pk": case.pk}), {"note": "还有一份材料"})
    assert response.status_code == 200 and "不能补充材料" in response.content.decode()
    assert not CaseEvent.objects.filter(kind="info").exists()


def test_the_worker_rates_a_closed_request_once(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    url = reverse("worker_portal:case_rate", kwargs={"pk": case.pk})
    assert "办结后才能评价" in _page(client, case, "worker_portal:case_rate")
    assert client.post(url, {"satisfaction": "5"}).status_code == 200
    assert Case.objects.get(pk=case.pk).satisfaction is None

    rights.case_close(actor=city.users["chair_u1"], case=case, outcome="已补发", wages_recovered=900_000)
    response = client.post(url, {"note": "很及时"})
    assert response.context["form"].errors["satisfaction"] == ["请选择 1 至 5 星。"]
    assert "很及时" in response.content.decode()
    assert client.post(url, {"satisfaction": "4", "note": "很及时"}).status_code == 302
    case.refresh_from_db()
    assert (case.satisfaction, case.satisfaction_note) == (4, "很及时")
    assert "您的评价：4 星：很及时" in _page(client, case)

    again = client.post(url, {"satisfaction": "1", "note": "改主意了"})
    assert again.status_code == 200 and "本案已评价过。" in again.content.decode()
    case.refresh_from_db()
    assert case.satisfaction == 4
    rated = AuditEvent.objects.filter(action="case.rate").order_by("id")
    # Refused before the close, refused without stars, rated, refused the second time.
    assert [e.success for e in rated] == [False, False, True, False]
    assert {e.actor_name for e in rated} == {"worker_u1"}
    assert "评价办理结果" not in _page(client, case)


def test_a_case_taken_in_by_phone_about_me_is_mine_too(city: City, mine: Mine) -> None:
    case = case_of(mine.profile, city.u1, employer=city.e1, summary="工伤认定咨询")
    client = city.client("worker_u1")
    assert "工伤认定咨询" in _page(client, None, "worker_portal:cases")
    assert "工会登记了您的诉求" in _page(client, case)


# --- nobody else's ------------------------------------------------------------------------------------


def _routes(case: Case) -> list[str]:
    return [
        reverse(n, kwargs={"pk": case.pk})
        for n in ("worker_portal:case", "worker_portal:case_info", "worker_portal:case_rate")
    ]


def test_another_workers_case_answers_404_like_a_missing_one_and_the_try_is_recorded(city: City, mine: Mine) -> None:
    theirs = other_world(city)
    their_case = case_of(theirs.profile, city.u1, employer=city.e1, status=CaseStatus.CLOSED, summary="赵红的欠薪")
    client = city.client("worker_u1")
    for url in _routes(their_case):
        assert client.get(url).status_code == 404
    missing = client.get(reverse("worker_portal:case", kwargs={"pk": 999_999}))
    assert missing.status_code == 404
    assert client.post(_routes(their_case)[1], {"note": "偷看"}).status_code == 404
    assert client.post(_routes(their_case)[2], {"satisfaction": "1"}).status_code == 404
    their_case.refresh_from_db()
    assert their_case.satisfaction is None and not CaseEvent.objects.filter(kind="info").exists()
    refused = AuditEvent.objects.filter(action="worker.case_view", success=False, object_id=str(their_case.pk))
    assert refused.exists() and refused.first().actor_name == "worker_u1"  # type: ignore[union-attr]
    assert "赵红的欠薪" not in client.get(reverse("worker_portal:cases")).content.decode()
    assert "赵红的欠薪" not in client.get(reverse("worker_portal:home")).content.decode()


def test_the_other_worker_gets_404_on_my_case(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    case = _file(client)
    theirs = other_world(city)
    other = Client()
    other.force_login(theirs.profile.user)
    for url in _routes(case):
        assert other.get(url).status_code == 404
    assert case.summary not in other.get(reverse("worker_portal:cases")).content.decode()


@pytest.mark.parametrize("actor", OTHERS)
def test_no_cadre_or_outsider_reaches_a_workers_case_pages(city: City, mine: Mine, actor: str) -> None:
    case = case_of(mine.profile, city.u1, employer=city.e1, status=CaseStatus.CLOSED)
    client = city.client(actor)
    for url in [reverse("worker_portal:cases"), reverse("worker_portal:case_new"), *_routes(case)]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("worker_portal:case_new"), {"summary": "x"}).status_code == 404
    assert client.post(_routes(case)[2], {"satisfaction": "5"}).status_code == 404
    case.refresh_from_db()
    assert case.satisfaction is None
    assert Case.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(city: City, mine: Mine) -> None:
    case = case_of(mine.profile, city.u1, employer=city.e1)
    for url in _routes(case):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_home_page_offers_to_file_when_there_is_no_case_yet(city: City, mine: Mine) -> None:
    text = city.client("worker_u1").get(reverse("worker_portal:home")).content.decode()
    assert 'data-testid="my-cases"' in text and reverse("worker_portal:case_new") in text
    assert "可以请工会帮您维权" in text
