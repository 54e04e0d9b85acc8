"""Reads of the worker's side. A worker holds no capability in the tree (access.py): what they see is what
belongs to the Person their account is linked to (WorkerProfile) — their archives, the payments of those
archives, the cards issued on them and the cards' redemptions, and their rights requests (维权) with the
history lines meant for them. Anything else answers NotFound, exactly as a missing row does, and an
attempt at someone else's row is recorded as a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from unionhall.assistance.models import AssistanceSettings, Disbursement, DisbursementStatus, FileStatus, HardshipFile
from unionhall.cards.models import AssistanceCard, CardStatus, Redemption
from unionhall.core.audit import record_refusal
from unionhall.core.errors import NotFound
from unionhall.core.money import yuan_display
from unionhall.members.models import Membership, Person, TransferRequest
from unionhall.orgs.access import roles_of
from unionhall.orgs.models import Employer, Role
from unionhall.rights import routing
from unionhall.rights.models import Case, CaseAttachment, CaseSource, CaseStatus
from unionhall.worker_portal.models import WorkerProfile


def is_worker(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Role.WORKER in roles_of(user)


def profile_for(user: Any) -> WorkerProfile | None:
    if not is_worker(user):
        return None
    return WorkerProfile.objects.filter(user_id=user.pk).select_related("person").first()


def my_person_or_404(user: Any) -> Person:
    """The worker's own Person of the member register; NotFound for anyone who is no worker."""
    profile = profile_for(user)
    if profile is None:
        raise NotFound()
    return profile.person


def my_transfer_requests(profile: WorkerProfile) -> QuerySet[TransferRequest]:
    """Unions asking to take this worker in, waiting for an answer: the worker may confirm or decline."""
    pending = TransferRequest.objects.filter(person_id=profile.person_id, status=TransferRequest.Status.PENDING)
    return pending.select_related("to_org", "from_org").order_by("-requested_at")


def my_transfer_request_or_404(profile: WorkerProfile, pk: int) -> TransferRequest:
    found = my_transfer_requests(profile).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def my_memberships(profile: WorkerProfile) -> QuerySet[Membership]:
    """The worker's membership history: every union they belonged to, newest first (a transfer closes one
    row and opens the next, keeping the member number)."""
    return Membership.objects.filter(person_id=profile.person_id).select_related("org").order_by("-joined_on", "-id")


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


# What the worker reads of an archive in a status that needs no dates from the archive itself.
_PROGRESS: dict[str, tuple[str, str, str]] = {
    FileStatus.DRAFT: ("已提交，待工会受理", "所在工会将联系您核实情况、补充材料后提交上级审核。", "waiting"),
    FileStatus.SUBMITTED: ("待核查", "上级工会将安排入户核查，请保持电话畅通。", "waiting"),
    FileStatus.VERIFIED: ("已核查", "核查属实，即将在单位或社区公示。", "waiting"),
    FileStatus.REJECTED: ("未通过", "如有疑问，请联系所在工会了解原因。", "bad"),
    FileStatus.EXITED: ("已解困", "祝贺您的家庭走出困难；工会将在一段时间后回访。", "good"),
    FileStatus.RETURNED: ("返困待核", "所在工会将重新核查您家的情况。", "waiting"),
}


def progress(file: HardshipFile, cfg: AssistanceSettings | None = None) -> Progress:
    """The archive's status as the worker reads it, with what comes next (PRODUCT.md §3.3's workflow)."""
    s = file.status
    if s == FileStatus.NOTICE:
        ends = f"，至 {_md(file.notice_ends_on)}" if file.notice_ends_on else ""
        return Progress(f"公示中{ends}", "公示期满且无异议后建档。", "waiting")
    if s == FileStatus.APPROVED:
        cfg = cfg or AssistanceSettings.current()
        base = file.verified_on or file.approved_on
        due = base + timedelta(days=cfg.review_interval_days) if base else None
        review = f"下次年审约在 {due.year}年{due.month}月。" if due else ""
        return Progress("已建档", f"可按帮扶项目获得救助。{review}", "good")
    if s in _PROGRESS:
        return Progress(*_PROGRESS[s])
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


# --- 我的维权 ----------------------------------------------------------------------------------------------


def my_cases(profile: WorkerProfile) -> QuerySet[Case]:
    """The rights requests about the worker's own Person, however they came in (portal, hotline, union)."""
    return Case.objects.filter(person_id=profile.person_id).select_related("org").order_by("-received_at", "-id")


def my_case_or_404(user: Any, profile: WorkerProfile, pk: Any) -> Case:
    return _mine_or_404(user, my_cases(profile), pk, "worker.case_view")


def known_employer(membership: Membership | None) -> Employer | None:
    """The employer the worker's open membership names, else the one employer its union covers: what the
    request form offers, so the case goes straight to the union covering it."""
    if membership is None:
        return None
    if membership.employer_id is not None:
        return membership.employer
    covered = list(Employer.objects.filter(union_id=membership.org_id)[:2])
    return covered[0] if len(covered) == 1 else None


def case_progress(case: Case) -> Progress:
    """The case's status as the worker reads it, with what comes next and by when (PRODUCT.md §3.4)."""
    s = case.status
    due = timezone.localtime(case.due_at).date()
    by = f"按规定应在 {due.year}年{_md(due)}前办结。"
    if s == CaseStatus.RECEIVED:
        return Progress("已提交，待受理", f"{case.org.name}将尽快受理并与您联系。{by}", "waiting")
    if s == CaseStatus.IN_PROGRESS:
        return Progress("办理中", f"{case.org.name}正在核实情况、协调处理，请保持电话畅通。{by}", "waiting")
    if s == CaseStatus.MEDIATING:
        return Progress("调解中", f"工会正在组织调解，请按约定时间参加。{by}", "waiting")
    if s == CaseStatus.CLOSED:
        if case.satisfaction is None:
            return Progress("已办结", "请查看办理结果，并为工会的服务打分。", "good")
        return Progress("已办结", "感谢您的评价。如问题再次出现，可以重新申请。", "good")
    if s == CaseStatus.WITHDRAWN:
        return Progress("已撤回", "申请已撤回。如仍需帮助，可以重新申请。", "bad")
    return Progress(case.get_status_display(), "", "waiting")


# What each step of the case means to the worker; kinds not listed (internal notes, handler changes, the
# union's own uploads, the end of a share) are the union's working papers and are not shown.
_STEP_WORDS: dict[str, str] = {
    "accept": "工会已受理，开始办理",
    "start_mediation": "进入调解",
    "end_mediation": "调解结束，继续办理",
    "withdraw": "申请已撤回",
    "reopen": "重新办理",
    "share": "户籍地工会协同办理（双向维权）",
    "legal_aid": "已为您转介法律援助",
    "escalate": "已超过办理期限，上级工会督办中",
}


@dataclass(frozen=True)
class HistoryLine:
    at: Any
    words: str


def case_history(case: Case, profile: WorkerProfile) -> list[HistoryLine]:
    """The history lines meant for the worker, in plain words: what happened, never the union's notes, who
    handles it inside the union, or the details of a share."""
    events = list(case.events.select_related("org").order_by("id"))
    mediations = iter(case.mediations.order_by("id"))
    lines: list[HistoryLine] = []
    for e in events:
        words = ""
        if e.kind == "create":
            words = "提交维权申请" if case.source == CaseSource.PORTAL else "工会登记了您的诉求"
            if e.note and e.org is not None:
                words += f"，按属地转至{e.org.name}办理"
        elif e.kind == "transfer":
            words = f"已转至 {e.org.name} 办理" if e.org is not None else "已转至其他工会办理"
        elif e.kind == "mediation":
            m = next(mediations, None)
            if m is not None:
                amount = f"，协议金额 {yuan_display(m.amount_fen)} 元" if m.amount_fen else ""
                words = f"{m.held_on.year}年{_md(m.held_on)}调解：{m.get_result_display()}{amount}"
            else:
                words = "记录调解情况"
        elif e.kind == "close":
            words = "办结"
        elif e.kind == "info":
            words = f"您补充了材料：{e.note}" if e.note else "您补充了材料"
        elif e.kind == "attachment" and e.actor_id is not None and e.actor_id == profile.user_id:
            words = e.note
        elif e.kind == "rate":
            words = f"您的评价：{e.note}"
        else:
            words = _STEP_WORDS.get(e.kind, "")
        if words:
            lines.append(HistoryLine(e.at, words))
    return lines


def my_attachments(case: Case, profile: WorkerProfile) -> QuerySet[CaseAttachment]:
    """The files the worker gave (the union's own uploads are its working papers)."""
    return case.attachments.filter(uploaded_by_id=profile.user_id).order_by("id")


def home_place_words(person: Person) -> str:
    """For a migrant worker (农民工) whose household registration is on record: who may be asked to help
    with a rights request (双向维权) — their home place's union when it is in this city, else in plain words."""
    if not person.is_migrant or person.hukou_division_id is None:
        return ""
    units = routing.home_place_units(person)
    where = f"您户籍地的{units[0].name}" if units else "您户籍地的工会"
    return f"您是外出务工人员，必要时承办工会会请{where}协同办理（双向维权），两地工会一起帮您维权。"
