"""Every step of a case's life, allowed and refused, each with its audit event and history line; the
table of transitions is walked from every status, so a step added to the table without a test of its
sources fails here."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from unionhall.core.audit import AuditEvent
from unionhall.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from unionhall.rights import services, workflow
from unionhall.rights.models import Case, CaseStatus, Mediation
from unionhall.tests.city import City
from unionhall.tests.factories import case

pytestmark = pytest.mark.django_db
S = CaseStatus

# What each step needs to succeed besides the right status.
ARGS: dict[str, dict[str, Any]] = {
    "accept": {},
    "start_mediation": {},
    "end_mediation": {"reason": "调解达成协议"},
    "close": {"outcome": "单位已补发工资", "wages_recovered": "6800.50"},
    "withdraw": {"reason": "职工与单位自行和解"},
    "reopen": {"reason": "职工反映仍有欠款"},
}


def prepare(name: str, k: Case) -> None:
    if name == "end_mediation":
        Mediation.objects.create(case=k, held_on=timezone.localdate(), mediator="李调解", result="agreed")


def run(name: str, actor: Any, k: Case) -> Case:
    return services.TRANSITION_SERVICES[name](actor=actor, case=k, **ARGS[name])


def last_event() -> AuditEvent:
    return AuditEvent.objects.latest("id")


ALLOWED = [(name, source) for name, t in workflow.TRANSITIONS.items() for source in sorted(t.sources)]
REFUSED = [
    (name, source) for name, t in workflow.TRANSITIONS.items() for source in sorted(S.values) if source not in t.sources
]


def test_every_step_has_a_service_and_arguments() -> None:
    assert set(workflow.TRANSITIONS) == set(services.TRANSITION_SERVICES) == set(ARGS)


@pytest.mark.parametrize(("name", "source"), ALLOWED, ids=[f"{n}-from-{s}" for n, s in ALLOWED])
def test_a_step_from_an_allowed_status_moves_the_case_and_is_audited_and_recorded(
    city: City, name: str, source: str
) -> None:
    k = case(city.u1, employer=city.e1, status=source)
    prepare(name, k)
    done = run(name, city.users["chair_u1"], k)
    target = workflow.TRANSITIONS[name].target
    assert done.status == target
    assert Case.objects.get(pk=k.pk).status == target
    event = last_event()
    assert (event.action, event.success, event.actor_name) == (f"case.{name}", True, "chair_u1")
    assert event.changes["status"] == [source, target]
    history = k.events.latest("id")
    assert (history.kind, history.from_status, history.to_status) == (name, source, target)


@pytest.mark.parametrize(("name", "source"), REFUSED, ids=[f"{n}-from-{s}" for n, s in REFUSED])
def test_a_step_from_any_other_status_is_refused_in_chinese_and_audited(city: City, name: str, source: str) -> None:
    k = case(city.u1, employer=city.e1, status=source)
    prepare(name, k)
    with pytest.raises(Conflict) as refused:
        run(name, city.users["chair_u1"], k)
    assert "不能办理" in refused.value.message
    assert Case.objects.get(pk=k.pk).status == source
    event = last_event()
    assert (event.action, event.success) == (f"case.{name}", False)
    assert not k.events.filter(kind=name).exists()


@pytest.mark.parametrize("name", sorted(workflow.TRANSITIONS))
def test_a_reviewer_sees_the_case_but_may_take_no_step(city: City, name: str) -> None:
    source = sorted(workflow.TRANSITIONS[name].sources)[0]
    k = case(city.u1, employer=city.e1, status=source)
    prepare(name, k)
    with pytest.raises(PermissionDenied):
        run(name, city.users["reviewer_d1"], k)
    assert Case.objects.get(pk=k.pk).status == source
    assert last_event().success is False


@pytest.mark.parametrize("name", sorted(workflow.TRANSITIONS))
def test_a_union_elsewhere_gets_not_found_for_every_step(city: City, name: str) -> None:
    source = sorted(workflow.TRANSITIONS[name].sources)[0]
    k = case(city.u1, employer=city.e1, status=source)
    prepare(name, k)
    with pytest.raises(NotFound):
        run(name, city.users["outsider"], k)
    event = last_event()
    assert event.success is False and event.reason.startswith("not_found")


@pytest.mark.parametrize("name", sorted(n for n, t in workflow.TRANSITIONS.items() if t.needs_reason))
def test_a_step_that_needs_a_reason_refuses_an_empty_one_at_the_field(city: City, name: str) -> None:
    k = case(city.u1, employer=city.e1, status=sorted(workflow.TRANSITIONS[name].sources)[0])
    prepare(name, k)
    with pytest.raises(ValidationError) as refused:
        services.TRANSITION_SERVICES[name](actor=city.users["chair_u1"], case=k, reason="   ")
    assert "须填写理由" in refused.value.field_errors["reason"][0]


def test_the_shared_unit_may_mediate_but_not_close_accept_or_withdraw(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=S.IN_PROGRESS, shared_with=city.u3)
    chair_u3 = city.users["chair_u3"]
    assert [t.name for t in workflow.available(chair_u3, k)] == ["start_mediation"]
    k = services.case_start_mediation(actor=chair_u3, case=k)
    assert k.status == S.MEDIATING
    with pytest.raises(PermissionDenied):
        services.case_close(actor=chair_u3, case=k, outcome="办结")
    with pytest.raises(DomainError):
        services.case_withdraw(actor=chair_u3, case=k, reason="撤回")


def test_the_handling_union_sees_every_step_its_status_allows(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=S.IN_PROGRESS)
    names = {t.name for t in workflow.available(city.users["chair_u1"], k)}
    assert names == {"start_mediation", "close", "withdraw"}
    assert workflow.available(city.users["reviewer_d1"], k) == []


def test_ending_a_mediation_needs_a_mediation_record(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=S.MEDIATING)
    with pytest.raises(Conflict) as refused:
        services.case_end_mediation(actor=city.users["chair_u1"], case=k, reason="结束")
    assert "调解记录" in refused.value.message


def test_closing_keeps_the_outcome_and_the_wages_recovered_in_fen(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=S.IN_PROGRESS)
    done = services.case_close(actor=city.users["chair_u1"], case=k, outcome="补发工资", wages_recovered="12,345.67")
    assert (done.wages_recovered_fen, done.outcome) == (1234567, "补发工资")
    assert done.closed_at is not None
    assert last_event().changes["wages_recovered_fen"] == 1234567


def test_closing_with_a_bad_amount_names_the_field_and_changes_nothing(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=S.IN_PROGRESS)
    with pytest.raises(ValidationError) as refused:
        services.case_close(actor=city.users["chair_u1"], case=k, outcome="", wages_recovered="12.345")
    assert set(refused.value.field_errors) == {"outcome", "wages_recovered"}
    assert Case.objects.get(pk=k.pk).status == S.IN_PROGRESS


def test_accepting_makes_the_cadre_the_handler_unless_one_was_named(city: City) -> None:
    k = case(city.u1, employer=city.e1)
    assert services.case_accept(actor=city.users["chair_u1"], case=k).handler == city.users["chair_u1"]
    other = case(city.u1, employer=city.e1)
    services.case_assign(actor=city.users["cadre_t1"], case=other, handler=city.users["chair_u1"])
    assert services.case_accept(actor=city.users["cadre_t1"], case=other).handler == city.users["chair_u1"]


def test_reopening_starts_a_new_time_limit_and_clears_the_rating_and_the_marks(city: City) -> None:
    k = case(city.u1, employer=city.e1, status=S.CLOSED)
    Case.objects.filter(pk=k.pk).update(
        satisfaction=2, escalated_at=timezone.now(), reminded_at=timezone.now(), due_at=timezone.now()
    )
    k.refresh_from_db()
    done = services.case_reopen(actor=city.users["chair_u1"], case=k, reason="仍有欠款")
    assert done.status == S.IN_PROGRESS
    assert (done.satisfaction, done.escalated_at, done.reminded_at, done.closed_at) == (None, None, None, None)
    assert done.due_at > timezone.now()
