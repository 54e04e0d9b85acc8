"""Reads of the worker's side. A worker holds no capability in the tree (access.py): what they see is what
belongs to the Person their account is linked to (WorkerProfile) — their archives, the payments of those
archives, the cards issued on them and the cards' redemptions. Anything else answers NotFound, exactly as a
missing row does, and an attempt at someone else's row is recorded as a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from unionhall.assistance.models import AssistanceSettings, FileStatus, HardshipFile
from unionhall.cards.models import AssistanceCard, CardStatus, Redemption
from unionhall.core.audit import record_refusal
from unionhall.core.errors import NotFound
from unionhall.funds.models import Disbursement, DisbursementStatus
from unionhall.orgs.access import roles_of
from unionhall.orgs.models import Role
from unionhall.workers.models import WorkerProfile


def is_worker(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Role.WORKER in roles_of(user)


def profile_for(user: Any) -> WorkerProfile | None:
    if not is_worker(user):
        return None
    return WorkerProfile.objects.filter(user_id=user.pk).select_related("person").first()


def my_files(profile: WorkerProfile) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.filter(person_id=profile.person_id).select_related("org").order_by("-id")


def my_disbursements(profile: WorkerProfile) -> QuerySet[Disbursement]:
    return (
        Disbursement.objects.filter(file__person_id=profile.person_id)
        .select_related("programme", "file")
        .order_by("-requested_at", "-id")
    )


def my_cards(profile: WorkerProfile) -> QuerySet[AssistanceCard]:
    return (
        AssistanceCard.objects.filter(file__person_id=profile.person_id)
        .select_related("card_type", "account", "file", "org")
        .order_by("status", "card_type__sort", "-id")
    )


def card_redemptions(card: AssistanceCard) -> QuerySet[Redemption]:
    return Redemption.objects.filter(card=card).select_related("merchant").order_by("-at", "-id")


def _mine_or_404[M: Any](user: Any, qs: QuerySet[M], pk: Any, action: str) -> M:
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        try:
            other = qs.model._default_manager.filter(pk=pk).first()
        except (ValueError, TypeError):
            other = None
        if other is not None:
            record_refusal(
                actor=user, action=action, org=getattr(other, "org", None), obj=other, reason="not_found: 非本人记录"
            )
        raise NotFound() from None


def my_file_or_404(user: Any, profile: WorkerProfile, pk: Any) -> HardshipFile:
    return _mine_or_404(user, my_files(profile), pk, "worker.file_view")


def my_card_or_404(user: Any, profile: WorkerProfile, pk: Any) -> AssistanceCard:
    return _mine_or_404(user, my_cards(profile), pk, "worker.card_view")


# --- what a status means to the worker -------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    label: str  # where it stands, in plain words
    next_step: str  # what happens next
    tone: str  # for the badge: waiting / good / bad


def _md(day: date | None) -> str:
    return f"{day.month}月{day.day}日" if day is not None else ""


def progress(file: HardshipFile, cfg: AssistanceSettings | None = None) -> Progress:
    """The archive's status as the worker reads it, with what comes next (PRODUCT.md §3.3's workflow)."""
    s = file.status
    if s == FileStatus.DRAFT:
        return Progress("已提交，待工会受理", "所在工会将联系您核实情况、补充材料后提交上级审核。", "waiting")
    if s == FileStatus.SUBMITTED:
        return Progress("待核查", "上级工会将安排入户核查，请保持电话畅通。", "waiting")
    if s == FileStatus.VERIFIED:
        return Progress("已核查", "核查属实，即将在单位或社区公示。", "waiting")
    if s == FileStatus.NOTICE:
        ends = f"，至 {_md(file.notice_ends_on)}" if file.notice_ends_on else ""
        return Progress(f"公示中{ends}", "公示期满且无异议后建档。", "waiting")
    if s == FileStatus.APPROVED:
        cfg = cfg or AssistanceSettings.current()
        base = file.verified_on or file.approved_on
        due = base + timedelta(days=cfg.review_interval_days) if base else None
        review = f"下次年审约在 {due.year}年{due.month}月。" if due else ""
        return Progress("已建档", f"可按帮扶项目获得救助。{review}", "good")
    if s == FileStatus.REJECTED:
        return Progress("未通过", "如有疑问，请联系所在工会了解原因。", "bad")
    if s == FileStatus.EXITED:
        return Progress("已解困", "祝贺您的家庭走出困难；工会将在一段时间后回访。", "good")
    if s == FileStatus.RETURNED:
        return Progress("返困待核", "所在工会将重新核查您家的情况。", "waiting")
    return Progress(file.get_status_display(), "", "waiting")


def event_words(status: str) -> str:
    """A step of the archive's history as the worker reads it."""
    if status == FileStatus.DRAFT:
        return "提交申请"
    return f"进入「{FileStatus(status).label}」" if status in FileStatus.values else status


PAYMENT_WORDS: dict[str, str] = {
    DisbursementStatus.REQUESTED: "审批中",
    DisbursementStatus.PARTLY_APPROVED: "审批中",
    DisbursementStatus.APPROVED: "已批准，待发放",
    DisbursementStatus.PAID: "已发放",
    DisbursementStatus.REJECTED: "未批准",
    DisbursementStatus.CANCELLED: "已撤销",
}


def payment_words(d: Disbursement) -> str:
    return PAYMENT_WORDS.get(d.status, d.get_status_display())


def card_usable(card: AssistanceCard, today: date) -> bool:
    return card.status == CardStatus.ACTIVE and card.valid_until >= today
