"""The case pages as a union cadre uses them: the list and its export, intake, the case page and its steps,
two-way sharing and its revocation, the overdue board and the home page's 待办 panel — each with the
outsider (D2's federation cadre) and a third union answering 404."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from unionhall.accounts.models import User
from unionhall.core.audit import AuditEvent
from unionhall.orgs.models import Division, Grant, Role
from unionhall.rights.models import Case, CaseAttachment, CaseShare, CaseStatus, Mediation
from unionhall.tests.city import City
from unionhall.tests.factories import case, join, person, valid_id

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def detail(k: Case) -> str:
    return reverse("rights:case_detail", args=[k.pk])


def chair_of_u2(city: City) -> Client:
    """A third union (the village union beside U1): sees none of U1's cases."""
    user = User.objects.create_user(username="chair_u2", password="x")
    Grant.objects.create(user=user, role=Role.GRASSROOTS_STAFF, org=city.u2)
    client = Client()
    client.force_login(user)
    return client


def late(k: Case, days: int = 3) -> Case:
    past = timezone.now() - timedelta(days=days)
    Case.objects.filter(pk=k.pk).update(due_at=past, remind_at=past - timedelta(days=2))
    k.refresh_from_db()
    return k


def due_soon(k: Case) -> Case:
    Case.objects.filter(pk=k.pk).update(
        due_at=timezone.now() + timedelta(days=1), remind_at=timezone.now() - timedelta(hours=1)
    )
    k.refresh_from_db()
    return k


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def excel_rows(response: Any) -> list[list[Any]]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


# --- the list and the export -------------------------------------------------------------------------


def test_the_list_shows_each_case_with_its_deadline_colour_and_the_shared_marker(city: City) -> None:
    overdue = late(case(city.u1, employer=city.e1, summary="超期的欠薪"))
    soon = due_soon(case(city.u1, employer=city.e1, summary="快到期的欠薪"))
    fine = case(city.u1, employer=city.e1, summary="刚登记的欠薪", shared_with=city.u3)

    page = city.client("chair_u1").get(reverse("rights:case_list")).content.decode().split('data-testid="cases"')[1]

    for k in (overdue, soon, fine):
        assert k.no in page
    assert 'data-deadline="overdue"' in page and 'data-deadline="soon"' in page
    assert "东方机械有限公司" in page and "东方机械公司工会" in page
    assert 'data-testid="shared"' in page  # U1 shared the third one with U3 (双向协办)
    # U3's chair sees only the shared one, marked as theirs to help with.
    shared_view = city.client("chair_u3").get(reverse("rights:case_list")).content.decode()
    assert fine.no in shared_view and overdue.no not in shared_view
    assert 'data-testid="shared-with-us"' in shared_view
    assert overdue.no not in chair_of_u2(city).get(reverse("rights:case_list")).content.decode()


def test_the_list_filters_by_each_criterion(city: City) -> None:
    handler = city.users["chair_u1"]
    a = late(case(city.u1, employer=city.e1, summary="甲案欠薪", status=CaseStatus.IN_PROGRESS))
    Case.objects.filter(pk=a.pk).update(handler=handler)
    b = case(city.u1, employer=city.e1, summary="乙案工伤", category="injury", shared_with=city.u3)
    c = case(city.t1, summary="丙案咨询", category="consultation", status=CaseStatus.CLOSED)
    Case.objects.filter(pk=c.pk).update(received_at=timezone.now() - timedelta(days=40))
    client = city.client("cadre_d1")

    def found(query: str) -> set[str]:
        response = client.get(reverse("rights:case_list") + "?" + query)
        assert response.status_code == 200
        return {k.no for k in (a, b, c) if k.no in response.content.decode()}

    assert found("") == {a.no, b.no, c.no}
    assert found("status=open") == {a.no, b.no}
    assert found("status=closed") == {c.no}
    assert found("category=injury") == {b.no}
    assert found(f"org={city.u1.pk}") == {a.no, b.no}
    assert found(f"handler={handler.pk}") == {a.no}
    assert found("overdue=on") == {a.no}
    assert found("q=工伤") == {b.no}
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert found(f"received_from={since}") == {a.no, b.no}
    assert found(f"received_to={since}") == {c.no}
    # 协办: U3 sees the shared case when it asks for the cases shared with it.
    response = city.client("chair_u3").get(reverse("rights:case_list") + "?shared=on")
    assert b.no in response.content.decode()


def test_a_unit_out_of_reach_in_the_filter_shows_nothing_rather_than_more(city: City) -> None:
    mine = case(city.u1, employer=city.e1)
    response = city.client("cadre_d1").get(reverse("rights:case_list") + f"?org={city.u3.pk}")
    assert response.status_code == 200
    assert mine.no not in response.content.decode()
    assert response.context["form"].errors["org"]


def test_the_export_holds_the_filtered_rows_with_phones_masked_and_nothing_foreign(city: City) -> None:
    mine = late(case(city.u1, employer=city.e1, summary="东区超期欠薪"))
    other = case(city.u1, employer=city.e1, summary="东区未超期")
    foreign = late(case(city.u3, employer=city.e3, summary="西区超期欠薪"))

    response = city.client("cadre_d1").get(reverse("rights:case_export") + "?overdue=on")
    rows = excel_rows(response)

    assert rows[0][0] == "编号" and "联系电话（脱敏）" in rows[0]
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {mine.no}
    assert other.no not in numbers and foreign.no not in numbers
    phone = rows[1][rows[0].index("联系电话（脱敏）")]
    assert phone == "139****1111"
    cells = " ".join(str(cell) for row in rows for cell in row)
    assert "13900001111" not in cells
    assert AuditEvent.objects.filter(action="case.export", success=True).exists()
    assert city.client("outsider").get(reverse("rights:case_export")).status_code == 200
    assert mine.no not in {row[0] for row in excel_rows(city.client("outsider").get(reverse("rights:case_export")))}


# --- intake -------------------------------------------------------------------------------------------


def intake(city: City, **values: Any) -> dict[str, Any]:
    return {
        "source": "hotline",
        "intake_org": city.t1.pk,
        "category": "wage_arrears",
        "complexity": "general",
        "employer_name": "",
        "employer": "",
        "contact_name": "李师傅",
        "contact_phone": "13811112222",
        "worker_count": "12",
        "summary": "拖欠两个月工资",
        "facts": "2024 年 3 月起未发工资。",
        **values,
    }


def test_a_case_taken_in_at_the_street_goes_to_the_union_covering_the_employer_and_says_so(city: City) -> None:
    client = city.client("cadre_t1")
    form = client.get(reverse("rights:case_create"))
    assert form.status_code == 200
    assert "东方机械有限公司" in form.content.decode()  # T1's few employers are offered at once

    response = client.post(reverse("rights:case_create"), intake(city, employer=city.e1.pk))

    k = Case.objects.get(summary="拖欠两个月工资")
    assert response.status_code == 302 and response["Location"] == detail(k)
    assert k.org == city.u1 and k.intake_org == city.t1 and k.employer == city.e1 and k.worker_count == 12
    assert f"已按属地转至{city.u1.name}办理" in " ".join(messages_of(response))


def test_a_typed_employer_name_is_matched_and_a_case_routed_out_of_sight_leads_back_to_the_list(
    city: City,
) -> None:
    client = city.client("chair_u1")
    upload = SimpleUploadedFile("欠条.pdf", PDF, content_type="application/pdf")
    data = intake(city, intake_org=city.u1.pk, employer_name="西方纺织有限公司", upload=upload)

    response = client.post(reverse("rights:case_create"), data)

    k = Case.objects.get(summary="拖欠两个月工资")
    assert k.org == city.u3 and k.employer == city.e3
    assert response.status_code == 302 and response["Location"] == reverse("rights:case_list")
    said = " ".join(messages_of(response))
    # the union of another district that now handles it is not named to the intake desk
    assert "已按属地转至用人单位所在地的工会办理" in said and city.u3.name not in said
    assert client.get(detail(k)).status_code == 404
    assert [a.name for a in k.attachments.all()] == ["欠条.pdf"]  # the file travels with the routed case


def test_the_intake_form_keeps_what_was_typed_and_shows_errors_at_the_fields(city: City) -> None:
    client = city.client("chair_u1")
    data = intake(city, intake_org=city.u1.pk, category="", contact_phone="12ab", summary="", facts="事实照旧")
    data["employer_name"] = "某劳务公司"

    response = client.post(reverse("rights:case_create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"category", "contact_phone", "summary"}
    page = response.content.decode()
    assert "请选择诉求类别" in page and "联系电话格式不正确" in page
    assert 'value="某劳务公司"' in page and "事实照旧" in page and 'value="李师傅"' in page
    assert not Case.objects.exists()


def test_a_bad_file_refuses_the_intake_before_anything_is_saved(city: City) -> None:
    upload = SimpleUploadedFile("欠条.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = city.client("chair_u1").post(
        reverse("rights:case_create"), intake(city, intake_org=city.u1.pk, employer=city.e1.pk, upload=upload)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["upload"]
    assert not Case.objects.exists()


def test_a_case_with_a_file_and_a_member_is_taken_in_whole(city: City) -> None:
    worker = join(city.u1, "张农民", "32050819850505123").person
    upload = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    data = intake(city, intake_org=city.u1.pk, employer=city.e1.pk, upload=upload)
    data["person_id_number"] = valid_id("32050819850505123")
    response = city.client("chair_u1").post(reverse("rights:case_create"), data)

    k = Case.objects.get(summary="拖欠两个月工资")
    assert response.status_code == 302
    assert k.person == worker and k.attachments.count() == 1
    page = city.client("chair_u1").get(detail(k)).content.decode()
    assert "张农民" in page and worker.id_number_masked in page and "工资条.pdf" in page


def test_finding_an_employer_offers_the_matches_and_keeps_the_form(city: City) -> None:
    data = intake(city, intake_org=city.t1.pk, employer_name="东方", summary="先查单位", find="1")
    response = city.client("cadre_t1").post(reverse("rights:case_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{city.e1.pk}" selected' in page
    assert "先查单位" in page and "找到 1 个登记的单位" in page
    assert not response.context["form"].errors
    assert not Case.objects.exists()


def test_intake_is_for_handlers_only(city: City) -> None:
    assert city.client("reviewer_d1").get(reverse("rights:case_create")).status_code == 403
    assert city.client("info_u1").get(reverse("rights:case_create")).status_code == 404
    assert city.client("outsider").get(reverse("rights:case_create")).status_code == 200


# --- the case page -------------------------------------------------------------------------------


def test_the_case_page_is_seen_by_the_handling_union_and_above_and_by_nobody_else(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    for name in ("chair_u1", "cadre_t1", "cadre_d1", "city_admin", "reviewer_d1"):
        assert city.client(name).get(detail(k)).status_code == 200, name
    for name in ("outsider", "chair_u3", "info_u1", "worker_u1", "nobody"):
        assert city.client(name).get(detail(k)).status_code == 404, name
    assert chair_of_u2(city).get(detail(k)).status_code == 404


def test_the_case_page_shows_the_deadline_escalation_history_and_only_the_allowed_actions(city: City) -> None:
    k = late(case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS))
    Case.objects.filter(pk=k.pk).update(escalated_at=timezone.now(), escalated_to=city.t1)

    owner = city.client("chair_u1").get(detail(k))
    page = owner.content.decode()
    assert "已超期 3 天" in page and f"已报{city.t1.name}督办" in page
    assert "登记" in page  # the history's first line
    names = [t.name for t, _ in owner.context["step_forms"]]
    assert names == ["start_mediation", "close", "withdraw"]
    assert {"assign", "transfer", "share", "mediation", "legal_aid", "note", "attachment"} <= set(
        owner.context["forms"]
    )

    reviewer = city.client("reviewer_d1").get(detail(k))
    assert reviewer.context["step_forms"] == [] and reviewer.context["forms"] == {}
    assert reverse("rights:case_assign", args=[k.pk]) not in reviewer.content.decode()


def test_an_open_case_shows_the_working_days_left(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    page = city.client("chair_u1").get(detail(k)).content.decode()
    assert "剩余" in page and "个工作日" in page


def test_the_steps_run_end_to_end_from_accepting_to_the_phone_rating(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    client = city.client("chair_u1")

    def step(name: str, **data: Any) -> Any:
        return client.post(reverse("rights:case_transition", args=[k.pk, name]), data)

    assert step("accept").status_code == 302
    k.refresh_from_db()
    assert k.status == CaseStatus.IN_PROGRESS and k.handler == city.users["chair_u1"]
    assert step("start_mediation").status_code == 302
    mediation = {
        "held_on": timezone.localdate().isoformat(),
        "mediator": "李调解",
        "result": "agreed",
        "parties": "职工代表、单位人事",
        "agreement": "分两期补发",
        "amount": "6800.50",
    }
    assert client.post(reverse("rights:mediation_add", args=[k.pk]), mediation).status_code == 302
    assert step("end_mediation", reason="达成协议").status_code == 302
    response = step("close", outcome="单位已补发全部工资", wages_recovered="6800.50")
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.status == CaseStatus.CLOSED and k.wages_recovered_fen == 680050
    page = client.get(detail(k)).content.decode()
    assert "6,800.50 元" in page and "达成调解协议" in page
    assert "rate" in client.get(detail(k)).context["forms"]

    assert (
        client.post(reverse("rights:case_rate", args=[k.pk]), {"satisfaction": "5", "note": "电话回访满意"}).status_code
        == 302
    )
    k.refresh_from_db()
    assert k.satisfaction == 5
    kinds = list(k.events.values_list("kind", flat=True))
    assert kinds == ["create", "accept", "start_mediation", "mediation", "end_mediation", "close", "rate"]
    assert city.client("outsider").post(reverse("rights:case_transition", args=[k.pk, "reopen"])).status_code == 404


def test_a_step_from_the_wrong_status_is_refused_with_a_message(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    response = city.client("chair_u1").post(reverse("rights:case_transition", args=[k.pk, "start_mediation"]))
    assert response.status_code == 302
    assert "不能办理「进入调解」" in " ".join(messages_of(response))
    assert city.client("chair_u1").get(reverse("rights:case_transition", args=[k.pk, "nope"])).status_code == 404


def test_the_close_form_keeps_what_was_typed_on_a_wrong_amount(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS)
    response = city.client("chair_u1").post(
        reverse("rights:case_transition", args=[k.pk, "close"]), {"outcome": "已协商补发", "wages_recovered": "12.345"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["wages_recovered"]
    page = response.content.decode()
    assert "已协商补发" in page and 'value="12.345"' in page
    k.refresh_from_db()
    assert k.status == CaseStatus.IN_PROGRESS


def test_the_mediation_form_keeps_what_was_typed_on_error(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.MEDIATING)
    data = {
        "held_on": "",
        "mediator": "",
        "result": "agreed",
        "parties": "双方",
        "agreement": "先付一半",
        "amount": "x",
    }
    response = city.client("chair_u1").post(reverse("rights:mediation_add", args=[k.pk]), data)
    assert response.status_code == 200
    assert {"held_on", "mediator", "amount"} <= set(response.context["form"].errors)
    assert "先付一半" in response.content.decode()
    assert not Mediation.objects.exists()


def test_assigning_offers_who_may_handle_at_the_unit_and_names_the_handler(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    client = city.client("cadre_t1")
    form = client.get(reverse("rights:case_assign", args=[k.pk]))
    offered = {pk for pk, _ in form.context["form"].fields["handler"].choices if pk}
    users = city.users
    assert offered == {users[n].pk for n in ("chair_u1", "cadre_t1", "cadre_d1", "city_admin")}
    response = client.post(reverse("rights:case_assign", args=[k.pk]), {"handler": users["chair_u1"].pk})
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.handler == users["chair_u1"]
    refused = client.post(reverse("rights:case_assign", args=[k.pk]), {"handler": users["chair_u3"].pk})
    assert refused.status_code == 200 and refused.context["form"].errors["handler"]


def test_transferring_searches_the_whole_tree_and_hands_the_case_over(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    client = city.client("cadre_d1")
    url = reverse("rights:case_transfer", args=[k.pk])
    found = client.post(url, {"q": "东一村", "reason": "属村级管理", "find": "1"})
    assert found.status_code == 200
    assert f'value="{city.u2.pk}" selected' in found.content.decode() and "属村级管理" in found.content.decode()

    missing_reason = client.post(url, {"org": city.u2.pk, "reason": ""})
    assert missing_reason.status_code == 200 and missing_reason.context["form"].errors["reason"]

    done = client.post(url, {"org": city.u2.pk, "reason": "属村级管理"})
    assert done.status_code == 302
    k.refresh_from_db()
    assert k.org == city.u2
    assert city.client("chair_u1").get(detail(k)).status_code == 404  # no longer U1's case


# --- two-way sharing (双向维权) -------------------------------------------------------------------------


def test_sharing_opens_the_case_to_the_shared_unit_which_may_help_but_not_decide(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS)
    assert city.client("chair_u3").get(detail(k)).status_code == 404
    assert city.client("outsider").get(detail(k)).status_code == 404

    found = city.client("chair_u1").post(reverse("rights:case_share", args=[k.pk]), {"q": "西方纺织", "find": "1"})
    assert f'value="{city.u3.pk}" selected' in found.content.decode()
    response = city.client("chair_u1").post(reverse("rights:case_share", args=[k.pk]), {"org": city.u3.pk})
    assert response.status_code == 302
    assert CaseShare.objects.filter(case=k, org=city.u3, revoked_at=None).exists()

    sharer = city.client("chair_u3")
    page = sharer.get(detail(k))
    assert page.status_code == 200 and city.client("outsider").get(detail(k)).status_code == 200
    assert [t.name for t, _ in page.context["step_forms"]] == ["start_mediation"]
    assert set(page.context["forms"]) == {"mediation", "legal_aid", "note", "attachment"}
    assert sharer.post(reverse("rights:note_add", args=[k.pk]), {"note": "已联系职工家属"}).status_code == 302
    assert k.events.filter(kind="note", note="已联系职工家属").exists()
    assert sharer.post(reverse("rights:case_transition", args=[k.pk, "close"]), {"outcome": "x"}).status_code == 403
    assert sharer.get(reverse("rights:case_transfer", args=[k.pk])).status_code == 403
    assert chair_of_u2(city).get(detail(k)).status_code == 404  # a third union still sees nothing


def test_unsharing_revokes_the_shared_units_access(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS, shared_with=city.u3)
    share = CaseShare.objects.get(case=k)
    assert city.client("chair_u3").get(detail(k)).status_code == 200
    owner_page = city.client("chair_u1").get(detail(k)).content.decode()
    unshare = reverse("rights:case_unshare", args=[k.pk, share.pk])
    assert unshare in owner_page
    assert unshare not in city.client("chair_u3").get(detail(k)).content.decode()
    assert city.client("chair_u3").post(unshare).status_code == 403

    response = city.client("chair_u1").post(unshare)

    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert city.client("chair_u3").get(detail(k)).status_code == 404
    assert city.client("outsider").get(detail(k)).status_code == 404
    assert k.no not in city.client("chair_u3").get(reverse("rights:case_list")).content.decode()


def test_a_partner_union_outside_the_city_is_recorded_as_a_contact(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    data = {"org": "", "partner_name": "安徽省临泉县总工会", "partner_contact": "李主席 0558-1234567"}
    assert city.client("chair_u1").post(reverse("rights:case_share", args=[k.pk]), data).status_code == 302
    page = city.client("chair_u1").get(detail(k)).content.decode()
    assert "安徽省临泉县总工会" in page and "李主席 0558-1234567" in page
    empty = city.client("chair_u1").post(reverse("rights:case_share", args=[k.pk]), {"org": "", "partner_name": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["org"]


def test_sharing_suggests_the_workers_home_place_federation(city: City) -> None:
    county = Division.objects.create(code="341221000000", name="临泉县", level=Division.Level.COUNTY)
    village = Division.objects.create(code="341221100201", name="某村", level=Division.Level.VILLAGE, parent=county)
    city.d2.division = county
    city.d2.save(update_fields=["division"])
    worker = person("李农民")
    worker.hukou_division = village
    worker.is_migrant = True
    worker.save(update_fields=["hukou_division", "is_migrant"])
    k = case(city.u1, employer=city.e1, person=worker)

    response = city.client("chair_u1").get(detail(k))

    offered = [pk for pk, _ in response.context["forms"]["share"].fields["org"].choices if pk]
    assert offered == [city.d2.pk]


# --- files -------------------------------------------------------------------------------------------


def test_a_file_is_uploaded_by_the_sharer_and_downloaded_by_those_who_see_the_case(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS, shared_with=city.u3)
    upload = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    assert (
        city.client("chair_u3").post(reverse("rights:attachment_upload", args=[k.pk]), {"upload": upload}).status_code
        == 302
    )
    a = CaseAttachment.objects.get(case=k)
    url = reverse("rights:attachment_download", args=[a.pk])

    response: Any = city.client("cadre_d1").get(url)

    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="case.attachment_download", success=True).exists()
    assert chair_of_u2(city).get(url).status_code == 404
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    refused = city.client("chair_u1").post(reverse("rights:attachment_upload", args=[k.pk]), {"upload": bad})
    assert refused.status_code == 200 and refused.context["form"].errors["upload"]


# --- the overdue board and the home page -------------------------------------------------------------


def test_the_overdue_board_counts_by_unit_and_handler_and_links_to_the_list(city: City) -> None:
    a = late(case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS))
    Case.objects.filter(pk=a.pk).update(handler=city.users["chair_u1"])
    late(case(city.u1, employer=city.e1))
    due_soon(case(city.t1, summary="街道即将到期"))
    foreign = late(case(city.u3, employer=city.e3, summary="西区超期"))

    response = city.client("cadre_d1").get(reverse("rights:overdue"))

    assert response.context["late_count"] == 2 and response.context["soon_count"] == 1
    units = {u["name"]: (u["late"], u["soon"]) for u in response.context["by_unit"]}
    assert units == {city.t1.name: (0, 1), city.u1.name: (2, 0)}
    people = {h["name"]: (h["late"], h["soon"]) for h in response.context["by_handler"]}
    assert people == {f"chair_u1（{city.u1.name}工作人员）": (1, 0), "（未指定承办人）": (1, 1)}
    page = response.content.decode()
    assert f"?org={city.u1.pk}&amp;overdue=1" in page
    assert f"?handler={city.users['chair_u1'].pk}&amp;overdue=1" in page
    assert foreign.no not in page
    outsider = city.client("outsider").get(reverse("rights:overdue"))
    assert outsider.context["late_count"] == 1 and a.no not in outsider.content.decode()


def test_the_home_page_lists_the_waiting_case_work(city: City) -> None:
    case(city.u1, employer=city.e1)
    late(case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS))
    due_soon(case(city.u1, employer=city.e1, status=CaseStatus.IN_PROGRESS))
    case(city.u3, employer=city.e3, status=CaseStatus.IN_PROGRESS, shared_with=city.u1)

    items = {i["label"]: i["count"] for i in city.client("chair_u1").get(reverse("console:home")).context["todo"]}

    assert items["待受理维权案件"] == 1
    assert items["维权案件已超期"] == 1
    assert items["维权案件即将到期"] == 1
    assert items["协办维权案件"] == 1
    outsider = {i["label"]: i["count"] for i in city.client("outsider").get(reverse("console:home")).context["todo"]}
    assert "待受理维权案件" not in outsider and "维权案件已超期" not in outsider
    reviewer = {i["label"] for i in city.client("reviewer_d1").get(reverse("console:home")).context["todo"]}
    assert reviewer == {"维权案件已超期"}
