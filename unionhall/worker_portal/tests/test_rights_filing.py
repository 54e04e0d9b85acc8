"""申请维权 on the worker's pages: the request is taken in at the worker's union (or the city federation) and
routed to the union covering the employer, whose handlers are told; bad input is answered next to each field
with everything typed kept, and a refused file leaves nothing filed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionhall.core.models import AuditEvent
from unionhall.members.models import Membership, MembershipStatus
from unionhall.notifications.models import Notification
from unionhall.orgs.models import Division
from unionhall.rights.models import Case, CaseAttachment, CaseEvent, CaseSource
from unionhall.tests.city import City
from unionhall.worker_portal.tests.support import Mine

pytestmark = pytest.mark.usefixtures("media")


def _form(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category": "wage_arrears",
        "summary": "公司拖欠 3 个月工资共 1.5 万元",
        "facts": "今年 8 月起公司以资金紧张为由停发工资，多次催要无果。",
        "employer": "东方机械有限公司",
        "worker_count": "1",
        "phone": "13800001111",
    }
    data.update(over)
    return data


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_form_offers_the_employer_of_my_union_and_my_phone(city: City, mine: Mine) -> None:
    response = city.client("worker_u1").get(reverse("worker_portal:case_new"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="东方机械有限公司"' in text  # U1 covers exactly one employer, E1
    assert 'value="13800001111"' in text
    assert "拖欠工资（欠薪）" in text and "加班、工作时间和休假" in text


def test_filing_about_my_employer_reaches_u1_and_tells_its_handlers(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    before = _last_event_id()
    response = client.post(reverse("worker_portal:case_new"), _form())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("worker_portal:case", kwargs={"pk": case.pk})
    assert (case.org, case.intake_org, case.employer, case.source) == (city.u1, city.u1, city.e1, CaseSource.PORTAL)
    assert (case.person, case.contact_name, case.contact_phone) == (mine.profile.person, "李明", "13800001111")
    assert case.created_by == city.users["worker_u1"]
    assert case.events.get(kind="create").actor_name == "worker_u1"
    told = Notification.objects.filter(kind="rights.case_received")
    assert {n.user.username for n in told} == {"chair_u1"}
    assert case.no in told.get().title
    events = AuditEvent.objects.filter(id__gt=before)
    assert [(e.action, e.success, e.actor_name) for e in events] == [("case_request.submit", True, "worker_u1")]
    assert events.get().object_id == str(case.pk) and events.get().org == city.u1


def test_a_request_about_an_employer_in_the_west_goes_to_the_union_covering_it(city: City, mine: Mine) -> None:
    client = city.client("worker_u1")
    response = client.post(reverse("worker_portal:case_new"), _form(employer="西方纺织有限公司"), follow=True)
    case = Case.objects.get()
    assert (case.org, case.intake_org, case.employer) == (city.u3, city.u1, city.e3)
    assert {n.user.username for n in Notification.objects.filter(kind="rights.case_received")} == {"chair_u3"}
    text = response.content.decode()
    assert "由西方纺织公司工会办理" in text  # the confirmation
    assert "按属地转至西方纺织公司工会办理" in text  # the history line


def test_an_employer_typed_by_credit_code_is_found_too(city: City, mine: Mine) -> None:
    city.client("worker_u1").post(reverse("worker_portal:case_new"), _form(employer=city.e3.uscc))
    assert Case.objects.get().org == city.u3


def test_an_unknown_employer_stays_with_my_union(city: City, mine: Mine) -> None:
    city.client("worker_u1").post(reverse("worker_portal:case_new"), _form(employer="某建筑劳务公司"))
    case = Case.objects.get()
    assert (case.org, case.employer, case.employer_text) == (city.u1, None, "某建筑劳务公司")


def test_without_an_open_membership_the_city_takes_it_in_and_routes_it(city: City, mine: Mine) -> None:
    Membership.objects.filter(person=mine.profile.person).update(status=MembershipStatus.LEFT)
    client = city.client("worker_u1")
    assert 'value="东方机械有限公司"' not in client.get(reverse("worker_portal:case_new")).content.decode()
    client.post(reverse("worker_portal:case_new"), _form(employer="西方纺织有限公司"))
    case = Case.objects.get()
    assert (case.intake_org, case.org) == (city.city, city.u3)
    client.post(reverse("worker_portal:case_new"), _form(employer="某建筑劳务公司"))
    assert Case.objects.get(employer_text="某建筑劳务公司").org == city.city


def test_a_bad_request_gets_chinese_errors_next_to_each_field_keeps_what_was_typed_and_files_nothing(
    city: City, mine: Mine
) -> None:
    bad = _form(category="", summary="", employer="", phone="", worker_count="好几个")
    response = city.client("worker_u1").post(reverse("worker_portal:case_new"), bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"category", "summary", "employer", "phone", "worker_count"}
    assert errors["employer"] == ["请填写您所在的用人单位（公司）名称。"]
    assert "请选择诉求类别。" in errors["category"]
    text = response.content.decode()
    assert "今年 8 月起公司以资金紧张为由停发工资" in text and 'value="好几个"' in text
    assert not Case.objects.exists() and not Notification.objects.exists()
    refusal = AuditEvent.objects.get(action="case_request.submit")
    assert (refusal.success, refusal.actor_name) == (False, "worker_u1")


def test_an_attachment_is_stored_with_the_case_and_listed_as_mine(city: City, mine: Mine) -> None:
    pdf = SimpleUploadedFile("工资条.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client = city.client("worker_u1")
    response = client.post(reverse("worker_portal:case_new"), _form(attachment=pdf))
    assert response.status_code == 302
    case = Case.objects.get()
    attachment = CaseAttachment.objects.get()
    assert (attachment.case, attachment.name, attachment.uploaded_by) == (case, "工资条.pdf", city.users["worker_u1"])
    assert attachment.content.read() == b"%PDF-1.4 test"
    text = client.get(reverse("worker_portal:case", kwargs={"pk": case.pk})).content.decode()
    assert "随申请上传材料：工资条.pdf" in text
    assert AuditEvent.objects.filter(action="case_request.submit").count() == 1


def test_a_disguised_attachment_is_refused_next_to_its_field_and_no_case_is_filed(city: City, mine: Mine) -> None:
    fake = SimpleUploadedFile("工资条.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = city.client("worker_u1").post(reverse("worker_portal:case_new"), _form(attachment=fake))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["attachment"]
    assert "已拒收" in errors["attachment"][0]
    assert "公司拖欠 3 个月工资共 1.5 万元" in response.content.decode()
    assert not Case.objects.exists() and not CaseAttachment.objects.exists() and not CaseEvent.objects.exists()
    assert not Notification.objects.exists()


def test_a_migrant_worker_is_told_the_home_place_union_may_help(city: City, mine: Mine) -> None:
    home = Division.objects.create(code="510000000000", name="四川省", level=Division.Level.PROVINCE)
    county = Division.objects.create(code="511321000000", name="南部县", level=Division.Level.COUNTY, parent=home)
    person = mine.profile.person
    person.is_migrant, person.hukou_division = True, county
    person.save(update_fields=["is_migrant", "hukou_division"])
    response = city.client("worker_u1").post(reverse("worker_portal:case_new"), _form(), follow=True)
    text = response.content.decode()
    assert "维权申请已提交" in text
    assert "户籍地的工会协同办理（双向维权）" in text


def test_a_migrant_whose_home_place_union_is_in_the_city_reads_its_name(city: City, mine: Mine) -> None:
    west = Division.objects.create(code="320506000000", name="西区", level=Division.Level.COUNTY)
    city.d2.division = west
    city.d2.save()
    person = mine.profile.person
    person.is_migrant, person.hukou_division = True, west
    person.save(update_fields=["is_migrant", "hukou_division"])
    text = city.client("worker_u1").post(reverse("worker_portal:case_new"), _form(), follow=True).content.decode()
    assert "请您户籍地的西区总工会协同办理（双向维权）" in text


def test_a_worker_who_is_no_migrant_reads_nothing_about_the_home_place(city: City, mine: Mine) -> None:
    text = city.client("worker_u1").post(reverse("worker_portal:case_new"), _form(), follow=True).content.decode()
    assert "维权申请已提交" in text and "双向维权" not in text
