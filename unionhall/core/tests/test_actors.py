"""People are named on pages as 姓名（单位+角色）, never by login name; commands and jobs as 系统."""

from __future__ import annotations

from django.urls import reverse

from unionhall.core.actors import SystemActor
from unionhall.orgs.models import Grant, Role
from unionhall.orgs.people import SYSTEM_LABEL, actor_label, label_rows, person_label
from unionhall.tests.city import City


def named(city: City, username: str, name: str) -> object:
    user = city.users[username]
    user.display_name = name
    user.save(update_fields=["display_name"])
    return user


def test_a_person_is_named_with_the_unit_and_role_of_their_grant(city: City) -> None:
    user = named(city, "cadre_t1", "张三")
    assert person_label(user) == f"张三（{city.t1.name}干部）"


def test_a_person_with_several_grants_is_named_by_the_highest_unit(city: City) -> None:
    user = named(city, "chair_u1", "李四")
    Grant.objects.create(user=user, role=Role.INFO_OFFICER, org=city.t1)
    assert person_label(user) == f"李四（{city.t1.name}信息员）"
    Grant.objects.create(user=user, role=Role.FEDERATION_CADRE, org=city.t1)
    # the same unit: the role that does most names them
    assert person_label(user) == f"李四（{city.t1.name}干部）"


def test_a_worker_is_named_as_a_worker_and_a_person_without_grants_by_name_alone(city: City) -> None:
    assert person_label(named(city, "worker_u1", "王五")) == "王五（职工）"
    assert person_label(named(city, "nobody", "赵六")) == "赵六"


def test_a_command_or_a_missing_user_is_the_system(city: City) -> None:
    assert person_label(SystemActor("manage.py seed_demo")) == SYSTEM_LABEL
    assert actor_label(None) == SYSTEM_LABEL
    assert person_label(None) == ""


def test_rows_naming_their_actor_by_login_are_labelled_in_two_queries(city: City, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    named(city, "cadre_t1", "张三")
    named(city, "chair_u1", "李四")

    class Row:
        def __init__(self, actor_name: str) -> None:
            self.actor_name = actor_name

    with django_assert_num_queries(2):
        rows = label_rows([Row("cadre_t1"), Row("chair_u1"), Row("manage.py seed_demo"), Row("cadre_t1")])
    assert [r.actor_label for r in rows] == [  # type: ignore[attr-defined]
        f"张三（{city.t1.name}干部）",
        f"李四（{city.u1.name}工作人员）",
        "系统",
        f"张三（{city.t1.name}干部）",
    ]


def test_an_archive_history_line_shows_the_person_not_the_login(city: City) -> None:
    from unionhall.assistance import services
    from unionhall.assistance.models import FileStatus
    from unionhall.tests import factories

    chair = named(city, "chair_u1", "李四")
    file = factories.hardship_file(city.u1, status=FileStatus.DRAFT)
    services.hardship_file_submit(actor=chair, file=file)

    page = city.client("cadre_d1").get(reverse("assistance:archive_detail", args=[file.pk])).text
    assert f"<td>李四（{city.u1.name}工作人员）</td>" in page
    assert "<td>chair_u1</td>" not in page
    assert city.client("outsider").get(reverse("assistance:archive_detail", args=[file.pk])).status_code == 404


def test_a_membership_history_line_shows_the_person_and_a_command_as_the_system(city: City) -> None:
    from unionhall.members import services
    from unionhall.tests.factories import join

    membership = join(city.u1, "周七", "32050819900101001")  # joined by the test's SystemActor
    chair = named(city, "chair_u1", "李四")
    services.member_retain(actor=chair, membership=membership, reason="退休")

    page = city.client("chair_u1").get(reverse("members:detail", args=[membership.pk])).text
    assert f"<td>李四（{city.u1.name}工作人员）</td>" in page
    assert "<td>系统</td>" in page
    assert "<td>chair_u1</td>" not in page
    assert city.client("outsider").get(reverse("members:detail", args=[membership.pk])).status_code == 404
