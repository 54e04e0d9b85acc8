"""A new online application tells the union it was routed to, and waits in that union's 待办."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.notifications.models import Notification
from unionhall.tests.city import City
from unionhall.tests.factories import LI, submit


def test_a_new_application_notifies_the_staff_of_its_union_only(city: City) -> None:
    app = submit(city)  # routed to U1
    told = Notification.objects.filter(kind="portal.join_application")
    assert {n.user.username for n in told} == {"chair_u1"}
    note = told.get()
    assert note.url == reverse("joining:application", kwargs={"pk": app.pk})
    assert "王小明" not in note.title + note.body  # no personal data in the message
    assert city.client("chair_u1").get(note.url).status_code == 200
    assert city.client("outsider").get(note.url).status_code == 404


def test_a_union_without_staff_passes_the_word_to_the_federation_answering_for_it(city: City) -> None:
    from unionhall.orgs.models import Grant

    Grant.objects.filter(org=city.u1).delete()
    submit(city, id_number=LI, name="李芳")
    told = Notification.objects.filter(kind="portal.join_application")
    assert {n.user.username for n in told} == {"cadre_t1"}


def test_a_refused_application_tells_nobody(city: City) -> None:
    from unionhall.core.errors import DomainError

    with pytest.raises(DomainError):
        submit(city, phone="123")
    assert not Notification.objects.filter(kind="portal.join_application").exists()


@pytest.mark.django_db
def test_a_demo_application_reaches_chair_demo_s_todo_and_bell(settings) -> None:  # type: ignore[no-untyped-def]
    from unionhall.demo.seed import seed_demo
    from unionhall.joining import services
    from unionhall.joining.models import JoinApplication
    from unionhall.orgs.models import Employer

    seed_demo(members=20, seed=1)
    employer = Employer.objects.filter(union__code="SZ-GS-01-E01").first()
    assert employer is not None
    before = JoinApplication.objects.filter(org__code="SZ-GS-01-E01", status="submitted").count()
    services.join_application_submit(
        actor=services.PORTAL,
        data=services.ApplicationData(
            name="郑新", id_number=LI, phone="13912345680", employer_text="", employer=employer
        ),
    )
    client = Client()
    client.post(reverse("accounts:login"), {"username": "chair_demo", "password": settings.DEMO_PASSWORD})
    home = client.get(reverse("console:home")).text
    todo = home[home.index('data-testid="todo"') :]
    assert "网上入会申请待审核" in todo
    assert f'<span class="num">{before + 1}</span>' in todo[todo.index("网上入会申请待审核") :]
    assert Notification.objects.filter(user__username="chair_demo", kind="portal.join_application").exists()
