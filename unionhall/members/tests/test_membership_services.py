"""The membership life cycle: join, transfer, retain, restore, leave, remove — allowed and refused."""

from __future__ import annotations

from datetime import date

import pytest

from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.core.models import AuditEvent
from unionhall.members import services
from unionhall.members.models import Membership, MembershipEvent, MembershipStatus, Person
from unionhall.tests.audit_support import SYSTEM
from unionhall.tests.city import City
from unionhall.tests.factories import join, valid_id


def test_joining_creates_person_membership_number_and_history(city: City) -> None:
    m = join(city.u1, " 张三 ", "11010519900101001", phone="139 1234 5678", on=date(2026, 3, 1))
    person = m.person
    assert (person.name, person.name_initials, person.sex, person.birth_date) == ("张三", "zs", "M", date(1990, 1, 1))
    assert person.phone == "13912345678"
    assert m.member_no == f"GH{person.pk:010d}"
    assert (m.status, m.joined_on) == (MembershipStatus.ACTIVE, date(2026, 3, 1))
    assert [e.kind for e in MembershipEvent.objects.filter(person=person)] == ["join"]


def test_the_id_number_is_never_stored_in_clear(city: City) -> None:
    number = valid_id("11010519900101001")
    join(city.u1, "张三", "11010519900101001")
    row = Person.objects.values().get()
    assert number not in str(row)
    assert row["id_number_masked"] == number[:3] + "*" * 11 + number[-4:]


def test_a_bad_id_is_refused_at_its_field_and_nothing_is_saved(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        services.member_join(
            actor=SYSTEM, org=city.u1, person=services.PersonData(name="张三", id_number="110105199001010019")
        )
    assert "校验位" in error.value.field_errors["id_number"][0]
    assert not Person.objects.exists()


def test_an_old_area_code_joins_with_a_warning(city: City) -> None:
    person = services.PersonData(name="李四", id_number=valid_id("32050819700101001"))
    m = services.member_join(actor=SYSTEM, org=city.u1, person=person)
    assert person.warnings
    assert AuditEvent.objects.filter(action="member.join").latest("id").changes["warnings"] == person.warnings
    assert m.status == MembershipStatus.ACTIVE


def test_a_member_elsewhere_is_offered_a_transfer_not_a_second_membership(city: City) -> None:
    first = join(city.u1, "张三", "11010519900101001")
    with pytest.raises(services.AlreadyMember) as error:
        join(city.u3, "张三", "11010519900101001")
    assert error.value.membership == first
    assert "东方机械公司工会" in error.value.message
    assert Membership.objects.count() == 1


def test_joining_the_same_union_twice_is_refused(city: City) -> None:
    join(city.u1, "张三", "11010519900101001")
    with pytest.raises(Conflict, match="已是本工会会员"):
        join(city.u1, "张三", "11010519900101001")


def test_members_join_grassroots_unions_or_branches_only(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        join(city.t1, "张三", "11010519900101001")
    assert error.value.field_errors["org"] == ["会员须加入基层工会或分工会。"]
    assert join(city.b1, "张三", "11010519900101001").org == city.b1


def test_a_transfer_closes_one_membership_and_opens_the_next_across_districts(city: City) -> None:
    old = join(city.u1, "张三", "11010519900101001")
    new = services.member_transfer(actor=city.users["city_admin"], membership=old, to_org=city.u3, on=date(2026, 5, 1))
    old.refresh_from_db()
    assert (old.status, old.ended_on) == (MembershipStatus.TRANSFERRED, date(2026, 5, 1))
    assert (new.org, new.status, new.member_no, new.joined_on) == (city.u3, "active", old.member_no, date(2026, 5, 1))
    event = MembershipEvent.objects.filter(kind="transfer").get()
    assert (event.from_org, event.to_org) == (city.u1, city.u3)
    assert Membership.objects.filter(person=old.person, status__in=["active", "retained"]).count() == 1


def test_a_one_step_transfer_needs_both_unions_in_the_actors_reach(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    with pytest.raises(NotFound):
        services.member_transfer(actor=city.users["chair_u1"], membership=m, to_org=city.u3)
    with pytest.raises(PermissionDenied):
        services.member_transfer(actor=city.users["reviewer_d1"], membership=m, to_org=city.u2)
    # the receiving union without sight of the union the member leaves may only ask (transfer_services)
    with pytest.raises(NotFound):
        services.member_transfer(actor=city.users["chair_u3"], membership=m, to_org=city.u3)
    m.refresh_from_db()
    assert m.status == "active" and m.org == city.u1
    new = services.member_transfer(actor=city.users["city_admin"], membership=m, to_org=city.u3)
    assert new.org == city.u3


def test_retain_restore_leave_and_remove_follow_the_transition_table(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    chair = city.users["chair_u1"]
    m = services.member_retain(actor=chair, membership=m, reason="退休", on=date(2026, 6, 1))
    assert (m.status, m.ended_on, m.end_reason) == ("retained", None, "")
    m = services.member_restore(actor=chair, membership=m)
    assert m.status == "active"
    m = services.member_leave(actor=chair, membership=m, reason="本人申请", on=date(2026, 7, 1))
    assert (m.status, m.ended_on, m.end_reason) == ("left", date(2026, 7, 1), "本人申请")
    for action in (services.member_retain, services.member_leave, services.member_remove):
        with pytest.raises(Conflict, match="不能改为"):
            action(actor=chair, membership=m, reason="再次")
    with pytest.raises(Conflict):
        services.member_restore(actor=chair, membership=m)
    with pytest.raises(Conflict):
        services.member_transfer(actor=chair, membership=m, to_org=city.b1)
    kinds = list(MembershipEvent.objects.filter(person=m.person).values_list("kind", flat=True))
    assert kinds == ["join", "retain", "restore", "leave"]


def test_every_state_change_needs_a_reason_except_restoring(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    with pytest.raises(ValidationError) as error:
        services.member_remove(actor=city.users["chair_u1"], membership=m, reason=" ")
    assert error.value.field_errors["reason"] == ["请填写原因。"]


def test_a_person_who_left_can_join_again_with_the_same_number(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    services.member_leave(actor=SYSTEM, membership=m, reason="离职")
    again = join(city.u3, "张三", "11010519900101001")
    assert again.member_no == m.member_no
    assert Person.objects.count() == 1


def test_correcting_a_member_keeps_the_id_and_updates_initials(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    person = services.person_update(actor=city.users["chair_u1"], membership=m, name="单三", phone="13800000000")
    assert (person.name, person.name_initials, person.phone) == ("单三", "ss", "13800000000")
    with pytest.raises(ValidationError):
        services.person_update(actor=city.users["chair_u1"], membership=m, id_number="x")


def test_revealing_an_id_needs_the_permission_and_is_logged(city: City) -> None:
    m = join(city.u1, "张三", "11010519900101001")
    assert services.member_id_reveal(actor=city.users["chair_u1"], membership=m) == valid_id("11010519900101001")
    event = AuditEvent.objects.filter(action="member.id_reveal").latest("id")
    assert (event.actor_name, event.success, event.object_id) == ("chair_u1", True, str(m.pk))
    with pytest.raises(PermissionDenied):
        services.member_id_reveal(actor=city.users["reviewer_d1"], membership=m)


def test_a_roster_commit_is_idempotent_and_reports_members_elsewhere(city: City) -> None:
    join(city.u3, "外区会员", "11010519800101001")
    rows = [
        services.RosterRow(row=2, person=services.PersonData(name="甲", id_number=valid_id("11010519900101001"))),
        services.RosterRow(row=3, person=services.PersonData(name="乙", id_number=valid_id("11010519910101002"))),
        services.RosterRow(row=4, person=services.PersonData(name="外区会员", id_number=valid_id("11010519800101001"))),
    ]
    first = services.roster_commit(actor=city.users["chair_u1"], org=city.u1, rows=rows, source="a.xlsx")
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert [r for r, _ in first.elsewhere] == [4]
    again = services.roster_commit(actor=city.users["chair_u1"], org=city.u1, rows=rows, source="a.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[0].person.phone = "13900000000"
    rows[2].transfer = True
    third = services.roster_commit(actor=city.users["city_admin"], org=city.u1, rows=rows, source="b.xlsx")
    assert (third.created, third.updated, third.unchanged, third.transferred) == (0, 1, 1, 1)
    assert Membership.objects.filter(org=city.u1, status="active").count() == 3
    assert Membership.objects.filter(org=city.u3, status="transferred").count() == 1


def test_a_large_roster_commits_in_bulk_with_history_and_numbers(city: City) -> None:
    """2,500 rows: COPY on PostgreSQL, bulk_create on SQLite, the same outcome either way."""
    from stdnum.cn import ric

    rows = []
    for i in range(2500):
        body = f"110105{1960 + i // 1000}0101{i % 1000:03d}"
        rows.append(
            services.RosterRow(
                row=i + 2,
                person=services.PersonData(name=f"会员{i}", id_number=body + ric.calc_check_digit(body + "0")),
                joined_on=date(2020, 1, 1),
            )
        )
    outcome = services.roster_commit(actor=city.users["chair_u1"], org=city.u1, rows=rows)
    assert outcome.created == 2500
    members = Membership.objects.filter(org=city.u1).select_related("person")
    assert members.count() == 2500
    sample = members.order_by("id").last()
    assert sample.member_no == f"GH{sample.person_id:010d}"
    assert sample.person.name_initials.startswith("hy")
    assert MembershipEvent.objects.filter(membership__org=city.u1, kind="join").count() == 2500
    again = services.roster_commit(actor=city.users["chair_u1"], org=city.u1, rows=rows)
    assert (again.created, again.unchanged) == (0, 2500)


def test_a_roster_without_a_column_keeps_what_is_on_file(city: City) -> None:
    join(city.u1, "甲", "11010519900101001", employment_form="platform", is_migrant=True, phone="13900000000")
    row = services.RosterRow(row=2, person=services.PersonData(name="甲", id_number=valid_id("11010519900101001")))
    outcome = services.roster_commit(actor=city.users["chair_u1"], org=city.u1, rows=[row])
    assert (outcome.updated, outcome.unchanged) == (0, 1)
    person = Person.objects.get()
    assert (person.employment_form, person.is_migrant, person.phone) == ("platform", True, "13900000000")


def test_a_new_person_without_those_columns_is_a_standard_non_migrant_worker(city: City) -> None:
    m = join(city.u1, "乙", "11010519910101002")
    assert (m.person.employment_form, m.person.is_migrant) == ("standard", False)
