"""The kinds of record the city keeps for a set time, and what purging an expired one means.

Each kind names the date its period runs from and a default the city may change (`RetentionPolicy`). The
audit trail is deliberately not a kind: PRODUCT.md §4 keeps it at least 180 days and out of the
application's reach, and its table refuses DELETE by trigger (core/0002); archiving old audit rows is a
database administrator's job outside the application, so no setting here could shorten it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from unionhall.assistance.models import EvidenceFile, FileStatus, HardshipFile
from unionhall.dataops.models import RetentionPolicy
from unionhall.joining.models import ApplicationStatus, JoinApplication
from unionhall.notifications.models import Notification
from unionhall.worker_portal.models import LoginCode


@dataclass(frozen=True)
class Kind:
    label: str
    default_days: int
    minimum_days: int
    expired: Callable[[datetime], QuerySet[Any]]
    purge: Callable[[QuerySet[Any]], int]


def _delete(qs: QuerySet[Any]) -> int:
    return int(qs.delete()[1].get(qs.model._meta.label, 0))


def _archives_holding_personal_content(cutoff: datetime) -> QuerySet[HardshipFile]:
    """Exited before the cutoff and still holding something personal (encrypted text is '' when empty)."""
    still_personal = (
        Q(household__isnull=False)
        | Q(evidence__isnull=False)
        | Q(visits__isnull=False)
        | Q(objections__isnull=False)
        | ~Q(description="")
        | ~Q(bank_account_enc="")
        | ~Q(phone="")
        | ~Q(address="")
    )
    return (
        HardshipFile.objects.filter(status=FileStatus.EXITED, exited_on__lt=timezone.localdate(cutoff))
        .filter(still_personal)
        .distinct()
    )


def _delete_uploads(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _erase_archives(qs: QuerySet[HardshipFile]) -> int:
    """An archive that money was paid or a card issued against stays as the stub the ledger cites, emptied
    of everything personal; one without is deleted with its household, proofs, visits and history."""
    count = 0
    for file in qs.order_by("pk"):
        # The uploads go only once the purge has committed: a rolled-back purge keeps its files.
        names = list(EvidenceFile.objects.filter(file=file).values_list("content", flat=True))
        transaction.on_commit(partial(_delete_uploads, names))
        if file.disbursements.exists() or file.cards.exists():
            for related in (file.household, file.evidence, file.visits, file.objections):
                related.all().delete()
            HardshipFile.objects.filter(pk=file.pk).update(
                description="", phone="", address="", bank_account_enc="", bank_account_masked="", bank_name=""
            )
        else:
            file.delete()
        count += 1
    return count


def _closed_applications(statuses: tuple[str, ...]) -> Callable[[datetime], QuerySet[JoinApplication]]:
    return lambda cutoff: JoinApplication.objects.filter(status__in=statuses, decided_at__lt=cutoff)


KINDS: dict[str, Kind] = {
    "login_code": Kind(
        "职工登录验证码", 30, 1, lambda cutoff: LoginCode.objects.filter(created_at__lt=cutoff), _delete
    ),
    "join_application_rejected": Kind(
        "未获批准或已撤回的入会申请",
        365,
        30,
        _closed_applications((ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)),
        _delete,
    ),
    "join_application_approved": Kind(
        "已批准的入会申请", 3 * 365, 180, _closed_applications((ApplicationStatus.APPROVED,)), _delete
    ),
    "notification": Kind(
        "站内通知", 365, 30, lambda cutoff: Notification.objects.filter(created_at__lt=cutoff), _delete
    ),
    "hardship_file_exited": Kind(
        "已解困的困难职工档案（解困后）", 5 * 365, 365, _archives_holding_personal_content, _erase_archives
    ),
}


def days_for(kind: str) -> int:
    row = RetentionPolicy.objects.filter(kind=kind).first()
    return row.days if row is not None else KINDS[kind].default_days


def cutoff_for(kind: str, now: datetime) -> datetime:
    return now - timedelta(days=days_for(kind))
