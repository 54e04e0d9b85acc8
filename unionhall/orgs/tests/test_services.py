"""The tree's write rules: create, edit, move, merge and dissolve through services, with validation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from unionhall.core.actors import SystemActor
from unionhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from unionhall.members.models import Membership, Person
from unionhall.orgs import services
from unionhall.orgs.models import Employer, OrgLevel, OrgStatus, OrgUnit
from unionhall.tests.city import City, uscc


def test_a_cadre_creates_a_grassroots_union_under_a_town(city: City) -> None:
    unit = services.orgunit_create(
        actor=city.users["cadre_d1"],
        parent=city.t1,
        code="D1-T1-U9",
        level=OrgLevel.GRASSROOTS,
        name=" 新建工会 ",
        kind="enterprise",
        term_years=3,
        term_started_on=dt.date(2025, 3, 1),
    )
    assert unit.name == "新建工会"
    assert OrgUnit.objects.get_parent(unit) == city.t1
    assert unit.term_ends_on == dt.date(2028, 3, 1)


@pytest.mark.parametrize(
    ("level", "parent_attr", "message"),
    [
        (OrgLevel.DISTRICT, "t1", "区县总工会不能设在乡镇/街道总工会之下。"),
        (OrgLevel.TOWN, "u1", "乡镇/街道总工会不能设在基层工会之下。"),
        (OrgLevel.GRASSROOTS, "b1", "基层工会不能设在分工会/工会小组之下。"),
    ],
)
def test_a_unit_cannot_stand_under_a_level_that_may_not_hold_it(
    city: City, level: str, parent_attr: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(
            actor=SystemActor("t"),
            parent=getattr(city, parent_attr),
            code="NEW",
            level=level,
            name="新",
            kind="enterprise",
        )
    assert error.value.field_errors["parent"] == [message]


def test_a_grassroots_union_needs_a_kind_and_a_project_union_an_end_date(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(actor=SystemActor("t"), parent=city.t1, code="N1", level=OrgLevel.GRASSROOTS, name="新")
    assert "kind" in error.value.field_errors
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(
            actor=SystemActor("t"), parent=city.t1, code="N1", level=OrgLevel.GRASSROOTS, name="项目", kind="project"
        )
    assert error.value.field_errors["ends_on"] == ["项目工会须填写项目结束日期。"]


def test_codes_are_unique_and_names_required(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        services.orgunit_create(
            actor=SystemActor("t"), parent=city.t1, code="D1-T1-U1", level=OrgLevel.BRANCH, name="x"
        )
    assert error.value.field_errors["code"] == ["该编码已被使用。"]
    with pytest.raises(ValidationError) as error:
        services.orgunit_update(actor=SystemActor("t"), unit=city.u1, name="  ")
    assert error.value.field_errors["name"] == ["请填写名称。"]


def test_a_union_legal_person_code_is_validated_and_starts_with_81(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        services.orgunit_update(actor=SystemActor("t"), unit=city.u1, uscc="81320508MA1MXXXXX0")
    assert "校验位" in error.value.field_errors["uscc"][0]
    with pytest.raises(ValidationError) as error:
        services.orgunit_update(actor=SystemActor("t"), unit=city.u1, uscc=uscc("320508ABCD0001", prefix="91"))
    assert error.value.field_errors["uscc"] == ["工会法人的统一社会信用代码以 81 开头。"]
    good = uscc("320508ABCD0001", prefix="81")
    unit = services.orgunit_update(actor=SystemActor("t"), unit=city.u1, uscc=good.lower())
    assert unit.uscc == good


def test_an_expired_committee_term_is_flagged_as_overdue(city: City) -> None:
    unit = services.orgunit_update(
        actor=SystemActor("t"), unit=city.u2, term_years=5, term_started_on=dt.date(2021, 6, 1)
    )
    with time_machine.travel(dt.date(2026, 5, 31)):
        assert not unit.election_overdue
    with time_machine.travel(dt.date(2026, 6, 2)):
        assert unit.election_overdue
    assert OrgUnit.objects.filter(term_ends_on__lt=dt.date(2026, 6, 2), pk=unit.pk).exists()


def test_moving_a_unit_takes_its_subtree_along(city: City) -> None:
    services.orgunit_move(actor=SystemActor("t"), unit=city.u1, new_parent=city.t2)
    city.b1.refresh_from_db()
    city.u1.refresh_from_db()
    assert city.u1.path.startswith(city.t2.path)
    assert city.b1.path.startswith(city.u1.path)
    assert OrgUnit.objects.get_parent(city.u1) == city.t2


def test_a_unit_cannot_move_under_itself_or_its_descendants(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        services.orgunit_move(actor=SystemActor("t"), unit=city.d1, new_parent=city.t1)
    assert error.value.field_errors["parent"] == ["不能移到自身或其下级组织之下。"]
    with pytest.raises(ValidationError):
        services.orgunit_move(actor=SystemActor("t"), unit=city.u1, new_parent=city.u1)


def test_moving_across_districts_needs_structure_rights_at_both_ends(city: City) -> None:
    with pytest.raises(NotFound):  # D2 is out of the D1 cadre's sight
        services.orgunit_move(actor=city.users["cadre_d1"], unit=city.u2, new_parent=city.t2)
    with pytest.raises(PermissionDenied):  # a chair sees U1 but may not restructure
        services.orgunit_move(actor=city.users["chair_u1"], unit=city.b1, new_parent=city.u1)
    city.u2.refresh_from_db()
    assert city.u2.path.startswith(city.t1.path)


def test_a_unit_with_children_employers_or_members_cannot_be_dissolved(city: City) -> None:
    with pytest.raises(Conflict) as error:
        services.orgunit_dissolve(actor=SystemActor("t"), unit=city.u1, reason="撤销")
    assert "下级组织" in error.value.message
    assert "覆盖 1 家用人单位" in error.value.message

    person = Person(name="张三", sex="M", birth_date=dt.date(1990, 1, 1))
    person.set_id_number("110105199001010011")
    person.save()
    Membership.objects.create(person=person, org=city.u2, member_no="M1", joined_on=dt.date(2020, 1, 1))
    with pytest.raises(Conflict) as error:
        services.orgunit_dissolve(actor=SystemActor("t"), unit=city.u2, reason="撤销")
    assert "还有 1 名会员" in error.value.message
    city.u2.refresh_from_db()
    assert city.u2.status == OrgStatus.ACTIVE


def test_an_empty_unit_is_dissolved_with_a_reason(city: City) -> None:
    with pytest.raises(ValidationError):
        services.orgunit_dissolve(actor=SystemActor("t"), unit=city.u2, reason=" ")
    unit = services.orgunit_dissolve(actor=SystemActor("t"), unit=city.u2, reason="村改居")
    assert unit.status == OrgStatus.DISSOLVED
    with pytest.raises(Conflict):
        services.orgunit_dissolve(actor=SystemActor("t"), unit=city.u2, reason="再撤一次")


def test_merging_moves_children_employers_and_members_then_closes_the_unit(city: City) -> None:
    person = Person(name="李四", sex="F", birth_date=dt.date(1991, 1, 1))
    person.set_id_number("110105199101010020")
    person.save()
    membership = Membership.objects.create(person=person, org=city.u1, member_no="M2", joined_on=dt.date(2020, 1, 1))
    services.orgunit_merge(actor=city.users["cadre_d1"], unit=city.u1, into=city.u2)
    city.u1.refresh_from_db()
    city.b1.refresh_from_db()
    city.e1.refresh_from_db()
    membership.refresh_from_db()
    assert city.u1.status == OrgStatus.MERGED
    assert city.u1.merged_into == city.u2
    assert OrgUnit.objects.get_parent(city.b1) == city.u2
    assert city.e1.union == city.u2
    assert membership.org == city.u2


def test_merging_needs_the_same_level_and_never_into_oneself(city: City) -> None:
    with pytest.raises(ValidationError):
        services.orgunit_merge(actor=SystemActor("t"), unit=city.u1, into=city.t1)
    with pytest.raises(ValidationError):
        services.orgunit_merge(actor=SystemActor("t"), unit=city.u1, into=city.u1)


def test_the_tree_has_one_root(city: City) -> None:
    with pytest.raises(Conflict):
        services.orgunit_create_root(actor=SystemActor("t"), code="C2", name="另一个市总")


def test_an_employer_needs_a_valid_unique_social_credit_code(city: City) -> None:
    actor = city.users["cadre_t1"]
    with pytest.raises(ValidationError) as error:
        services.employer_create(actor=actor, org=city.t1, name="甲公司", uscc="91320508MA1MXXXX00")
    assert error.value.field_errors["uscc"] == ["统一社会信用代码格式或校验位不正确（18 位，GB 32100）。"]
    with pytest.raises(ValidationError) as error:
        services.employer_create(actor=actor, org=city.t1, name="甲公司", uscc=city.e1.uscc)
    assert error.value.field_errors["uscc"] == ["该统一社会信用代码已登记。"]
    code = uscc("320508QQQQ0001")
    employer = services.employer_create(
        actor=actor, org=city.t1, name="甲公司", uscc=f" {code[:9]} {code[9:].lower()} "
    )
    assert employer.uscc == code


def test_an_employer_opening_before_registration_is_refused_and_nothing_saved(city: City) -> None:
    with pytest.raises(ValidationError) as error:
        services.employer_create(
            actor=city.users["cadre_t1"],
            org=city.t1,
            name="乙公司",
            uscc=uscc("320508QQQQ0002"),
            registered_on=dt.date(2024, 5, 1),
            opened_on=dt.date(2024, 4, 1),
        )
    assert error.value.field_errors["opened_on"] == ["开业日期不能早于成立日期。"]
    assert not Employer.objects.filter(name="乙公司").exists()


def test_an_employer_can_only_be_covered_by_a_union_in_sight(city: City) -> None:
    with pytest.raises(NotFound):
        services.employer_update(actor=city.users["cadre_d1"], employer=city.e0, union=city.u3)
    with pytest.raises(ValidationError) as error:
        services.employer_update(actor=city.users["cadre_d1"], employer=city.e0, union=city.t1)
    assert error.value.field_errors["union"] == ["覆盖工会须为基层工会或基层工会联合会。"]
    employer = services.employer_update(actor=city.users["cadre_d1"], employer=city.e0, union=city.u2)
    assert employer.union == city.u2


def test_a_reviewer_never_writes(city: City) -> None:
    reviewer = city.users["reviewer_d1"]
    with pytest.raises(PermissionDenied):
        services.employer_update(actor=reviewer, employer=city.e1, employee_count=1)
    with pytest.raises(PermissionDenied):
        services.orgunit_create(actor=reviewer, parent=city.t1, code="R1", level=OrgLevel.BRANCH, name="x")
