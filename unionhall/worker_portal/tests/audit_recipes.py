"""Audit recipes of the worker's services, collected by core/tests/test_audit.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from unionhall.notifications import sms
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import join, link
from unionhall.worker_portal import services
from unionhall.worker_portal.services import WORKER_LOGIN
from unionhall.worker_portal.tests.support import other_world, worker_world

PHONE = "13812345678"


def _member(c: City) -> None:
    join(c.u1, "孙师傅", "32050819790304123", phone=PHONE)


def _request(good: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        _member(c)
        return lambda: services.login_code_request(actor=WORKER_LOGIN, phone=PHONE if good else "12345")

    return prepare


def _verify(good: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        from django.test import override_settings

        _member(c)
        sms.MemoryBackend.outbox = []
        with override_settings(SMS_BACKEND="unionhall.notifications.sms.MemoryBackend"):
            services.login_code_request(actor=WORKER_LOGIN, phone=PHONE)
        found = re.search(r"\d{6}", sms.MemoryBackend.outbox[-1][1])
        assert found is not None
        code = found.group(0) if good else ("000000" if found.group(0) != "000000" else "111111")
        return lambda: services.login_code_verify(actor=WORKER_LOGIN, phone=PHONE, code=code)

    return prepare


def _application(good: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        link(c.users["worker_u1"], c.u1, "李明", phone="13800001111")
        data = services.Application(
            causes=["illness"],
            description="家人住院" if good else "",
            monthly_income="2400",
            household_size="3",
            phone="13800001111",
            address="东区幸福路 8 号",
        )
        return lambda: services.hardship_application_submit(actor=c.users["worker_u1"], data=data)

    return prepare


def _case_request(good: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        link(c.users["worker_u1"], c.u1, "李明", phone="13800001111")
        data = services.CaseRequest(
            category="wage_arrears",
            summary="拖欠三个月工资" if good else "",
            employer=c.e1.name,
            phone="13800001111",
        )
        return lambda: services.case_request_submit(actor=c.users["worker_u1"], data=data)

    return prepare


def _reveal(own: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        worker_world(c)
        card = other_world(c).card if not own else None
        if own:
            from unionhall.cards.models import AssistanceCard

            card = AssistanceCard.objects.get(file__person__worker_profile__user=c.users["worker_u1"])
        assert card is not None
        return lambda: services.card_code_reveal(actor=c.users["worker_u1"], card=card)

    return prepare


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    "unionhall.worker_portal.services.login_code_request": (_request(True), _request(False)),
    "unionhall.worker_portal.services.login_code_verify": (_verify(True), _verify(False)),
    "unionhall.worker_portal.services.hardship_application_submit": (_application(True), _application(False)),
    "unionhall.worker_portal.services.card_code_reveal": (_reveal(True), _reveal(False)),
    "unionhall.worker_portal.services.case_request_submit": (_case_request(True), _case_request(False)),
}


# --- the worker answers a transfer request; the union moves the login to the register's phone ----------


def _asked(c: City) -> Any:
    from unionhall.members import transfers

    profile = link(c.users["worker_u1"], c.u1, "李明", phone="13800001111")
    membership = profile.person.memberships.get(status="active")
    return transfers.open_request(membership=membership, to_org=c.u3, actor=c.users["chair_u3"], source="form")


def _answer(confirm: bool, *, own: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        request = _asked(c)
        actor = c.users["worker_u1"]
        if not own:
            actor = link(services_user(c), c.u1, "赵红", phone="13900002222").user
        answer = services.transfer_request_confirm if confirm else services.transfer_request_decline
        return lambda: answer(actor=actor, request=request)

    return prepare


def services_user(c: City) -> Any:
    from unionhall.worker_portal.tests.support import worker_user

    return worker_user("worker_b", c.u1)


def _rebind(good: bool) -> Recipe:
    def prepare(c: City) -> Callable[[], Any]:
        profile = link(c.users["worker_u1"], c.u1, "李明", phone="13800001111")
        person = profile.person
        person.phone = "13800002222"  # the worker's new number, written by their union
        person.save(update_fields=["phone"])
        membership = person.memberships.get(status="active")
        actor = c.users["chair_u1" if good else "chair_u3"]
        return lambda: services.worker_phone_rebind(actor=actor, membership=membership)

    return prepare


RECIPES.update(
    {
        "unionhall.worker_portal.services.transfer_request_confirm": (
            _answer(True, own=True),
            _answer(True, own=False),
        ),
        "unionhall.worker_portal.services.transfer_request_decline": (
            _answer(False, own=True),
            _answer(False, own=False),
        ),
        "unionhall.worker_portal.services.worker_phone_rebind": (_rebind(True), _rebind(False)),
    }
)
