"""Audit recipes of the worker's services, collected by core/tests/test_audit.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from conftest import City
from unionhall.core.tests.audit_support import Recipe
from unionhall.members.tests.factories import join
from unionhall.workers import services, sms
from unionhall.workers.services import WORKER_LOGIN
from unionhall.workers.tests.support import link, other_world, worker_world

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
        with override_settings(SMS_BACKEND="unionhall.workers.sms.MemoryBackend"):
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
    "unionhall.workers.services.login_code_request": (_request(True), _request(False)),
    "unionhall.workers.services.login_code_verify": (_verify(True), _verify(False)),
    "unionhall.workers.services.hardship_application_submit": (_application(True), _application(False)),
    "unionhall.workers.services.card_code_reveal": (_reveal(True), _reveal(False)),
    "unionhall.workers.services.case_request_submit": (_case_request(True), _case_request(False)),
}
