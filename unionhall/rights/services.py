"""Writes of rights cases (维权案件): intake and routing, each workflow step (workflow.TRANSITIONS), handler,
transfer, two-way sharing (双向维权), mediation records, legal-aid referral, notes, attachments, closing
with the outcome, and the worker's rating.

Each public function with an `actor` is one business action: it checks permission through access.py
(the handling union, or — where the step allows — a unit the case is shared with), validates, writes
inside a transaction and records exactly one audit event (on refusal, one failure event). Deadlines and
escalation live in sweep.py, risk reports in risk_services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from unionhall.core.actors import Actor, user_of
from unionhall.core.audit import audited
from unionhall.core.errors import Conflict, NotFound, ValidationError
from unionhall.core.money import parse_optional_yuan, yuan_display
from unionhall.core.normalize import PHONE_MESSAGE, PhoneError, clean_text, compact, normalize_phone
from unionhall.core.rows import save_numbered
from unionhall.documents import uploads
from unionhall.members.models import Person
from unionhall.notifications.services import notify
from unionhall.orgs import access
from unionhall.orgs.access import Cap
from unionhall.orgs.models import Employer, OrgStatus, OrgUnit
from unionhall.rights import routing, rules, workflow
from unionhall.rights.models import (
    Case,
    CaseAttachment,
    CaseCategory,
    CaseShare,
    CaseSource,
    CaseStatus,
    Complexity,
    Mediation,
    MediationResult,
)
from unionhall.workflow import kernel


def _words(text: str | None, limit: int, field: str, label: str, *, required: str = "") -> str:
    """The text as typed, stripped and at most `limit` characters; `required`: what to say when it is empty."""
    value = (text or "").strip()
    if len(value) > limit:
        raise ValidationError(field_errors={field: [f"{label}不超过 {limit} 字。"]})
    if required and not value:
        raise ValidationError(field_errors={field: [required]})
    return value


def case_url(case: Case) -> str:
    return reverse("rights:case_detail", args=[case.pk])


def tell_handlers(
    org: OrgUnit, url: str, *, kind: str, title: str, body: str, also: tuple[Any, ...] = (), email: bool = False
) -> None:
    """A case or a warning has come to a union's desk (transferred, shared, overdue): the union's rights
    handlers (and `also`) hear of it in the app and by SMS, since a time limit is running."""
    to = [*access.holders(org, Cap.RIGHTS_HANDLE), *also]
    notify(to, kind=kind, title=title, body=body, url=url, sms=True, email=email)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("org").get(pk=case.pk)


# --- intake ------------------------------------------------------------------------------------------


@dataclass
class CaseIntake:
    """What the hotline operator, the walk-in desk, the grassroots union or the worker's portal typed."""

    category: str
    summary: str
    contact_name: str
    complexity: str = Complexity.GENERAL
    source: str = CaseSource.UNION
    employer: Employer | None = None
    employer_text: str = ""
    contact_phone: str = ""
    worker_count: int | str = 1
    facts: str = ""
    person: Person | None = None


def clean_intake(data: CaseIntake) -> dict[str, Any]:
    """Every mistake at once, by field, in Chinese; the cleaned values otherwise."""
    errors: dict[str, list[str]] = {}
    if data.category not in CaseCategory.values:
        errors["category"] = ["请选择诉求类别。"]
    if data.complexity not in Complexity.values:
        errors["complexity"] = ["请选择复杂程度。"]
    if data.source not in CaseSource.values:
        errors["source"] = ["请选择来源。"]
    summary = clean_text(data.summary)
    if not summary:
        errors["summary"] = ["请简要写明诉求，例如「拖欠三个月工资」。"]
    elif len(summary) > 200:
        errors["summary"] = ["诉求摘要不超过 200 字，详细情况请写在「事实与诉求」中。"]
    contact = clean_text(data.contact_name)
    if not contact:
        errors["contact_name"] = ["请填写联系人姓名。"]
    elif len(contact) > 50:
        errors["contact_name"] = ["联系人姓名不超过 50 字。"]
    # The roster's rule (core/normalize.py): a mobile of 11 digits from 1, or a landline with its area code.
    phone = ""
    try:
        phone = normalize_phone(data.contact_phone or "")
    except PhoneError:
        errors["contact_phone"] = [f"联系电话格式不正确，请填写手机号或座机号。{PHONE_MESSAGE}"]
    try:
        typed = str(data.worker_count).strip() if data.worker_count is not None else ""
        count = int(compact(typed or "1"))
        if not 1 <= count <= 100000:
            raise ValueError
    except ValueError:
        errors["worker_count"] = ["涉及人数应为 1 至 100000 的整数。"]
        count = 1
    employer_text = clean_text(data.employer_text)
    if data.employer is None and not employer_text:
        errors["employer"] = ["请选择或填写用人单位。"]
    elif len(employer_text) > 200:
        errors["employer"] = ["用人单位名称不超过 200 字。"]
    facts = (data.facts or "").strip()
    if len(facts) > 5000:
        errors["facts"] = ["事实与诉求不超过 5000 字。"]
    if errors:
        raise ValidationError(field_errors=errors)
    return {
        "category": data.category,
        "complexity": data.complexity,
        "source": data.source,
        "summary": summary,
        "contact_name": contact,
        "contact_phone": phone,
        "worker_count": count,
        "employer_text": employer_text,
        "facts": facts,
    }


def intake_problems(data: CaseIntake, *, upload: Any = None) -> dict[str, list[str]]:
    """Every fault of an intake at once, writing nothing: what clean_intake refuses and a wrong file. The
    intake pages show these beside their form's own errors; case_create refuses with all of them."""
    errors: dict[str, list[str]] = {}
    try:
        clean_intake(data)
    except ValidationError as e:
        errors |= e.field_errors
    if upload is not None:
        try:
            uploads.check(upload)
        except ValidationError as e:
            errors["upload"] = e.field_errors.get("upload") or [e.message]
    return errors


def _employer_named(text: str) -> Employer | None:
    """A typed employer name or credit code that matches exactly one registered employer links to it, so
    the case can be routed to the union covering it."""
    if not text:
        return None
    code = compact(text).upper()
    if len(code) == 18:
        found = Employer.objects.filter(uscc=code).first()
        if found is not None:
            return found
    matches = list(Employer.objects.filter(name=text)[:2])
    return matches[0] if len(matches) == 1 else None


def case_create(
    *,
    actor: Actor,
    intake_org: OrgUnit,
    data: CaseIntake,
    applicant: Any = None,
    received_at: datetime | None = None,
    upload: Any = None,
) -> Case:
    """Take in a request at `intake_org` and route it to the union covering the employer (属地管理): its
    grassroots union, else its territory's federation; with no employer on record it stays at the intake
    unit. The due date and reminder follow the city's rule. The handlers of the receiving unit are told.

    `applicant` is the worker's own login when the request came through the portal (which files on their
    behalf as a system actor): the case and its history then name the worker. `upload`, a file that backs
    the request, is checked with the rest of the form and stored with the case (also when routing sends the
    case to a union the intake desk cannot see)."""
    with audited(actor=actor, action="case.create", org=intake_org) as event:
        access.require(actor, Cap.RIGHTS_HANDLE, intake_org)
        if intake_org.status != OrgStatus.ACTIVE:
            raise Conflict(f"「{intake_org.name}」已不在用，不能受理案件。")
        errors = intake_problems(data, upload=upload)  # the file refused with the other mistakes, before writing
        if errors:
            raise ValidationError(field_errors=errors)
        values = clean_intake(data)
        employer = data.employer or _employer_named(values["employer_text"])
        org = routing.handling_org(employer, intake_org)
        filer = applicant if getattr(applicant, "pk", None) else actor
        now = received_at or timezone.now()
        case = Case(
            org=org,
            intake_org=intake_org,
            employer=employer,
            person=data.person,
            received_at=now,
            created_by=user_of(filer),
            **values,
        )
        if employer is not None and not case.employer_text:
            case.employer_text = employer.name
        rules.set_deadlines(case, now)
        save_numbered(case, "WQ", 7)
        routed = org.pk != intake_org.pk
        note = f"由{intake_org.name}登记，按属地转至{org.name}办理。" if routed else ""
        workflow.append_event(case, "create", actor=filer, to_status=case.status, note=note, org=org)
        if upload is not None:
            attachment = _attach(case, upload, filer)
            how = "申请" if case.source == CaseSource.PORTAL else "登记"  # the worker applies; a desk registers
            workflow.append_event(case, "attachment", actor=filer, note=f"随{how}上传材料：{attachment.name}")
        notify(
            access.holders(org, Cap.RIGHTS_HANDLE),
            kind="rights.case_received",
            title=f"新维权案件 {case.no}：{case.summary}",
            body=f"{case.get_category_display()}，办理期限 {timezone.localtime(case.due_at):%Y-%m-%d}。",
            url=case_url(case),
            sms=True,
        )
        event.target(case, org=org)
        event.changes = {
            "no": case.no,
            "source": case.source,
            "category": case.category,
            "complexity": case.complexity,
            "org": org.pk,
            "intake_org": intake_org.pk,
            "employer": employer.pk if employer else None,
            "due_at": case.due_at.isoformat(),
            "attachment": upload is not None,
        }
    return case


# --- workflow steps ----------------------------------------------------------------------------------


def _transition(*, actor: Actor, case: Case, name: str, reason: str = "", **params: Any) -> Case:
    """Take the step of workflow.TABLE called `name` through the workflow kernel's one runner: role (handling
    union, or a sharing unit where the step allows), state and reason checked, a history line appended,
    one audit event "case.<name>"."""
    return kernel.run(workflow.TABLE, name, actor=actor, obj=case, reason=reason, **params)


def case_accept(*, actor: Actor, case: Case) -> Case:
    """received → in_progress; the one who accepts becomes the handler unless one was assigned."""
    return _transition(actor=actor, case=case, name="accept")


def case_start_mediation(*, actor: Actor, case: Case) -> Case:
    """in_progress → mediating (handling or sharing unit)."""
    return _transition(actor=actor, case=case, name="start_mediation")


def case_end_mediation(*, actor: Actor, case: Case, reason: str) -> Case:
    """mediating → in_progress, with how the mediation ended; needs a mediation record."""
    return _transition(actor=actor, case=case, name="end_mediation", reason=reason)


def case_close(*, actor: Actor, case: Case, outcome: str, wages_recovered: str | int = 0) -> Case:
    """办结: an open case → closed, with the outcome and the wages recovered (yuan as typed, or fen as int)."""
    closed = _transition(actor=actor, case=case, name="close", outcome=outcome, wages_recovered=wages_recovered)
    if closed.person_id is not None:
        worker = getattr(getattr(closed.person, "worker_profile", None), "user", None)
        notify(
            [worker],
            kind="rights.case_closed",
            title=f"您的维权申请 {closed.no} 已办结",
            body="请在「我的维权」中查看结果并评价。",
            url=reverse("worker_portal:case", args=[closed.pk]),
            sms=True,
        )
    return closed


def case_withdraw(*, actor: Actor, case: Case, reason: str) -> Case:
    """The worker withdraws the request (recorded by the handling union), with the reason."""
    return _transition(actor=actor, case=case, name="withdraw", reason=reason)


def case_reopen(*, actor: Actor, case: Case, reason: str) -> Case:
    """closed → in_progress with a new time limit counted from today; reminders and escalation start over
    (a new breach is a new one), the earlier rating is kept in the history and cleared for a new one."""
    return _transition(actor=actor, case=case, name="reopen", reason=reason)


# name of the step → its service; a step that needs a reason takes `reason=`.
TRANSITION_SERVICES: dict[str, Callable[..., Case]] = {
    "accept": case_accept,
    "start_mediation": case_start_mediation,
    "end_mediation": case_end_mediation,
    "close": case_close,
    "withdraw": case_withdraw,
    "reopen": case_reopen,
}


# --- handler, transfer, sharing ----------------------------------------------------------------------


def case_assign(*, actor: Actor, case: Case, handler: Any) -> Case:
    """Name the cadre who handles the case: someone who may handle cases at the case's unit."""
    with audited(actor=actor, action="case.assign", org=case.org, obj=case) as event:
        workflow.require_owner(actor, case)
        case = _locked(case)
        workflow.check_open(case, "指定承办人")
        if (
            handler is None
            or not handler.is_active
            or not access.reach(handler, Cap.RIGHTS_HANDLE).covers(case.org.path)
        ):
            raise ValidationError(field_errors={"handler": [f"承办人须是能办理「{case.org.name}」案件的工作人员。"]})
        old = case.handler_id
        case.handler = handler
        case.save(update_fields=["handler", "updated_at"])
        workflow.append_event(case, "assign", actor=actor, note=f"承办人：{handler.display_name or handler.username}")
        notify(
            [handler],
            kind="rights.case_assigned",
            title=f"请办理维权案件 {case.no}",
            body=f"{case.summary}，期限 {timezone.localtime(case.due_at):%Y-%m-%d}。",
            url=case_url(case),
        )
        event.changes = {"handler": [old, handler.pk]}
    return case


def case_transfer(*, actor: Actor, case: Case, to_org: OrgUnit, reason: str) -> Case:
    """转办: hand the case to another unit (the wrong territory, or a matter for another level), with the
    reason. The time limit keeps running; the new unit's handlers are told; the handler is cleared."""
    with audited(actor=actor, action="case.transfer", org=case.org, obj=case) as event:
        workflow.require_owner(actor, case)
        case = _locked(case)
        workflow.check_open(case, "转办")
        reason = _words(reason, 300, "reason", "理由", required="转办须写明理由。")
        if to_org is None or to_org.status != OrgStatus.ACTIVE:
            raise ValidationError(field_errors={"org": ["请选择在用的工会组织。"]})
        if to_org.pk == case.org_id:
            raise ValidationError(field_errors={"org": ["案件已在该单位办理，请选择其他单位。"]})
        old = case.org
        case.org = to_org
        case.handler = None
        case.save(update_fields=["org", "handler", "updated_at"])
        # The new handling unit no longer needs a share of its own case.
        case.shares.filter(org=to_org, revoked_at__isnull=True).update(revoked_at=timezone.now())
        workflow.append_event(
            case, "transfer", actor=actor, note=f"由{old.name}转至{to_org.name}：{reason}", org=to_org
        )
        title = f"转办案件 {case.no}：{case.summary}"
        tell_handlers(
            to_org, case_url(case), kind="rights.case_transferred", title=title, body=f"{old.name}转来，理由：{reason}"
        )
        event.changes = {"org": [old.pk, to_org.pk], "reason": reason}
    return case


def case_share(
    *, actor: Actor, case: Case, org: OrgUnit | None = None, partner_name: str = "", partner_contact: str = ""
) -> CaseShare:
    """双向维权: share the case with a second unit anywhere in the tree (the worker's home-place union), which
    then sees and updates it; or record a partner union outside the city as a contact (no access)."""
    with audited(actor=actor, action="case.share", org=case.org, obj=case) as event:
        workflow.require_owner(actor, case)
        case = _locked(case)
        workflow.check_open(case, "协办共享")
        partner_name = clean_text(partner_name)[:120]
        partner_contact = clean_text(partner_contact)[:120]
        if org is None and not partner_name:
            raise ValidationError(field_errors={"org": ["请选择协办工会，或填写市外协作工会名称。"]})
        if org is not None:
            if org.status != OrgStatus.ACTIVE:
                raise ValidationError(field_errors={"org": ["请选择在用的工会组织。"]})
            if org.pk == case.org_id:
                raise ValidationError(field_errors={"org": ["不能与本案的承办工会共享。"]})
            if case.shares.filter(org=org, revoked_at__isnull=True).exists():
                raise Conflict(f"案件已与「{org.name}」共享。")
            partner_name = partner_contact = ""
        share = CaseShare.objects.create(
            case=case, org=org, partner_name=partner_name, partner_contact=partner_contact, shared_by=user_of(actor)
        )
        with_whom = (
            org.name if org is not None else f"市外协作工会「{partner_name}」（{partner_contact or '未留联系方式'}）"
        )
        workflow.append_event(case, "share", actor=actor, note=f"与{with_whom}双向协办", org=org)
        if org is not None:
            title = f"双向维权协办：{case.no} {case.summary}"
            tell_handlers(
                org, case_url(case), kind="rights.case_shared", title=title, body=f"{case.org.name}请贵会协同办理。"
            )
        event.changes = {"org": org.pk if org else None, "partner_name": partner_name}
    return share


def case_unshare(*, actor: Actor, case: Case, org: OrgUnit | None = None, share: CaseShare | None = None) -> CaseShare:
    """End a share: the unit no longer sees the case. Name the unit, or the share row (a partner contact)."""
    with audited(actor=actor, action="case.unshare", org=case.org, obj=case) as event:
        workflow.require_owner(actor, case)
        case = _locked(case)
        live = case.shares.filter(revoked_at__isnull=True)
        found = live.filter(pk=share.pk).first() if share is not None else live.filter(org=org).first() if org else None
        if found is None:
            field = "share" if share is not None else "org"
            raise ValidationError(field_errors={field: ["该单位目前没有协办本案。"]})
        found.revoked_at = timezone.now()
        found.save(update_fields=["revoked_at"])
        name = found.org.name if found.org is not None else found.partner_name
        workflow.append_event(case, "unshare", actor=actor, note=f"结束与{name}的协办", org=found.org)
        event.changes = {"share": found.pk, "org": found.org_id, "partner_name": found.partner_name}
    return found


# --- work on the case --------------------------------------------------------------------------------


def mediation_record(
    *,
    actor: Actor,
    case: Case,
    held_on: date | None,
    mediator: str,
    result: str,
    parties: str = "",
    agreement: str = "",
    amount: str | int = 0,
) -> Mediation:
    """A mediation session (handling or sharing unit), while the case is open."""
    with audited(actor=actor, action="mediation.record", org=case.org, obj=case) as event:
        workflow.require_owner_or_sharer(actor, case)
        case = _locked(case)
        workflow.check_open(case, "录入调解记录")
        errors: dict[str, list[str]] = {}
        if held_on is None:
            errors["held_on"] = ["请填写调解日期。"]
        elif held_on > timezone.localdate():
            errors["held_on"] = ["调解日期不能晚于今天。"]
        mediator = clean_text(mediator)
        if not mediator:
            errors["mediator"] = ["请填写调解员。"]
        if result not in MediationResult.values:
            errors["result"] = ["请选择调解结果。"]
        fen = 0
        try:
            fen = parse_optional_yuan(amount, field="amount")
        except ValidationError as e:
            errors |= e.field_errors
        if errors or held_on is None:
            raise ValidationError(field_errors=errors)
        mediation = Mediation.objects.create(
            case=case,
            held_on=held_on,
            mediator=mediator[:50],
            parties=clean_text(parties)[:200],
            result=result,
            agreement=(agreement or "").strip()[:2000],
            amount_fen=fen,
            recorded_by=user_of(actor),
        )
        label = MediationResult(result).label
        amount_text = f"，协议金额 {yuan_display(fen)} 元" if fen else ""
        workflow.append_event(
            case, "mediation", actor=actor, note=f"{held_on:%Y-%m-%d} {mediator}调解：{label}{amount_text}"
        )
        event.target(mediation, org=case.org)
        event.changes = {"case": case.no, "result": result, "amount_fen": fen}
    return mediation


def case_legal_aid_refer(*, actor: Actor, case: Case, note: str) -> Case:
    """转介法律援助 (handling or sharing unit): the case goes on; the referral and where to are recorded."""
    with audited(actor=actor, action="case.legal_aid", org=case.org, obj=case) as event:
        workflow.require_owner_or_sharer(actor, case)
        case = _locked(case)
        workflow.check_open(case, "转介法律援助")
        note = _words(note, 300, "note", "转介说明", required="请写明转介的法律援助机构和事由。")
        if case.legal_aid:
            raise Conflict("本案已转介法律援助。")
        case.legal_aid = True
        case.save(update_fields=["legal_aid", "updated_at"])
        workflow.append_event(case, "legal_aid", actor=actor, note=note)
        event.changes = {"legal_aid": True, "note": note}
    return case


def case_note_add(*, actor: Actor, case: Case, note: str) -> Case:
    """A progress note (办理进展) by the handling or a sharing unit."""
    with audited(actor=actor, action="case.note", org=case.org, obj=case) as event:
        workflow.require_owner_or_sharer(actor, case)
        note = _words(note, 2000, "note", "办理进展", required="请填写办理进展。")
        workflow.append_event(case, "note", actor=actor, note=note)
        case.save(update_fields=["updated_at"])
        event.changes = {"length": len(note)}
    return case


def _attach(case: Case, upload: Any, uploaded_by: Any) -> CaseAttachment:
    """Check and store a file for the case (uploads.check: PDF/JPG/PNG by content, ≤ 10 MB). Called inside
    the audited service that owns the action."""
    attachment: CaseAttachment = uploads.store(CaseAttachment(case=case), upload, uploaded_by=uploaded_by)
    return attachment


def case_attachment_upload(*, actor: Actor, case: Case, upload: Any) -> CaseAttachment:
    with audited(actor=actor, action="case.attachment_upload", org=case.org, obj=case) as event:
        workflow.require_owner_or_sharer(actor, case)
        attachment = _attach(case, upload, actor)
        workflow.append_event(case, "attachment", actor=actor, note=f"上传材料：{attachment.name}")
        event.changes = {"attachment": attachment.pk, "size": attachment.size, "sha256": attachment.sha256}
    return attachment


def case_attachment_download(*, actor: Actor, attachment: CaseAttachment) -> Any:
    """The stored file, opened; every download recorded (case files hold pay and health details)."""
    case = attachment.case
    with audited(actor=actor, action="case.attachment_download", org=case.org, obj=attachment) as event:
        access.require(actor, Cap.RIGHTS_VIEW, [case.org, *workflow.shared_orgs(case)], obj=attachment)
        handle = uploads.open_stored(attachment)
        event.changes = {"case": case.no, "sha256": attachment.sha256}
    return handle


def case_rate(*, actor: Actor, case: Case, satisfaction: int | str, note: str = "") -> Case:
    """The worker rates a closed case once, 1 to 5 (their own case on the portal; the handling union may
    record a rating given by phone)."""
    with audited(actor=actor, action="case.rate", org=case.org, obj=case) as event:
        if not _is_applicant(actor, case):
            workflow.require_owner(actor, case)
        case = _locked(case)
        if case.status != CaseStatus.CLOSED:
            raise Conflict("案件办结后才能评价。")
        if case.satisfaction is not None:
            raise Conflict("本案已评价过。")
        try:
            score = int(str(satisfaction).strip())
            if not 1 <= score <= 5:
                raise ValueError
        except ValueError:
            raise ValidationError(field_errors={"satisfaction": ["请选择 1 至 5 星。"]}) from None
        note = _words(note, 300, "note", "评价")
        case.satisfaction = score
        case.satisfaction_note = note
        case.save(update_fields=["satisfaction", "satisfaction_note", "updated_at"])
        workflow.append_event(case, "rate", actor=actor, note=f"{score} 星" + (f"：{note}" if note else ""))
        event.changes = {"satisfaction": score}
    return case


def _is_applicant(actor: Actor, case: Case) -> bool:
    profile = getattr(actor, "worker_profile", None) if getattr(actor, "pk", None) else None
    return profile is not None and case.person_id is not None and profile.person_id == case.person_id


def case_info_add(*, actor: Actor, case: Case, note: str, upload: Any = None) -> Case:
    """The worker adds information to their own open request (补充材料), optionally a file; the handler is
    told."""
    with audited(actor=actor, action="case.info_add", org=case.org, obj=case) as event:
        if not _is_applicant(actor, case):
            raise NotFound()
        workflow.check_open(case, "补充材料")
        note = _words(note, 2000, "note", "补充说明")
        if not note and upload is None:
            raise ValidationError(field_errors={"note": ["请填写补充说明或上传材料。"]})
        attachment = _attach(case, upload, actor) if upload is not None else None
        text = note + (f"（附：{attachment.name}）" if attachment else "")
        workflow.append_event(case, "info", actor=actor, note=text)
        case.save(update_fields=["updated_at"])
        notify(
            [case.handler] if case.handler_id else access.holders(case.org, Cap.RIGHTS_HANDLE),
            kind="rights.case_info",
            title=f"职工补充了材料：{case.no}",
            body=note[:100],
            url=case_url(case),
        )
        event.changes = {"attachment": attachment.pk if attachment else None, "length": len(note)}
    return case


def open_cases_of(person: Person) -> Any:
    return Case.objects.filter(person=person).filter(~Q(status__in=[CaseStatus.CLOSED, CaseStatus.WITHDRAWN]))
