"""Audit recipes of the archive services (see unionhall/tests/audit_support.py): a call that succeeds and one
that is refused, each writing exactly one event."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from unionhall.assistance import services, workflow
from unionhall.assistance.disbursements.tests import audit_recipes as disbursements
from unionhall.assistance.models import (
    EvidenceFile,
    FileStatus,
    HardshipFile,
    HouseholdMember,
    NoticeObjection,
    VisitKind,
)
from unionhall.assistance.tests.support import new_id, visit
from unionhall.tests.audit_support import Recipe
from unionhall.tests.city import City
from unionhall.tests.factories import hardship_file

PDF = b"%PDF-1.4\n%%EOF\n"
M = "unionhall.assistance.services."


def _user(c: City, name: str) -> Any:
    return c.users[name]


def _on(
    status: str, fn: Callable[[City, HardshipFile], Any], prepare: Callable[[HardshipFile], Any] | None = None
) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        f = hardship_file(c.u1, status=status)
        if prepare is not None:
            prepare(f)
        return lambda: fn(c, f)

    return recipe


def _notice_over(f: HardshipFile) -> None:
    HardshipFile.objects.filter(pk=f.pk).update(notice_ends_on=timezone.localdate() - timedelta(days=1))


def _exited(f: HardshipFile) -> None:
    HardshipFile.objects.filter(pk=f.pk).update(exited_on=timezone.localdate() - timedelta(days=3))
    visit(f, VisitKind.FOLLOW_UP)


# step → (status it starts from, a preparation that lets it succeed, who does it)
_STEPS: dict[str, tuple[str, Callable[[HardshipFile], Any] | None, str]] = {
    "submit": (FileStatus.DRAFT, None, "chair_u1"),
    "send_back": (FileStatus.SUBMITTED, None, "cadre_t1"),
    "verify": (FileStatus.SUBMITTED, lambda f: visit(f, VisitKind.VERIFICATION), "cadre_t1"),
    "reject": (FileStatus.VERIFIED, None, "cadre_t1"),
    "start_notice": (FileStatus.VERIFIED, None, "cadre_t1"),
    "approve": (FileStatus.NOTICE, _notice_over, "cadre_t1"),
    "review": (FileStatus.APPROVED, lambda f: visit(f, VisitKind.REVIEW), "cadre_t1"),
    "exit": (FileStatus.APPROVED, None, "cadre_t1"),
    "follow_up": (FileStatus.EXITED, _exited, "chair_u1"),
    "return": (FileStatus.EXITED, None, "chair_u1"),
    "resubmit": (FileStatus.RETURNED, None, "chair_u1"),
}


def _step_recipes(name: str) -> tuple[Recipe, Recipe]:
    status, prepare, who = _STEPS[name]
    ok = _on(status, lambda c, f: workflow.run(_user(c, who), f, name, "理由"), prepare)
    # the reviewer sees the archive but may not act on it
    refused = _on(status, lambda c, f: workflow.run(_user(c, "reviewer_d1"), f, name, "理由"), prepare)
    return ok, refused


def _create(who: str) -> Recipe:
    return lambda c: (
        lambda: services.hardship_file_create(
            actor=_user(c, who), org=c.u1, name="审计困难户", id_number=new_id(), causes=["illness"], household_size=2
        )
    )


def _member(c: City) -> HouseholdMember:
    f = hardship_file(c.u1, status=FileStatus.DRAFT)
    return HouseholdMember.objects.create(file=f, name="小红", relation="child", health_enc="", has_health_note=False)


def _upload(who: str, content: bytes) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        f = hardship_file(c.u1, status=FileStatus.DRAFT)

        def call() -> Any:
            with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="uh-audit-")):
                return services.evidence_upload(
                    actor=_user(c, who), file=f, kind="income", upload=SimpleUploadedFile("收入证明.pdf", content)
                )

        return call

    return recipe


def _download(who: str) -> Recipe:
    def recipe(c: City) -> Callable[[], Any]:
        f = hardship_file(c.u1)
        name = "evidence/authz/test.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(PDF))
        e = EvidenceFile.objects.create(
            file=f, kind="other", name="证明.pdf", content=name, content_type="application/pdf", size=len(PDF)
        )
        return lambda: services.evidence_download(actor=_user(c, who), evidence=e).close()

    return recipe


def _visit(who: str, kind: str) -> Recipe:
    return _on(
        FileStatus.SUBMITTED,
        lambda c, f: services.home_visit_record(
            actor=_user(c, who), file=f, kind=kind, visited_on=timezone.localdate(), visitors="张干事", findings="属实"
        ),
    )


def _objection(c: City) -> NoticeObjection:
    f = hardship_file(c.u1, status=FileStatus.NOTICE)
    return NoticeObjection.objects.create(file=f, received_on=timezone.localdate(), content="有异议")


RECIPES: dict[str, tuple[Recipe, Recipe | None]] = {
    **{f"{M}hardship_file_{name}": _step_recipes(name) for name in _STEPS},
    f"{M}hardship_file_create": (_create("chair_u1"), _create("reviewer_d1")),
    f"{M}hardship_file_update": (
        _on(
            FileStatus.DRAFT,
            lambda c, f: services.hardship_file_update(actor=_user(c, "chair_u1"), file=f, phone="13911112222"),
        ),
        _on(
            FileStatus.APPROVED,
            lambda c, f: services.hardship_file_update(actor=_user(c, "chair_u1"), file=f, phone="1"),
        ),
    ),
    f"{M}hardship_file_set_category": (
        _on(
            FileStatus.SUBMITTED,
            lambda c, f: services.hardship_file_set_category(
                actor=_user(c, "cadre_t1"), file=f, category="relative", reason="民主评议"
            ),
        ),
        _on(
            FileStatus.SUBMITTED,
            lambda c, f: services.hardship_file_set_category(
                actor=_user(c, "cadre_t1"), file=f, category="relative", reason=""
            ),
        ),
    ),
    f"{M}household_member_add": (
        _on(
            FileStatus.DRAFT,
            lambda c, f: services.household_member_add(
                actor=_user(c, "chair_u1"), file=f, name="小刚", relation="child"
            ),
        ),
        _on(
            FileStatus.SUBMITTED,
            lambda c, f: services.household_member_add(
                actor=_user(c, "chair_u1"), file=f, name="小刚", relation="child"
            ),
        ),
    ),
    f"{M}household_member_remove": (
        lambda c: (lambda m: lambda: services.household_member_remove(actor=_user(c, "chair_u1"), member=m))(
            _member(c)
        ),
        lambda c: (lambda m: lambda: services.household_member_remove(actor=_user(c, "outsider"), member=m))(
            _member(c)
        ),
    ),
    f"{M}evidence_upload": (_upload("chair_u1", PDF), _upload("chair_u1", b"MZ\x90\x00not a pdf")),
    f"{M}evidence_download": (_download("reviewer_d1"), _download("outsider")),
    f"{M}home_visit_record": (_visit("cadre_t1", VisitKind.VERIFICATION), _visit("chair_u1", VisitKind.VERIFICATION)),
    f"{M}objection_record": (
        _on(
            FileStatus.NOTICE,
            lambda c, f: services.objection_record(actor=_user(c, "chair_u1"), file=f, content="异议"),
        ),
        _on(
            FileStatus.APPROVED,
            lambda c, f: services.objection_record(actor=_user(c, "chair_u1"), file=f, content="异议"),
        ),
    ),
    f"{M}objection_resolve": (
        lambda c: (
            lambda o: (
                lambda: services.objection_resolve(
                    actor=_user(c, "cadre_t1"), objection=o, upheld=False, resolution="不成立"
                )
            )
        )(_objection(c)),
        lambda c: (
            lambda o: (
                lambda: services.objection_resolve(
                    actor=_user(c, "reviewer_d1"), objection=o, upheld=False, resolution="不成立"
                )
            )
        )(_objection(c)),
    ),
    f"{M}hardship_file_bank_account_reveal": (
        _on(
            FileStatus.APPROVED,
            lambda c, f: services.hardship_file_bank_account_reveal(actor=_user(c, "cadre_d1"), file=f),
        ),
        _on(
            FileStatus.APPROVED,
            lambda c, f: services.hardship_file_bank_account_reveal(actor=_user(c, "reviewer_d1"), file=f),
        ),
    ),
    f"{M}household_member_health_reveal": (
        lambda c: (lambda m: lambda: services.household_member_health_reveal(actor=_user(c, "chair_u1"), member=m))(
            _member(c)
        ),
        lambda c: (lambda m: lambda: services.household_member_health_reveal(actor=_user(c, "reviewer_d1"), member=m))(
            _member(c)
        ),
    ),
    f"{M}assistance_settings_update": (
        lambda c: lambda: services.assistance_settings_update(actor=_user(c, "city_admin"), notice_days=7),
        lambda c: lambda: services.assistance_settings_update(actor=_user(c, "cadre_d1"), notice_days=7),
    ),
    **disbursements.RECIPES,
}
