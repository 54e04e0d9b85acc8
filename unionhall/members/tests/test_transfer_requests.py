"""Transfers across subtrees are a request, never a take (issue 12, finding 1–2): a union outside a member's
reach asks; nothing of the person changes until the sending union agrees or the worker confirms; no answer
names a union outside the asker's reach."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.members import selectors, services, transfer_services
from unionhall.members.models import Membership, Person, TransferRequest
from unionhall.notifications import sms
from unionhall.notifications.models import Notification
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join, link, valid_id
from unionhall.worker_portal import services as worker_services
from unionhall.worker_portal.models import LoginCode, WorkerProfile

VICTIM = "11010519900101001"
VICTIM_PHONE = "13800001111"
ATTACKER_PHONE = "13999990000"


def row(name: str, body17: str, phone: str = "", *, transfer: bool = True) -> services.RosterRow:
    person = services.PersonData(name=name, id_number=valid_id(body17), phone=phone)
    return services.RosterRow(row=2, person=person, transfer=transfer)


def victim(city: City) -> Membership:
    """张三 of U1 (D1), who logs in at /me/ with the phone she verified."""
    member = join(city.u1, "张三", VICTIM, phone=VICTIM_PHONE)
    user = city.users["worker_u1"]
    user.phone = VICTIM_PHONE
    user.save(update_fields=["phone"])
    WorkerProfile.objects.create(user=user, person=member.person)
    return member


def code_login(phone: str) -> object:
    LoginCode.objects.all().delete()  # one code a minute per phone: each try here is a new minute
    sms.MemoryBackend.outbox = []
    with override_settings(SMS_BACKEND="unionhall.notifications.sms.MemoryBackend"):
        worker_services.login_code_request(actor=worker_services.WORKER_LOGIN, phone=phone)
    if not sms.MemoryBackend.outbox:
        return None  # no code sent: the phone opens no account
    found = re.search(r"\d{6}", sms.MemoryBackend.outbox[-1][1])
    assert found is not None
    return worker_services.login_code_verify(actor=worker_services.WORKER_LOGIN, phone=phone, code=found.group(0))


# --- the attack of finding 1 -----------------------------------------------------------------------------


def test_a_cross_district_roster_transfer_becomes_a_pending_request_and_changes_nothing(city: City) -> None:
    member = victim(city)
    before = Person.objects.values().get(pk=member.person_id)
    outcome = services.roster_commit(
        actor=city.users["chair_u3"], org=city.u3, rows=[row("张三", VICTIM, ATTACKER_PHONE)], source="名册.xlsx"
    )
    assert (outcome.transferred, outcome.requested) == (0, [2])
    member.refresh_from_db()
    assert (member.status, member.org) == ("active", city.u1)
    assert Person.objects.values().get(pk=member.person_id) == before  # phone, name, everything
    request = TransferRequest.objects.get()
    assert (request.from_org, request.to_org, request.status, request.source) == (city.u1, city.u3, "pending", "import")
    # U3 still cannot see the member, their history or the reveal button
    with pytest.raises(NotFound):
        selectors.member_for_user_or_404(city.users["chair_u3"], member.pk)
    assert city.client("chair_u3").get(reverse("members:detail", kwargs={"pk": member.pk})).status_code == 404
    # U1's staff are told, and the one roster.commit event counts the request
    assert Notification.objects.filter(user=city.users["chair_u1"], kind="members.transfer_requested").exists()
    assert AuditEvent.objects.get(action="roster.commit").changes["requested"] == 1


def test_the_victims_worker_login_stays_theirs(city: City) -> None:
    member = victim(city)
    services.roster_commit(actor=city.users["chair_u3"], org=city.u3, rows=[row("张三", VICTIM, ATTACKER_PHONE)])
    assert code_login(ATTACKER_PHONE) is None  # the attacker's phone opens nothing
    user = code_login(VICTIM_PHONE)
    assert user == city.users["worker_u1"]
    assert WorkerProfile.objects.get(user=user).person_id == member.person_id


def test_a_staff_edit_of_the_phone_never_re_points_an_existing_worker_login(city: City) -> None:
    member = victim(city)
    # even the member's own union changing the register's phone does not move the login
    services.person_update(actor=city.users["chair_u1"], membership=member, phone=ATTACKER_PHONE)
    assert code_login(ATTACKER_PHONE) is None
    assert code_login(VICTIM_PHONE) == city.users["worker_u1"]
    # only the union's explicit confirmation does, and it is audited
    worker_services.worker_phone_rebind(actor=city.users["chair_u1"], membership=member)
    assert code_login(VICTIM_PHONE) is None
    assert code_login(ATTACKER_PHONE) == city.users["worker_u1"]
    assert AuditEvent.objects.filter(action="worker_phone.rebind", success=True).count() == 1


def test_a_union_outside_the_persons_last_union_fills_only_blanks_when_they_join(city: City) -> None:
    gone = join(city.u1, "李四", "11010519910101002", phone="13800002222")
    services.member_leave(actor=SYSTEM, membership=gone, reason="离职")
    person = services.PersonData(
        name="李四", id_number=valid_id("11010519910101002"), phone=ATTACKER_PHONE, skill_level="高级工"
    )
    joined = services.member_join(actor=city.users["chair_u3"], org=city.u3, person=person)
    joined.person.refresh_from_db()
    assert joined.person.phone == "13800002222"  # kept: written by the person's own (last) union
    assert joined.person.skill_level == "高级工"  # a blank on file may be filled
    # the person's own union, now U3, corrects them
    services.person_update(actor=city.users["chair_u3"], membership=joined, phone="13700003333")
    joined.person.refresh_from_db()
    assert joined.person.phone == "13700003333"


def test_a_roster_row_for_someone_whose_last_union_is_elsewhere_fills_only_blanks(city: City) -> None:
    gone = join(city.u1, "李四", "11010519910101002", phone="13800002222")
    services.member_leave(actor=SYSTEM, membership=gone, reason="离职")
    services.roster_commit(
        actor=city.users["chair_u3"], org=city.u3, rows=[row("李四", "11010519910101002", ATTACKER_PHONE)]
    )
    person = Person.objects.get(name="李四")
    assert person.phone == "13800002222"
    assert person.memberships.get(status="active").org == city.u3


def test_a_former_union_may_no_longer_edit_the_person(city: City) -> None:
    old = join(city.u1, "李四", "11010519910101002", phone="13800002222")
    services.member_transfer(actor=city.users["city_admin"], membership=old, to_org=city.u3)
    old.refresh_from_db()
    with pytest.raises(Conflict):
        services.person_update(actor=city.users["chair_u1"], membership=old, phone=ATTACKER_PHONE)


# --- finding 2: say only what the asker may know -----------------------------------------------------------


def test_member_elsewhere_outside_reach_names_no_union_in_the_api(city: City) -> None:
    other = join(city.u1, "张三", VICTIM)
    body = {"org": city.u3.pk, "name": "张三", "id_number": valid_id(VICTIM)}
    response = city.client("chair_u3").post("/api/v1/members/", json.dumps(body), content_type="application/json")
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "member_elsewhere"
    assert "其他工会" in answer["message"] and "申请" in answer["message"]
    text = json.dumps(answer, ensure_ascii=False)
    assert city.u1.name not in text and "membership" not in answer and "member_org" not in answer
    # within reach, the union and the membership are named, so the transfer is one step
    admin = city.client("city_admin").post("/api/v1/members/", json.dumps(body), content_type="application/json")
    assert admin.json()["membership"] == other.pk and city.u1.name in admin.json()["message"]


def test_the_join_form_outside_reach_names_no_union_and_offers_a_request(city: City) -> None:
    member = join(city.u1, "张三", VICTIM, phone=VICTIM_PHONE)
    client = city.client("chair_u3")
    form = {"org": city.u3.code, "name": "张三", "id_number": valid_id(VICTIM), "phone": ATTACKER_PHONE}
    form |= {"employment_form": "standard"}
    page = client.post(reverse("members:join"), form)
    text = page.content.decode()
    assert page.status_code == 200
    assert "其他工会的会员" in text and city.u1.name not in text
    assert 'name="request_transfer"' in text and 'value="' + ATTACKER_PHONE + '"' in text  # what was typed is kept
    asked = client.post(reverse("members:join"), form | {"request_transfer": "1"})
    request = TransferRequest.objects.get()
    assert asked.status_code == 302 and asked["Location"] == reverse("members:transfer_request", args=[request.pk])
    detail = client.get(asked["Location"]).content.decode()
    assert "其他工会（不在您的管辖范围）" in detail and city.u1.name not in detail
    member.refresh_from_db()
    assert (member.org, member.person.phone) == (city.u1, VICTIM_PHONE)


def test_the_transfer_request_api_names_the_sending_union_only_to_who_sees_it(city: City) -> None:
    join(city.u1, "张三", VICTIM)
    body = {"org": city.u3.pk, "name": "张三", "id_number": valid_id(VICTIM)}
    created = city.client("chair_u3").post(
        "/api/v1/members/transfers/", json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["from_org"] is None and created.json()["status"] == "pending"
    seen = city.client("chair_u1").get(f"/api/v1/members/transfers/{created.json()['id']}").json()
    assert seen["from_org"] == city.u1.pk
    assert city.client("nobody").get(f"/api/v1/members/transfers/{created.json()['id']}").status_code == 404


# --- the request's life ------------------------------------------------------------------------------------


def ask(city: City) -> TransferRequest:
    join(city.u1, "张三", VICTIM, phone=VICTIM_PHONE)
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    return transfer_services.transfer_request_create(actor=city.users["chair_u3"], to_org=city.u3, person=person)


def test_the_sending_union_approves_and_the_member_moves_keeping_the_number(city: City) -> None:
    request = ask(city)
    old = request.from_membership
    with pytest.raises(PermissionDenied):  # the asking union may not approve its own request
        transfer_services.transfer_request_approve(actor=city.users["chair_u3"], request=request)
    done = transfer_services.transfer_request_approve(actor=city.users["chair_u1"], request=request)
    old.refresh_from_db()
    assert done.status == "approved" and old.status == "transferred"
    assert done.membership is not None
    assert (done.membership.org, done.membership.member_no) == (city.u3, old.member_no)
    assert Person.objects.get().phone == VICTIM_PHONE
    with pytest.raises(Conflict):
        transfer_services.transfer_request_approve(actor=city.users["chair_u1"], request=done)


def test_a_federation_above_the_sending_union_may_approve(city: City) -> None:
    done = transfer_services.transfer_request_approve(actor=city.users["cadre_d1"], request=ask(city))
    assert done.status == "approved"


def test_the_sending_union_refuses_with_a_reason_and_nothing_moves(city: City) -> None:
    request = ask(city)
    with pytest.raises(ValidationError) as refused:
        transfer_services.transfer_request_reject(actor=city.users["chair_u1"], request=request, reason=" ")
    assert "reason" in refused.value.field_errors
    done = transfer_services.transfer_request_reject(actor=city.users["chair_u1"], request=request, reason="未调动")
    assert (done.status, done.reason) == ("rejected", "未调动")
    assert Membership.objects.get().org == city.u1


def test_the_asking_union_withdraws_and_may_ask_again(city: City) -> None:
    request = ask(city)
    with pytest.raises(PermissionDenied):
        transfer_services.transfer_request_cancel(actor=city.users["chair_u1"], request=request)
    assert transfer_services.transfer_request_cancel(actor=city.users["chair_u3"], request=request).status == (
        "cancelled"
    )
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    again = transfer_services.transfer_request_create(actor=city.users["chair_u3"], to_org=city.u3, person=person)
    assert again.pk != request.pk and again.is_pending


def test_asking_twice_keeps_one_pending_request(city: City) -> None:
    first = ask(city)
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    second = transfer_services.transfer_request_create(actor=city.users["chair_u3"], to_org=city.u3, person=person)
    assert second.pk == first.pk and TransferRequest.objects.count() == 1


def test_a_member_within_reach_is_transferred_in_one_step_not_asked_for(city: City) -> None:
    join(city.u1, "张三", VICTIM)
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    with pytest.raises(Conflict, match="直接办理"):
        transfer_services.transfer_request_create(actor=city.users["cadre_d1"], to_org=city.u2, person=person)


def test_a_request_lapses_when_the_membership_changed_meanwhile(city: City) -> None:
    request = ask(city)
    services.member_leave(actor=SYSTEM, membership=request.from_membership, reason="离职")
    done = transfer_services.transfer_request_approve(actor=city.users["chair_u1"], request=request)
    assert done.status == "lapsed" and done.membership is None
    assert not Membership.objects.filter(org=city.u3).exists()


def test_the_worker_confirms_on_their_own_page_and_the_member_moves(city: City) -> None:
    member = victim(city)
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    request = transfer_services.transfer_request_create(actor=city.users["chair_u3"], to_org=city.u3, person=person)
    client = city.client("worker_u1")
    home = client.get(reverse("worker_portal:home")).content.decode()
    assert city.u3.name in home and "确认转入" in home
    response = client.post(reverse("worker_portal:transfer_answer", args=[request.pk]), {"answer": "confirm"})
    assert response.status_code == 302
    request.refresh_from_db()
    member.refresh_from_db()
    assert (request.status, member.status) == ("confirmed", "transferred")
    assert Membership.objects.get(status="active").org == city.u3


def test_the_worker_declines_and_nothing_moves(city: City) -> None:
    member = victim(city)
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    request = transfer_services.transfer_request_create(actor=city.users["chair_u3"], to_org=city.u3, person=person)
    city.client("worker_u1").post(reverse("worker_portal:transfer_answer", args=[request.pk]), {"answer": "decline"})
    request.refresh_from_db()
    member.refresh_from_db()
    assert (request.status, member.status, member.org) == ("rejected", "active", city.u1)


def test_another_worker_cannot_answer_someone_elses_request(city: City) -> None:
    join(city.u1, "张三", VICTIM)
    other = link(city.users["worker_u1"], city.u1, "李明", phone="13800009999")
    person = services.PersonData(name="张三", id_number=valid_id(VICTIM))
    request = transfer_services.transfer_request_create(actor=city.users["chair_u3"], to_org=city.u3, person=person)
    with pytest.raises(NotFound):
        worker_services.transfer_request_confirm(actor=other.user, request=request)
    response = city.client("worker_u1").post(
        reverse("worker_portal:transfer_answer", args=[request.pk]), {"answer": "confirm"}
    )
    assert response.status_code == 404
    assert TransferRequest.objects.get().status == "pending"


def test_the_list_shows_what_waits_and_the_home_page_counts_it(city: City) -> None:
    request = ask(city)
    page = city.client("chair_u1").get(reverse("members:transfer_requests"))
    assert page.status_code == 200 and "张三" in page.content.decode()
    asking = city.client("chair_u3").get(reverse("members:transfer_requests") + "?box=outgoing&status=pending")
    text = asking.content.decode()
    assert f"#{request.pk}" in text and city.u1.name not in text and "其他工会" in text
    home = city.client("chair_u1").get(reverse("console:home")).content.decode()
    assert "会员接转申请待同意" in home
    assert city.client("outsider").get(reverse("members:transfer_requests")).status_code == 200
    assert city.client("info_u1").get(reverse("members:transfer_requests")).status_code == 404
