"""Audit recipes of the case services (see unionhall/tests/audit_support.py): a call that succeeds and one that is
refused, each writing exactly one event. The refusals are a reviewer (sees, may not act), a third union, or a
rule of the case (wrong state, missing reason)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from unionhall.accounts.models import User
from unionhall.rights import services
from unionhall.rights.models import Case, CaseAttachment, CaseStatus, Mediation
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import case
from unionhall.worker_portal.models import WorkerProfile

PDF = b"%PDF-1.4\n%%EOF\n"
M = "unionhall.rights.services."
S = CaseStatus


def _on(status: str, fn: Callable[[City, Case], Any], *, shared: bool = False) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        k = case(c.u1, employer=c.e1, status=status, shared_with=c.u3 if shared else None)
        return lambda: fn(c, k)

    return recipe


def _step(name: str, status: str, who: str, **kwargs: Any) -> Recipe:
    return _on(status, lambda c, k: services.TRANSITION_SERVICES[name](actor=c.users[who], case=k, **kwargs))


def _mediating(c: City, k: Case) -> Case:
    Mediation.objects.create(case=k, held_on=timezone.localdate(), mediator="李调解", result="agreed")
    return services.case_end_mediation(actor=c.users["chair_u1"], case=k, reason="达成协议")


def _create(who: str) -> Recipe:
    data = services.CaseIntake(category="wage_arrears", summary="欠薪两个月", contact_name="王师傅", employer_text="x")
    return lambda c: lambda: services.case_create(actor=c.users[who], intake_org=c.u1, data=data)


def _worker_case(c: City, status: str) -> Case:
    """A case of the worker behind worker_u1's login (their WorkerProfile's person)."""
    from unionhall.tests.factories import person

    p = person("王职工")
    WorkerProfile.objects.create(user=c.users["worker_u1"], person=p)
    return case(c.u1, employer=c.e1, status=status, person=p)


def _upload(who: str, content: bytes) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        k = case(c.u1, employer=c.e1)

        def call() -> Any:
            with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="uh-audit-")):
                upload = SimpleUploadedFile("工资条.pdf", content)
                return services.case_attachment_upload(actor=c.users[who], case=k, upload=upload)

        return call

    return recipe


def _download(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        k = case(c.u1, employer=c.e1)
        name = "rights/authz/test.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(PDF))
        a = CaseAttachment.objects.create(
            case=k, name="工资条.pdf", content=name, content_type="application/pdf", size=len(PDF), sha256="0" * 64
        )
        return lambda: services.case_attachment_download(actor=c.users[who], attachment=a).close()

    return recipe


def _info(worker_is_applicant: bool) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        k = _worker_case(c, S.IN_PROGRESS) if worker_is_applicant else case(c.u1, employer=c.e1)
        return lambda: services.case_info_add(actor=c.users["worker_u1"], case=k, note="补充：工资条三张")

    return recipe


def _rate(c: City) -> Callable[[], Any]:
    k = _worker_case(c, S.CLOSED)
    return lambda: services.case_rate(actor=c.users["worker_u1"], case=k, satisfaction=5)


def _assign(who: str) -> Recipe:
    return _on(
        S.IN_PROGRESS, lambda c, k: services.case_assign(actor=c.users[who], case=k, handler=c.users["chair_u1"])
    )


def _unshare(who: str) -> Recipe:
    return _on(S.IN_PROGRESS, lambda c, k: services.case_unshare(actor=c.users[who], case=k, org=c.u3), shared=True)


def _chair_u2(c: City) -> User:
    from unionhall.orgs.models import Grant, Role

    user = User.objects.create_user(username="chair_u2", password="x")
    Grant.objects.create(user=user, role=Role.GRASSROOTS_STAFF, org=c.u2)
    return user


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    M + "case_create": (_create("chair_u1"), _create("reviewer_d1")),
    M + "case_accept": (_step("accept", S.RECEIVED, "chair_u1"), _step("accept", S.RECEIVED, "reviewer_d1")),
    M + "case_start_mediation": (
        _step("start_mediation", S.IN_PROGRESS, "chair_u1"),
        _step("start_mediation", S.RECEIVED, "chair_u1"),  # not yet accepted
    ),
    M + "case_end_mediation": (
        _on(S.MEDIATING, _mediating),
        _step("end_mediation", S.MEDIATING, "chair_u1", reason="无调解记录"),  # no mediation recorded
    ),
    M + "case_close": (
        _step("close", S.IN_PROGRESS, "chair_u1", outcome="已追回", wages_recovered="8000"),
        _step("close", S.IN_PROGRESS, "chair_u1", outcome="", wages_recovered="8000"),
    ),
    M + "case_withdraw": (
        _step("withdraw", S.IN_PROGRESS, "chair_u1", reason="职工已与单位和解"),
        _step("withdraw", S.IN_PROGRESS, "chair_u1", reason=""),
    ),
    M + "case_reopen": (
        _step("reopen", S.CLOSED, "cadre_t1", reason="职工反映未足额支付"),
        _step("reopen", S.IN_PROGRESS, "cadre_t1", reason="尚未办结"),
    ),
    M + "case_assign": (_assign("cadre_t1"), _assign("reviewer_d1")),
    M + "case_transfer": (
        _on(
            S.RECEIVED,
            lambda c, k: services.case_transfer(actor=c.users["cadre_t1"], case=k, to_org=c.u2, reason="属地"),
        ),
        _on(
            S.RECEIVED, lambda c, k: services.case_transfer(actor=c.users["chair_u3"], case=k, to_org=c.u3, reason="x")
        ),
    ),
    M + "case_share": (
        _on(S.IN_PROGRESS, lambda c, k: services.case_share(actor=c.users["chair_u1"], case=k, org=c.u3)),
        _on(S.IN_PROGRESS, lambda c, k: services.case_share(actor=c.users["chair_u1"], case=k, org=c.u1)),
    ),
    M + "case_unshare": (_unshare("chair_u1"), _unshare("chair_u3")),  # the sharing unit may not end it
    M + "mediation_record": (
        _on(
            S.MEDIATING,
            lambda c, k: services.mediation_record(
                actor=c.users["chair_u3"], case=k, held_on=timezone.localdate(), mediator="李调解", result="agreed"
            ),
            shared=True,
        ),
        _on(
            S.MEDIATING,
            lambda c, k: services.mediation_record(
                actor=_chair_u2(c), case=k, held_on=timezone.localdate(), mediator="李调解", result="agreed"
            ),
        ),
    ),
    M + "case_legal_aid_refer": (
        _on(
            S.IN_PROGRESS,
            lambda c, k: services.case_legal_aid_refer(actor=c.users["chair_u1"], case=k, note="转市法援中心"),
        ),
        _on(
            S.CLOSED, lambda c, k: services.case_legal_aid_refer(actor=c.users["chair_u1"], case=k, note="转市法援中心")
        ),
    ),
    M + "case_note_add": (
        _on(
            S.IN_PROGRESS,
            lambda c, k: services.case_note_add(actor=c.users["chair_u3"], case=k, note="已联系"),
            shared=True,
        ),
        _on(S.IN_PROGRESS, lambda c, k: services.case_note_add(actor=c.users["chair_u3"], case=k, note="已联系")),
    ),
    M + "case_attachment_upload": (_upload("chair_u1", PDF), _upload("chair_u1", b"MZ\x90\x00 not a pdf")),
    M + "case_attachment_download": (_download("reviewer_d1"), _download("outsider")),
    M + "case_rate": (
        _rate,
        _on(S.IN_PROGRESS, lambda c, k: services.case_rate(actor=c.users["chair_u1"], case=k, satisfaction=4)),
    ),
    M + "case_info_add": (_info(True), _info(False)),
}
