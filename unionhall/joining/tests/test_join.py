"""Online joining: routing an application to a union, the worker's pages, and the union's decision."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.joining import selectors, services
from unionhall.joining.models import ApplicationKind, ApplicationStatus, JoinApplication
from unionhall.members import services as member_services
from unionhall.members.models import Membership, MembershipStatus, Person
from unionhall.orgs import services as org_services
from unionhall.orgs.models import Employer, GrassrootsKind, OrgLevel
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City, make_unit, uscc
from unionhall.tests.factories import LI, WANG, ZHAO, submit


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def join_post(client: Client, city: City, **overrides: Any) -> Any:
    data = {"name": "王小明", "id_number": WANG, "phone": "13912345678", "employer_text": city.e1.name}
    data.update(overrides)
    return client.post(reverse("joining:join"), data)


def status_post(client: Client, code: str, last4: str, **extra: str) -> Any:
    return client.post(reverse("joining:status"), {"code": code, "id_last4": last4, **extra})


# --- proposal ------------------------------------------------------------------------------------


def test_a_worker_of_a_covered_employer_is_proposed_the_union_that_covers_it(city: City) -> None:
    app = submit(city)
    assert (app.proposed_union, app.org, app.kind, app.status) == (
        city.u1,
        city.u1,
        ApplicationKind.JOIN,
        ApplicationStatus.SUBMITTED,
    )
    assert app.code.startswith("RJ-") and len(app.code) == 8


def test_a_worker_of_an_employer_without_a_union_is_proposed_the_nearest_joint_union(city: City) -> None:
    far = make_unit(city.d1, "D1-J1", "东区基层工会联合会", OrgLevel.JOINT)
    near = make_unit(city.t1, "D1-T1-J1", "东一街道联合工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.JOINT)
    make_unit(city.t2, "D2-T1-J1", "西一街道联合工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.JOINT)
    assert selectors.union_proposal(city.e0) == selectors.Proposal(union=near, org=near)
    near.status = "dissolved"
    near.save(update_fields=["status"])
    assert selectors.union_proposal(city.e0) == selectors.Proposal(union=far, org=far)


def test_a_joint_union_in_another_district_is_never_proposed(city: City) -> None:
    make_unit(city.t2, "D2-T1-J1", "西一街道联合工会", OrgLevel.GRASSROOTS, kind=GrassrootsKind.JOINT)
    app = submit(city, employer=city.e0)
    assert app.proposed_union is None
    assert app.org == city.t1  # the street federation answerable for E0 places the worker


def test_an_employer_not_in_the_register_goes_to_the_district_the_worker_names(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        submit(city, employer=None, employer_text="新开的小饭馆")
    assert error.value.field_errors == {
        "area": ["单位名录中没有找到该单位，请选择工作所在区县，由区县总工会为您安排。"]
    }
    app = submit(city, employer=None, employer_text="新开的小饭馆", area=city.d1)
    assert (app.employer, app.employer_text, app.proposed_union, app.org) == (None, "新开的小饭馆", None, city.d1)


def test_typed_text_that_matches_employers_must_be_picked_from_the_list(city: City) -> None:
    response = join_post(Client(), city, employer_text="东方")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["employer_text"] == ["请从输入框下方的列表中选择您的单位；列表中没有时，请选择工作所在区县。"]
    assert "东方机械有限公司" in response.content.decode()  # the choices are right there
    assert not JoinApplication.objects.exists()


def test_a_typed_credit_code_or_exact_name_finds_the_employer_without_a_script(city: City) -> None:
    join_post(Client(), city, employer_text=city.e1.uscc.lower())
    assert JoinApplication.objects.get().employer == city.e1


def test_a_picked_employer_wins_over_the_text(city: City) -> None:
    join_post(Client(), city, employer_text="东方", employer=str(city.e0.pk))
    app = JoinApplication.objects.get()
    assert (app.employer, app.employer_text, app.org) == (city.e0, city.e0.name, city.t1)


# --- the worker's pages ----------------------------------------------------------------------------


def test_bad_input_gets_chinese_messages_at_the_fields_and_keeps_what_was_typed(city: City) -> None:
    response = join_post(Client(), city, name="", id_number="320508199003071230", phone="12345")
    form = response.context["form"]
    assert form.errors["name"] == ["请填写姓名。"]
    assert form.errors["id_number"] == ["身份证号校验位不正确，请核对。"]
    assert form.errors["phone"] == ["请填写 11 位手机号码。"]
    html = response.content.decode()
    assert 'value="320508199003071230"' in html
    assert f'value="{city.e1.name}"' in html
    assert not JoinApplication.objects.exists()


def test_a_phone_number_is_required(city: City) -> None:
    response = join_post(Client(), city, phone="")
    assert response.context["form"].errors["phone"] == ["请填写手机号码，工会将通过它联系您。"]


def test_submitting_shows_the_reference_code_to_keep(city: City) -> None:
    client = Client()
    response = join_post(client, city)
    assert response.status_code == 302
    assert response["Location"] == reverse("joining:done")
    app = JoinApplication.objects.get()
    page = client.get(reverse("joining:done")).content.decode()
    assert app.code in page
    assert "东方机械公司工会" in page
    assert app.code not in Client().get(reverse("joining:done")).content.decode()  # only the submitting browser


def test_a_member_elsewhere_applies_for_a_transfer(city: City) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="王小明", id_number=WANG)
    )
    client = Client()
    join_post(client, city)
    app = JoinApplication.objects.get()
    assert app.kind == ApplicationKind.TRANSFER
    assert app.from_membership is not None and app.from_membership.org == city.u3
    page = client.get(reverse("joining:done")).content.decode()
    # whoever typed a name and an ID number is not thereby the worker: the union is never named
    assert "您已是其他工会会员，本申请将作为<strong>会员关系接转</strong>申请办理" in page
    assert "西方纺织" not in page


def test_the_current_union_is_not_named_to_someone_who_typed_another_name(city: City) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="王小明", id_number=WANG)
    )
    client = Client()
    join_post(client, city, name="冒名者")
    page = client.get(reverse("joining:done")).content.decode()
    assert "西方纺织" not in page
    assert "您已是其他工会会员" in page


def test_a_member_of_the_proposed_union_need_not_apply(city: City) -> None:
    member_services.member_join(
        actor=SYSTEM, org=city.u1, person=member_services.PersonData(name="王小明", id_number=WANG)
    )
    with pytest.raises(Conflict, match="您已是「东方机械公司工会」的会员"):
        submit(city)


def test_a_second_pending_application_of_the_same_person_is_refused(city: City) -> None:
    submit(city)
    with pytest.raises(Conflict, match="已有待审核的入会申请"):
        submit(city, phone="13800000000")


def test_applications_are_limited_per_id_number_and_per_phone_a_day(city: City, settings: Any) -> None:
    settings.PORTAL_JOIN_LIMITS = {"id_number": 2, "phone": 2}
    for _ in range(2):
        app = submit(city)
        services.join_application_withdraw(actor=services.PORTAL, code=app.code, id_last4=WANG[-4:])
    with pytest.raises(services.RateLimited):
        submit(city, phone="13800000000")
    with pytest.raises(services.RateLimited):
        submit(city, name="李芳", id_number=LI)  # same phone, third time today
    assert JoinApplication.objects.count() == 2
    assert AuditEvent.objects.filter(action="join_application.submit", success=False).count() == 2


def test_applications_are_limited_per_network_a_day(city: City, settings: Any) -> None:
    settings.PORTAL_JOIN_LIMITS = {"address": 1}
    client = Client(REMOTE_ADDR="198.51.100.7")
    join_post(client, city)
    response = join_post(client, city, name="李芳", id_number=LI, phone="13800000000")
    assert "此网络今天提交的申请过多" in response.content.decode()
    assert JoinApplication.objects.get().client_address == "198.51.100.7"


def test_the_id_number_is_never_stored_in_clear(city: City) -> None:
    app = submit(city)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM joining_joinapplication WHERE id = %s", [app.pk])
        row = cursor.fetchone()
    stored = " ".join(str(value) for value in row)
    assert WANG not in stored
    assert WANG[6:14] not in stored  # not even the birth date
    for event in AuditEvent.objects.all():
        assert WANG not in f"{event.object_repr} {event.changes} {event.reason}"
    app.refresh_from_db()
    assert app.id_number_masked == "320***********" + WANG[-4:]
    assert app.reveal_id_number() == WANG


def test_the_employer_search_shows_only_names_and_areas_and_at_most_ten(city: City) -> None:
    for i in range(12):
        Employer.objects.create(name=f"东方配套{i:02d}厂", uscc=uscc(f"320508DF{i:06d}"), org=city.t1)
    response = Client().get(reverse("joining:employers"), {"q": "东方"})
    html = response.content.decode()
    assert html.count('type="radio"') == 10
    assert city.e1.uscc not in html
    assert "东区总工会" in html  # where it is: the district
    by_code = Client().get(reverse("joining:employers"), {"q": city.e3.uscc}).content.decode()
    assert "西方纺织有限公司" in by_code
    assert 'type="radio"' not in Client().get(reverse("joining:employers"), {"q": "东"}).content.decode()


def test_the_status_page_needs_the_code_and_the_matching_last_four(city: City) -> None:
    app = submit(city)
    wrong = status_post(Client(), app.code, "0000")
    assert "参考编号或身份证号后四位不正确" in wrong.content.decode()
    assert wrong.context["app"] is None
    right = status_post(Client(), app.code.lower().replace("-", ""), WANG[-4:])
    assert right.context["app"] == app
    assert "待审核" in right.content.decode()
    assert "王**" in right.content.decode()


def test_guessing_on_the_status_page_is_throttled(city: City) -> None:
    app = submit(city)
    client = Client()
    for _ in range(20):
        status_post(client, app.code, "0000")
    response = status_post(client, app.code, WANG[-4:])
    assert response.context["app"] is None
    assert "查询次数过多" in response.content.decode()


def test_a_worker_withdraws_a_pending_application(city: City) -> None:
    app = submit(city)
    response = status_post(Client(), app.code, WANG[-4:], action="withdraw")
    assert "已撤回" in response.content.decode()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(NotFound):
        services.join_application_withdraw(actor=services.PORTAL, code=app.code, id_last4="1234")


# --- the union's decision ------------------------------------------------------------------------


def test_approving_creates_the_membership_and_the_status_page_shows_it(city: City) -> None:
    app = submit(city)
    chair = city.client("chair_u1")
    response = chair.post(reverse("joining:approve", kwargs={"pk": app.pk}))
    assert response.status_code == 302
    app.refresh_from_db()
    membership = Membership.objects.get(person__id_number_hash=app.id_number_hash)
    assert (app.status, app.membership, app.decided_by, app.kind) == (
        ApplicationStatus.APPROVED,
        membership,
        city.users["chair_u1"],
        ApplicationKind.JOIN,
    )
    assert (membership.org, membership.employer, membership.status) == (city.u1, city.e1, MembershipStatus.ACTIVE)
    assert membership.person.phone == "13912345678"
    page = status_post(Client(), app.code, WANG[-4:]).content.decode()
    assert "已批准" in page
    assert membership.member_no in page
    assert "东方机械公司工会" in page
    assert 'data-testid="member-card"' in page


def test_one_approval_is_one_audit_event_naming_the_member_number(city: City) -> None:
    app = submit(city)
    before = AuditEvent.objects.count()
    services.join_application_approve(actor=city.users["chair_u1"], application=app)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == ["join_application.approve"]
    app.refresh_from_db()
    assert app.membership is not None
    assert events[0].changes["member_no"] == app.membership.member_no
    assert events[0].changes["kind"] == "join"


def test_approving_a_transfer_moves_the_membership_and_keeps_the_member_number(city: City) -> None:
    old = member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="王小明", id_number=WANG)
    )
    app = submit(city)
    # the city admin's reach holds both unions: the transfer is one step
    app = services.join_application_approve(actor=city.users["city_admin"], application=app)
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED
    assert app.membership is not None
    assert (app.kind, app.membership.org, app.membership.member_no) == (
        ApplicationKind.TRANSFER,
        city.u1,
        old.member_no,
    )


def test_a_join_approved_after_the_person_joined_elsewhere_becomes_a_transfer(city: City) -> None:
    app = submit(city)
    member_services.member_join(
        actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="王小明", id_number=WANG)
    )
    app = services.join_application_approve(actor=city.users["city_admin"], application=app)
    assert app.kind == ApplicationKind.TRANSFER
    assert Person.objects.get().memberships.get(status=MembershipStatus.ACTIVE).org == city.u1


def test_the_approver_may_put_the_worker_in_another_union_of_their_reach(city: City) -> None:
    app = submit(city)
    cadre = city.client("cadre_t1")
    page = cadre.get(reverse("joining:application", kwargs={"pk": app.pk}))
    choices = [value for value, _ in page.context["approve_form"].fields["union"].choices]
    assert choices[0] == str(city.u1.pk)  # the proposal first, selected
    assert str(city.u2.pk) in choices and str(city.b1.pk) in choices and str(city.u3.pk) not in choices
    response = cadre.post(reverse("joining:approve", kwargs={"pk": app.pk}), {"union": city.u2.pk})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.membership is not None
    assert (app.membership.org, app.org, app.proposed_union) == (city.u2, city.u2, city.u1)


def test_a_union_outside_the_approvers_reach_is_refused(city: City) -> None:
    app = submit(city)
    with pytest.raises(NotFound):
        services.join_application_approve(actor=city.users["chair_u1"], application=app, union=city.u3)
    response = city.client("chair_u1").post(reverse("joining:approve", kwargs={"pk": app.pk}), {"union": city.u3.pk})
    assert response.status_code == 200
    assert response.context["approve_form"].errors["union"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED and not Membership.objects.exists()


def test_an_application_placed_by_the_territory_needs_a_union_chosen(city: City) -> None:
    app = submit(city, employer=city.e0)
    response = city.client("cadre_t1").post(reverse("joining:approve", kwargs={"pk": app.pk}))
    assert response.context["approve_form"].errors["union"] == ["请选择接收该职工的基层工会。"]
    services.join_application_approve(actor=city.users["cadre_t1"], application=app, union=city.u2)
    assert Membership.objects.get().org == city.u2


def test_a_joint_federation_does_not_take_members_itself(city: City) -> None:
    joint = make_unit(city.t1, "D1-T1-J1", "东一基层工会联合会", OrgLevel.JOINT)
    app = submit(city, employer=city.e0)
    assert app.proposed_union == joint
    with pytest.raises(ValidationError) as error:
        services.join_application_approve(actor=city.users["cadre_t1"], application=app)
    assert "不直接接收会员" in error.value.field_errors["union"][0]


def test_rejecting_needs_a_reason_and_the_worker_reads_it(city: City) -> None:
    app = submit(city)
    chair = city.client("chair_u1")
    response = chair.post(reverse("joining:reject", kwargs={"pk": app.pk}), {"reason": "  "})
    assert response.context["reject_form"].errors["reason"] == ["请填写不予批准的原因，申请人将看到它。"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    chair.post(reverse("joining:reject", kwargs={"pk": app.pk}), {"reason": "经核实非本单位职工"})
    app.refresh_from_db()
    assert (app.status, app.reason) == (ApplicationStatus.REJECTED, "经核实非本单位职工")
    page = status_post(Client(), app.code, WANG[-4:]).content.decode()
    assert "未获批准" in page and "经核实非本单位职工" in page


def test_a_decided_application_is_not_decided_again(city: City) -> None:
    app = submit(city)
    services.join_application_reject(actor=city.users["chair_u1"], application=app, reason="重复申请")
    with pytest.raises(Conflict, match="该申请未获批准，不能再批准"):
        services.join_application_approve(actor=city.users["chair_u1"], application=app)
    assert not Membership.objects.exists()


def test_an_application_outside_scope_answers_like_a_missing_one(city: City) -> None:
    app = submit(city)
    for name in ("chair_u3", "outsider", "info_u1"):
        client = city.client(name)
        assert client.get(reverse("joining:application", kwargs={"pk": app.pk})).status_code == 404
        assert client.get(reverse("joining:application", kwargs={"pk": 999_999})).status_code == 404
        assert client.post(reverse("joining:approve", kwargs={"pk": app.pk})).status_code == 404
    listing = city.client("chair_u3").get(reverse("joining:applications"), {"status": ""})
    assert "王小明" not in listing.content.decode()
    assert listing.context["tiles"][0][2] == 0  # counts hold no foreign rows either


def test_a_reviewer_reads_applications_but_may_not_approve(city: City) -> None:
    app = submit(city)
    reviewer = city.client("reviewer_d1")
    page = reviewer.get(reverse("joining:application", kwargs={"pk": app.pk}))
    assert page.status_code == 200 and page.context["can_decide"] is False
    assert reviewer.post(reverse("joining:approve", kwargs={"pk": app.pk})).status_code == 403
    with pytest.raises(PermissionDenied):
        services.join_application_approve(actor=city.users["reviewer_d1"], application=app)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED


def test_the_list_filters_by_status_and_kind_and_counts_each_status(city: City) -> None:
    first = submit(city)
    member_services.member_join(actor=SYSTEM, org=city.u3, person=member_services.PersonData(name="李芳", id_number=LI))
    submit(city, name="李芳", id_number=LI, phone="13800000000")
    services.join_application_reject(actor=city.users["chair_u1"], application=first, reason="信息不实")
    client = city.client("chair_u1")
    inbox = client.get(reverse("joining:applications"))
    assert [a.name for a in inbox.context["page"]] == ["李芳"]  # the inbox: pending ones
    assert {value: n for value, _, n in inbox.context["tiles"]} == {
        "submitted": 1,
        "waiting": 0,
        "approved": 0,
        "rejected": 1,
        "withdrawn": 0,
    }
    transfers = client.get(reverse("joining:applications"), {"status": "", "kind": "transfer"})
    assert [a.name for a in transfers.context["page"]] == ["李芳"]
    assert "会员关系接转" in transfers.content.decode()


def test_the_module_shows_in_the_navigation_of_those_who_decide(city: City) -> None:
    url = reverse("joining:applications")
    assert any(item["url"] == url for item in city.client("chair_u1").get(url).context["nav"])
    assert not any(item["url"] == url for item in city.client("reviewer_d1").get(url).context["nav"])


def test_pending_applications_keep_a_union_from_being_dissolved_and_follow_a_merge(city: City) -> None:
    coop = Employer.objects.create(name="东一村合作社", uscc=uscc("320508CP000001"), org=city.t1, union=city.u2)
    pending = submit(city, employer=coop)
    placed = submit(city, name="赵六", id_number=ZHAO, employer=city.e0, phone="13700000000")
    with pytest.raises(Conflict, match="还有 1 份待审核的入会申请"):
        org_services.orgunit_dissolve(actor=city.users["cadre_d1"], unit=city.u2, reason="村改居")
    org_services.orgunit_merge(actor=city.users["cadre_d1"], unit=city.u2, into=city.u1)
    pending.refresh_from_db()
    placed.refresh_from_db()
    assert (pending.org, pending.proposed_union) == (city.u1, city.u1)
    assert placed.org == city.t1


def test_a_browser_asking_for_english_still_gets_every_message_in_chinese(city: City) -> None:
    """One language (config/settings.py): Django's own messages too, whatever Accept-Language says."""
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").post(
        reverse("joining:join"), {"name": "王小明", "id_number": WANG, "phone": "13912345678", "area": "999999"}
    )
    html = response.content.decode()
    assert "选择一个有效的选项" in html
    assert "Select a valid choice" not in html
